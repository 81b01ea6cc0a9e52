"""Database roles and privileges, run with the owner connection after every migration.

The app role: LOGIN, NOSUPERUSER, NOBYPASSRLS, owns nothing; may read and write tenant tables
(row level security decides which rows) but never UPDATE or DELETE the audit log.
A DBA who does not give us CREATEROLE runs the statements of `role_sql()` by hand (README)."""
from __future__ import annotations

import psycopg
from psycopg import sql

from jenjang.config import normalise_db_url

APPEND_ONLY_TABLES = ("audit_log", "workflow_transitions")
FUNCTIONS = ("platform_tenant_usage()", "notifications_due_for_sweep(interval, timestamptz)",
             "platform_advance_identity(regclass)", "platform_delete_tenant(bigint, text)")


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


def grant_sql(role: str, database: str) -> list[sql.Composable]:
    ident = sql.Identifier(role)
    stmts = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), ident),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(ident),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(ident),
        sql.SQL("REVOKE ALL ON TABLE alembic_version FROM {}").format(ident),
        sql.SQL("GRANT SELECT ON TABLE alembic_version TO {}").format(ident),
    ]
    for table in APPEND_ONLY_TABLES:
        stmts.append(sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON TABLE {} FROM {}").format(
            sql.Identifier(table), ident))
    # A tenant goes only through platform_delete_tenant() (typed slug, every table, audit log
    # included): the app role may not delete the tenants row and cascade around that.
    stmts.append(sql.SQL("REVOKE DELETE, TRUNCATE ON TABLE tenants FROM {}").format(ident))
    for fn in FUNCTIONS:
        stmts.append(sql.SQL("GRANT EXECUTE ON FUNCTION " + fn + " TO {}").format(ident))
    return stmts


def bootstrap(owner_url: str, role: str, password: str | None) -> list[str]:
    """Create/align the app role and grant it what it needs. Returns what it did."""
    done = []
    with psycopg.connect(_plain_url(owner_url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
            done.append(f"created role {role}")
        for stmt in role_sql(role, password):
            conn.execute(stmt)
        database = conn.execute("SELECT current_database()").fetchone()[0]
        for stmt in grant_sql(role, database):
            conn.execute(stmt)
        done.append(f"granted {role} on {database}")
    return done
