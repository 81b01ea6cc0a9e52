"""Least privilege for the global tables (issue 16, item 3).

The app role serves every tenant host: it may read tenants, domains and the national reference
data, write none of them, and not even read the platform operators or their sessions (password
hashes, session tokens). Only the console role (operator console, provisioning commands) writes
them. Checked twice: in PostgreSQL's catalogue, and by trying as each role."""
from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa

GLOBAL_READ_ONLY = ("tenants", "domains", "ranks")
CONSOLE_ONLY = ("operators", "operator_sessions")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # what the logo check sniffs
PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")


def _granted(conn, role: str, table: str) -> set[str]:
    return {p for p in PRIVILEGES if conn.execute(
        sa.text("SELECT has_table_privilege(:r, CAST(:t AS regclass), :p)"),
        {"r": role, "t": f"public.{table}", "p": p}).scalar()}


def _role_attributes(conn, role: str):
    return conn.execute(sa.text(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, "
        "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        " WHERE c.relowner = r.oid AND n.nspname = 'public') AS owned "
        "FROM pg_roles r WHERE rolname = :r"), {"r": role}).one()


def _role_url(app, config_key: str) -> str:
    from jenjang.config import normalise_db_url

    key = "SQLALCHEMY_DATABASE_URI" if config_key == "app" else None
    url = app.config[key] if key else app.config["SQLALCHEMY_BINDS"]["console"]["url"]
    return normalise_db_url(url).replace("postgresql+psycopg://", "postgresql://", 1)


# --- the catalogue ------------------------------------------------------------------------------

def test_app_role_only_reads_tenants_domains_and_ranks(app, owner_engine):
    role = app.config["APP_DB_ROLE"]
    with owner_engine.connect() as conn:
        for table in GLOBAL_READ_ONLY:
            assert _granted(conn, role, table) == {"SELECT"}, table
        grants = conn.execute(sa.text(
            "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = :r AND table_name = ANY(:t)"), {"r": role, "t": list(GLOBAL_READ_ONLY)}).all()
    assert sorted(grants) == sorted((t, "SELECT") for t in GLOBAL_READ_ONLY)


def test_app_role_has_nothing_on_operators_and_their_sessions(app, owner_engine):
    role = app.config["APP_DB_ROLE"]
    with owner_engine.connect() as conn:
        for table in CONSOLE_ONLY:
            assert _granted(conn, role, table) == set(), table
        columns = conn.execute(sa.text(
            "SELECT count(*) FROM information_schema.column_privileges "
            "WHERE grantee = :r AND table_name = ANY(:t)"), {"r": role, "t": list(CONSOLE_ONLY)}).scalar()
        sequences = conn.execute(sa.text(
            "SELECT count(*) FROM (VALUES ('tenants'), ('domains'), ('operators'), ('operator_sessions')) v(t) "
            "WHERE has_sequence_privilege(:r, pg_get_serial_sequence('public.' || v.t, 'id'), 'USAGE')"),
            {"r": role}).scalar()
    assert columns == 0
    assert sequences == 0  # no identity values to draw for rows it may not insert


def test_app_role_owns_nothing_bypasses_nothing_and_cannot_become_the_console(app, owner_engine):
    role, console = app.config["APP_DB_ROLE"], app.config["CONSOLE_DB_ROLE"]
    with owner_engine.connect() as conn:
        su, bypass, createrole, createdb, owned = _role_attributes(conn, role)
        member = conn.execute(sa.text("SELECT pg_has_role(:a, :c, 'MEMBER')"), {"a": role, "c": console}).scalar()
        console_functions = [fn for fn in ("platform_tenant_usage()", "platform_advance_identity(regclass)",
                                           "platform_delete_tenant(bigint,text)")
                             if conn.execute(sa.text("SELECT has_function_privilege(:r, :f, 'EXECUTE')"),
                                             {"r": role, "f": fn}).scalar()]
    assert (su, bypass, createrole, createdb, owned) == (False, False, False, False, 0)
    assert not member
    assert console_functions == []


