"""The isolation suite: nothing of one tenant reaches another. Every later module extends it
(ID_FACTORIES below must name a way to create another tenant's object for every id in a URL)."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, ProgrammingError

from jenjang.tenancy.dbroles import console_role
from jenjang.tenancy.resolve import normalise_host, resolve_host, slug_problem
from tests.notifications_support import failed_notification

# --- host table -----------------------------------------------------------------------------


@pytest.mark.parametrize("host,expected", [
    ("pematangsiantar.localhost", ("tenant", "pematangsiantar")),
    ("PEMATANGSIANTAR.localhost:5000", ("tenant", "pematangsiantar")),
    ("pematangsiantar.localhost.", ("tenant", "pematangsiantar")),
    ("console.localhost", ("console", None)),
    ("simpeg.pematangsiantarkota.go.id", ("tenant", "pematangsiantar")),
    ("pematangsiantar.localhost.evil.com", None),
    ("x.pematangsiantar.localhost", None),
    ("evil-pematangsiantar.localhost", None),
    ("pematangsiantar.localhostx", None),
    ("localhost", None),
    (".localhost", None),
    ("xsimpeg.pematangsiantarkota.go.id", None),
    ("simpeg.pematangsiantarkota.go.id.evil.com", None),
    ("a.simpeg.pematangsiantarkota.go.id", None),
    ("www.localhost", None),
    ("", None),
    ("[::1]:5000", None),
    ("palangkaraya.localhost", None),  # not provisioned in this test
])
def test_host_table(ctx, factory, host, expected):
    from jenjang.extensions import db
    from jenjang.tenancy import operations as ops
    from jenjang.tenancy.models import Tenant

    t = factory.tenant("pematangsiantar")
    with console_role():
        tenant = db.session.get(Tenant, t.id)
        ops.set_domains(tenant, ["simpeg.pematangsiantarkota.go.id"])
        db.session.commit()
    site = resolve_host(host, "localhost")
    if expected is None:
        assert site is None
    else:
        assert (site.kind, site.tenant.slug if site.tenant else None) == expected


@pytest.mark.parametrize("slug", ["console", "www", "api", "admin", "static", "mail", "-abc", "abc-", "a_b",
                                  "a.b", "Ab", "", "a" * 64, "ümlaut"])
def test_slugs_that_are_refused(slug):
    assert slug_problem(slug) is not None


def test_normalise_host_strips_port_and_case():
    assert normalise_host("Belawan.LOCALHOST:8080") == "belawan.localhost"
    assert normalise_host(None) is None


def test_unknown_host_is_a_404_page(two_tenants, client_for):
    c = client_for("tidakada.localhost")
    r = c.get("/login")
    assert r.status_code == 404
    assert "Halaman tidak ditemukan" in c.text(r)
    assert "Pematangsiantar" not in c.text(r)


def test_health_answers_on_any_host(app):
    c = app.test_client()
    assert c.get("/healthz", base_url="http://10.0.0.1").status_code == 200
    r = c.get("/readyz", base_url="http://10.0.0.1")
    assert r.status_code == 200 and r.json["status"] == "ready"


# --- sessions and forged hints ---------------------------------------------------------------

def test_session_cookie_of_a_on_bs_host_is_treated_as_signed_out(two_tenants, client_for):
    a, b = two_tenants
    ca = client_for(a)
    ca.login("admin@pematangsiantar.demo")
    cookie = ca.cookie("jenjang_session").value
    cb = client_for(b)
    cb.client.set_cookie("jenjang_session", cookie, domain="palangkaraya.localhost")
    r = cb.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    r = cb.get("/admin/users")
    assert r.status_code == 302


def test_session_cookie_is_host_only(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    r = c.client.post("/login", base_url=c.base_url)
    header = ";".join(r.headers.getlist("Set-Cookie")).lower()
    assert "domain=" not in header
    assert "httponly" in header


@pytest.mark.parametrize("headers,query", [
    ({"X-Forwarded-Host": "palangkaraya.localhost"}, ""),
    ({"X-Tenant": "palangkaraya"}, ""),
    ({"X-Tenant-Id": "2"}, ""),
    ({"Forwarded": "host=palangkaraya.localhost"}, ""),
    ({}, "?tenant=palangkaraya&tenant_id=2"),
])
def test_forged_tenant_hints_change_nothing(two_tenants, client_for, headers, query):
    a, _ = two_tenants
    c = client_for(a)
    r = c.get("/login" + query, headers=headers)
    assert r.status_code == 200
    page = c.text(r)
    assert "Pemerintah Kota Pematangsiantar" in page and "Palangka Raya" not in page
    r = c.post("/login" + query, {"login": "admin@palangkaraya.demo", "password": "rahasia-yang-panjang",
                                  "tenant": "palangkaraya", "tenant_id": "2"}, headers=headers)
    assert r.status_code == 422


def test_console_routes_do_not_exist_on_tenant_hosts_and_vice_versa(two_tenants, client_for, factory):
    a, _ = two_tenants
    assert client_for(a).get("/tenants").status_code == 404
    assert client_for("console.localhost").get("/admin/users").status_code == 404
    assert client_for("console.localhost").get("/account").status_code == 404


# --- every route that takes an id ---------------------------------------------------------

def _b_user(factory, b):
    return factory.user(b, "orang-b@palangkaraya.demo")


# For each URL argument, how to make an object of tenant B. Extend this with every module.
from tests.competency_support import b_competency, b_goal, b_plan  # noqa: E402
from tests.contracts_support import b_contracts  # noqa: E402
from tests.feedback_support import b_assignment, b_cycle, b_item, b_nomination  # noqa: E402
from tests.mentoring_support import b_mentoring  # noqa: E402
from tests.people_support import b_employee, b_import, b_position, b_unit  # noqa: E402
from tests.training_ledger_support import b_external  # noqa: E402
from tests.training_support import b_enrolment, b_programme, b_session  # noqa: E402


def _b_promotion(factory, b):
    """B's promotion case (with its workflow case and one attachment); cached per test."""
    import datetime as dt
    import io

    from werkzeug.datastructures import FileStorage

    cache = factory.__dict__.setdefault("_b_promotion", {})
    if not cache:
        from tests.org import build_region

        region = build_region(factory, b, seq=7)

        def run():
            from jenjang.extensions import db
            from jenjang.people.models import Employee
            from jenjang.promotion import operations
            from jenjang.workflow import attachments

            e = db.session.scalar(sa.select(Employee).where(Employee.id == region.staff_id))
            case = operations.open_case(e, "rotasi", dt.date(2026, 12, 1), target_position_id=region.other_position_id,
                                        today=dt.date(2026, 11, 22))
            att = attachments.attach(case.workflow_case, FileStorage(io.BytesIO(b"%PDF-1.4 b"), filename="b.pdf"),
                                     None, None)
            return {"promotion_id": case.id, "case_id": case.workflow_case_id, "attachment_id": att.id,
                    "definition_id": case.workflow_case.definition_id}

        cache.update(factory.run(b, run))
    return cache


