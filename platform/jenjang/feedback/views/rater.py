"""360 pages, part 2: the rater's list of forms and the form itself (one competency per screen
on a phone, or all on one page; every answer autosaved by htmx, with a plain POST fallback),
submission, and peer nominations."""
from __future__ import annotations

import json
from typing import NamedTuple

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.feedback import answering, bp, labels, operations, queries
from jenjang.feedback import permissions as perm
from jenjang.feedback.forms import NominationForm
from jenjang.feedback.models import FeedbackAssignment, FeedbackCycle, FeedbackItem, FeedbackNomination
from jenjang.feedback.operations import FeedbackError
from jenjang.feedback.views import load_cycle, require
from jenjang.people.api import Employee


def _mine_statement(with_items: bool):
    a, c, e, i = FeedbackAssignment, FeedbackCycle, Employee, FeedbackItem
    stmt = (sa.select(a, c, e.full_name, e.front_title, e.back_title)
            .join(c, sa.and_(c.tenant_id == a.tenant_id, c.id == a.cycle_id))
            .join(e, sa.and_(e.tenant_id == a.tenant_id, e.id == a.subject_employee_id))
            .where(a.id == sa.bindparam("assignment_id"), a.rater_employee_id == sa.bindparam("rater_id"),
                   c.status.in_(("open", "closed"))))
    if with_items:
        stmt = stmt.add_columns(
            sa.select(sa.func.json_object_agg(i.id, i.kind))
            .where(i.tenant_id == a.tenant_id, i.cycle_id == a.cycle_id,
                   i.id.in_(sa.bindparam("item_ids", expanding=True)))
            .scalar_subquery())
    return stmt


# Built once: the rater's form pages and every autosave start with this lookup.
_MINE = _mine_statement(False)
_MINE_WITH_ITEMS = _mine_statement(True)


def _mine(assignment_id: int, *, posted_items: list[int] | None = None) -> Mine:
    """My assignment, its cycle and the subject's name in one query; someone else's form is a 404,
    like a missing one. With `posted_items`, also the kinds of those of them that belong to the
    cycle (for an autosave), in the same round trip."""
    if not perm.has_own_forms(current_user):
        abort(404)
    params = {"assignment_id": assignment_id, "rater_id": current_user.employee_id}
    if posted_items:
        row = db.session.execute(_MINE_WITH_ITEMS, {**params, "item_ids": posted_items}).first()
    else:
        row = db.session.execute(_MINE, params).first()
    if row is None:
        abort(404)
    name = " ".join(p for p in (row.front_title, row.full_name) if p) + (f", {row.back_title}" if row.back_title else "")
    kinds: dict[int, str] = {}
    if posted_items and row[5]:
        found = row[5] if isinstance(row[5], dict) else json.loads(row[5])
        kinds = {int(k): v for k, v in found.items()}
    return Mine(row[0], row[1], name, kinds)


class Mine(NamedTuple):
    assignment: FeedbackAssignment
    cycle: FeedbackCycle
    subject_name: str
    item_kinds: dict[int, str]


def _posted_item_ids() -> list[int]:
    """The item ids named by the posted `item-<id>` fields, read as answering.parse_answers reads them."""
    ids = set()
    for key in request.form:
        if not key.startswith("item-"):
            continue
        try:
            item_id = int(key[5:])
        except ValueError:
            continue
        if 0 < item_id < 2**63:
            ids.add(item_id)
    return sorted(ids)[:500]


def _visibility_key(cycle: FeedbackCycle, assignment: FeedbackAssignment | None, relation: str) -> str:
    """A supervisor rater is named only as the subject's one supervisor rater (feedback/__init__.py)."""
    if relation != "supervisor" or assignment is None:
        return relation
    return "supervisor" if queries.supervisor_rater_count(cycle, assignment.subject_employee_id) <= 1 \
        else "supervisor_group"


def form_context(cycle: FeedbackCycle, assignment: FeedbackAssignment | None, relation: str, subject_name: str,
                 *, step: int | None = None, show_all: bool = False, review: bool = False) -> dict:
    sections, drafts = queries.questionnaire(cycle, assignment)
    total = sum(len(s.items) for s in sections if s.competency is not None)
    answered = sum(1 for s in sections if s.competency is not None for i in s.items if i.id in drafts)
    last = len(sections)  # the review/submit screen
    if review:
        step = last
    if step is None or step < 0 or step > last:
        step = 0
    return {"cycle": cycle, "assignment": assignment, "relation": relation, "subject_name": subject_name,
            "sections": sections, "drafts": drafts, "step": step, "last_step": last, "show_all": show_all,
            "total": total, "answered": answered,
            "visibility": labels.VISIBILITY[_visibility_key(cycle, assignment, relation)]
            % {"k": cycle.anonymity_threshold},
            "closed_reason": answering.closed_reason(cycle, assignment) if assignment else None,
            "scale": {n: str(word) for n, word in labels.SCALE_LABELS.items()}}  # translated once, not per item


def _step() -> int | None:
    try:
        return int(request.args.get("step", request.form.get("step", "")))
    except ValueError:
        return None


