"""Host header → site. Only the Host header decides: `<slug>.<BASE_DOMAIN>` (anchored, the
slug a single DNS label), `console.<BASE_DOMAIN>`, or a tenant's exact custom domain."""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from jenjang.config import SYSTEM_HOSTS
from jenjang.extensions import db
from jenjang.tenancy.models import Domain, Tenant

LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
HOSTNAME_RE = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


@dataclass(frozen=True)
class Site:
    kind: str  # "tenant" or "console"
    tenant: Tenant | None = None


def normalise_host(raw: str | None) -> str | None:
    if not raw:
        return None
    host = raw.strip().lower()
    if host.startswith("["):  # IPv6 literal: never a tenant
        return None
    host = host.rsplit(":", 1)[0] if ":" in host else host
    host = host.rstrip(".")
    if not host or len(host) > 253:
        return None
    return host


def slug_problem(slug: str) -> str | None:
    """Why a slug cannot be used, or None. Messages are lazy-translated by the caller."""
    if not LABEL_RE.fullmatch(slug or ""):
        return "not-a-label"
    if slug in SYSTEM_HOSTS:
        return "reserved"
    return None


def hostname_problem(hostname: str, base_domain: str) -> str | None:
    if not HOSTNAME_RE.fullmatch(hostname or ""):
        return "not-a-hostname"
    if hostname == base_domain or hostname.endswith("." + base_domain):
        return "under-base-domain"
    return None


def resolve_host(raw_host: str | None, base_domain: str) -> Site | None:
    host = normalise_host(raw_host)
    if host is None:
        return None
    if host == f"console.{base_domain}":
        return Site("console")
    suffix = "." + base_domain
    if host.endswith(suffix):
        slug = host[: -len(suffix)]
        if slug_problem(slug) is not None:
            return None
        tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == slug))
        return Site("tenant", tenant) if tenant else None
    tenant = db.session.scalar(
        sa.select(Tenant).join(Domain, Domain.tenant_id == Tenant.id).where(Domain.hostname == host)
    )
    return Site("tenant", tenant) if tenant else None