def test_console_role_has_exactly_what_the_console_needs(app, owner_engine):
    role = app.config["CONSOLE_DB_ROLE"]
    assert role == app.config["APP_DB_ROLE"] + "_console"  # the default name
    with owner_engine.connect() as conn:
        su, bypass, createrole, createdb, owned = _role_attributes(conn, role)
        assert (su, bypass, createrole, createdb, owned) == (False, False, False, False, 0)
        assert _granted(conn, role, "tenants") == {"SELECT", "INSERT", "UPDATE"}  # DELETE: the function only
        assert _granted(conn, role, "domains") == {"SELECT", "INSERT", "UPDATE", "DELETE"}
        assert _granted(conn, role, "operators") == {"SELECT", "INSERT", "UPDATE"}
        assert _granted(conn, role, "operator_sessions") == {"SELECT", "INSERT", "UPDATE"}
        assert _granted(conn, role, "ranks") == {"SELECT"}
        assert _granted(conn, role, "audit_log") == {"SELECT", "INSERT"}  # append-only for it too
        assert _granted(conn, role, "employees") == {"SELECT", "INSERT", "UPDATE", "DELETE"}
        functions = {fn: conn.execute(sa.text("SELECT has_function_privilege(:r, :f, 'EXECUTE')"),
                                      {"r": role, "f": fn}).scalar()
                     for fn in ("platform_tenant_usage()", "platform_advance_identity(regclass)",
                                "platform_delete_tenant(bigint,text)",
                                "tenant_update_settings(text,text,text,text,text,bytea,text,timestamptz)")}
    assert functions == {"platform_tenant_usage()": True, "platform_advance_identity(regclass)": True,
                         "platform_delete_tenant(bigint,text)": True,
                         "tenant_update_settings(text,text,text,text,text,bytea,text,timestamptz)": False}


def test_every_table_without_row_level_security_is_read_only_for_the_app_role(app, owner_engine):
    """A global table added later is read-only for the app role unless bootstrap says otherwise."""
    role = app.config["APP_DB_ROLE"]
    with owner_engine.connect() as conn:
        tables = conn.execute(sa.text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relforcerowsecurity")).scalars().all()
        writable = {t: _granted(conn, role, t) - {"SELECT"} for t in tables}
    assert "tenants" in tables and "ranks" in tables
    assert {t: p for t, p in writable.items() if p} == {}


# --- as the roles themselves ----------------------------------------------------------------------

@pytest.fixture
def tenant(factory):
    return factory.tenant("pematangsiantar")


def _as_app(app, tenant, sql: str, params: dict | None = None):
    with psycopg.connect(_role_url(app, "app")) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(tenant.id),))
        cur = conn.execute(sql, params or {})
        return cur.fetchall() if cur.description else cur.rowcount


@pytest.mark.parametrize("statement", [
    "UPDATE domains SET tenant_id = tenant_id",
    "INSERT INTO domains (tenant_id, hostname) SELECT id, 'simpeg.penyusup.go.id' FROM tenants LIMIT 1",
    "DELETE FROM domains",
    "UPDATE tenants SET name = 'Diambil alih'",
    "INSERT INTO tenants (slug, name, kind, province, hr_agency_name, timezone, locale, primary_color, "
    "logo_version, status, created_at, updated_at) VALUES ('penyusup', 'P', 'kota', 'P', 'P', 'WIB', 'id', "
    "'#000000', 0, 'active', now(), now())",
    "INSERT INTO operators (email, full_name, password_hash, is_active, created_at) "
    "VALUES ('penyusup@x.id', 'P', 'x', true, now())",
    "SELECT password_hash FROM operators",
    "SELECT token_hash FROM operator_sessions",
    "UPDATE ranks SET code = code",
    "SELECT platform_tenant_usage()",
])
def test_the_app_role_is_refused_writes_to_global_tables_and_any_access_to_operators(app, tenant, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        _as_app(app, tenant, statement)


def test_the_app_role_still_reads_what_a_tenant_host_needs(app, tenant):
    assert _as_app(app, tenant, "SELECT slug FROM tenants") == [("pematangsiantar",)]
    assert _as_app(app, tenant, "SELECT count(*) FROM domains") == [(0,)]
    assert _as_app(app, tenant, "SELECT count(*) >= 0 FROM ranks") == [(True,)]  # readable (emptied between tests)


def test_the_console_role_writes_domains_and_operators(app, factory):
    t = factory.tenant("pematangsiantar")
    with psycopg.connect(_role_url(app, "console")) as conn:
        conn.execute("INSERT INTO domains (tenant_id, hostname) VALUES (%s, 'simpeg.siantar.go.id')", (t.id,))
        conn.execute("INSERT INTO operators (email, full_name, password_hash, is_active, created_at) "
                     "VALUES ('baru@jenjang.id', 'Baru', 'x', true, now())")
        assert conn.execute("SELECT count(*) FROM operators").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM tenants")
        conn.rollback()


# --- the tenant admin's settings: the one tenant-side write, through the function ----------------

def test_tenant_settings_function_changes_only_the_current_tenant(app, factory, owner_engine):
    a = factory.tenant("pematangsiantar")
    b = factory.tenant("palangkaraya")
    with psycopg.connect(_role_url(app, "app")) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (str(a.id),))
        changed = conn.execute("SELECT tenant_update_settings('Kota Baru', NULL, '#123456', NULL, 'en', "
                               "NULL, NULL, '2027-01-04T08:00+07:00')").fetchone()[0]
        again = conn.execute("SELECT tenant_update_settings('Kota Baru', NULL, '#123456', NULL, 'en', "
                             "NULL, NULL, '2027-01-05T08:00+07:00')").fetchone()[0]
        conn.commit()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # no tenant in context: nothing
            conn.execute("SELECT tenant_update_settings('X', NULL, NULL, NULL, NULL, NULL, NULL, now())")
        conn.rollback()
    assert (changed, again) == (True, False)
    with owner_engine.connect() as conn:
        rows = dict(conn.execute(sa.text(
            "SELECT slug, (name, primary_color, locale, updated_at = '2027-01-04T08:00+07:00') FROM tenants"
        )).tuples().all())
    assert rows["pematangsiantar"] == ("Kota Baru", "#123456", "en", "t")
    assert rows["palangkaraya"] == (b.name, "#1f6f5c", "id", "f")


