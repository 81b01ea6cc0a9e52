"""The generic case actions every module's case page posts to: transition, attach, download,
re-check, reassign."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render, send_stored
from jenjang.workflow import attachments, bp
from jenjang.workflow.actors import current_actor_label, find_assignee
from jenjang.workflow.cases import reassign, reevaluate, transition
from jenjang.workflow.errors import ReassignRefused, TransitionRefused
from jenjang.workflow.forms import ReassignForm, TransitionForm
from jenjang.workflow.handlers import handler_of
from jenjang.workflow.models import WorkflowAttachment, WorkflowCase
from jenjang.workflow.permissions import can_reassign, can_view_case, can_work_on

# a case the user may not see (its module's handler decides) is a 404, like another tenant's
CASE = Load(WorkflowCase, "case_id", visible=can_view_case)


def _back(case: WorkflowCase):
    handler = handler_of(case)
    if not handler.can_view(current_user, case):
        # a person the step was reassigned to sees the case only while it waits for them
        return redirect(url_for("core.index"))
    endpoint, values = handler.link(case)
    return redirect(url_for(endpoint, **values))


@bp.route("/cases/<int:case_id>/transition", methods=["POST"])
@handles(None, case=CASE)
def case_transition(case):
    form = TransitionForm()
    if not form.validate_on_submit() or not (form.lock.data or "").isdigit():
        abort(400)
    with attempt(TransitionRefused) as outcome:
        status = transition(case, current_user, form.action.data, seen_lock=int(form.lock.data),
                            comment=form.comment.data)
    if not outcome.ok:
        flash(outcome.error, "error")
        response = _back(case)
        response.status_code = 303
        return response
    labels = {"approved": _("Disetujui; kasus selesai."), "rejected": _("Ditolak; kasus selesai."),
              "in_progress": _("Tersimpan; kasus berpindah ke langkah berikutnya.")}
    flash(labels.get(status, _("Tersimpan.")), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/attachments", methods=["POST"])
@handles(can_work_on, case=CASE)
def case_attach(case):
    with attempt(attachments.AttachmentRefused) as outcome:
        attachments.attach(case, request.files.get("file"), request.form.get("document_key") or None, current_user)
    if outcome.ok:
        flash(_("Lampiran disimpan."), "success")
    else:
        flash(outcome.error, "error")
    return _back(case)


@bp.route("/cases/<int:case_id>/attachments/<int:attachment_id>")
@handles(None, case=CASE, attachment=Load(WorkflowAttachment, "attachment_id",
                                          where=lambda case: WorkflowAttachment.case_id == case.id))
def case_attachment(case, attachment):
    return send_stored(lambda: attachments.file_path(attachment), attachment.mime, attachment.filename)


@bp.route("/cases/<int:case_id>/recheck", methods=["POST"])
@handles(can_work_on, case=CASE)
def case_recheck(case):
    reevaluate(case)
    flash(_("Pemeriksaan otomatis dijalankan ulang."), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/reassign", methods=["GET", "POST"])
@handles(can_reassign, case=CASE)
def case_reassign(case):
    if not case.is_open:
        flash(_("Kasus ini sudah selesai; tidak ada langkah untuk dialihkan."), "info")
        return _back(case)
    form = ReassignForm(data={"lock": case.lock_version} if request.method == "GET" else None)
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        with attempt(TransitionRefused) as outcome:
            assignee = find_assignee(form.person.data)
            reassign(case, current_user, assignee, form.reason.data, seen_lock=int(form.lock.data or 0))
        if outcome.ok:
            flash(_("Langkah %(step)s dialihkan kepada %(name)s.", step=case.step["name"],
                    name=assignee.display_name), "success")
            return _back(case)
        if not isinstance(outcome.exception, ReassignRefused):  # the case moved meanwhile
            flash(outcome.error, "error")
            return _back(case)
        field = getattr(form, outcome.exception.field)
        field.errors = [*field.errors, outcome.error]
    endpoint, values = handler_of(case).link(case)
    return render("workflow/reassign.html", case=case, form=form, status=status,
                  back_url=url_for(endpoint, **values), actor_label=current_actor_label(case))
