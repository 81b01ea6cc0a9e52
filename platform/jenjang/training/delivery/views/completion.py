"""Delivery pages: completion and score, one participant at a time (htmx rows) or in bulk by
attendance."""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from jenjang.core.resources import attempt, handles, require
from jenjang.core.web import render
from jenjang.training import bp
from jenjang.training import permissions as perm
from jenjang.training.delivery import attendance, completion
from jenjang.training.delivery.forms import BulkCompleteForm
from jenjang.training.delivery.views.common import ENROLMENT_IN_SESSION, SESSION
from jenjang.training.models import Enrolment, TrainingSession
from jenjang.training.queries import programme_of

TEMPLATE = "training/delivery/completion.html"


def _completion_context(session: TrainingSession, bulk_form: BulkCompleteForm | None = None) -> dict:
    zone = attendance.tenant_zone()
    days = attendance.session_days(session, zone)
    participants = attendance.roster(session.id)
    present = attendance.present_days(session.id, days)
    summary = {s: sum(1 for p in participants if p.status == s) for s in attendance.ROSTER_STATUSES}
    return {"session": session, "programme": programme_of(session), "days": days,
            "participants": participants, "present": present, "summary": summary,
            "bulk_form": bulk_form or BulkCompleteForm(), "started": attendance.today(zone) >= days[0]}


@bp.route("/training/sessions/<int:session_id>/completion")
@handles(perm.can_record_attendance, session=SESSION)
def delivery_completion(session: TrainingSession):
    return render(TEMPLATE, **_completion_context(session))


def _assessment(action: str | None, enrolment: Enrolment, score):
    """The write the button asks for, or 400 for an unknown one."""
    if action == "complete":
        return lambda: completion.complete(enrolment, score, by=current_user.email)
    if action == "not_completed":
        return lambda: completion.mark_not_completed(enrolment, score)
    if action == "undo":
        return lambda: completion.undo(enrolment)
    abort(400)


@bp.route("/training/sessions/<int:session_id>/completion/<int:enrolment_id>", methods=["POST"])
@handles(session=SESSION, enrolment=ENROLMENT_IN_SESSION)
def delivery_completion_update(session: TrainingSession, enrolment: Enrolment):
    require(perm.can_record_attendance, session)
    write = _assessment(request.form.get("action"), enrolment, request.form.get("score"))
    with attempt(completion.CompletionError) as outcome:
        write()
    if not request.htmx:
        if outcome.error:
            flash(outcome.error, "error")
        else:
            flash(_("Penilaian peserta disimpan."), "success")
        return redirect(url_for("training.delivery_completion", session_id=session.id) + f"#peserta-{enrolment.id}")
    ctx = _completion_context(session)
    participant = next((p for p in ctx["participants"] if p.enrolment_id == enrolment.id), None)
    if participant is None:
        abort(404)
    body = render_block(TEMPLATE, "completion_row", p=participant, row_error=outcome.error, **ctx) \
        + render_block(TEMPLATE, "completion_summary", oob=True, **ctx)
    return make_response(body, 422 if outcome.error else 200)


@bp.route("/training/sessions/<int:session_id>/completion/bulk", methods=["POST"])
@handles(perm.can_record_attendance, session=SESSION)
def delivery_completion_bulk(session: TrainingSession):
    form = BulkCompleteForm()
    if not form.validate_on_submit():
        return render(TEMPLATE, status=422, **_completion_context(session, form))
    with attempt(completion.CompletionError) as outcome:
        n = completion.bulk_complete(session, form.min_percent.data, by=current_user.email)
    if not outcome.ok:
        form.min_percent.errors.append(outcome.error)
        return render(TEMPLATE, status=422, **_completion_context(session, form))
    flash(_("%(n)s peserta dinyatakan selesai.", n=n), "success")
    return redirect(url_for("training.delivery_completion", session_id=session.id))