def test_a_tenant_admin_still_edits_the_settings_and_logo_through_the_page(app, factory, client_for, owner_engine):
    import io

    t = factory.tenant("pematangsiantar")
    factory.user(t, "admin@pematangsiantar.demo", roles=["admin"], nip=factory.nip(t, 1))
    c = client_for(t)
    c.login("admin@pematangsiantar.demo")
    c.get("/admin/settings")
    r = c.post("/admin/settings", {"name": "Pemerintah Kota Pematang Siantar", "hr_agency_name": "BKPSDM Siantar",
                                   "primary_color": "#AA3300", "timezone": "WIB", "locale": "id",
                                   "logo": (io.BytesIO(PNG), "logo.png")},
               content_type="multipart/form-data")
    assert r.status_code == 302, c.text(r)
    with owner_engine.connect() as conn:
        row = conn.execute(sa.text("SELECT name, hr_agency_name, primary_color, logo_mime, logo_version "
                                   "FROM tenants WHERE id = :i"), {"i": t.id}).one()
        audit = conn.execute(sa.text("SELECT after FROM audit_log WHERE action = 'tenant.settings_changed'")).scalar()
    assert tuple(row) == ("Pemerintah Kota Pematang Siantar", "BKPSDM Siantar", "#aa3300", "image/png", 1)
    assert audit["name"] == "Pemerintah Kota Pematang Siantar" and audit["primary_color"] == "#aa3300"
    page = c.text(c.get("/admin/settings"))
    assert "Pemerintah Kota Pematang Siantar" in page
    assert client_for(t).get("/branding/logo").data == PNG


# --- which work runs as which role ---------------------------------------------------------------

def test_only_console_work_connects_as_the_console_role(app, client_for, tenant):
    from jenjang.console.models import Operator
    from jenjang.extensions import db
    from jenjang.tenancy.dbroles import console_role

    with app.app_context():
        assert db.session.scalar(sa.text("SELECT current_user")) == app.config["APP_DB_ROLE"]
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied for table operators"):
            db.session.scalars(sa.select(Operator)).all()
        db.session.rollback()
        with console_role():
            assert db.session.scalar(sa.text("SELECT current_user")) == app.config["CONSOLE_DB_ROLE"]
            assert db.session.scalars(sa.select(Operator)).all() == []
        db.session.rollback()


def test_the_provisioning_commands_run_as_the_console_role(app, owner_engine):
    runner = app.test_cli_runner()
    result = runner.invoke(app.cli, ["operators", "create", "baru@jenjang.id", "--name", "Operator Baru",
                                     "--password", "kata-sandi-operator-baru"])
    assert result.exit_code == 0, result.output
    applied = runner.invoke(app.cli, ["tenants", "apply", "tenants/belawan.toml"])
    assert applied.exit_code == 0, applied.output
    with owner_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT full_name FROM operators")).scalars().all() == ["Operator Baru"]
        assert conn.execute(sa.text("SELECT slug FROM tenants")).scalars().all() == ["belawan"]
