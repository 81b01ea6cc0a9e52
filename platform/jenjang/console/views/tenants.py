"""The operator console: tenants with their usage, provisioning, suspension, domains."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.auth import throttle
from jenjang.auth.passwords import hash_password, needs_rehash, verify_password
from jenjang.auth.permissions import is_operator
from jenjang.auth.sessions import end_session
from jenjang.console import bp, operations
from jenjang.console.exports import exports_of
from jenjang.console.forms import (
    OperatorLoginForm,
    SuspendForm,
    TenantCreateForm,
    TenantEditForm,
    parse_domains,
)
from jenjang.console.models import Operator
from jenjang.console.sessions import start_operator_session
from jenjang.core import sites
from jenjang.core.resources import Load, handles
from jenjang.core.web import redirect_next, render
from jenjang.extensions import db
from jenjang.tenancy import operations as tenancy_ops
from jenjang.tenancy.models import Tenant


@bp.before_request
def require_operator():
    if request.endpoint in ("console.static",):
        return None
    if not is_operator(current_user):
        return redirect(url_for("core.login", next=request.path))
    return None


def operator_login():
    if is_operator(current_user):
        return redirect(url_for("console.tenants"))
    form = OperatorLoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        login = form.login.data.strip().lower()
        account = throttle.normalised(login)
        wait = throttle.minutes_until_allowed(account, request.remote_addr)
        if wait:
            error, status = _("Terlalu banyak percobaan masuk. Coba lagi dalam %(n)s menit.", n=wait), 429
        else:
            operator = db.session.scalar(sa.select(Operator).where(Operator.email == login))
            ok = verify_password(operator.password_hash if operator else None, form.password.data)
            if operator is None or not ok or not operator.is_active:
                throttle.record_failure(account, request.remote_addr)
                error, status = _("Email atau kata sandi salah."), 422
            else:
                throttle.clear_account(account)
                if needs_rehash(operator.password_hash):
                    operator.password_hash = hash_password(form.password.data)
                start_operator_session(operator)
                return redirect_next("console.tenants")
    elif request.method == "POST":
        status = 422
    return render("console/login.html", form=form, error=error, status=status)


def operator_logout():
    end_session()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("core.login"))


TENANT = Load(Tenant, "tenant_id")


def _tenant_fields(form) -> dict:
    return {"name": form.name.data.strip(), "kind": form.kind.data, "province": form.province.data.strip(),
            "hr_agency_name": form.hr_agency_name.data.strip(), "timezone": form.timezone.data,
            "locale": form.locale.data, "primary_color": form.primary_color.data.lower()}


@bp.route("/tenants")
def tenants():
    rows = db.session.scalars(sa.select(Tenant).order_by(Tenant.name)).all()
    usage = tenancy_ops.usage()
    return render("console/tenants.html", tenants=rows, usage=usage)


@bp.route("/tenants/new", methods=["GET", "POST"])
def tenant_new():
    form = TenantCreateForm()
    if form.validate_on_submit():
        if operations.slug_taken(form.slug.data):
            form.slug.errors.append(_("Slug ini sudah dipakai."))
        domains = parse_domains(form.domains.data)
        taken = [h for h in domains if tenancy_ops.domain_taken_elsewhere(h, None)]
        if taken:
            form.domains.errors.append(_("Domain sudah dipakai wilayah lain: %(d)s", d=", ".join(taken)))
        if not form.errors:
            tenant = operations.create_tenant(form.slug.data, _tenant_fields(form), domains,
                                              admin_name=form.admin_name.data.strip(),
                                              admin_email=form.admin_email.data)
            flash(_("Wilayah %(name)s dibuat; undangan untuk admin pertama telah dikirim.", name=tenant.name),
                  "success")
            return redirect(url_for("console.tenant_detail", tenant_id=tenant.id))
    return render("console/tenant_new.html", form=form, status=422 if request.method == "POST" else 200)


@bp.route("/tenants/<int:tenant_id>", methods=["GET", "POST"])
@handles(tenant=TENANT)  # operators only: require_operator above
def tenant_detail(tenant):
    form = TenantEditForm(obj=tenant, data=None if request.method == "POST" else {
        "domains": "\n".join(tenancy_ops.domain_names(tenant))})
    if form.validate_on_submit():
        domains = parse_domains(form.domains.data)
        taken = [h for h in domains if tenancy_ops.domain_taken_elsewhere(h, tenant)]
        if taken:
            form.domains.errors.append(_("Domain sudah dipakai wilayah lain: %(d)s", d=", ".join(taken)))
        else:
            operations.update_tenant(tenant, _tenant_fields(form), domains)
            flash(_("Perubahan disimpan."), "success")
            return redirect(url_for("console.tenant_detail", tenant_id=tenant.id))
    usage = tenancy_ops.usage().get(tenant.id, {"users": 0, "employees": 0})
    return render("console/tenant_detail.html", tenant=tenant, form=form, suspend_form=SuspendForm(),
                  usage=usage, exports=exports_of(tenant), status=422 if request.method == "POST" else 200)


@bp.route("/tenants/<int:tenant_id>/suspend", methods=["POST"])
@handles(tenant=TENANT)  # operators only: require_operator above
def tenant_suspend(tenant):
    form = SuspendForm()
    if not form.validate_on_submit():
        flash(_("Tuliskan alasan penangguhan."), "error")
        return redirect(url_for("console.tenant_detail", tenant_id=tenant.id))
    operations.suspend(tenant, form.reason.data.strip())
    flash(_("Wilayah %(name)s ditangguhkan.", name=tenant.name), "success")
    return redirect(url_for("console.tenant_detail", tenant_id=tenant.id))


@bp.route("/tenants/<int:tenant_id>/reactivate", methods=["POST"])
@handles(tenant=TENANT)  # operators only: require_operator above
def tenant_reactivate(tenant):
    if tenant.is_active:
        abort(409)
    operations.reactivate(tenant)
    flash(_("Wilayah %(name)s aktif kembali.", name=tenant.name), "success")
    return redirect(url_for("console.tenant_detail", tenant_id=tenant.id))


sites.register("console", login=operator_login, logout=operator_logout)  # core's /login and /logout (core/sites.py)
