"""The request side of tenancy: resolve the site from the Host header before anything else,
keep console and tenant routes apart, refuse suspended tenants, and make the one commit."""
from __future__ import annotations

from flask import Flask, abort, current_app, g, render_template, request

from jenjang.extensions import db
from jenjang.tenancy.context import activate, deactivate
from jenjang.tenancy.dbroles import enter_console_role, leave_console_role
from jenjang.tenancy.resolve import HostCache, attach, resolve_host

# Endpoints that answer on any host and need no tenant (load balancers probe them by IP).
HOSTLESS_ENDPOINTS = frozenset({"core.healthz", "core.readyz", "static"})
SHARED_BLUEPRINTS = frozenset({"core"})
CONSOLE_BLUEPRINTS = frozenset({"console"})


def init_app(app: Flask) -> None:
    app.extensions["jenjang.hosts"] = HostCache()
    app.before_request(resolve_site)
    app.after_request(commit_or_rollback)
    app.teardown_request(leave_tenant)


def resolve_site():
    g.site = None
    g.tenant = None
    # A request may share `g` with an earlier one whose streamed body is still open (the test
    # client, stream_with_context): sign-in is decided afresh, never by its (expired) user.
    g.pop("_login_user", None)
    if request.endpoint in HOSTLESS_ENDPOINTS:
        return None
    site = resolve_host(request.host, current_app.config["BASE_DOMAIN"], current_app.extensions["jenjang.hosts"])
    if site is None:
        abort(404)
    g.site = site.kind
    if site.kind == "console":
        # The console's requests are the only ones that run as the console role: sign-in and
        # operator sessions, provisioning, domains, lifecycle (tenancy/dbroles.py).
        g._console_role_token = enter_console_role()
    # The tenant first, then its copy in the session: the transaction then begins with the
    # right app.tenant_id, set once (see tenancy/orm.py).
    g._tenant_token = activate(site.tenant.id if site.tenant else None)
    g.tenant = attach(site.tenant) if site.tenant is not None else None
    g.tenant_slug = site.tenant.slug if site.tenant else None  # for the request log, after commit
    return _refusal(site.kind, request.blueprint, site.tenant)


def _refusal(kind: str, blueprint: str | None, tenant):
    """Console routes only on the console host, tenant routes never there; a suspended tenant's
    pages say so."""
    if kind == "console" and blueprint not in CONSOLE_BLUEPRINTS | SHARED_BLUEPRINTS:
        abort(404)
    if kind == "tenant" and blueprint in CONSOLE_BLUEPRINTS:
        abort(404)
    if tenant is not None and not tenant.is_active:
        return render_template("errors/suspended.html"), 503
    return None


def commit_or_rollback(response):
    # One commit per request, made here: views and operations only flush.
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def leave_tenant(exc):
    token = g.pop("_tenant_token", None)
    if token is not None:
        if exc is not None:
            db.session.rollback()
        deactivate(token)
    console_token = g.pop("_console_role_token", None)
    if console_token is not None:
        leave_console_role(console_token)
