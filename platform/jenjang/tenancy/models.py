"""Global tables (tenants, domains) and the building blocks every tenant table uses.

A tenant table is declared as `class Thing(TenantScoped, db.Model)`: it gets `tenant_id`
and `id` with primary key `(tenant_id, id)`. Foreign keys between tenant tables are made with
`tenant_fk()`, so they are composite and the database refuses a row pointing into another
tenant. Unique constraints are made with `tenant_unique()`, which always leads with tenant_id.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from jenjang.core import clock
from jenjang.extensions import db

TENANT_KINDS = ("provinsi", "kabupaten", "kota")
TIME_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
LOCALES = ("id", "en")


def utcnow() -> dt.datetime:
    """The application's now (core/clock.py), the default of every timestamp column."""
    return clock.now()


class Tenant(db.Model):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(63), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20))
    province: Mapped[str] = mapped_column(sa.String(100))
    hr_agency_name: Mapped[str] = mapped_column(sa.String(200))
    timezone: Mapped[str] = mapped_column(sa.String(4), default="WIB")
    locale: Mapped[str] = mapped_column(sa.String(5), default="id")
    primary_color: Mapped[str] = mapped_column(sa.String(7), default="#1f6f5c")
    logo_data: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    logo_mime: Mapped[str | None] = mapped_column(sa.String(40))
    logo_version: Mapped[int] = mapped_column(sa.Integer, default=0)
    status: Mapped[str] = mapped_column(sa.String(20), default="active")
    suspended_reason: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        sa.CheckConstraint("kind IN ('provinsi', 'kabupaten', 'kota')", name="kind"),
        sa.CheckConstraint("status IN ('active', 'suspended')", name="status"),
        sa.CheckConstraint("timezone IN ('WIB', 'WITA', 'WIT')", name="timezone"),
    )

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def tz_name(self) -> str:
        return TIME_ZONES[self.timezone]


class Domain(db.Model):
    """A tenant's exact custom host name, e.g. simpeg.pematangsiantarkota.go.id."""

    __tablename__ = "domains"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(sa.ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    hostname: Mapped[str] = mapped_column(sa.String(253), unique=True)


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


def tenant_unique(*columns: str, name: str | None = None) -> sa.UniqueConstraint:
    return sa.UniqueConstraint("tenant_id", *columns, name=name)


def tenant_index(name: str, *columns, **kw) -> sa.Index:
    return sa.Index(name, "tenant_id", *columns, **kw)
