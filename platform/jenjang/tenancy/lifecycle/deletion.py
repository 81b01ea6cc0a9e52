"""Delete: every row of the tenant, the append-only audit log included, through
platform_delete_tenant (SECURITY DEFINER) after the operator typed the slug; the files go after
the commit."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.tenancy.lifecycle.catalogue import LifecycleError
from jenjang.tenancy.lifecycle.files import files_root, purge_on_commit, tenant_files_dir
from jenjang.tenancy.models import Tenant
from jenjang.tenancy.resolve import mark_hosts_changed


def delete_tenant(tenant: Tenant, typed_slug: str) -> int:
    """Delete every row of the tenant (after the operator typed its slug); its files and exports
    go when the transaction commits. Returns how many rows went (the tenants row excluded)."""
    if (typed_slug or "").strip() != tenant.slug:
        raise LifecycleError("the slug typed does not match the tenant's slug")
    tenant_id, slug = tenant.id, tenant.slug
    db.session.flush()
    db.session.expunge(tenant)
    deleted = db.session.scalar(sa.text("SELECT platform_delete_tenant(:id, :slug)"),
                                {"id": tenant_id, "slug": slug})
    mark_hosts_changed()  # raw SQL: tell this process's host cache now and again after the commit
    paths = [tenant_files_dir(tenant_id)]
    if (files_root() / "_exports").is_dir():
        paths += list((files_root() / "_exports").glob(f"t{tenant_id}-*"))
    purge_on_commit(paths, tenant_id)
    return int(deleted or 0)
