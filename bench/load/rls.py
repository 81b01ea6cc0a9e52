"""Row level security on and off, for the benchmark database only (a measurement setting, never
for production): the owner disables RLS on every table carrying the tenant policy, and puts back
ENABLE + FORCE afterwards. Only the database named by the owner URL is touched; the app role
itself is not altered (it is shared by every database on the server)."""
from __future__ import annotations

import psycopg
from fixture import LOAD_DB
from psycopg import sql


def _connect(owner: str) -> psycopg.Connection:
    url = owner.replace("postgresql+psycopg://", "postgresql://", 1)
    conn = psycopg.connect(url, autocommit=True)
    database = conn.execute("SELECT current_database()").fetchone()[0]
    if database != LOAD_DB:  # never anywhere else
        conn.close()
        raise RuntimeError(f"refusing to change row level security on {database!r}")
    conn.execute("SET lock_timeout = '10s'")
    return conn


def _tables(conn) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT tablename FROM pg_policies WHERE schemaname = 'public' "
        "AND policyname = 'tenant_isolation' ORDER BY 1")]


def set_enabled(owner: str, enabled: bool) -> int:
    with _connect(owner) as conn:
        tables = _tables(conn)
        # One table per statement (autocommit): each ALTER waits for one table only, so it can
        # never deadlock with a request reading several tables.
        for table in tables:
            ident = sql.Identifier(table)
            if enabled:
                conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY")
                             .format(ident))
            else:
                conn.execute(sql.SQL("ALTER TABLE {} DISABLE ROW LEVEL SECURITY").format(ident))
        return len(tables)


def restore(owner: str) -> int:
    """ENABLE + FORCE on every table with the tenant policy that lacks either."""
    with _connect(owner) as conn:
        off = [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relname = ANY(%s) "
            "AND NOT (c.relrowsecurity AND c.relforcerowsecurity)", (_tables(conn),))]
    if off:
        set_enabled(owner, True)
    return len(off)