def _b_holiday(factory, b):
    """A regional holiday of B (B's seeded national ones would do as well)."""
    import datetime as dt

    def run():
        from jenjang.workflow import holidays

        return holidays.add_holiday(holidays.HolidayInput(dt.date(2026, 7, 17), "Hari Jadi Kota Palangka Raya",
                                                          "regional", "Perda Kota Palangka Raya"), "test").id

    return factory.run(b, run)


ID_FACTORIES = {
    "cycle_id": b_cycle,
    "item_id": b_item,
    "assignment_id": b_assignment,
    "nomination_id": b_nomination,
    "user_id": _b_user,
    "promotion_id": lambda f, b: _b_promotion(f, b)["promotion_id"],
    "case_id": lambda f, b: _b_promotion(f, b)["case_id"],
    "holiday_id": _b_holiday,
    "attachment_id": lambda f, b: _b_promotion(f, b)["attachment_id"],
    "definition_id": lambda f, b: _b_promotion(f, b)["definition_id"],
    "index": lambda f, b: 0,
    "employee_id": b_employee,
    "unit_id": b_unit,
    "position_id": b_position,
    "import_id": b_import,
    "notification_id": failed_notification,
    "competency_id": b_competency,
    "plan_id": b_plan,
    "goal_id": b_goal,
    "external_id": b_external,
    "programme_id": b_programme,
    "session_id": b_session,
    "enrolment_id": b_enrolment,
    "cohort_id": b_mentoring("cohort_id"),
    "pair_id": b_mentoring("pair_id"),
    "mentoring_session_id": b_mentoring("mentoring_session_id"),
    "mentoring_goal_id": b_mentoring("mentoring_goal_id"),
    "mentoring_flag_id": b_mentoring("mentoring_flag_id"),
    "mentoring_participant_id": b_mentoring("mentoring_participant_id"),
    "contract_id": b_contracts("contract_id"),
    "renewal_id": b_contracts("renewal_id"),
}
CONSOLE_ONLY_ARGS = {"tenant_id"}


