"""Pages of external training: the employee's list, submission and correction; HR's verification
queue with the certificate, verify / reject with a reason / reopen."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import page_number, render, send_stored
from jenjang.training import bp
from jenjang.training.external import operations as external
from jenjang.training.external import permissions as lp
from jenjang.training.external import queries
from jenjang.training.external.forms import ExternalForm, RejectForm
from jenjang.training.external.labels import STATUS_LABELS
from jenjang.training.external.models import ExternalTraining
from jenjang.training.ledger.queries import fmt_jp
from jenjang.training.models import SIASN_KINDS


@bp.context_processor
def _external_helpers():
    return {"external_status": lambda s: STATUS_LABELS[s],
            "siasn_kind": lambda code: SIASN_KINDS.get(code, ("?", True))[0]}


# The entry is seen by its employee and HR; anyone else gets the 404 of an entry that does not exist.
SEEN_ITEM = Load(ExternalTraining, "external_id", visible=lp.can_see_external)
ITEM = Load(ExternalTraining, "external_id")


# --- the employee ----------------------------------------------------------------------------------

@bp.route("/training/external")
@handles(lp.can_submit_external)
def external_list():
    return render("training/external/list.html", items=queries.entries_of(current_user.employee_id))


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


def _save(form: ExternalForm, write, message: str):
    """Run the submission or the correction; on success flash and go to the list, else None."""
    with attempt(external.ExternalRefused) as outcome:
        write(upload=request.files.get("certificate"), **_form_values(form))
    if not outcome.ok:
        _apply_refusal(form, outcome.exception)
        return None
    flash(message, "success")
    return redirect(url_for("training.external_list"))


@bp.route("/training/external/new", methods=["GET", "POST"])
@handles(lp.can_submit_external)
def external_new():
    form = ExternalForm()
    if form.validate_on_submit():
        done = _save(form, lambda **values: external.submit(current_user.employee_id, **values),
                     _("Pelatihan eksternal diajukan. JP-nya dihitung setelah diverifikasi BKPSDM."))
        if done is not None:
            return done
    return render("training/external/form.html", form=form, item=None,
                  status=422 if request.method == "POST" else 200)


@bp.route("/training/external/<int:external_id>/edit", methods=["GET", "POST"])
@handles(lp.can_edit_external, item=SEEN_ITEM)
def external_edit(item: ExternalTraining):
    form = ExternalForm(obj=item) if request.method == "GET" else ExternalForm()
    if form.validate_on_submit():
        done = _save(form, lambda **values: external.update(item, **values),
                     _("Perubahan disimpan dan diajukan kembali untuk diverifikasi."))
        if done is not None:
            return done
    return render("training/external/form.html", form=form, item=item,
                  status=422 if request.method == "POST" else 200)


@bp.route("/training/external/<int:external_id>/certificate")
@handles(item=SEEN_ITEM)
def external_certificate(item: ExternalTraining):
    response = send_stored(lambda: external.file_path(item), item.file_mime, item.file_name,
                           as_attachment=request.args.get("download") == "1")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- HR --------------------------------------------------------------------------------------------

@bp.route("/training/external/review")
@handles(lp.can_review_external)
def external_queue():
    status = request.args.get("status", "submitted")
    if status not in STATUS_LABELS:
        status = "submitted"
    page = page_number()
    rows, has_next = queries.queue(status, page)
    return render("training/external/queue.html", block="queue", rows=rows, has_next=has_next,
                  page=page, status=200, current_status=status, counts=queries.status_counts(),
                  status_labels=STATUS_LABELS)


def _review_page(item: ExternalTraining, reject_form: RejectForm | None = None, status: int = 200):
    employee, unit = queries.submitter(item)
    return render("training/external/review.html", item=item, employee=employee, unit=unit,
                  reject_form=reject_form or RejectForm(), status=status)


def _review_decision(item: ExternalTraining, write, message):
    """Run HR's verdict: refused → back to the review page with the reason; done → the queue with
    `message()` (read after the write)."""
    with attempt(external.ExternalRefused) as outcome:
        write()
    if not outcome.ok:
        flash(outcome.error, "error")
        return redirect(url_for("training.external_review", external_id=item.id)), 303
    flash(message(), "success")
    return redirect(url_for("training.external_queue")), 303


@bp.route("/training/external/<int:external_id>/review")
@handles(lp.can_review_external, item=ITEM)
def external_review(item: ExternalTraining):
    return _review_page(item)


@bp.route("/training/external/<int:external_id>/verify", methods=["POST"])
@handles(lp.can_review_external, item=ITEM)
def external_verify(item: ExternalTraining):
    return _review_decision(item, lambda: external.verify(item, current_user),
                            lambda: _("Diverifikasi: %(jp)s JP ditambahkan ke catatan JP pegawai.", jp=fmt_jp(item.jp)))


@bp.route("/training/external/<int:external_id>/reject", methods=["POST"])
@handles(lp.can_review_external, item=ITEM)
def external_reject(item: ExternalTraining):
    form = RejectForm()
    if not form.validate_on_submit():
        return _review_page(item, form, status=422)
    return _review_decision(item, lambda: external.reject(item, current_user, form.reason.data),
                            lambda: _("Pengajuan ditolak; pegawai diberi tahu alasannya."))


@bp.route("/training/external/<int:external_id>/reopen", methods=["POST"])
@handles(lp.can_review_external, item=ITEM)
def external_reopen(item: ExternalTraining):
    with attempt(external.ExternalRefused) as outcome:
        external.reopen(item, current_user)
    if not outcome.ok:
        flash(outcome.error, "error")
    else:
        flash(_("Verifikasi dibatalkan; JP-nya dikeluarkan dari catatan JP pegawai."), "success")
    return redirect(url_for("training.external_review", external_id=item.id)), 303
