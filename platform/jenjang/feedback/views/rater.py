"""360 pages of the rater: the list of forms and the form itself (one competency per screen on a
phone, or all on one page; every answer autosaved by htmx, with a plain POST fallback),
submission, and peer nominations."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.core.resources import Load, attempt, handles, load_or_404, require
from jenjang.core.web import render
from jenjang.feedback import answering, bp, operations, presenters, queries
from jenjang.feedback import permissions as perm
from jenjang.feedback.forms import NominationForm
from jenjang.feedback.models import FeedbackCycle, FeedbackNomination
from jenjang.feedback.operations import FeedbackError
from jenjang.people.api import Employee, team_ids


def _mine(assignment_id: int, *, posted_items: list[int] | None = None) -> queries.Mine:
    """My assignment (with its cycle and the subject's name); someone else's form is a 404, like a
    missing one."""
    mine = queries.my_assignment(assignment_id, current_user.employee_id, posted_items=posted_items) \
        if perm.has_own_forms(current_user) else None
    if mine is None:
        abort(404)
    return mine


def _posted_item_ids() -> list[int]:
    """The item ids named by the posted `item-<id>` fields, read as answering.parse_answers reads them."""
    ids = {item_id for item_id in map(answering.item_id_of, request.form)
           if item_id is not None and 0 < item_id < 2**63}
    return sorted(ids)[:500]


def _step() -> int | None:
    try:
        return int(request.args.get("step", request.form.get("step", "")))
    except ValueError:
        return None


@bp.route("/forms/")
@handles(perm.has_own_forms)
def my_forms():
    rows = queries.my_forms(current_user.employee_id)
    counts = queries.scale_item_count(list({r[1].id for r in rows}))
    return render("feedback/my_forms.html", rows=rows, item_counts=counts,
                  pending=sum(1 for r in rows if r[0].submitted_at is None),
                  nomination_cycles=queries.open_cycles_for_nomination(),
                  reports=queries.my_reports(current_user.employee_id))


@bp.route("/forms/<int:assignment_id>", methods=["GET", "POST"])
@handles()
def fill(assignment_id: int):
    mine = _mine(assignment_id, posted_items=_posted_item_ids() if request.method == "POST" else None)
    assignment, cycle = mine.assignment, mine.cycle
    show_all = request.args.get("all") == "1"
    if request.method == "POST":  # the no-JavaScript path: save this screen, go to the next
        with attempt(FeedbackError) as outcome:
            answering.save_answers(cycle, assignment, answering.parse_answers(request.form, mine.item_kinds))
        if not outcome.ok:
            flash(outcome.error, "error")
            ctx = presenters.form_context(cycle, assignment, assignment.relation, mine.subject_name, step=_step(),
                               show_all=show_all)
            return render("feedback/form.html", preview=False, status=422, **ctx)
        nxt = (_step() or 0) + 1
        return redirect(url_for("feedback.fill", assignment_id=assignment.id, step=nxt,
                                **({"all": "1"} if show_all else {})))
    ctx = presenters.form_context(cycle, assignment, assignment.relation, mine.subject_name, step=_step(), show_all=show_all)
    return render("feedback/form.html", block="form_body" if request.args.get("partial") else None,
                  preview=False, **ctx)


@bp.route("/forms/<int:assignment_id>/save", methods=["POST"])
@handles()
def autosave(assignment_id: int):
    """htmx autosave of one answer: three statements (the assignment with the posted items'
    kinds, the lock, the upsert) and a one-line fragment, not the page."""
    mine = _mine(assignment_id, posted_items=_posted_item_ids())
    # Not inside attempt(): the autosave keeps to its three statements, and save_answers refuses
    # before it writes anything (answering.py).
    try:
        saved = answering.save_answers(mine.cycle, mine.assignment,
                                       answering.parse_answers(request.form, mine.item_kinds))
    except FeedbackError as exc:
        return _saved_fragment(ok=False, message=exc.message), 422
    return _saved_fragment(ok=True, saved=saved, message=None), 200


def _saved_fragment(**context) -> str:
    # Straight from the Jinja environment: the layout's context processors (navigation, CSRF,
    # permission helpers) are not needed for one status line.
    return current_app.jinja_env.get_template("feedback/_saved.html").render(**context)


@bp.route("/forms/<int:assignment_id>/submit", methods=["POST"])
@handles()
def submit(assignment_id: int):
    mine = _mine(assignment_id)
    assignment, cycle = mine.assignment, mine.cycle
    with attempt(FeedbackError) as outcome:
        answering.submit(cycle, assignment)
    if not outcome.ok:
        flash(outcome.error, "error")
        ctx = presenters.form_context(cycle, assignment, assignment.relation, mine.subject_name, review=True)
        return render("feedback/form.html", preview=False, status=422, **ctx)
    flash(_("Terima kasih, jawaban Anda untuk %(name)s sudah terkirim.", name=mine.subject_name), "success")
    return redirect(url_for("feedback.my_forms"))


# --- nominations ------------------------------------------------------------------------------

@bp.route("/cycles/<int:cycle_id>/nominate", methods=["GET", "POST"])
@handles(perm.can_nominate, cycle=Load(FeedbackCycle, "cycle_id"))
def nominate(cycle: FeedbackCycle):
    form = NominationForm()
    status = 200
    if form.validate_on_submit():
        peer = queries.employee_ids_by_nip([form.peer_nip.data.strip()]).get(form.peer_nip.data.strip())
        with attempt(FeedbackError) as outcome:
            operations.nominate(cycle, current_user.employee_id, peer)
        if outcome.ok:
            flash(_("Usulan dikirim ke atasan Anda untuk disetujui."), "success")
            return redirect(url_for("feedback.nominate", cycle_id=cycle.id))
        form.peer_nip.errors.append(outcome.error)
        status = 422
    elif request.method == "POST":
        status = 422
    return render("feedback/nominate.html", cycle=cycle, form=form,
                  mine=queries.nominations_by(cycle, current_user.employee_id),
                  waiting=queries.nominations_waiting(cycle, team_ids(current_user.employee_id)), status=status)


@bp.route("/nominations/<int:nomination_id>/decide", methods=["POST"])
@handles(nomination=Load(FeedbackNomination, "nomination_id"))
def decide_nomination(nomination: FeedbackNomination):
    require(perm.can_decide_nomination, nomination, load_or_404(Employee, nomination.subject_employee_id))
    with attempt(FeedbackError) as outcome:
        operations.decide_nomination(nomination, request.form.get("decision") == "approve")
    if not outcome.ok:
        flash(outcome.error, "error")
    return redirect(url_for("feedback.nominate", cycle_id=nomination.cycle_id))
