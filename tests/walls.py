"""Switches that lift one tenant wall for one test, so that the other can be shown to hold alone:
row-level security disabled by the owner (on the test database only, restored afterwards), and
the ORM wall's test-only switch (tenancy/orm.py). Used by the `rls_lifted`, `orm_lifted` and
`walls` fixtures (conftest.py) and by tests that run several wall settings in one go."""
from __future__ import annotations

import contextlib

import sqlalchemy as sa

WALLS = ("both walls", "ORM wall alone", "RLS alone")


def _rls_tables(conn) -> list[str]:
    return [r[0] for r in conn.execute(sa.text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity ORDER BY 1"))]


@contextlib.contextmanager
def lifted_rls(app, owner_engine):
    """Row-level security off on every tenant table (ALTER TABLE … DISABLE ROW LEVEL SECURITY by
    the owner), restored on the way out. Refuses any database but the test database."""
    from tests.conftest import TEST_DB

    with owner_engine.connect() as conn:
        name = conn.execute(sa.text("SELECT current_database()")).scalar()
        if not (app.testing and not app.config.get("PRODUCTION") and name == TEST_DB):
            raise RuntimeError(f"refusing to lift row-level security on database {name!r} (tests use {TEST_DB!r})")
        conn.execute(sa.text("SET lock_timeout = '10s'"))
        tables = _rls_tables(conn)
        assert len(tables) > 20
        for t in tables:
            conn.execute(sa.text(f'ALTER TABLE "{t}" DISABLE ROW LEVEL SECURITY'))
        conn.commit()
    try:
        yield tables
    finally:
        with app.app_context():
            from jenjang.extensions import db

            db.session.remove()
        with owner_engine.connect() as conn:
            conn.execute(sa.text("SET lock_timeout = '30s'"))
            for t in tables:
                conn.execute(sa.text(f'ALTER TABLE "{t}" ENABLE ROW LEVEL SECURITY'))
            conn.commit()
            assert _rls_tables(conn) == tables


@contextlib.contextmanager
def only(wall: str, app, owner_engine):
    """Run the block with both walls, the ORM wall alone or row-level security alone."""
    from jenjang.tenancy.orm import orm_wall_lifted

    if wall == "ORM wall alone":
        with lifted_rls(app, owner_engine):
            yield
    elif wall == "RLS alone":
        with orm_wall_lifted(app):
            yield
    else:
        yield
