"""Tenant lifecycle on the console: export (a background job with a progress bar, then a
download), import a ZIP as a new tenant, delete after the operator typed the slug.
The work itself is in jenjang.tenancy.lifecycle."""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from redis.exceptions import RedisError

from jenjang.console import bp
from jenjang.console.forms import DeleteTenantForm, ImportTenantForm
from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.jobs import enqueue_tenant_job, redis_connection
from jenjang.tenancy import lifecycle
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import Tenant

EXPORT_NAME = re.compile(r"^t(\d+)-[a-z0-9-]{1,63}-\d{8}-\d{6}-[0-9a-f]{8}\.zip$")
STATE_TTL = 7 * 24 * 3600


def _tenant_or_404(tenant_id: int) -> Tenant:
    return db.first_or_404(sa.select(Tenant).where(Tenant.id == tenant_id))


def _state_key(name: str) -> str:
    return f"jenjang:export:{name}"


def _set_state(name: str, **fields) -> None:
    try:
        conn = redis_connection()
        conn.hset(_state_key(name), mapping={k: str(v) for k, v in fields.items()})
        conn.expire(_state_key(name), STATE_TTL)
    except RedisError:
        current_app.logger.warning("export %s: progress not recorded (Redis unavailable)", name)


def _get_state(name: str) -> dict:
    try:
        raw = redis_connection().hgetall(_state_key(name))
    except RedisError:
        return {}
    return {k.decode(): v.decode() for k, v in raw.items()}


def export_job(name: str) -> str:
    """RQ job (tenant job: runs inside the exported tenant's context)."""
    tenant_id = require_tenant_id()
    lifecycle.purge_old_exports()
    final = lifecycle.exports_dir() / name
    partial = final.with_name(name + ".part")
    _set_state(name, state="running", done=0, total=0)
    try:
        with partial.open("wb") as fh:
            lifecycle.export_tenant(tenant_id, fh, progress=lambda d, t: _set_state(name, done=d, total=t))
        partial.replace(final)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        _set_state(name, state="failed", error=str(exc)[:500])
        raise
    _set_state(name, state="done")
    return name


def exports_of(tenant: Tenant) -> list[dict]:
    """The tenant's export ZIPs still kept (older ones are removed first: EXPORT_KEEP_DAYS)."""
    lifecycle.purge_old_exports()
    folder = lifecycle.files_root() / "_exports"
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob(f"t{tenant.id}-*.zip"), reverse=True):
        found.append({"name": path.name, "size": path.stat().st_size})
    return found


def _export_path(tenant: Tenant, name: str):
    m = EXPORT_NAME.fullmatch(name)
    if not m or int(m.group(1)) != tenant.id:
        abort(404)
    return lifecycle.exports_dir() / name


@bp.route("/tenants/<int:tenant_id>/export", methods=["POST"])
def tenant_export(tenant_id):
    tenant = _tenant_or_404(tenant_id)
    name = lifecycle.export_name(tenant)
    try:
        enqueue_tenant_job(export_job, name, tenant_id=tenant.id, job_timeout=6 * 3600,
                           job_id=f"export-{name[:-4]}")
    except RedisError:
        flash(_("Antrean pekerjaan tidak tersedia; coba lagi nanti atau pakai flask tenants export."), "error")
        return redirect(url_for("console.tenant_detail", tenant_id=tenant.id))
    _set_state(name, state="queued", done=0, total=0)
    return redirect(url_for("console.tenant_export_status", tenant_id=tenant.id, name=name))


@bp.route("/tenants/<int:tenant_id>/exports/<name>")
def tenant_export_status(tenant_id, name):
    tenant = _tenant_or_404(tenant_id)
    path = _export_path(tenant, name)
    state = _get_state(name)
    if path.is_file():
        state = {"state": "done", "size": path.stat().st_size}
    elif not state or state.get("state") == "done":  # unknown, or finished and since removed
        abort(404)
    return render("console/export.html", block="export_status", tenant=tenant, name=name, state=state)


@bp.route("/tenants/<int:tenant_id>/exports/<name>/download")
def tenant_export_download(tenant_id, name):
    tenant = _tenant_or_404(tenant_id)
    path = _export_path(tenant, name)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=name)


@bp.route("/tenants/import", methods=["GET", "POST"])
def tenant_import():
    form = ImportTenantForm()
    error = None
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():
                tenant = lifecycle.import_tenant(form.file.data.stream, form.slug.data)
        except lifecycle.LifecycleError as exc:
            error = str(exc)
        else:
            flash(_("Wilayah %(name)s diimpor dengan slug %(slug)s.", name=tenant.name, slug=tenant.slug),
                  "success")
            return redirect(url_for("console.tenant_detail", tenant_id=tenant.id))
    status = 422 if request.method == "POST" else 200
    return render("console/tenant_import.html", form=form, error=error, status=status)


@bp.route("/tenants/<int:tenant_id>/delete", methods=["GET", "POST"])
def tenant_delete(tenant_id):
    tenant = _tenant_or_404(tenant_id)
    form = DeleteTenantForm()
    if form.validate_on_submit():
        if form.confirm_slug.data.strip() != tenant.slug:
            form.confirm_slug.errors.append(_("Slug yang diketik tidak sama; tidak ada yang dihapus."))
        else:
            name = tenant.name
            lifecycle.delete_tenant(tenant, form.confirm_slug.data)
            current_app.logger.warning("tenant %s (%s) deleted by the operator", tenant_id, name)
            flash(_("Wilayah %(name)s dan seluruh datanya telah dihapus.", name=name), "success")
            return redirect(url_for("console.tenants"))
    return render("console/tenant_delete.html", tenant=tenant, form=form, exports=exports_of(tenant),
                  status=422 if request.method == "POST" else 200)
