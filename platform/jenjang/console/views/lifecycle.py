"""Tenant lifecycle on the console: export (a background job with a progress bar, then a
download), import a ZIP as a new tenant, delete after the operator typed the slug.
The work itself is in jenjang.tenancy.lifecycle; the export job in console/exports.py."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from redis.exceptions import RedisError

from jenjang.console import bp
from jenjang.console.exports import export_job, export_path, exports_of, get_state, set_state
from jenjang.console.forms import DeleteTenantForm, ImportTenantForm
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render
from jenjang.jobs import enqueue_tenant_job
from jenjang.tenancy import lifecycle
from jenjang.tenancy.models import Tenant

TENANT = Load(Tenant, "tenant_id")


@bp.route("/tenants/<int:tenant_id>/export", methods=["POST"])
@handles(tenant=TENANT)  # operators only: require_operator (views/tenants.py, for the whole blueprint)
def tenant_export(tenant):
    name = lifecycle.export_name(tenant)
    try:
        enqueue_tenant_job(export_job, name, tenant_id=tenant.id, job_timeout=6 * 3600,
                           job_id=f"export-{name[:-4]}")
    except RedisError:
        flash(_("Antrean pekerjaan tidak tersedia; coba lagi nanti atau pakai flask tenants export."), "error")
        return redirect(url_for("console.tenant_detail", tenant_id=tenant.id))
    set_state(name, state="queued", done=0, total=0)
    return redirect(url_for("console.tenant_export_status", tenant_id=tenant.id, name=name))


@bp.route("/tenants/<int:tenant_id>/exports/<name>")
@handles(tenant=TENANT)  # operators only: require_operator (views/tenants.py, for the whole blueprint)
def tenant_export_status(tenant, name):
    path = export_path(tenant, name)
    state = get_state(name)
    if path.is_file():
        state = {"state": "done", "size": path.stat().st_size}
    elif not state or state.get("state") == "done":  # unknown, or finished and since removed
        abort(404)
    return render("console/export.html", block="export_status", tenant=tenant, name=name, state=state)


@bp.route("/tenants/<int:tenant_id>/exports/<name>/download")
@handles(tenant=TENANT)  # operators only: require_operator (views/tenants.py, for the whole blueprint)
def tenant_export_download(tenant, name):
    path = export_path(tenant, name)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=name)


@bp.route("/tenants/import", methods=["GET", "POST"])
def tenant_import():
    form = ImportTenantForm()
    error = None
    if form.validate_on_submit():
        with attempt(lifecycle.LifecycleError) as outcome:
            tenant = lifecycle.import_tenant(form.file.data.stream, form.slug.data)
        error = outcome.error
        if outcome.ok:
            flash(_("Wilayah %(name)s diimpor dengan slug %(slug)s.", name=tenant.name, slug=tenant.slug),
                  "success")
            return redirect(url_for("console.tenant_detail", tenant_id=tenant.id))
    status = 422 if request.method == "POST" else 200
    return render("console/tenant_import.html", form=form, error=error, status=status)


@bp.route("/tenants/<int:tenant_id>/delete", methods=["GET", "POST"])
@handles(tenant=TENANT)  # operators only: require_operator (views/tenants.py, for the whole blueprint)
def tenant_delete(tenant):
    form = DeleteTenantForm()
    if form.validate_on_submit():
        if form.confirm_slug.data.strip() != tenant.slug:
            form.confirm_slug.errors.append(_("Slug yang diketik tidak sama; tidak ada yang dihapus."))
        else:
            name, tenant_id = tenant.name, tenant.id
            lifecycle.delete_tenant(tenant, form.confirm_slug.data)
            current_app.logger.warning("tenant %s (%s) deleted by the operator", tenant_id, name)
            flash(_("Wilayah %(name)s dan seluruh datanya telah dihapus.", name=name), "success")
            return redirect(url_for("console.tenants"))
    return render("console/tenant_delete.html", tenant=tenant, form=form, exports=exports_of(tenant),
                  status=422 if request.method == "POST" else 200)
