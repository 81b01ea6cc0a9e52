"""Absolute links to a tenant's host (for emails and invitations sent from anywhere)."""
from __future__ import annotations

from flask import current_app, url_for

from jenjang.tenancy.models import Tenant


def tenant_host(tenant: Tenant) -> str:
    return f"{tenant.slug}.{current_app.config['BASE_DOMAIN']}"


def site_root(host: str) -> str:
    scheme = current_app.config["EXTERNAL_SCHEME"]
    port = current_app.config["EXTERNAL_PORT"]
    default = 443 if scheme == "https" else 80
    suffix = f":{port}" if port and port != default else ""
    return f"{scheme}://{host}{suffix}"


def tenant_url(tenant: Tenant, endpoint: str, **values) -> str:
    path = url_for(endpoint, _external=False, **values)
    return site_root(tenant_host(tenant)) + path


def console_url(endpoint: str, **values) -> str:
    path = url_for(endpoint, _external=False, **values)
    return site_root(f"console.{current_app.config['BASE_DOMAIN']}") + path
