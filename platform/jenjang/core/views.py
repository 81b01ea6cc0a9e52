"""Routes every site has (sign-in, sign-out, home, language) plus the tenant shell pages:
dashboard, branding, tenant settings and the audit log."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, g, jsonify, make_response, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from jenjang.auth import queries as auth_queries
from jenjang.auth.permissions import can_administer_tenant, can_read_audit_log, is_signed_in_employee
from jenjang.core import bp, queries, sites
from jenjang.core.forms import TenantSettingsForm
from jenjang.core.nav import NavItem, registry
from jenjang.core.resources import handles
from jenjang.core.web import page_number, render, safe_next
from jenjang.extensions import db, limiter
from jenjang.jobs import redis_connection
from jenjang.tenancy import operations as tenancy_ops
from jenjang.tenancy.models import Tenant

registry.add_nav(NavItem("core.index", _l("Beranda"), is_signed_in_employee, order=0))


def _me_card(user) -> dict:
    return {"employee": user.employee}


def _admin_card(user) -> dict:
    active, invited = auth_queries.account_counts()
    return {"active_users": active, "invited": invited, "recent": queries.recent_audit(5)}


registry.add_card(0, "core/cards/me.html", is_signed_in_employee, _me_card)
registry.add_card(900, "core/cards/admin.html", can_administer_tenant, _admin_card)
registry.add_nav(NavItem("auth.users", _l("Pengguna"), can_administer_tenant, order=900,
                         match_prefix="/admin/users"))
registry.add_nav(NavItem("core.settings", _l("Pengaturan"), can_administer_tenant, order=910))
registry.add_nav(NavItem("core.audit_log", _l("Jejak audit"), can_read_audit_log, order=920))


# --- hostless probes ----------------------------------------------------------------------

@bp.route("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    failing = []
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception:
        current_app.logger.exception("readyz: postgresql")
        failing.append("postgresql")
    finally:
        db.session.rollback()
    try:
        redis_connection().ping()
    except Exception:
        current_app.logger.exception("readyz: redis")
        failing.append("redis")
    if failing:
        return jsonify(status="unavailable", failing=failing), 503
    return jsonify(status="ready")


# --- routes shared by tenant hosts and the console -------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("60 per minute", methods=["POST"])
def login():
    return sites.view(g.site, "login")()


@bp.route("/logout", methods=["POST"])
def logout():
    return sites.view(g.site, "logout")()


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("core.login", next=request.full_path if request.args else None))
    if g.site == "console":
        return redirect(url_for("console.tenants"))
    return render("core/dashboard.html", cards=registry.cards_for(current_user))


@bp.route("/locale", methods=["POST"])
def set_locale():
    locale = request.form.get("locale")
    if locale not in current_app.config["LANGUAGES"]:
        abort(400)
    session["locale"] = locale
    if current_user.is_authenticated and not current_user.is_operator:
        current_user.locale = locale
    return redirect(safe_next(request.form.get("next")))


# --- tenant pages ---------------------------------------------------------------------------

@bp.route("/branding/logo")
def logo():
    tenant = g.tenant
    if tenant is None:
        abort(404)
    row = db.session.execute(
        sa.select(Tenant.logo_data, Tenant.logo_mime).where(Tenant.id == tenant.id)).first()
    if row is None or row.logo_data is None:
        abort(404)
    response = make_response(row.logo_data)
    response.headers["Content-Type"] = row.logo_mime or "application/octet-stream"
    response.headers["Cache-Control"] = "public, max-age=86400"
    # An SVG opened directly must not run anything.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@bp.route("/branding/theme.css")
def theme():
    tenant = g.tenant
    if tenant is None:
        abort(404)
    # `:root[data-theme]` outranks Pico's own `:root:not([data-theme=dark])` colour rules.
    css = (f":root[data-theme]{{--brand:{tenant.primary_color};--pico-primary:{tenant.primary_color};"
           f"--pico-primary-background:{tenant.primary_color};--pico-primary-border:{tenant.primary_color};"
           f"--pico-primary-hover:{tenant.primary_color};--pico-primary-hover-background:{tenant.primary_color};}}")
    response = make_response(css)
    response.headers["Content-Type"] = "text/css; charset=utf-8"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.route("/admin/settings", methods=["GET", "POST"])
@handles(can_administer_tenant)
def settings():
    tenant = g.tenant
    form = TenantSettingsForm(obj=tenant)
    if form.validate_on_submit():
        tenancy_ops.change_own_settings(tenant, name=form.name.data.strip(),
                                        hr_agency_name=form.hr_agency_name.data.strip(),
                                        primary_color=form.primary_color.data.lower(),
                                        timezone=form.timezone.data, locale=form.locale.data,
                                        logo=form.logo_bytes() if form.logo.data else None)
        flash(_("Pengaturan wilayah disimpan."), "success")
        return redirect(url_for("core.settings"))
    return render("core/settings.html", form=form, status=422 if request.method == "POST" else 200)


AUDIT_PER_PAGE = 50


@bp.route("/admin/audit")
@handles(can_read_audit_log)
def audit_log():
    action = (request.args.get("action") or "").strip()[:80]
    actor = (request.args.get("actor") or "").strip()[:254]
    page = page_number()
    rows, has_next = queries.audit_page(action, actor, page, AUDIT_PER_PAGE)
    return render("core/audit.html", block="audit_rows", entries=rows, page=page, has_next=has_next,
                  action=action, actor=actor)
