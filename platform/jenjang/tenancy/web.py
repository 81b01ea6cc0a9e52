"""The request side of tenancy: resolve the site from the Host header before anything else,
keep console and tenant routes apart, refuse suspended tenants, and make the one commit."""
from __future__ import annotations

from flask import Flask, abort, g, render_template, request

from jenjang.extensions import db
from jenjang.tenancy.context import activate, deactivate
from jenjang.tenancy.resolve import resolve_host

# Endpoints that answer on any host and need no tenant (load balancers probe them by IP).
HOSTLESS_ENDPOINTS = frozenset({"core.healthz", "core.readyz", "static"})
SHARED_BLUEPRINTS = frozenset({"core"})
CONSOLE_BLUEPRINTS = frozenset({"console"})


def init_app(app: Flask) -> None:
    base_domain = app.config["BASE_DOMAIN"]

    @app.before_request
    def resolve_site():
        g.site = None
        g.tenant = None
        if request.endpoint in HOSTLESS_ENDPOINTS:
            return None
        site = resolve_host(request.host, base_domain)
        if site is None:
            abort(404)
        g.site = site.kind
        g.tenant = site.tenant
        g._tenant_token = activate(site.tenant.id if site.tenant else None)
        blueprint = request.blueprint
        if site.kind == "console" and blueprint not in CONSOLE_BLUEPRINTS | SHARED_BLUEPRINTS:
            abort(404)
        if site.kind == "tenant" and blueprint in CONSOLE_BLUEPRINTS:
            abort(404)
        if site.tenant is not None and not site.tenant.is_active:
            return render_template("errors/suspended.html"), 503
        return None

    @app.after_request
    def commit_or_rollback(response):
        # One commit per request, made here: views and operations only flush.
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def leave_tenant(exc):
        token = g.pop("_tenant_token", None)
        if token is not None:
            if exc is not None:
                db.session.rollback()
            deactivate(token)
