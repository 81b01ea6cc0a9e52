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
# The instant the whole suite runs at. Unset: the machine's time. CI replays the date-sensitive
# tests at chosen instants (2 January 08:00 WIB, 31 December 23:30 WIT, 29 February), e.g.
# JENJANG_TEST_NOW=2027-01-02T08:00+07:00. The clock keeps ticking from there.
TEST_NOW = os.environ.get("JENJANG_TEST_NOW", "").strip()


# Tests whose outcome depends on the date (promotion periods and SKP years, workflow SLAs and
# working days, training windows and the JP year, 360 deadlines, mentoring reminders, talent
# recency): marked `dates`, replayed by .ci/run at 2 January 08:00 WIB, 31 December 23:30 WIT
# and 29 February.
DATE_SENSITIVE = ("test_clock", "test_promotion", "test_workflow", "test_training_", "test_feedback_cycle",
                  "test_feedback_forms", "test_mentoring_pairs", "test_competency_talent", "test_holidays",
                  "test_training_ledger", "test_people_entry_age")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name.startswith(DATE_SENSITIVE):
            item.add_marker(pytest.mark.dates)


def _baseline_clock() -> None:
    from jenjang.core import clock

    clock.reset()
    if TEST_NOW:
        clock.travel(clock.parse_moment(TEST_NOW))


_baseline_clock()  # before the test modules are imported: some compute dates at import


class Clock:
    """The `clock` fixture: set the application's now for one test (reset after it).

        clock.set("2027-01-02")                 # that date in WIB (noon), ticking
        clock.set("2027-12-31T23:30", tz="WIT")  # an instant in a tenant zone
        clock.set_date(some_date, hour=8)
        clock.today()  /  clock.now()
    """

    ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

    def set(self, when, *, tz: str = "WIB", tick: bool = True):
        import datetime as dt

        from jenjang.core import clock

        zone = self.ZONES.get(tz, tz)
        if isinstance(when, dt.datetime):
            moment = when
        elif isinstance(when, dt.date):
            moment = clock.parse_moment(when.isoformat(), zone)
        else:
            moment = clock.parse_moment(when, zone)
        clock.travel(moment, tick=tick)
        return moment

    def set_date(self, day, *, hour: int = 12, tz: str = "WIB", tick: bool = True):
        import datetime as dt
        from zoneinfo import ZoneInfo

        return self.set(dt.datetime.combine(day, dt.time(hour), ZoneInfo(self.ZONES.get(tz, tz))), tick=tick)

    def today(self, tz: str = "WIB"):
        from zoneinfo import ZoneInfo

        from jenjang.core import clock

        return clock.today(ZoneInfo(self.ZONES.get(tz, tz)))

    def now(self):
        from jenjang.core import clock

        return clock.now()


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

    _baseline_clock()

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
        "CONSOLE_DATABASE_URL": None,
    })
    flask_app.config.update(TESTING=True, EXTERNAL_PORT=None)
    with flask_app.app_context():
        upgrade(revision="heads")
    bootstrap(owner_url, flask_app.config["APP_DB_ROLE"], "jenjang_app",
              console_role=flask_app.config["CONSOLE_DB_ROLE"])
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
    """Every test starts with empty tables, an empty Redis database, no cached aggregates and the
    suite's clock."""
    from jenjang.core import datacache
    from jenjang.jobs import redis_connection

    yield
    _baseline_clock()
    with app.app_context():
        from jenjang.extensions import db

        db.session.remove()
    with owner_engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in all_tables) + " CASCADE"))
    redis_connection(app.config["REDIS_URL"]).flushdb()
    datacache.STORE.clear()


@pytest.fixture
def clock(app) -> Clock:
    return Clock()


class QueryCounter:
    """Counts the SQL statements the application's engine sends inside ``with counter:``. Each
    measured block resolves its tenant's host afresh (the host cache's few seconds of life must
    not make one measurement cheaper than another on a slow machine), unless measured
    ``with counter(fresh_hosts=False):`` (a test of the host cache itself).

    ``statements`` and ``parameters`` hold what was sent, in order; ``events`` the same statements
    (whitespace folded) with a ``"COMMIT"`` where the engine committed."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []
        self.parameters: list = []
        self.events: list[str] = []
        self._fresh_hosts = True

    def _on(self, _conn, _cursor, statement, parameters, *_args):
        self.statements.append(statement)
        self.parameters.append(parameters)
        self.events.append(" ".join(statement.split()))

    def _on_commit(self, _conn):
        self.events.append("COMMIT")

    @property
    def count(self) -> int:
        return len(self.statements)

    def __call__(self, *, fresh_hosts: bool = True) -> QueryCounter:
        self._fresh_hosts = fresh_hosts
        return self

    def __enter__(self):
        from jenjang.tenancy.resolve import forget_hosts

        if self._fresh_hosts:
            forget_hosts()
        self.statements, self.parameters, self.events = [], [], []
        sa.event.listen(self.engine, "before_cursor_execute", self._on)
        sa.event.listen(self.engine, "commit", self._on_commit)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._on)
        sa.event.remove(self.engine, "commit", self._on_commit)
        self._fresh_hosts = True
        return False

    def measure(self, fn) -> int:
        """The number of statements ``fn()`` sends."""
        with self:
            fn()
        return self.count


@pytest.fixture
def query_counter(app) -> QueryCounter:
    """The query counter: ``with query_counter: client.get(...)`` then ``query_counter.count``, or
    ``query_counter.measure(lambda: client.get(...))``."""
    from jenjang.extensions import db

    with app.app_context():
        engine = db.engine
    return QueryCounter(engine)


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


# --- one wall at a time ----------------------------------------------------------------------
# The ORM wall and row-level security each keep the tenants apart on their own. With both up, a
# hole in one is masked by the other, so the isolation suite also runs with only one of them
# (the switches are in tests/walls.py).

@pytest.fixture
def rls_lifted(app, owner_engine):
    """Row-level security off on every tenant table for this test (restored afterwards)."""
    from tests.walls import lifted_rls

    with lifted_rls(app, owner_engine) as tables:
        yield tables


@pytest.fixture
def orm_lifted(app):
    """The ORM wall off for this test (tenancy/orm.py's test-only switch)."""
    from jenjang.tenancy.orm import orm_wall_lifted

    with orm_wall_lifted(app):
        yield


@pytest.fixture(params=["both walls", "ORM wall alone", "RLS alone"])
def walls(request):
    """Parametrises a test over: both walls up, the ORM wall alone (RLS lifted), RLS alone (the
    ORM wall lifted)."""
    if request.param == "ORM wall alone":
        request.getfixturevalue("rls_lifted")
    elif request.param == "RLS alone":
        request.getfixturevalue("orm_lifted")
    return request.param
