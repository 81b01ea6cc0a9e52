"""The path past one PostgreSQL server: Citus, with every tenant table distributed by tenant_id.

`plan()` reads the catalogue: the global tables (tenants, domains, operators, ranks …) become
reference tables (a copy on every node), every tenant table (row level security + tenant_id)
becomes a distributed table on `tenant_id`, all co-located with the first one, so a tenant's
rows of every table live on the same node and the composite foreign keys stay node-local.
`flask db distribute` runs the plan when the `citus` extension is present (idempotent: tables
already distributed are skipped) and explains itself otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from jenjang.tenancy.lifecycle import TableInfo, _dependency_order, tenant_tables

LOCAL_ONLY = ("alembic_version",)  # stays on the coordinator


@dataclass
class Plan:
    reference: list[str]
    distributed: list[str]

    def statements(self, done: set[str] = frozenset()) -> list[str]:
        out = [f"SELECT create_reference_table('{t}')" for t in self.reference if t not in done]
        anchor = self.distributed[0] if self.distributed else None
        for table in self.distributed:
            if table in done:
                continue
            if table == anchor:
                out.append(f"SELECT create_distributed_table('{table}', 'tenant_id')")
            else:
                out.append(f"SELECT create_distributed_table('{table}', 'tenant_id', colocate_with => '{anchor}')")
        return out


def plan(conn) -> Plan:
    distributed = [t.name for t in tenant_tables(conn)]
    rows = conn.execute(sa.text("""
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
    """)).scalars().all()
    globals_ = {name: TableInfo(name, [], []) for name in rows
                if name not in distributed and name not in LOCAL_ONLY}
    for child, parent in conn.execute(sa.text("""
        SELECT cl.relname, pl.relname FROM pg_constraint con
        JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_class pl ON pl.oid = con.confrelid
        WHERE con.contype = 'f' AND cl.relnamespace = 'public'::regnamespace
    """)):
        if child in globals_ and parent in globals_ and child != parent:
            globals_[child].references.add(parent)
    reference = [t.name for t in _dependency_order(globals_)]
    return Plan(reference=reference, distributed=distributed)


def citus_present(conn) -> bool:
    return conn.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'citus'")).scalar() is not None


def already_distributed(conn) -> set[str]:
    return set(conn.execute(sa.text("SELECT logicalrelid::regclass::text FROM pg_dist_partition")).scalars())
