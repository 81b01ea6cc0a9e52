"""The tenant tables as the catalogue shows them (every table under the row-level-security wall
with a `tenant_id` column, parents first), the schema revisions, and the export format's constants."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app

from jenjang.extensions import db

FORMAT = "jenjang-tenant-export"
FORMAT_VERSION = 1
NOT_EXPORTED = {
    "user_sessions": "server-side sign-in sessions: never valid on another deployment",
    "auth_tokens": "one-time invitation and password-reset links: never valid elsewhere",
}
TENANT_FIELDS = ("name", "kind", "province", "hr_agency_name", "timezone", "locale", "primary_color",
                 "logo_mime", "logo_version")
CHUNK = 2000
Progress = Callable[[int, int], None]


class LifecycleError(Exception):
    """A clear, user-facing reason (export/import/delete refused; nothing was changed)."""


@dataclass
class TableInfo:
    name: str
    columns: list[str]              # insertable columns, in table order (generated ones left out)
    key: list[str]                  # primary key columns (the export's row order)
    references: set[str] = field(default_factory=set)
    identity: bool = False


# --- the catalogue -------------------------------------------------------------------------

def tenant_tables(conn=None) -> list[TableInfo]:
    """Every tenant table (FORCE row level security and a tenant_id column), parents first."""
    conn = conn or db.session.connection()
    rows = conn.execute(sa.text("""
        SELECT c.relname,
               ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                     AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum)::text[] AS cols,
               ARRAY(SELECT a.attname FROM pg_index x CROSS JOIN unnest(x.indkey) WITH ORDINALITY k(n, o)
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.n
                     WHERE x.indrelid = c.oid AND x.indisprimary ORDER BY k.o)::text[] AS pkey,
               EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id'
                       AND a.attidentity <> '') AS identity
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relforcerowsecurity
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'
                      AND NOT a.attisdropped)
    """)).all()
    tables = {r.relname: TableInfo(r.relname, list(r.cols), list(r.pkey) or list(r.cols), identity=r.identity)
              for r in rows}
    for child, parent in conn.execute(sa.text("""
        SELECT cl.relname, pl.relname FROM pg_constraint con
        JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_class pl ON pl.oid = con.confrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE con.contype = 'f' AND n.nspname = 'public'
    """)):
        if child in tables and parent in tables and child != parent:
            tables[child].references.add(parent)
    return _dependency_order(tables)


def _dependency_order(tables: dict[str, TableInfo]) -> list[TableInfo]:
    ordered: list[TableInfo] = []
    placed: set[str] = set()
    pending = dict(sorted(tables.items()))
    while pending:
        ready = [name for name, t in pending.items() if t.references <= placed]
        if not ready:
            raise LifecycleError(f"foreign keys form a cycle between {sorted(pending)}")
        for name in ready:
            ordered.append(pending.pop(name))
            placed.add(name)
    return ordered


def schema_revisions(conn=None) -> list[str]:
    conn = conn or db.session.connection()
    return sorted(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())


def _known_revisions(heads: list[str]) -> set[str]:
    """Every revision at or below the current heads (an older export is compatible)."""
    script = ScriptDirectory(current_app.extensions["migrate"].directory)
    return {rev.revision for rev in script.iterate_revisions(heads, "base")}
