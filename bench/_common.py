"""Shared set-up for the benchmarks: a dedicated database `jenjang_bench` on the server named by
DATABASE_URL (or the embedded one), migrated, with the app role bootstrapped."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = os.environ.get("JENJANG_BENCH_DB", "jenjang_bench")


def bench_app():
    import psycopg
    from flask_migrate import upgrade
    from sqlalchemy.engine import make_url

    from jenjang import create_app
    from jenjang.config import normalise_db_url
    from jenjang.tenancy.bootstrap import bootstrap

    base = os.environ.get("DATABASE_URL")
    if not base:
        from jenjang import embedded

        base = embedded.database_url("postgres")
    url = make_url(normalise_db_url(base))
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (BENCH_DB,)).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    owner = url.set(database=BENCH_DB).render_as_string(hide_password=False)
    os.environ["DATABASE_URL"] = owner
    app = create_app({"DATABASE_URL": owner, "JENJANG_ENV": "development"})
    with app.app_context():
        upgrade(revision="heads")
    bootstrap(owner, app.config["APP_DB_ROLE"], "jenjang_app",
              console_role=app.config["CONSOLE_DB_ROLE"])
    return app


def flask_cli(*args: str) -> None:
    env = dict(os.environ)
    subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True)


def timed(fn, runs: int = 5) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times
