"""The building blocks every tenant table uses (the framework's half of tenancy/models.py, which
re-exports them; modules import them from there).

A tenant table is declared as `class Thing(TenantScoped, db.Model)`: it gets `tenant_id`
and `id` with primary key `(tenant_id, id)`. Foreign keys between tenant tables are made with
`tenant_fk()`, so they are composite and the database refuses a row pointing into another
tenant. Unique constraints are made with `tenant_unique()`, which always leads with tenant_id.
They live in core because core's own tables (the audit log, data generations) are tenant tables
and core sits below tenancy; they name the `tenants` table only by its name.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from jenjang.core import clock


def utcnow() -> dt.datetime:
    """The application's now (core/clock.py), the default of every timestamp column."""
    return clock.now()


def is_set(column: str) -> property:
    """A read-only flag of a row: whether `column` (a timestamp such as `read_at`) holds a value.
    Declared as `is_read = is_set("read_at")`."""
    return property(lambda row: getattr(row, column) is not None, doc=f"Whether {column} is set.")


class TenantScoped:
    """Mixin for every tenant-owned table: the ORM wall and the RLS wall key on it."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(
            sa.BigInteger, sa.ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True,
            sort_order=-100,
        )

    @declared_attr
    def id(cls) -> Mapped[int]:
        return mapped_column(sa.BigInteger, sa.Identity(), primary_key=True, sort_order=-99)


def tenant_fk(local_column: str, remote_table: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    """A composite foreign key (tenant_id, local_column) → remote_table(tenant_id, id)."""
    return sa.ForeignKeyConstraint(
        ["tenant_id", local_column], [f"{remote_table}.tenant_id", f"{remote_table}.id"],
        ondelete=ondelete,
    )


def belongs_to(owner: str, column: str, target: str, **kw):
    """The many-to-one relationship along the tenant foreign key `owner.column` → `target`: the join
    carries tenant_id too, so it cannot reach another tenant's row."""
    return relationship(target, foreign_keys=f"[{owner}.{column}]",
                        primaryjoin=f"and_({owner}.tenant_id == {target}.tenant_id, {owner}.{column} == {target}.id)",
                        **kw)


def tenant_unique(*columns: str, name: str | None = None) -> sa.UniqueConstraint:
    return sa.UniqueConstraint("tenant_id", *columns, name=name)


def tenant_index(name: str, *columns, **kw) -> sa.Index:
    return sa.Index(name, "tenant_id", *columns, **kw)
