"""Dates as the region lives them. A pemda in Jayapura starts its day nine hours before UTC does, so
"today" (enrolment windows, deadlines, the year of a JP credit) is the tenant's local date, never
the server's: `clock.today()` in tenant context, UTC outside one (console, CLI without a tenant).

    from jenjang.core import clock
    clock.today()                 -> dt.date in the tenant's time zone (WIB, WITA or WIT)
    clock.local_date(moment)      -> the tenant-local date of an aware datetime
    clock.tenant_zone()           -> ZoneInfo
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import g, has_app_context

from jenjang.tenancy.context import current_tenant_id

UTC = ZoneInfo("UTC")


def tenant_zone() -> ZoneInfo:
    from jenjang.tenancy.models import TIME_ZONES, Tenant

    tid = current_tenant_id()
    if tid is None or not has_app_context():
        return UTC
    tenant = g.get("tenant")
    if tenant is not None and getattr(tenant, "id", None) == tid:
        return ZoneInfo(TIME_ZONES[tenant.timezone or "WIB"])
    cache = g.setdefault("_tenant_zones", {})
    if tid not in cache:
        from jenjang.extensions import db

        code = db.session.scalar(sa.select(Tenant.timezone).where(Tenant.id == tid)) or "WIB"
        cache[tid] = ZoneInfo(TIME_ZONES[code])
    return cache[tid]


def local_date(moment: dt.datetime, zone: ZoneInfo | None = None) -> dt.date:
    return moment.astimezone(zone or tenant_zone()).date()


def today(zone: ZoneInfo | None = None) -> dt.date:
    return local_date(dt.datetime.now(dt.UTC), zone)
