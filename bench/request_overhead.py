"""Per-request overhead: SQL statements and time for a handful of typical requests.

    .venv/bin/python bench/request_overhead.py [--employees 300] [--runs 40] [--trace] [--no-server]

Builds a scratch database (`jenjang_bench_overhead`, or $JENJANG_BENCH_DB), launches a 360 cycle,
signs one rater in, then times five requests with the Flask test client and with a real HTTP
server (werkzeug, in a thread): an anonymous page (/login), the signed-in dashboard, the bell's
htmx fragment, a 360 form screen and an autosave. For each it prints the statements sent through
SQLAlchemy, the database round trips (statements + pool pre-pings + COMMIT/ROLLBACK), the
median and 90th-percentile wall time, and the median CPU time of this process (the Python side
of the request plus the client; it depends far less on the machine's load than wall time). Requests are interleaved round-robin so that a busy machine slows every kind
alike: compare the figures with each other and with an earlier run made under similar load.
`--trace` prints the statements of one request of each kind.
"""
from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import threading
import time

from _feedback import build, new_cycle

PASSWORD = "bench-password-panjang"  # noqa: S105 - scratch database only
HOST = "fbbench.localhost"


class SqlCounter:
    """Counts what one request sends to PostgreSQL."""

    def __init__(self, engine):
        import sqlalchemy as sa

        self.statements: list[str] = []
        self.pings = 0
        self.ends = 0
        sa.event.listen(engine, "before_cursor_execute", self._statement)
        sa.event.listen(engine, "commit", self._end)
        sa.event.listen(engine, "rollback", self._end)
        sa.event.listen(engine.pool, "checkout", self._checkout)
        self.pre_ping = bool(getattr(engine.pool, "_pre_ping", False))

    def _statement(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(" ".join(statement.split())[:160])

    def _end(self, conn):
        self.ends += 1

    def _checkout(self, dbapi_conn, record, proxy):
        if self.pre_ping:
            self.pings += 1

    def reset(self) -> None:
        self.statements = []
        self.pings = 0
        self.ends = 0

    @property
    def round_trips(self) -> int:
        return len(self.statements) + self.pings + self.ends


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--no-server", action="store_true")
    args = parser.parse_args()
    logging_quiet()
    app, tid, _ = build(os.environ.get("JENJANG_BENCH_DB", "jenjang_bench_overhead"), args.employees)

    import sqlalchemy as sa

    from jenjang.auth import operations as auth_ops
    from jenjang.extensions import db
    from jenjang.feedback import tasks
    from jenjang.feedback.models import FeedbackAssignment, FeedbackItem
    from jenjang.people.models import Employee
    from jenjang.tenancy.context import tenant_context
    from tests.helpers import TenantClient

    with app.test_request_context(), tenant_context(tid):
        cycle = new_cycle()
        tasks.start_launch(cycle, inline=True)
        db.session.commit()
        a = db.session.scalar(sa.select(FeedbackAssignment).where(FeedbackAssignment.relation == "peer").limit(1))
        rater = db.session.scalar(sa.select(Employee).where(Employee.id == a.rater_employee_id))
        db.session.execute(sa.text("DELETE FROM users WHERE employee_id = :e"), {"e": rater.id})
        auth_ops.create_user(full_name=rater.full_name, email="rater@bench.go.id", employee=rater, password=PASSWORD)
        items = list(db.session.scalars(sa.select(FeedbackItem.id).where(FeedbackItem.cycle_id == cycle.id,
                                                                         FeedbackItem.kind == "scale")))
        aid = a.id
        db.session.commit()
        engine = db.engine

    anon = TenantClient(app, HOST)
    client = TenantClient(app, HOST)
    assert client.login("rater@bench.go.id", PASSWORD).status_code == 302
    htmx = {"HX-Request": "true"}
    kinds = {
        "anonymous page (GET /login)": lambda i: anon.get("/login"),
        "dashboard (GET /)": lambda i: client.get("/"),
        "bell fragment (htmx)": lambda i: client.get("/inbox/unread", headers=htmx),
        "360 form screen": lambda i: client.get(f"/360/forms/{aid}?step={1 + i % 9}"),
        "360 autosave (htmx)": lambda i: client.post(
            f"/360/forms/{aid}/save", {f"item-{items[i % len(items)]}": str(1 + i % 5)}, headers=htmx),
    }
    counter = SqlCounter(engine)

    print("\nFlask test client")
    _run(kinds, counter, args.runs, args.trace)

    if not args.no_server:
        cookie = client.cookie(app.config["SESSION_COOKIE_NAME"])
        server, port = _serve(app)
        try:
            http_kinds = {
                "anonymous page (GET /login)": ("GET", "/login", None, False, False),
                "dashboard (GET /)": ("GET", "/", None, True, False),
                "bell fragment (htmx)": ("GET", "/inbox/unread", None, True, True),
                "360 form screen": ("GET", f"/360/forms/{aid}?step={{s}}", None, True, False),
                "360 autosave (htmx)": ("POST", f"/360/forms/{aid}/save", "item", True, True),
            }

            def make(method, path, body, signed_in, is_htmx):
                def call(i):
                    headers = {"Host": f"{HOST}:{port}"}
                    if signed_in:
                        headers["Cookie"] = f"{cookie.key}={cookie.value}"
                    if is_htmx:
                        headers["HX-Request"] = "true"
                    data = None
                    if body:
                        headers["X-CSRFToken"] = client.token
                        headers["Content-Type"] = "application/x-www-form-urlencoded"
                        data = f"item-{items[i % len(items)]}={1 + i % 5}"
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    conn.request(method, path.replace("{s}", str(1 + i % 9)), body=data, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    conn.close()
                    return response
                return call

            print(f"\nreal HTTP server (werkzeug, threaded, 127.0.0.1:{port})")
            _run({k: make(*v) for k, v in http_kinds.items()}, counter, args.runs, False)
        finally:
            server.shutdown()
    return 0


def logging_quiet() -> None:
    import logging

    # The JSON request log is part of what is measured, but it must not flood the terminal.
    class _Drop(logging.Handler):
        def emit(self, record):
            pass

    logger = logging.getLogger("jenjang.request")
    logger.addHandler(_Drop())
    logger.propagate = False
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def _status(response) -> int:
    return getattr(response, "status_code", None) or getattr(response, "status", 0)


def _run(kinds: dict, counter: SqlCounter, runs: int, trace: bool) -> None:
    for fn in kinds.values():  # warm up every path (templates compiled, pools filled)
        for i in range(3):
            fn(i)
    times: dict[str, list[float]] = {name: [] for name in kinds}
    cpu: dict[str, list[float]] = {name: [] for name in kinds}
    counts: dict[str, tuple[int, int]] = {}
    traces: dict[str, list[str]] = {}
    for i in range(runs):
        for name, fn in kinds.items():
            counter.reset()
            cpu_started = time.process_time()
            started = time.perf_counter()
            response = fn(i)
            times[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
            assert _status(response) in (200, 204), (name, _status(response))
            counts[name] = (len(counter.statements), counter.round_trips)
            traces[name] = list(counter.statements)
    print(f"{'request':32} {'statements':>10} {'round trips':>12} {'median ms':>10} {'p90 ms':>8} {'cpu ms':>7}")
    for name, values in times.items():
        values.sort()
        p90 = values[int(len(values) * 0.9) - 1]
        print(f"{name:32} {counts[name][0]:>10} {counts[name][1]:>12} {statistics.median(values) * 1000:>10.1f} "
              f"{p90 * 1000:>8.1f} {statistics.median(cpu[name]) * 1000:>7.1f}")
    if trace:
        for name, statements in traces.items():
            print(f"\n-- {name}")
            for s in statements:
                print("   ", s)


def _serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, server.server_port


if __name__ == "__main__":
    sys.exit(main())
