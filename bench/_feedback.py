"""Shared set-up of the 360 benchmarks: a scratch database, a tenant built with
`jenjang.people.demo.populate.populate`, an account for every employee (INSERT … SELECT), and a
cycle with the standard questionnaire (9 competencies, 2 open questions)."""
from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))
sys.path.insert(0, str(ROOT))


def scratch_database(name: str) -> str:
    from jenjang.config import normalise_db_url

    base = os.environ.get("DATABASE_URL")
    if not base:
        from jenjang import embedded

        base = embedded.database_url("postgres")
    url = make_url(normalise_db_url(base))
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                     "AND pid <> pg_backend_pid()", (name,))
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def build(db_name: str, employees: int):
    """(app, tenant id, owner url): a populated tenant with accounts for everyone."""
    from flask_migrate import upgrade

    from jenjang import create_app
    from jenjang.extensions import db
    from jenjang.people.demo.populate import populate
    from jenjang.tenancy import operations as tenancy_ops
    from jenjang.tenancy.bootstrap import bootstrap
    from jenjang.tenancy.dbroles import console_role

    owner_url = scratch_database(db_name)
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        from jenjang import embedded

        redis_url = embedded.redis_url()
    app = create_app({"DATABASE_URL": owner_url, "REDIS_URL": redis_url, "JENJANG_ENV": "test",
                      "SECRET_KEY": "bench", "BASE_DOMAIN": "localhost"})
    app.config.update(TESTING=True, EXTERNAL_PORT=None)
    with app.app_context():
        upgrade(revision="heads")
    bootstrap(owner_url, app.config["APP_DB_ROLE"], "jenjang_app",
              console_role=app.config["CONSOLE_DB_ROLE"])
    started = time.perf_counter()
    with app.test_request_context():
        with console_role():  # provisioning: the console role
            tenant = tenancy_ops.create_tenant(
                "fbbench", name="Pemerintah Kota Bench", kind="kota", province="Jawa Timur",
                hr_agency_name="BKPSDM Kota Bench", timezone="WIB", locale="id", primary_color="#1f6f5c")
            db.session.commit()
        tid = tenant.id
        populate(tenant, employees)
        db.session.commit()
    engine = sa.create_engine(owner_url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO users (tenant_id, email, full_name, roles, is_active, created_at, employee_id) "
            "SELECT e.tenant_id, 'e' || e.id || '@bench.go.id', e.full_name, '{}', true, now(), e.id "
            "FROM employees e WHERE e.tenant_id = :t AND NOT EXISTS "
            "(SELECT 1 FROM users u WHERE u.tenant_id = e.tenant_id AND u.employee_id = e.id)"), {"t": tid})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()
    print(f"tenant with {employees} employees and accounts built in {time.perf_counter() - started:.1f} s",
          flush=True)
    return app, tid, owner_url


def new_cycle(peer_count: int = 3):
    from jenjang.feedback import operations

    today = dt.date.today()
    cycle = operations.create_cycle(name="Bench 360", period_start=today.replace(month=1, day=1), period_end=today,
                                    deadline=today + dt.timedelta(days=21), peer_count=peer_count)
    operations.default_questionnaire(cycle, level=2)
    return cycle
