"""Provisioning and lifecycle of tenants (used by the console and by `flask tenants apply`, which
run as the console role: tenancy/dbroles.py), and a tenant admin's own settings
(update_own_settings, through a SECURITY DEFINER function: the app role only reads tenants)."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.core import audit
from jenjang.extensions import db
from jenjang.tenancy.context import require_tenant_id, tenant_context
from jenjang.tenancy.models import Domain, Tenant, utcnow
from jenjang.tenancy.orm import CrossTenantWrite
from jenjang.tenancy.resolve import mark_hosts_changed

EDITABLE_FIELDS = ("name", "kind", "province", "hr_agency_name", "timezone", "locale", "primary_color")


def tenant_snapshot(tenant: Tenant) -> dict:
    snap = {f: getattr(tenant, f) for f in EDITABLE_FIELDS}
    snap["domains"] = sorted(domain_names(tenant))
    snap["status"] = tenant.status
    return snap


def domain_names(tenant: Tenant) -> list[str]:
    return list(db.session.scalars(sa.select(Domain.hostname).where(Domain.tenant_id == tenant.id)
                                   .order_by(Domain.hostname)))


# Modules that seed per-tenant data (default workflows, the national competencies …) register an
# idempotent function here; it runs inside the tenant's context when the tenant is created and
# again on every `flask tenants apply`, so existing tenants catch up after an upgrade.
PROVISIONERS: list = []


def provisioner(fn):
    if fn not in PROVISIONERS:
        PROVISIONERS.append(fn)
    return fn


def provision(tenant: Tenant) -> None:
    with tenant_context(tenant.id):
        for fn in PROVISIONERS:
            fn()
        db.session.flush()


def create_tenant(slug: str, **fields) -> Tenant:
    tenant = Tenant(slug=slug, **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    db.session.add(tenant)
    db.session.flush()
    provision(tenant)
    return tenant


def update_tenant(tenant: Tenant, **fields) -> bool:
    changed = False
    for key in EDITABLE_FIELDS:
        if key in fields and fields[key] is not None and getattr(tenant, key) != fields[key]:
            setattr(tenant, key, fields[key])
            changed = True
    if changed:
        tenant.updated_at = utcnow()
    return changed


def set_logo(tenant: Tenant, data: bytes, mime: str) -> bool:
    if tenant.logo_data == data and tenant.logo_mime == mime:
        return False
    tenant.logo_data = data
    tenant.logo_mime = mime
    tenant.logo_version = (tenant.logo_version or 0) + 1
    tenant.updated_at = utcnow()
    return True


def update_own_settings(tenant: Tenant, *, name: str | None = None, hr_agency_name: str | None = None,
                        primary_color: str | None = None, timezone: str | None = None,
                        locale: str | None = None, logo: tuple[bytes, str] | None = None) -> bool:
    """A tenant admin changes their own tenant's settings (core.settings). The app role may not
    UPDATE tenants (tenancy/bootstrap.py): the change goes through tenant_update_settings(),
    SECURITY DEFINER, which touches only the tenant in `app.tenant_id` and only these fields.
    `tenant` is refreshed afterwards. Returns whether anything changed."""
    if tenant.id != require_tenant_id():
        raise CrossTenantWrite("refusing to change the settings of another tenant")
    data, mime = logo or (None, None)
    changed = db.session.scalar(
        sa.text("SELECT tenant_update_settings(CAST(:name AS text), CAST(:agency AS text), "
                "CAST(:color AS text), CAST(:tz AS text), CAST(:locale AS text), CAST(:logo AS bytea), "
                "CAST(:mime AS text), CAST(:at AS timestamptz))"),
        {"name": name, "agency": hr_agency_name, "color": primary_color, "tz": timezone, "locale": locale,
         "logo": data, "mime": mime, "at": utcnow()})
    if changed:
        mark_hosts_changed()  # raw SQL: forget the cached host → tenant rows now and after the commit
        db.session.refresh(tenant)
    return bool(changed)


def change_own_settings(tenant: Tenant, **fields) -> None:
    """`update_own_settings`, with the change in the tenant's audit log."""
    before = tenant_snapshot(tenant)
    update_own_settings(tenant, **fields)
    old, new = audit.diff(before, tenant_snapshot(tenant))
    audit.record("tenant.settings_changed", object_type="Tenant", object_id=tenant.id, before=old, after=new)


def set_domains(tenant: Tenant, hostnames: list[str]) -> bool:
    wanted = sorted({h.strip().lower().rstrip(".") for h in hostnames if h.strip()})
    current = domain_names(tenant)
    if wanted == current:
        return False
    db.session.execute(sa.delete(Domain).where(Domain.tenant_id == tenant.id, Domain.hostname.not_in(wanted)))
    for host in wanted:
        if host not in current:
            db.session.add(Domain(tenant_id=tenant.id, hostname=host))
    tenant.updated_at = utcnow()
    db.session.flush()
    return True


def domain_taken_elsewhere(hostname: str, tenant: Tenant | None) -> bool:
    stmt = sa.select(Domain.id).where(Domain.hostname == hostname)
    if tenant is not None:
        stmt = stmt.where(Domain.tenant_id != tenant.id)
    return db.session.scalar(stmt) is not None


def suspend(tenant: Tenant, reason: str) -> None:
    tenant.status = "suspended"
    tenant.suspended_reason = reason
    tenant.updated_at = utcnow()


def reactivate(tenant: Tenant) -> None:
    tenant.status = "active"
    tenant.suspended_reason = None
    tenant.updated_at = utcnow()


def usage() -> dict[int, dict]:
    """Users and employees per tenant, through the one audited cross-tenant function
    (platform_tenant_usage, SECURITY DEFINER, created by migration)."""
    rows = db.session.execute(sa.text("SELECT tenant_id, users, employees FROM platform_tenant_usage()"))
    return {r.tenant_id: {"users": r.users, "employees": r.employees} for r in rows}
