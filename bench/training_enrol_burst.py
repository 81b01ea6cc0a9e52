"""A burst of 200 concurrent enrolment requests over HTTP against a real gunicorn server.

Budget (issue 7): the burst is served with no errors; the p95 is reported. Also checked: the
session's capacity is never exceeded (seats + waitlist add up, the counter equals the seats).

1. A tenant `bench-pelatihan` built by `flask demo populate` (300 employees by default), with a
   sign-in account for 200 of them, and a fresh programme + session (50 seats) for this run.
2. gunicorn (config/gunicorn.conf.py; WEB_CONCURRENCY=2, GUNICORN_THREADS=8 unless set) on a
   free local port, against the benchmark database.
3. 200 signed-in clients (session cookies minted in-process, not timed: the login form is rate
   limited per address) wait at a barrier, then each POSTs /training/sessions/<id>/enrol as htmx.

Run: .venv/bin/python bench/training_enrol_burst.py [--requests 200] [--capacity 50]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, bench_app, flask_cli  # noqa: E402

SLUG = "bench-pelatihan"
SECRET = "training-burst-bench-secret-key-0123456789"  # noqa: S105 - a local benchmark server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(app, n_clients: int, capacity: int, employees: int) -> dict:
    import sqlalchemy as sa

    from jenjang.auth import operations as auth_ops
    from jenjang.auth.models import User
    from jenjang.extensions import db
    from jenjang.people.models import Employee
    from jenjang.tenancy import operations as tenancy_ops
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.dbroles import console_role
    from jenjang.tenancy.models import Tenant

    with app.app_context():
        tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == SLUG))
        if tenant is None:
            with console_role():  # provisioning: the console role
                tenant = tenancy_ops.create_tenant(SLUG, name="Kabupaten Bench Pelatihan", kind="kabupaten",
                                                   province="Sumatera Utara", hr_agency_name="BKPSDM Bench")
                db.session.commit()
        tenant_id = tenant.id
        with tenant_context(tenant_id):
            have = db.session.scalar(sa.select(sa.func.count()).select_from(Employee))
        db.session.commit()
    if have < employees:
        flask_cli("demo", "populate", SLUG, "--employees", str(employees))
    host = f"{SLUG}.localhost"
    with app.test_request_context(base_url=f"http://{host}"), tenant_context(tenant_id):
        from jenjang.training.catalogue import operations as catalogue
        from jenjang.training.enrolment import operations as enrolment
        from jenjang.training.models import TrainingSession

        enrolment.ensure_workflow()
        people = list(db.session.scalars(sa.select(Employee).where(Employee.status == "active")
                                         .order_by(Employee.id).limit(n_clients)))
        if len(people) < n_clients:
            raise SystemExit(f"only {len(people)} active employees; raise --employees")
        linked = set(db.session.scalars(sa.select(User.employee_id).where(User.employee_id.in_([e.id for e in people]))))
        for e in people:
            if e.id not in linked:
                auth_ops.create_user(full_name=e.full_name, email=f"bench{e.id}@{SLUG}.demo", employee=e, password=None)
        db.session.flush()
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        programme = catalogue.save_programme(None, title=f"Bench burst {stamp}", kind_code=8, jp=8, actor="bench")
        runs = db.session.scalar(sa.select(sa.func.count()).select_from(TrainingSession))
        # a new day per run: the same people enrol each time, and overlapping sessions are refused
        start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=30 + runs), dt.time(1), dt.UTC)
        session = catalogue.save_session(None, programme, name="Angkatan Bench", starts_at=start,
                                         ends_at=start + dt.timedelta(hours=8), capacity=capacity,
                                         enrol_opens_on=dt.date.today(), enrol_closes_on=start.date(),
                                         place="Aula")
        session_id = session.id
        db.session.commit()
        users = list(db.session.scalars(sa.select(User).where(User.employee_id.in_([e.id for e in people]))))
    cookies = []
    serializer = app.session_interface.get_signing_serializer(app)
    for user in users:
        with app.test_request_context(base_url=f"http://{host}"), tenant_context(tenant_id):
            from flask import session as flask_session
            from flask_wtf.csrf import generate_csrf

            from jenjang.auth.sessions import start_user_session

            u = db.session.get(User, (tenant_id, user.id))
            start_user_session(u)
            token = generate_csrf()
            cookie = serializer.dumps(dict(flask_session))
            db.session.commit()
            cookies.append((f"{app.config['SESSION_COOKIE_NAME']}={cookie}", token))
    return {"tenant_id": tenant_id, "host": host, "session_id": session_id, "clients": cookies}


def burst(port: int, host: str, session_id: int, clients: list) -> tuple[list[float], list[str]]:
    barrier = threading.Barrier(len(clients))
    times: list[float] = [0.0] * len(clients)
    errors: list[str] = []
    url = f"http://127.0.0.1:{port}/training/sessions/{session_id}/enrol"

    def one(i: int, cookie: str, token: str) -> None:
        req = urllib.request.Request(url, data=b"", method="POST", headers={
            "Host": host, "Cookie": cookie, "X-CSRFToken": token, "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded"})
        barrier.wait(timeout=60)
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=120) as r:  # noqa: S310 - our own local server
                body = r.read().decode("utf-8", "replace")
                if r.status != 200 or ("menunggu persetujuan" not in body and "daftar tunggu" not in body):
                    errors.append(f"{r.status}")
        except urllib.error.HTTPError as exc:
            errors.append(f"HTTP {exc.code}")
        except Exception as exc:  # noqa: BLE001 - counted as an error
            errors.append(repr(exc))
        times[i] = time.perf_counter() - start

    threads = [threading.Thread(target=one, args=(i, c, t)) for i, (c, t) in enumerate(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return times, errors


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=50)
    parser.add_argument("--employees", type=int, default=300)
    args = parser.parse_args()
    os.environ["SECRET_KEY"] = SECRET
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    app = bench_app()
    prep = prepare(app, args.requests, args.capacity, args.employees)
    port = free_port()
    env = dict(os.environ)
    env.update({"JENJANG_ENV": "development", "SECRET_KEY": SECRET, "BASE_DOMAIN": "localhost",
                "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": env.get("WEB_CONCURRENCY", "2"),
                "GUNICORN_THREADS": env.get("GUNICORN_THREADS", "8"), "GUNICORN_MAX_REQUESTS": "0",
                "SMTP_URL": "smtp://127.0.0.1:1"})
    log = open(ROOT / "var" / "training_enrol_burst.log", "ab")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "config" / "gunicorn.conf.py"),
                             "--no-control-socket", "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=log,
                            start_new_session=True)
    try:
        deadline = time.time() + 60
        while True:
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/login", headers={"Host": prep["host"]})
                with urllib.request.urlopen(req, timeout=2):  # noqa: S310
                    break
            except Exception:  # noqa: BLE001 - not up yet
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        wall = time.perf_counter()
        times, errors = burst(port, prep["host"], prep["session_id"], prep["clients"])
        wall = time.perf_counter() - wall
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.tenancy.context import tenant_context

    with app.app_context(), tenant_context(prep["tenant_id"]):
        sid = prep["session_id"]
        taken = db.session.scalar(sa.text("SELECT seats_taken FROM training_sessions WHERE id = :s"), {"s": sid})
        counts = dict(db.session.execute(sa.text(
            "SELECT status, count(*) FROM training_enrolments WHERE session_id = :s GROUP BY status"), {"s": sid}).all())
    times_ms = sorted(t * 1000 for t in times)
    p50 = statistics.median(times_ms)
    p95 = times_ms[max(0, int(round(0.95 * len(times_ms))) - 1)]
    ok = not errors and taken == args.capacity and counts.get("pending", 0) == args.capacity \
        and counts.get("waitlisted", 0) == args.requests - args.capacity
    print(f"concurrent enrol requests : {args.requests} (gunicorn {env['WEB_CONCURRENCY']} workers × "
          f"{env['GUNICORN_THREADS']} threads)")
    print(f"wall time                 : {wall * 1000:.0f} ms")
    print(f"latency p50 / p95 / max   : {p50:.0f} / {p95:.0f} / {times_ms[-1]:.0f} ms")
    print(f"errors                    : {len(errors)}{(' — ' + ', '.join(sorted(set(errors))[:5])) if errors else ''}")
    print(f"seats taken / capacity    : {taken} / {args.capacity}; enrolments by status: {counts}")
    print(f"budget                    : no errors, capacity never exceeded → {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
