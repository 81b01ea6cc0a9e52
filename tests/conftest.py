"""Test fixtures. Everything runs on a real PostgreSQL and a real Redis: the servers named by
DATABASE_URL / REDIS_URL when set (CI points them at the machine's own), the embedded ones
otherwise. The test database is `jenjang_test` on that server, rebuilt at session start."""
from __future__ import annotations

import os

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.helpers import Factory, TenantClient

TEST_DB = os.environ.get("JENJANG_TEST_DB", "jenjang_test")


def _owner_test_url() -> str:
    from jenjang.config import normalise_db_url

    base = os.environ.get("DATABASE_URL")
    if not base:
        from jenjang import embedded

        base = embedded.database_url("postgres")
    url = make_url(normalise_db_url(base))
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (TEST_DB,))
        conn.execute(f'DROP DATABASE IF EXISTS "{TEST_DB}"')
        conn.execute(f'CREATE DATABASE "{TEST_DB}"')
    return url.set(database=TEST_DB).render_as_string(hide_password=False)


def _redis_test_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        from jenjang import embedded

        url = embedded.redis_url()
    return url


@pytest.fixture(scope="session")
def app():
    from flask_migrate import upgrade

    from jenjang import create_app
    from jenjang.tenancy.bootstrap import bootstrap

    owner_url = _owner_test_url()
    flask_app = create_app({
        "DATABASE_URL": owner_url,
        "REDIS_URL": _redis_test_url(),
        "JENJANG_ENV": "test",
        "SECRET_KEY": "test-secret-key",
        "BASE_DOMAIN": "localhost",
        "APP_DATABASE_URL": None,
    })
    flask_app.config.update(TESTING=True, EXTERNAL_PORT=None)
    with flask_app.app_context():
        upgrade(revision="heads")
    bootstrap(owner_url, flask_app.config["APP_DB_ROLE"], "jenjang_app")
    yield flask_app


@pytest.fixture(scope="session")
def owner_engine(app):
    engine = sa.create_engine(app.config["OWNER_DATABASE_URL"], poolclass=sa.pool.NullPool)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def all_tables(owner_engine):
    with owner_engine.connect() as conn:
        return [r[0] for r in conn.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"))]


@pytest.fixture(autouse=True)
def _clean(app, owner_engine, all_tables):
    """Every test starts with empty tables, an empty Redis database and no cached aggregates."""
    from jenjang.core import datacache
    from jenjang.jobs import redis_connection

    yield
    with app.app_context():
        from jenjang.extensions import db

        db.session.remove()
    with owner_engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in all_tables) + " CASCADE"))
    redis_connection(app.config["REDIS_URL"]).flushdb()
    datacache.STORE.clear()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def factory(app):
    return Factory(app)


@pytest.fixture
def client_for(app):
    def make(host_or_tenant) -> TenantClient:
        host = host_or_tenant if isinstance(host_or_tenant, str) else f"{host_or_tenant.slug}.localhost"
        return TenantClient(app, host)

    return make


@pytest.fixture
def two_tenants(factory):
    """Pematangsiantar (A) and Palangkaraya (B), each with an admin and an employee."""
    a = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    b = factory.tenant("palangkaraya", name="Pemerintah Kota Palangka Raya")
    for t in (a, b):
        factory.user(t, f"admin@{t.slug}.demo", roles=["admin"], nip=factory.nip(t, 1))
        factory.user(t, f"pegawai@{t.slug}.demo", nip=factory.nip(t, 2))
    return a, b
