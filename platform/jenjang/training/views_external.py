"""Training pages of external training: the employee's list, submission and correction; HR's
verification queue with the certificate, verify / reject with a reason / reopen."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from jenjang.core.web import page_number, render
from jenjang.extensions import db
from jenjang.people.models import Employee, Unit
from jenjang.training import bp, external
from jenjang.training import permissions_ledger as lp
from jenjang.training.forms_ledger import ExternalForm, RejectForm
from jenjang.training.ledger_summary import fmt_jp
from jenjang.training.models import SIASN_KINDS
from jenjang.training.models_ledger import ExternalTraining

STATUS_LABELS = {"submitted": _l("Menunggu verifikasi"), "verified": _l("Terverifikasi"), "rejected": _l("Ditolak")}
PER_PAGE = 50


@bp.context_processor
def _external_helpers():
    return {"external_status": lambda s: STATUS_LABELS[s],
            "siasn_kind": lambda code: SIASN_KINDS.get(code, ("?", True))[0]}


def _require(check, *args) -> None:
    if not check(current_user, *args):
        abort(403)


def _item_or_404(external_id: int) -> ExternalTraining:
    return db.first_or_404(sa.select(ExternalTraining).where(ExternalTraining.id == external_id))


# --- the employee ----------------------------------------------------------------------------------

@bp.route("/training/external")
@login_required
def external_list():
    _require(lp.can_submit_external)
    items = db.session.scalars(sa.select(ExternalTraining).where(ExternalTraining.employee_id == current_user.employee_id)
                               .order_by(ExternalTraining.ends_on.desc(), ExternalTraining.id.desc())).all()
    return render("training/external/list.html", items=items)


def _apply_refusal(form: ExternalForm, exc: external.ExternalRefused) -> None:
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = list(field.errors) + [exc.message]
    else:
        form.form_errors.append(exc.message)


def _form_values(form: ExternalForm) -> dict:
    return dict(title=form.title.data or "", kind_code=form.kind_code.data, provider_name=form.provider_name.data or "",
                starts_on=form.starts_on.data, ends_on=form.ends_on.data, jp=form.jp.data,
                certificate_number=form.certificate_number.data)


@bp.route("/training/external/new", methods=["GET", "POST"])
@login_required
def external_new():
    _require(lp.can_submit_external)
    form = ExternalForm()
    if form.validate_on_submit():
        try:
            external.submit(current_user.employee_id, upload=request.files.get("certificate"), **_form_values(form))
        except external.ExternalRefused as exc:
            _apply_refusal(form, exc)
        else:
            flash(_("Pelatihan eksternal diajukan. JP-nya dihitung setelah diverifikasi BKPSDM."), "success")
            return redirect(url_for("training.external_list"))
    return render("training/external/form.html", form=form, item=None,
                  status=422 if request.method == "POST" else 200)


@bp.route("/training/external/<int:external_id>/edit", methods=["GET", "POST"])
@login_required
def external_edit(external_id: int):
    item = _item_or_404(external_id)
    if not lp.can_see_external(current_user, item):
        abort(404)
    if not lp.can_edit_external(current_user, item):
        abort(403)
    form = ExternalForm(obj=item) if request.method == "GET" else ExternalForm()
    if form.validate_on_submit():
        try:
            external.update(item, upload=request.files.get("certificate"), **_form_values(form))
        except external.ExternalRefused as exc:
            _apply_refusal(form, exc)
        else:
            flash(_("Perubahan disimpan dan diajukan kembali untuk diverifikasi."), "success")
            return redirect(url_for("training.external_list"))
    return render("training/external/form.html", form=form, item=item,
                  status=422 if request.method == "POST" else 200)


@bp.route("/training/external/<int:external_id>/certificate")
@login_required
def external_certificate(external_id: int):
    item = _item_or_404(external_id)
    if not lp.can_see_external(current_user, item):
        abort(404)
    try:
        path = external.file_path(item)
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=item.file_mime, download_name=item.file_name,
                         as_attachment=request.args.get("download") == "1")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- HR --------------------------------------------------------------------------------------------

@bp.route("/training/external/review")
@login_required
def external_queue():
    _require(lp.can_review_external)
    status = request.args.get("status", "submitted")
    if status not in STATUS_LABELS:
        status = "submitted"
    page = page_number()
    rows = db.session.execute(
        sa.select(ExternalTraining, Employee.full_name, Employee.front_title, Employee.back_title, Employee.nip,
                  Unit.name)
        .join(Employee, sa.and_(Employee.tenant_id == ExternalTraining.tenant_id,
                                Employee.id == ExternalTraining.employee_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .where(ExternalTraining.status == status)
        .order_by(ExternalTraining.submitted_at if status == "submitted" else ExternalTraining.reviewed_at.desc(),
                  ExternalTraining.id)
        .limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)).all()
    counts = dict(db.session.execute(sa.select(ExternalTraining.status, sa.func.count())
                                     .group_by(ExternalTraining.status)).all())
    return render("training/external/queue.html", block="queue", rows=rows[:PER_PAGE], has_next=len(rows) > PER_PAGE,
                  page=page, status=200, current_status=status, counts=counts, status_labels=STATUS_LABELS)


def _review_page(item: ExternalTraining, reject_form: RejectForm | None = None, status: int = 200):
    employee = db.session.scalar(sa.select(Employee).where(Employee.id == item.employee_id))
    unit = db.session.scalar(sa.select(Unit.name).where(Unit.id == employee.unit_id)) if employee.unit_id else None
    return render("training/external/review.html", item=item, employee=employee, unit=unit,
                  reject_form=reject_form or RejectForm(), status=status)


@bp.route("/training/external/<int:external_id>/review")
@login_required
def external_review(external_id: int):
    item = _item_or_404(external_id)
    _require(lp.can_review_external)
    return _review_page(item)


@bp.route("/training/external/<int:external_id>/verify", methods=["POST"])
@login_required
def external_verify(external_id: int):
    item = _item_or_404(external_id)
    _require(lp.can_review_external)
    try:
        external.verify(item, current_user)
    except external.ExternalRefused as exc:
        flash(exc.message, "error")
        return redirect(url_for("training.external_review", external_id=item.id)), 303
    flash(_("Diverifikasi: %(jp)s JP ditambahkan ke catatan JP pegawai.", jp=fmt_jp(item.jp)), "success")
    return redirect(url_for("training.external_queue")), 303


@bp.route("/training/external/<int:external_id>/reject", methods=["POST"])
@login_required
def external_reject(external_id: int):
    item = _item_or_404(external_id)
    _require(lp.can_review_external)
    form = RejectForm()
    if not form.validate_on_submit():
        return _review_page(item, form, status=422)
    try:
        external.reject(item, current_user, form.reason.data)
    except external.ExternalRefused as exc:
        flash(exc.message, "error")
        return redirect(url_for("training.external_review", external_id=item.id)), 303
    flash(_("Pengajuan ditolak; pegawai diberi tahu alasannya."), "success")
    return redirect(url_for("training.external_queue")), 303


@bp.route("/training/external/<int:external_id>/reopen", methods=["POST"])
@login_required
def external_reopen(external_id: int):
    item = _item_or_404(external_id)
    _require(lp.can_review_external)
    try:
        external.reopen(item, current_user)
    except external.ExternalRefused as exc:
        flash(exc.message, "error")
    else:
        flash(_("Verifikasi dibatalkan; JP-nya dikeluarkan dari catatan JP pegawai."), "success")
    return redirect(url_for("training.external_review", external_id=item.id)), 303
