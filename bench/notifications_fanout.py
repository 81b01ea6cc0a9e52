"""Fan-out: 20,000 notifications from one event, delivered by 2 RQ workers to the local SMTP sink.

    .venv/bin/python bench/notifications_fanout.py [--recipients 20000] [--workers 2]

Builds a scratch database (`jenjang_bench_notif` on DATABASE_URL's server), a tenant with N users,
starts the sink (`python -m jenjang.notifications.sink`) and announces one event to everyone in one
transaction. The clock runs from the commit (which enqueues the chunks) until every row is marked
sent and the sink holds N messages. Budget: ≥ 300 messages per second.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))
BUDGET = 300.0
BENCH_DB = "jenjang_bench_notif"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its waited-for children (an RQ worker's work horses)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def scratch_database() -> str:
    from jenjang.config import normalise_db_url

    base = os.environ.get("DATABASE_URL")
    if not base:
        from jenjang import embedded

        base = embedded.database_url("postgres")
    url = make_url(normalise_db_url(base))
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                     "AND pid <> pg_backend_pid()", (BENCH_DB,))
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return url.set(database=BENCH_DB).render_as_string(hide_password=False)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    n = args.recipients

    from flask_migrate import upgrade

    from jenjang import create_app
    from jenjang.extensions import db
    from jenjang.jobs import redis_connection
    from jenjang.notifications.api import announce
    from jenjang.tenancy import operations as tenancy_ops
    from jenjang.tenancy.bootstrap import bootstrap
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.dbroles import console_role

    owner_url = scratch_database()
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        from jenjang import embedded

        redis_url = embedded.redis_url()
    sink_port = free_port()
    smtp_url = f"smtp://127.0.0.1:{sink_port}"
    app = create_app({"DATABASE_URL": owner_url, "REDIS_URL": redis_url, "JENJANG_ENV": "test",
                      "SECRET_KEY": "bench", "BASE_DOMAIN": "localhost", "SMTP_URL": smtp_url})
    with app.app_context():
        upgrade(revision="heads")
    bootstrap(owner_url, app.config["APP_DB_ROLE"], "jenjang_app",
              console_role=app.config["CONSOLE_DB_ROLE"])
    redis_connection(redis_url).flushdb()

    with app.test_request_context(), console_role():  # provisioning: the console role
        tenant = tenancy_ops.create_tenant(
            "kotabench", name="Pemerintah Kota Bench", kind="kota", province="Sumatera Utara",
            hr_agency_name="BKPSDM Kota Bench", timezone="WIB", locale="id", primary_color="#1f6f5c")
        db.session.commit()
        tenant_id = tenant.id
    engine = sa.create_engine(owner_url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO users (tenant_id, email, full_name, roles, is_active, created_at) "
            "SELECT :t, 'pegawai' || g || '@bench.go.id', 'Pegawai ' || g, '{}', true, now() "
            "FROM generate_series(1, :n) g"), {"t": tenant_id, "n": n})
    engine.dispose()

    mail_dir = Path(tempfile.mkdtemp(prefix="jenjang-bench-mail-"))
    env = dict(os.environ, DATABASE_URL=owner_url, REDIS_URL=redis_url, SMTP_URL=smtp_url, JENJANG_ENV="test",
               SECRET_KEY="bench", BASE_DOMAIN="localhost", PYTHONPATH=str(ROOT / "platform"))  # noqa: S106
    env.pop("APP_DATABASE_URL", None)
    sink = subprocess.Popen([sys.executable, "-m", "jenjang.notifications.sink", "--port", str(sink_port),
                             "--dir", str(mail_dir), "--keep", str(n * 2)], env=env, stdout=subprocess.DEVNULL)
    workers = []
    try:
        time.sleep(1.0)
        print(f"announcing to {n} recipients …", flush=True)
        with app.test_request_context(), tenant_context(tenant_id):
            ids = list(db.session.scalars(sa.text("SELECT id FROM users ORDER BY id")))
            started = time.perf_counter()
            created = announce("core.announcement", ids, {"title": "Uji beban", "message": "Pesan massal."},
                               "bench:fanout", link=("notifications.inbox", {}))
            db.session.commit()  # after_commit enqueues the chunks
            committed = time.perf_counter()
        assert created == n, created
        print(f"rows written and chunks enqueued in {committed - started:.2f} s", flush=True)
        flask = str(Path(sys.executable).parent / "flask")
        for _ in range(args.workers):
            workers.append(subprocess.Popen([flask, "--app", "wsgi", "worker", "--burst", "--no-scheduler"],
                                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL))
        count_engine = sa.create_engine(owner_url)
        deadline = time.monotonic() + 600
        sent = 0
        while time.monotonic() < deadline:
            with count_engine.connect() as conn:
                sent = conn.execute(sa.text("SELECT count(*) FROM notifications WHERE status = 'sent'")).scalar()
            if sent >= n:
                break
            time.sleep(0.2)
        done = time.perf_counter()
        received = sum(1 for _ in mail_dir.glob("*.eml"))
        with count_engine.connect() as conn:
            failed = conn.execute(sa.text("SELECT count(*) FROM notifications WHERE status <> 'sent'")).scalar()
        count_engine.dispose()
        time.sleep(1.5)  # burst workers reap their last work horse and exit
        cpu = {"workers": sum(cpu_seconds(w.pid) for w in workers), "sink": cpu_seconds(sink.pid)}
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(30)
        sink.terminate()
        sink.wait(10)
        shutil.rmtree(mail_dir, ignore_errors=True)

    elapsed = done - started
    rate = n / elapsed
    delivery_rate = n / (done - committed)
    print(f"recipients: {n}, workers: {args.workers}, marked sent: {sent}, not sent: {failed}, "
          f"received by the sink: {received}")
    print(f"end to end (announce → last message at the sink): {elapsed:.1f} s = {rate:.0f} msg/s")
    print(f"delivery only (commit → last message): {done - committed:.1f} s = {delivery_rate:.0f} msg/s")
    ok = sent == n and received == n and rate >= BUDGET
    print(f"CPU per 1000 messages: workers {cpu['workers'] / n * 1000:.2f} s, sink {cpu['sink'] / n * 1000:.2f} s "
          f"(machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    print(f"budget: ≥ {BUDGET:.0f} msg/s — {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
