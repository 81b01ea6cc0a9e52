"""`flask tenants apply tenants/<slug>.toml`: provision or update a tenant from its manifest,
idempotently. The database stays the truth: the manifest only says what must be there."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from jenjang.auth import operations as auth_ops
from jenjang.auth.models import User
from jenjang.core import audit
from jenjang.extensions import db
from jenjang.people.demo.accounts import ensure_demo_accounts
from jenjang.tenancy import operations as ops
from jenjang.tenancy.context import tenant_context
from jenjang.tenancy.models import LOCALES, TENANT_KINDS, TIME_ZONES, Tenant
from jenjang.tenancy.resolve import slug_problem


class ManifestError(ValueError):
    pass


@dataclass
class Manifest:
    slug: str
    fields: dict
    domains: list[str]
    logo: Path | None
    admin: dict | None
    demo: dict = field(default_factory=dict)
    source: Path | None = None


def load(path: Path) -> Manifest:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"{path}: {exc}") from exc
    slug = str(data.get("slug", "")).strip().lower()
    if slug_problem(slug):
        raise ManifestError(f"{path}: slug {slug!r} is not a usable DNS label (or is reserved)")
    fields = {k: data[k] for k in ops.EDITABLE_FIELDS if k in data}
    for required in ("name", "kind", "province", "hr_agency_name"):
        if not fields.get(required):
            raise ManifestError(f"{path}: {required} is required")
    if fields["kind"] not in TENANT_KINDS:
        raise ManifestError(f"{path}: kind must be one of {', '.join(TENANT_KINDS)}")
    if fields.get("timezone", "WIB") not in TIME_ZONES:
        raise ManifestError(f"{path}: timezone must be WIB, WITA or WIT")
    if fields.get("locale", "id") not in LOCALES:
        raise ManifestError(f"{path}: locale must be id or en")
    logo = data.get("logo")
    logo_path = (path.parent / logo) if logo else None
    if logo_path is not None and not logo_path.is_file():
        raise ManifestError(f"{path}: logo file {logo_path} not found")
    return Manifest(slug=slug, fields=fields, domains=list(data.get("domains", [])), logo=logo_path,
                    admin=data.get("admin"), demo=data.get("demo", {}), source=path)


LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def apply(manifest: Manifest, *, demo: bool = False, production: bool = False) -> list[str]:
    """Returns the list of changes made (empty when the tenant already matched)."""
    if demo and production:
        raise ManifestError("demo accounts are never created in production mode")
    changes: list[str] = []
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == manifest.slug))
    if tenant is None:
        tenant = ops.create_tenant(manifest.slug, **manifest.fields)
        changes.append(f"created tenant {manifest.slug}")
    elif ops.update_tenant(tenant, **manifest.fields):
        changes.append("updated tenant fields")
    ops.provision(tenant)  # idempotent: seeds what a module added since the tenant was created
    if ops.set_domains(tenant, manifest.domains):
        changes.append("updated domains")
    if manifest.logo is not None:
        mime = LOGO_TYPES.get(manifest.logo.suffix.lower())
        if mime is None:
            raise ManifestError(f"logo must be one of {', '.join(LOGO_TYPES)}")
        if ops.set_logo(tenant, manifest.logo.read_bytes(), mime):
            changes.append("updated logo")
    db.session.flush()

    with tenant_context(tenant.id):
        if manifest.admin and manifest.admin.get("email"):
            email = manifest.admin["email"].strip().lower()
            if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
                user = auth_ops.create_user(full_name=manifest.admin.get("name", email), email=email,
                                            roles=["admin"])
                auth_ops.issue_token(user, "invite")
                changes.append(f"created first admin {email} (invitation issued)")
        if demo:
            changes.extend(ensure_demo_accounts(tenant, manifest.demo))
        if changes:
            audit.record("tenant.manifest_applied", object_type="Tenant", object_id=tenant.id,
                         after={"changes": changes}, actor=(None, "flask tenants apply"))
        db.session.flush()
    return changes
