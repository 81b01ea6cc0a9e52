"""The operator's writes: operators, and tenants as the console changes them (each with its entry
in the tenant's audit log). They flush, never commit; the request (or CLI command) commits."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.auth import operations as auth_ops
from jenjang.auth.passwords import hash_password
from jenjang.console.models import Operator
from jenjang.core import audit
from jenjang.extensions import db
from jenjang.notifications.links import send_account_link
from jenjang.tenancy import operations as tenancy_ops
from jenjang.tenancy.context import tenant_context
from jenjang.tenancy.models import Tenant
from jenjang.tenancy.urls import tenant_url


def ensure_operator(email: str, name: str, password: str) -> Operator:
    email = email.strip().lower()
    op = db.session.scalar(sa.select(Operator).where(Operator.email == email))
    if op is None:
        op = Operator(email=email, full_name=name, password_hash=hash_password(password))
        db.session.add(op)
        db.session.flush()
    return op


def slug_taken(slug: str) -> bool:
    return db.session.scalar(sa.select(Tenant.id).where(Tenant.slug == slug)) is not None


def create_tenant(slug: str, fields: dict, domains: list[str], *, admin_name: str, admin_email: str) -> Tenant:
    """A new tenant with its domains and its first admin, who is sent an invitation."""
    tenant = tenancy_ops.create_tenant(slug, **fields)
    tenancy_ops.set_domains(tenant, domains)
    with tenant_context(tenant.id):
        admin = auth_ops.create_user(full_name=admin_name, email=admin_email, roles=["admin"])
        raw = auth_ops.issue_token(admin, "invite")
        audit.record("tenant.created", object_type="Tenant", object_id=tenant.id,
                     after=tenancy_ops.tenant_snapshot(tenant))
        send_account_link(admin, "invite", tenant_url(tenant, "auth.accept_invite", token=raw))
        db.session.flush()
    return tenant


def update_tenant(tenant: Tenant, fields: dict, domains: list[str]) -> None:
    before = tenancy_ops.tenant_snapshot(tenant)
    tenancy_ops.update_tenant(tenant, **fields)
    tenancy_ops.set_domains(tenant, domains)
    old, new = audit.diff(before, tenancy_ops.tenant_snapshot(tenant))
    if new:
        with tenant_context(tenant.id):
            audit.record("tenant.updated_by_operator", object_type="Tenant", object_id=tenant.id,
                         before=old, after=new)
            db.session.flush()


def suspend(tenant: Tenant, reason: str) -> None:
    tenancy_ops.suspend(tenant, reason)
    with tenant_context(tenant.id):
        audit.record("tenant.suspended", object_type="Tenant", object_id=tenant.id,
                     after={"reason": tenant.suspended_reason})
        db.session.flush()


def reactivate(tenant: Tenant) -> None:
    tenancy_ops.reactivate(tenant)
    with tenant_context(tenant.id):
        audit.record("tenant.reactivated", object_type="Tenant", object_id=tenant.id)
        db.session.flush()
