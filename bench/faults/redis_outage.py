"""Redis stopped under load: pages keep answering, sign-in keeps working (throttling degrades to
allowing), notifications announced meanwhile wait in the outbox, and once Redis is back every one
of them is delivered exactly once (by the worker, through the sweeper).

Runs on servers of its own (an embedded PostgreSQL and a private Redis in a temporary directory)
and a local SMTP sink:  .venv/bin/python bench/faults/redis_outage.py [--down 60]
"""
from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from _servers import PASSWORD, ROOT, PrivatePostgres, PrivateRedis, free_port, make_app, seed_tenant


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--down", type=float, default=60.0, help="seconds Redis stays down")
    parser.add_argument("--threads", type=int, default=3)
    args = parser.parse_args()

    import tempfile

    import sqlalchemy as sa
    from aiosmtpd.controller import Controller

    received: list[str] = []

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            received.append(envelope.content.decode("utf-8", "replace"))
            return "250 OK"

    smtp_port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    pg, redis = PrivatePostgres(), PrivateRedis()
    worker = None
    files = Path(tempfile.mkdtemp(prefix="jenjang-fault-files-"))
    try:
        owner = pg.url("jenjang_fault")
        smtp_url = f"smtp://127.0.0.1:{smtp_port}"
        app = make_app(owner, redis.url, files, smtp_url)
        emails = seed_tenant(app, users=args.threads + 1)
        env = dict(os.environ, DATABASE_URL=owner, REDIS_URL=redis.url, SMTP_URL=smtp_url, JENJANG_ENV="test",
                   BASE_DOMAIN="localhost", EXTERNAL_PORT="", FILES_DIR=str(files))
        env["SECRET_KEY"] = "fault-secret"  # noqa: S105 - a throwaway secret
        env.pop("APP_DATABASE_URL", None)
        worker = subprocess.Popen([str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "worker"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        phase = {"name": "before"}
        stats: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        problems: list[str] = []
        announced = []
        stop = threading.Event()

        def browse(email: str):
            client = app.test_client()
            host = "http://uji.localhost"
            n = 0
            while not stop.is_set():
                n += 1
                if n % 5 == 1:  # sign in again, now and then: throttling must not get in the way
                    r = client.post("/login", base_url=host, data={"login": email, "password": PASSWORD})
                else:
                    r = client.get("/", base_url=host)
                if r.status_code >= 500:
                    problems.append(f"{r.status_code} on {r.request.path}")
                stats[phase["name"]][r.status_code] += 1
                time.sleep(0.05)

        def announce_loop():
            from jenjang.extensions import db
            from jenjang.notifications.api import announce
            from jenjang.tenancy.context import tenant_context

            i = 0
            while not stop.is_set():
                i += 1
                with app.test_request_context():
                    tid = db.session.scalar(sa.text("SELECT id FROM tenants WHERE slug = 'uji'"))
                    with tenant_context(tid):
                        admin = db.session.scalar(sa.text("SELECT min(id) FROM users"))
                        try:
                            announce("account.reset", [admin], {"link": f"http://uji.localhost/x/{i}"}, f"fault-{i}")
                            db.session.commit()
                            announced.append(i)
                        except Exception as exc:
                            db.session.rollback()
                            problems.append(f"announce: {exc!r}"[:200])
                time.sleep(0.5)

        threads = [threading.Thread(target=browse, args=(e,), daemon=True) for e in emails[1:]]
        threads.append(threading.Thread(target=announce_loop, daemon=True))
        for t in threads:
            t.start()
        time.sleep(5)
        phase["name"] = "down"
        redis.stop()
        print(f"Redis stopped; load continues for {args.down:.0f} s")
        time.sleep(args.down)
        redis.start()
        phase["name"] = "after"
        print("Redis started again (empty: the queues were lost with it)")
        time.sleep(5)
        stop.set()
        for t in threads:
            t.join(10)
        total = len(announced)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            with app.app_context():
                from jenjang.extensions import db

                pending = db.session.execute(sa.text(
                    "SELECT count(*) FROM notifications_due_for_sweep(make_interval(secs => 0), now())")).scalar()
                db.session.remove()
            if len(received) >= total and not pending:
                break
            time.sleep(1)
        time.sleep(3)  # anything delivered twice would arrive now
        keys = collections.Counter()
        for message in received:
            for line in message.splitlines():
                if line.lower().startswith("message-id:"):
                    keys[line.split(":", 1)[1].strip()] += 1
        duplicates = sum(c - 1 for c in keys.values() if c > 1)

        print()
        print(f"{'phase':<8} " + " ".join(f"{code:>6}" for code in (200, 302, 422, 429, 500)))
        for name in ("before", "down", "after"):
            print(f"{name:<8} " + " ".join(f"{stats[name][code]:>6}" for code in (200, 302, 422, 429, 500)))
        print()
        print(f"notifications announced: {total}; emails received: {len(received)}; duplicates: {duplicates}")
        print(f"5xx answers or failed announcements: {len(problems)}" + (f" (first: {problems[0]})" if problems else ""))
        print("budget: pages answer, sign-in works, every notification delivered exactly once")
        ok = not problems and len(received) == total and duplicates == 0 and stats["down"][302] > 0
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                worker.kill()
        controller.stop()
        redis.close()
        pg.close()


if __name__ == "__main__":
    raise SystemExit(main())
