"""PostgreSQL restarted under load: requests during the restart fail cleanly (the friendly 503
page, never a 500 or a stack trace), the app recovers by itself within seconds (pool pre-ping),
and no transaction is left half-written.

Runs against a PostgreSQL of its own (embedded, in a temporary directory), so the machine's
servers are untouched:  .venv/bin/python bench/faults/postgres_restart.py [--down 5] [--threads 4]
"""
from __future__ import annotations

import argparse
import collections
import itertools
import threading
import time

from _servers import PASSWORD, PrivatePostgres, PrivateRedis, make_app, seed_tenant


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--down", type=float, default=5.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    import tempfile
    from pathlib import Path

    import sqlalchemy as sa

    pg, redis = PrivatePostgres(), PrivateRedis()
    try:
        app = make_app(pg.url("jenjang_fault"), redis.url, Path(tempfile.mkdtemp(prefix="jenjang-fault-files-")))
        emails = seed_tenant(app, users=args.threads)
        phase = {"name": "before"}
        stats: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        leaks: list[str] = []
        first_ok_after_restart: list[float] = []
        restarted_at = {"t": None}
        stop = threading.Event()
        counter = itertools.count(1)

        def browse(email: str, n: int):
            client = app.test_client()
            host = "http://uji.localhost"
            client.post("/login", base_url=host, data={"login": email, "password": PASSWORD})
            i = 0
            while not stop.is_set():
                i += 1
                if i % 3 == 0:
                    # a write: two rows in one transaction (an employee and its user account)
                    status = write_pair(n, i)
                else:
                    r = client.get("/", base_url=host)
                    status = r.status_code
                    body = r.get_data(as_text=True)
                    if status >= 500 and status != 503 or "Traceback" in body:
                        leaks.append(f"{status}: {body[:200]}")
                if status < 500 and phase["name"] == "after" and not first_ok_after_restart:
                    first_ok_after_restart.append(time.monotonic() - restarted_at["t"])
                stats[phase["name"]][status] += 1
                time.sleep(0.02)

        def write_pair(n: int, i: int) -> int:
            from jenjang.auth import operations as auth_ops
            from jenjang.extensions import db
            from jenjang.people.models import Employee
            from jenjang.tenancy.context import tenant_context

            k = next(counter)
            nip = f"1986{(k // 1000) % 12 + 1:02d}{(k // 12000) % 28 + 1:02d}2015051{k % 1000:03d}"
            with app.test_request_context():
                tid = None
                try:
                    tid = db.session.scalar(sa.text("SELECT id FROM tenants WHERE slug = 'uji'"))
                    db.session.rollback()
                    with tenant_context(tid):
                        try:
                            e = Employee(nip=nip, full_name=f"Pegawai {n}-{i}")
                            db.session.add(e)
                            db.session.flush()
                            auth_ops.create_user(full_name=e.full_name, email=f"p{k}@uji.demo", employee=e,
                                                 roles=[])
                            db.session.commit()
                        except Exception:
                            db.session.rollback()
                            raise
                    return 200
                except Exception as exc:
                    from jenjang.errors import database_unavailable

                    if database_unavailable(exc):
                        return 503
                    leaks.append(f"write: {exc!r}"[:300])
                    return 500

        threads = [threading.Thread(target=browse, args=(email, n), daemon=True) for n, email in enumerate(emails)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while sum(stats["before"].values()) < 30 and time.monotonic() < deadline:
            time.sleep(0.1)  # everyone signed in and browsing
        phase["name"] = "down"
        t0 = time.monotonic()
        pg.stop()
        print(f"PostgreSQL stopped (took {time.monotonic() - t0:.1f} s); load continues for {args.down:.0f} s")
        time.sleep(args.down)
        pg.start()
        restarted_at["t"] = time.monotonic()
        phase["name"] = "after"
        print("PostgreSQL started again")
        deadline = time.monotonic() + 30
        while not first_ok_after_restart and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(3)
        stop.set()
        for t in threads:
            t.join(10)

        with sa.create_engine(pg.url("jenjang_fault").replace("postgresql://", "postgresql+psycopg://", 1),
                              poolclass=sa.pool.NullPool).connect() as conn:
            employees = conn.execute(sa.text("SELECT count(*) FROM employees")).scalar()
            orphans = conn.execute(sa.text(
                "SELECT count(*) FROM employees e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE "
                "u.tenant_id = e.tenant_id AND u.employee_id = e.id)")).scalar()

        print()
        print(f"{'phase':<8} " + " ".join(f"{code:>6}" for code in (200, 302, 409, 500, 503)))
        for name in ("before", "down", "after"):
            print(f"{name:<8} " + " ".join(f"{stats[name][code]:>6}" for code in (200, 302, 409, 500, 503)))
        recovery = first_ok_after_restart[0] if first_ok_after_restart else None
        print()
        print(f"recovered {recovery:.2f} s after PostgreSQL came back" if recovery is not None
              else "NOT recovered within 30 s")
        print(f"500s or stack traces: {len(leaks)}" + (f" (first: {leaks[0]})" if leaks else ""))
        print(f"employees written: {employees}, without their user account (half-written): {orphans}")
        print("budget: no 500, no stack trace, recovery ≤ 5 s, nothing half-written")
        ok = not leaks and recovery is not None and recovery <= 5 and orphans == 0 and stats["down"][503] > 0
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        redis.close()
        pg.close()


if __name__ == "__main__":
    raise SystemExit(main())