def _id_rules(app):
    for rule in app.url_map.iter_rules():
        int_args = [a for a, conv in rule._converters.items() if type(conv).__name__ == "IntegerConverter"]
        if int_args and not rule.endpoint.startswith("console."):
            yield rule, int_args


def test_every_id_route_is_covered_by_the_isolation_suite(app):
    missing = {a for _, args in _id_rules(app) for a in args} - set(ID_FACTORIES)
    assert not missing, f"add a factory to ID_FACTORIES for: {sorted(missing)}"


def test_bs_ids_on_as_host_get_the_same_404_as_missing_ids(walls, two_tenants, client_for, factory, app):
    """Run with both walls, with the ORM wall alone and with row-level security alone: each wall
    must refuse every one of these on its own."""
    a, b = two_tenants
    b_ids = {name: make(factory, b) for name, make in ID_FACTORIES.items()}
    c = client_for(a)
    c.login("admin@pematangsiantar.demo")
    checked = 0
    for rule, args in _id_rules(app):
        theirs = rule.build({k: b_ids[k] for k in args})[1]
        missing = rule.build({k: 987654321 for k in args})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            r1 = c.get(theirs) if method == "GET" else c.post(theirs, {})
            r2 = c.get(missing) if method == "GET" else c.post(missing, {})
            assert r1.status_code == 404, f"{method} {rule.rule} answered {r1.status_code} for B's id"
            strip = re.compile(r'data-token="[^"]+"|value="[^"]+"|"X-CSRFToken": "[^"]+"')
            assert strip.sub("", c.text(r1)) == strip.sub("", c.text(r2)), rule.rule
            checked += 1
    assert checked >= 4


# --- the database walls ----------------------------------------------------------------------

def test_database_refuses_a_foreign_key_into_another_tenant(two_tenants, owner_engine):
    a, b = two_tenants
    with owner_engine.connect() as conn:
        b_employee = conn.execute(sa.text("SELECT id FROM employees WHERE tenant_id = :b LIMIT 1"),
                                  {"b": b.id}).scalar()
        with pytest.raises(IntegrityError):
            conn.execute(sa.text(
                "INSERT INTO users (tenant_id, email, full_name, roles, is_active, created_at, employee_id) "
                "VALUES (:a, 'x@a.demo', 'X', '{}', true, now(), :e)"), {"a": a.id, "e": b_employee})
        conn.rollback()


def _app_role_engine(app, **kw):
    return sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], **kw)


