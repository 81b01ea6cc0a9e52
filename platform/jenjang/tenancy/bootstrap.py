"""Database roles and privileges, run with the owner connection after every migration.

Two login roles, both NOSUPERUSER NOBYPASSRLS, owning nothing (tenancy/dbroles.py says which
work runs as which):
- the **app role** serves the tenant hosts and the workers. It reads and writes tenant tables (row
  level security decides which rows) but never updates or deletes the append-only ones; it only
  reads the global tables (tenants, domains, ranks …) and has no access at all to the platform
  operators and their sessions. A tenant admin's own settings go through the SECURITY DEFINER
  function tenant_update_settings(), which changes only the tenant in `app.tenant_id`.
- the **console role** serves the operator console and the provisioning commands: the tenant
  tables like the app role (provisioning seeds them, an import fills them), and the writes on
  the global tables that the console makes (CONSOLE_WRITES), plus the console's functions.

Tenant tables are found in the catalogue (FORCE ROW LEVEL SECURITY), so a new module's tables need
no change here; any other table is global: read-only unless named below.
A DBA who does not give us CREATEROLE creates both roles by hand (README), then `flask setup`
runs `grant_sql()`; every statement is here."""
from __future__ import annotations

import psycopg
from psycopg import sql

from jenjang.config import console_role_name, normalise_db_url

APPEND_ONLY_TABLES = ("audit_log", "workflow_transitions")
# The global tables' writes, all the console's. A tenant is deleted only through
# platform_delete_tenant() (typed slug, every table, audit log included), never by DELETE.
CONSOLE_WRITES = {
    "tenants": ("INSERT", "UPDATE"),
    "domains": ("INSERT", "UPDATE", "DELETE"),
    "operators": ("INSERT", "UPDATE"),
    "operator_sessions": ("INSERT", "UPDATE"),
}
# Global tables the app role may not even read: operators' password hashes and session tokens.
CONSOLE_ONLY = ("operators", "operator_sessions")
APP_FUNCTIONS = ("notifications_due_for_sweep(interval, timestamptz)",
                 "tenant_update_settings(text, text, text, text, text, bytea, text, timestamptz)")
CONSOLE_FUNCTIONS = ("platform_tenant_usage()", "platform_advance_identity(regclass)",
                     "platform_delete_tenant(bigint, text)")
TENANT_TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")


def _plain_url(url: str) -> str:
    return normalise_db_url(url).replace("postgresql+psycopg://", "postgresql://", 1)


def role_sql(role: str, password: str | None) -> list[sql.Composable]:
    ident = sql.Identifier(role)
    stmts: list[sql.Composable] = [
        sql.SQL("ALTER ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE").format(ident),
    ]
    if password:
        stmts.append(sql.SQL("ALTER ROLE {} PASSWORD {}").format(ident, sql.Literal(password)))
    return stmts


def catalogue(conn) -> list[tuple[str, bool, str | None]]:
    """(table, is a tenant table, its identity sequence) for every table of the schema."""
    return conn.execute("""
        SELECT c.relname, c.relforcerowsecurity,
               CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                 AND a.attname = 'id' AND NOT a.attisdropped)
                    THEN pg_get_serial_sequence(format('public.%I', c.relname), 'id') END
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
        ORDER BY c.relname
    """).fetchall()


def _grant(privileges, table: str, ident) -> sql.Composable:
    return sql.SQL("GRANT {} ON TABLE {} TO {}").format(
        sql.SQL(", ").join(sql.SQL(p) for p in privileges), sql.Identifier(table), ident)


def grant_sql(role: str, database: str, tables, *, console: bool) -> list[sql.Composable]:
    """Everything `role` may do, from nothing: its earlier grants are revoked first (the caller
    runs the list in one transaction, so a live application never sees the gap)."""
    ident = sql.Identifier(role)
    stmts = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), ident),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(ident),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(ident),
        sql.SQL("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {}").format(ident),
    ]
    for table, tenant_table, sequence in tables:
        if tenant_table:
            privileges = [p for p in TENANT_TABLE_PRIVILEGES
                          if not (table in APPEND_ONLY_TABLES and p in ("UPDATE", "DELETE"))]
            writes = True
        elif console:
            privileges = ["SELECT", *CONSOLE_WRITES.get(table, ())]
            writes = table in CONSOLE_WRITES
        elif table in CONSOLE_ONLY:
            continue
        else:
            privileges, writes = ["SELECT"], False
        stmts.append(_grant(privileges, table, ident))
        if sequence and writes:
            stmts.append(sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {} TO {}").format(
                sql.SQL(sequence), ident))  # already quoted by pg_get_serial_sequence
    for fn in CONSOLE_FUNCTIONS if console else APP_FUNCTIONS:
        stmts.append(sql.SQL("GRANT EXECUTE ON FUNCTION " + fn + " TO {}").format(ident))
    return stmts


def bootstrap(owner_url: str, role: str, password: str | None, console_role: str | None = None,
              console_password: str | None = None) -> list[str]:
    """Create/align the app role and the console role and grant each what it needs. Returns what
    it did. The console role defaults to `<role>_console` with the app role's password."""
    console_role = console_role or console_role_name(role)
    console_password = console_password or password
    done = []
    with psycopg.connect(_plain_url(owner_url), autocommit=True) as conn:
        with conn.transaction():
            for name, secret in ((role, password), (console_role, console_password)):
                exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
                if not exists:
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
                    done.append(f"created role {name}")
                for stmt in role_sql(name, secret):
                    conn.execute(stmt)
            database = conn.execute("SELECT current_database()").fetchone()[0]
            tables = catalogue(conn)
            for name, console in ((role, False), (console_role, True)):
                for stmt in grant_sql(name, database, tables, console=console):
                    conn.execute(stmt)
                done.append(f"granted {name} on {database}")
    return done
