"""Global tables (tenants, domains) and the building blocks every tenant table uses.

A tenant table is declared as `class Thing(TenantScoped, db.Model)`: it gets `tenant_id`
and `id` with primary key `(tenant_id, id)`. Foreign keys between tenant tables are made with
`tenant_fk()`, so they are composite and the database refuses a row pointing into another
tenant. Unique constraints are made with `tenant_unique()`, which always leads with tenant_id.
(Those building blocks are defined in core/tables.py and re-exported here.)
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.core import scope
from jenjang.core.tables import TenantScoped, belongs_to, tenant_fk, tenant_index, tenant_unique, utcnow
from jenjang.extensions import db
from jenjang.tenancy.context import current_tenant_id

# The building blocks of tenant tables live in core (core/tables.py: the audit log is one);
# every module imports them from here.
__all__ = ["LOCALES", "TENANT_KINDS", "TIME_ZONES", "Domain", "Tenant", "TenantScoped", "belongs_to",
           "tenant_fk", "tenant_index", "tenant_unique", "tenant_zone", "utcnow"]

TENANT_KINDS = ("provinsi", "kabupaten", "kota")
TIME_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
LOCALES = ("id", "en")


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


def tenant_zone() -> ZoneInfo | None:
    """The time zone of the tenant in context (None outside one), read once per request."""
    tid = current_tenant_id()
    if tid is None or not has_app_context():
        return None
    tenant = g.get("tenant")
    if tenant is not None and getattr(tenant, "id", None) == tid:
        return ZoneInfo(TIME_ZONES[tenant.timezone or "WIB"])
    cache = g.setdefault("_tenant_zones", {})
    if tid not in cache:
        code = db.session.scalar(sa.select(Tenant.timezone).where(Tenant.id == tid)) or "WIB"
        cache[tid] = ZoneInfo(TIME_ZONES[code])
    return cache[tid]


scope.provide(zone=tenant_zone)  # the clock's local date (core/clock.py)
