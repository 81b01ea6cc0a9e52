"""Set-up shared by the people benchmarks: a fresh database `jenjang_bench_people` on the server
named by DATABASE_URL (or the embedded one), migrated, with the app role, and one tenant."""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))
BENCH_DB = os.environ.get("JENJANG_BENCH_PEOPLE_DB", "jenjang_bench_people")


def fresh_app():
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
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (BENCH_DB,))
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    owner = url.set(database=BENCH_DB).render_as_string(hide_password=False)
    os.environ["DATABASE_URL"] = owner
    app = create_app({"DATABASE_URL": owner, "JENJANG_ENV": "development", "APP_DATABASE_URL": None})
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    with app.app_context():
        upgrade(revision="heads")
    bootstrap(owner, app.config["APP_DB_ROLE"], "jenjang_app",
              console_role=app.config["CONSOLE_DB_ROLE"])
    return app


def make_tenant(app, slug: str = "benchkota"):
    from jenjang.extensions import db
    from jenjang.tenancy import operations as ops
    from jenjang.tenancy.dbroles import console_role

    with app.app_context(), console_role():  # provisioning: the console role
        tenant = ops.create_tenant(slug, name="Pemerintah Kota Bench", kind="kota", province="Sumatera Utara",
                                   hr_agency_name="BKPSDM Bench", timezone="WIB", locale="id",
                                   primary_color="#1f6f5c")
        db.session.commit()
        return tenant.id


def report(title: str, figures: list[tuple[str, str]], budget: str, ok: bool) -> None:
    print(f"\n{title}")
    for label, value in figures:
        print(f"  {label:<44} {value}")
    print(f"  {'budget':<44} {budget}")
    print(f"  {'result':<44} {'within budget' if ok else 'OVER BUDGET'}\n", flush=True)
