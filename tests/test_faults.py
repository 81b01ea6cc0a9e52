"""Faults survived, where they can be staged inside a test: PostgreSQL unreachable (a friendly
503, no stack trace), connections killed under the app (it recovers by itself), Redis unreachable
(pages and sign-in keep working). The outbox side of a Redis outage and a worker killed mid-batch
are in tests/test_notifications_delivery.py; a real server restart under load is
bench/faults/postgres_restart.py and bench/faults/redis_outage.py."""
from __future__ import annotations

import contextlib

import sqlalchemy as sa

from tests.helpers import PASSWORD, TenantClient


@contextlib.contextmanager
def other_app(app, **overrides):
    from jenjang import create_app

    settings = {"DATABASE_URL": app.config["OWNER_DATABASE_URL"], "REDIS_URL": app.config["REDIS_URL"],
                "JENJANG_ENV": "test", "SECRET_KEY": "test-secret-key", "BASE_DOMAIN": "localhost"}
    settings.update(overrides)
    flask_app = create_app(settings)
    flask_app.config.update(TESTING=True, EXTERNAL_PORT=None, FILES_DIR=app.config["FILES_DIR"])
    try:
        yield flask_app
    finally:
        with flask_app.app_context():
            from jenjang.extensions import db

            db.session.remove()
            db.engine.dispose()


def test_postgresql_unreachable_gives_a_friendly_503_without_a_stack_trace(app, two_tenants):
    dead = "postgresql://jenjang_app:x@127.0.0.1:1/jenjang"
    with other_app(app, APP_DATABASE_URL=dead) as broken:
        for host, path, lang in (("pematangsiantar.localhost", "/login", "id"),
                                 ("pematangsiantar.localhost", "/", "en")):
            r = broken.test_client().get(path, base_url=f"http://{host}", headers={"Accept-Language": lang})
            text = r.get_data(as_text=True)
            assert r.status_code == 503, (host, path, r.status_code)
            assert "Layanan sedang tidak tersedia" in text and "Service temporarily unavailable" in text
            assert f'lang="{lang}"' in text
            assert r.headers["Retry-After"] == "5"
            for leak in ("Traceback", "OperationalError", "psycopg", "127.0.0.1:1", "jenjang_app"):
                assert leak not in text, leak
            assert "Content-Security-Policy" in r.headers
        # the probes: alive, but not ready
        client = broken.test_client()
        assert client.get("/healthz").status_code == 200
        r = client.get("/readyz")
        assert r.status_code == 503 and r.get_json()["failing"] == ["postgresql"]


def test_killed_database_connections_are_replaced_without_an_error(app, two_tenants, owner_engine):
    a, _ = two_tenants
    c = TenantClient(app, f"{a.slug}.localhost")
    assert c.login("admin@pematangsiantar.demo").status_code == 302
    assert c.get("/").status_code == 200
    with owner_engine.connect() as conn:
        killed = conn.execute(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE usename = :role AND datname = current_database()"), {"role": app.config["APP_DB_ROLE"]}).scalar()
    assert killed >= 1
    for _ in range(3):  # every pooled connection was killed: each is replaced on checkout (pre-ping)
        r = c.get("/")
        assert r.status_code == 200, r.status_code
    assert c.get("/readyz").status_code == 200


def test_redis_unreachable_pages_and_sign_in_keep_working(app, two_tenants):
    with other_app(app, REDIS_URL="redis://127.0.0.1:1/0") as no_redis:
        c = TenantClient(no_redis, "pematangsiantar.localhost")
        assert c.get("/login").status_code == 200
        for _ in range(7):  # more failures than the throttle allows: it cannot count, so it allows
            r = c.post("/login", {"login": "admin@pematangsiantar.demo", "password": "salah-sekali"})
            assert r.status_code == 422
        assert c.login("admin@pematangsiantar.demo", PASSWORD).status_code == 302
        assert c.get("/").status_code == 200
        r = no_redis.test_client().get("/readyz")
        assert r.status_code == 503 and r.get_json()["failing"] == ["redis"]