def test_app_role_with_no_tenant_set_sees_zero_rows_in_every_tenant_table(two_tenants, app, owner_engine):
    with owner_engine.connect() as conn:
        tables = [r[0] for r in conn.execute(sa.text(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND column_name = 'tenant_id' AND table_name NOT IN ('domains')"))]
        totals = {t: conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}
    assert totals["users"] >= 4
    engine = _app_role_engine(app, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        for table in tables:
            assert conn.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar() == 0, table
        conn.execute(sa.text("SELECT set_config('app.tenant_id', '', false)"))
        assert conn.execute(sa.text("SELECT count(*) FROM users")).scalar() == 0
    engine.dispose()


def test_app_role_cannot_write_a_row_for_another_tenant(two_tenants, app):
    a, b = two_tenants
    engine = _app_role_engine(app, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :a, false)"), {"a": str(a.id)})
        with pytest.raises(ProgrammingError):
            conn.execute(sa.text("INSERT INTO employees (tenant_id, nip, full_name) VALUES (:b, "
                                 "'198609262015051001', 'Penyusup')"), {"b": b.id})
        conn.rollback()
    engine.dispose()


def test_catalog_every_tenant_table_has_forced_rls_and_the_policy(owner_engine):
    with owner_engine.connect() as conn:
        rows = conn.execute(sa.text("""
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid
                      AND pg_get_expr(p.polqual, p.polrelid) LIKE '%current_setting(''app.tenant_id''%'
                      AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%current_setting(''app.tenant_id''%')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
              AND c.relname <> 'domains'
        """)).all()
    assert len(rows) >= 5
    for name, enabled, forced, policies in rows:
        assert enabled and forced and policies == 1, name


def test_catalog_app_role_is_no_superuser_has_no_bypassrls_and_owns_nothing(owner_engine, app):
    role = app.config["APP_DB_ROLE"]
    with owner_engine.connect() as conn:
        su, bypass = conn.execute(sa.text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"),
                                  {"r": role}).one()
        owned = conn.execute(sa.text(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.rolname = :r AND n.nspname = 'public'"),
            {"r": role}).scalar()
    assert not su and not bypass and owned == 0


def test_catalog_every_key_of_a_tenant_table_includes_tenant_id(owner_engine):
    with owner_engine.connect() as conn:
        rows = conn.execute(sa.text("""
            SELECT con.conname, con.contype, cl.relname,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) k JOIN pg_attribute a
                         ON a.attrelid = con.conrelid AND a.attnum = k)::text[] AS cols,
                   (SELECT relname FROM pg_class WHERE oid = con.confrelid) AS target
            FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = cl.relnamespace
            WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'f')
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = cl.oid AND a.attname = 'tenant_id')
              AND cl.relname <> 'domains'
        """)).all()
        unique_indexes = conn.execute(sa.text("""
            SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND x.indisunique
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'tenant_id')
              AND t.relname <> 'domains'
        """)).all()
    assert rows
    for name, kind, table, cols, target in rows:
        if kind == "f" and target == "tenants":
            continue  # the tenant_id → tenants(id) reference itself
        assert "tenant_id" in cols, f"{table}.{name} ({kind}) lacks tenant_id: {cols}"
        if kind in ("p", "u"):
            assert cols[0] == "tenant_id", f"{table}.{name} should lead with tenant_id"
    for _name, definition in unique_indexes:
        assert "(tenant_id" in definition, definition


def test_pool_of_one_connection_does_not_carry_a_tenant_to_the_next_request(two_tenants, app):
    """With one pooled connection, a request as A followed by work with no tenant sees zero rows."""
    from jenjang import create_app
    from jenjang.extensions import db
    from tests.helpers import TenantClient

    a, _ = two_tenants
    one = create_app({"DATABASE_URL": app.config["OWNER_DATABASE_URL"], "REDIS_URL": app.config["REDIS_URL"],
                      "JENJANG_ENV": "test", "SECRET_KEY": "test-secret-key",
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0, "pool_timeout": 2}})
    one.config.update(TESTING=True)
    c = TenantClient(one, "pematangsiantar.localhost")
    c.login("admin@pematangsiantar.demo")
    assert c.get("/admin/users").status_code == 200
    with one.app_context():
        engine = db.engine
        assert engine.pool.size() == 1
        assert db.session.execute(sa.text("SELECT count(*) FROM users")).scalar() == 0
        assert db.session.execute(sa.text("SELECT current_setting('app.tenant_id', true)")).scalar() in ("", None)
        db.session.rollback()
        db.session.remove()
        assert engine.pool.checkedout() == 0
        engine.dispose()


def test_orm_outside_any_tenant_sees_nothing(two_tenants, ctx):
    from jenjang.auth.models import User
    from jenjang.extensions import db

    assert db.session.scalars(sa.select(User)).all() == []


def test_orm_refuses_to_write_another_tenants_row(two_tenants, app):
    from jenjang.extensions import db
    from jenjang.people.models import Employee
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.orm import CrossTenantWrite

    a, b = two_tenants
    with app.app_context(), tenant_context(a.id):
        db.session.add(Employee(tenant_id=b.id, nip="198609262015051001", full_name="Penyusup"))
        with pytest.raises(CrossTenantWrite):
            db.session.flush()
        db.session.rollback()


def test_a_row_added_for_one_tenant_is_refused_when_flushed_under_another(two_tenants, app, factory):
    """A row belongs to the tenant in context when it is added: switching tenants before the
    flush does not hand it to the other tenant; the flush refuses and nothing is written."""
    from jenjang.extensions import db
    from jenjang.people.models import Unit
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.orm import CrossTenantWrite

    a, b = two_tenants
    with app.app_context():
        with tenant_context(a.id):
            db.session.add(Unit(name="Dinas Milik A", kind="dinas"))
        with tenant_context(b.id), pytest.raises(CrossTenantWrite):
            db.session.commit()
        db.session.rollback()
        db.session.remove()
    for tenant in (a, b):
        assert factory.scalar(tenant, "SELECT count(*) FROM units WHERE name = 'Dinas Milik A'") == 0


# --- jobs ----------------------------------------------------------------------------------

def test_a_tenant_job_without_a_tenant_refuses_to_run(two_tenants, app):
    from rq import Queue, SimpleWorker

    from jenjang.jobs import redis_connection, run_tenant_job
    from jenjang.tenancy.context import TenantRequired

    with app.app_context():
        conn = redis_connection()
        q = Queue("default", connection=conn)
        job = q.enqueue(run_tenant_job, None, "tests.jobs_fixture:count_users")
        SimpleWorker([q], connection=conn).work(burst=True)
        job.refresh()
        assert job.is_failed
        assert "TenantRequired" in job.latest_result().exc_string
        with pytest.raises(TenantRequired):
            run_tenant_job(None, "tests.jobs_fixture:count_users")


def test_a_tenant_job_runs_inside_its_tenant_only(two_tenants, app, factory):
    from rq import Queue, SimpleWorker

    from jenjang.jobs import enqueue_tenant_job, redis_connection
    from jenjang.tenancy.context import tenant_context

    a, b = two_tenants
    factory.user(b, "tambahan@palangkaraya.demo")
    with app.app_context():
        with tenant_context(b.id):
            job = enqueue_tenant_job("tests.jobs_fixture:count_users")
        conn = redis_connection()
        SimpleWorker([Queue("default", connection=conn)], connection=conn).work(burst=True)
        job.refresh()
        assert job.is_finished
        assert job.return_value() == 3


def test_tenant_job_decorator_refuses_without_context(ctx):
    from jenjang.tenancy.context import TenantRequired
    from tests.jobs_fixture import decorated_count

    with pytest.raises(TenantRequired):
        decorated_count()