@bp.route("/forms/")
@login_required
def my_forms():
    require(perm.has_own_forms)
    rows = queries.my_forms(current_user.employee_id)
    counts = queries.scale_item_count(list({r[1].id for r in rows}))
    return render("feedback/my_forms.html", rows=rows, item_counts=counts,
                  pending=sum(1 for r in rows if r[0].submitted_at is None),
                  nomination_cycles=queries.open_cycles_for_nomination(),
                  reports=queries.my_reports(current_user.employee_id))


@bp.route("/forms/<int:assignment_id>", methods=["GET", "POST"])
@login_required
def fill(assignment_id: int):
    mine = _mine(assignment_id, posted_items=_posted_item_ids() if request.method == "POST" else None)
    assignment, cycle = mine.assignment, mine.cycle
    show_all = request.args.get("all") == "1"
    if request.method == "POST":  # the no-JavaScript path: save this screen, go to the next
        try:
            answering.save_answers(cycle, assignment, answering.parse_answers(request.form, mine.item_kinds))
        except FeedbackError as exc:
            flash(exc.message, "error")
            ctx = form_context(cycle, assignment, assignment.relation, mine.subject_name, step=_step(),
                               show_all=show_all)
            return render("feedback/form.html", preview=False, status=422, **ctx)
        nxt = (_step() or 0) + 1
        return redirect(url_for("feedback.fill", assignment_id=assignment.id, step=nxt,
                                **({"all": "1"} if show_all else {})))
    ctx = form_context(cycle, assignment, assignment.relation, mine.subject_name, step=_step(), show_all=show_all)
    return render("feedback/form.html", block="form_body" if request.args.get("partial") else None,
                  preview=False, **ctx)


@bp.route("/forms/<int:assignment_id>/save", methods=["POST"])
@login_required
def autosave(assignment_id: int):
    """htmx autosave of one answer: three statements (the assignment with the posted items'
    kinds, the lock, the upsert) and a one-line fragment, not the page."""
    mine = _mine(assignment_id, posted_items=_posted_item_ids())
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
@login_required
def submit(assignment_id: int):
    mine = _mine(assignment_id)
    assignment, cycle = mine.assignment, mine.cycle
    try:
        answering.submit(cycle, assignment)
    except FeedbackError as exc:
        flash(exc.message, "error")
        ctx = form_context(cycle, assignment, assignment.relation, mine.subject_name, review=True)
        return render("feedback/form.html", preview=False, status=422, **ctx)
    flash(_("Terima kasih, jawaban Anda untuk %(name)s sudah terkirim.", name=mine.subject_name), "success")
    return redirect(url_for("feedback.my_forms"))


# --- nominations ------------------------------------------------------------------------------

@bp.route("/cycles/<int:cycle_id>/nominate", methods=["GET", "POST"])
@login_required
def nominate(cycle_id: int):
    cycle = load_cycle(cycle_id)
    require(perm.can_nominate, cycle)
    form = NominationForm()
    status = 200
    if form.validate_on_submit():
        peer = db.session.scalar(sa.select(Employee.id).where(Employee.nip == form.peer_nip.data.strip()))
        try:
            operations.nominate(cycle, current_user.employee_id, peer)
        except FeedbackError as exc:
            form.peer_nip.errors.append(exc.message)
            status = 422
        else:
            flash(_("Usulan dikirim ke atasan Anda untuk disetujui."), "success")
            return redirect(url_for("feedback.nominate", cycle_id=cycle.id))
    elif request.method == "POST":
        status = 422
    mine = db.session.execute(
        sa.select(FeedbackNomination, Employee.full_name)
        .join(Employee, sa.and_(Employee.tenant_id == FeedbackNomination.tenant_id,
                                Employee.id == FeedbackNomination.peer_employee_id))
        .where(FeedbackNomination.cycle_id == cycle.id,
               FeedbackNomination.subject_employee_id == current_user.employee_id)).all()
    from jenjang.people.api import team_ids

    team = team_ids(current_user.employee_id)
    subject = sa.orm.aliased(Employee)
    waiting = db.session.execute(
        sa.select(FeedbackNomination, subject.full_name, Employee.full_name)
        .join(subject, sa.and_(subject.tenant_id == FeedbackNomination.tenant_id,
                               subject.id == FeedbackNomination.subject_employee_id))
        .join(Employee, sa.and_(Employee.tenant_id == FeedbackNomination.tenant_id,
                                Employee.id == FeedbackNomination.peer_employee_id))
        .where(FeedbackNomination.cycle_id == cycle.id, FeedbackNomination.status == "proposed",
               FeedbackNomination.subject_employee_id.in_(team or [-1]))).all()
    return render("feedback/nominate.html", cycle=cycle, form=form, mine=mine, waiting=waiting, status=status)


@bp.route("/nominations/<int:nomination_id>/decide", methods=["POST"])
@login_required
def decide_nomination(nomination_id: int):
    nomination = db.first_or_404(sa.select(FeedbackNomination).where(FeedbackNomination.id == nomination_id))
    subject = db.session.scalar(sa.select(Employee).where(Employee.id == nomination.subject_employee_id))
    require(perm.can_decide_nomination, nomination, subject)
    try:
        operations.decide_nomination(nomination, request.form.get("decision") == "approve")
    except FeedbackError as exc:
        flash(exc.message, "error")
    return redirect(url_for("feedback.nominate", cycle_id=nomination.cycle_id))
