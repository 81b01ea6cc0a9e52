"""Training pages, part A2: enrolling (self, with htmx button states), nominating (supervisor or
HR), cancelling, an enrolment's page with its approval panel, "my training" and the team view."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from jenjang.core import clock
from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.people.models import Employee
from jenjang.training import bp, enrolment
from jenjang.training import permissions as perm
from jenjang.training.forms_catalogue import CancelForm, NominateForm
from jenjang.training.models import Enrolment, Programme, TrainingSession
from jenjang.training.views_catalogue import _now, _session_or_404, me_employee


def _acts_on(row: Enrolment) -> bool:
    """The step of the enrolment's approval waits for the current user (e.g. reassigned to them)."""
    if not row.workflow_case_id:
        return False
    from jenjang.workflow import api as workflow
    from jenjang.workflow.models import WorkflowCase

    wcase = db.session.scalar(sa.select(WorkflowCase).where(WorkflowCase.id == row.workflow_case_id))
    return wcase is not None and workflow.can_act(current_user, wcase)


def _enrolment_or_404(enrolment_id: int) -> tuple[Enrolment, TrainingSession, Programme, Employee]:
    row = db.first_or_404(sa.select(Enrolment).where(Enrolment.id == enrolment_id))
    employee = db.session.scalar(sa.select(Employee).where(Employee.id == row.employee_id))
    if employee is None or not (perm.can_view_employee_training(current_user, employee) or _acts_on(row)):
        abort(404)
    session = db.session.scalar(sa.select(TrainingSession).where(TrainingSession.id == row.session_id))
    programme = db.session.scalar(sa.select(Programme).where(Programme.id == session.programme_id))
    return row, session, programme, employee


def _card(session, programme, employee, *, message=None, error=None, code: int = 200):
    mine = enrolment.statuses_for(employee.id, [session.id]) if employee else {}
    waiting = {session.id: db.session.scalar(sa.select(sa.func.count()).select_from(Enrolment).where(
        Enrolment.session_id == session.id, Enrolment.status == "waitlisted"))}
    return render("training/enrolment/session_card.html", block="card", s=session, programme=programme, mine=mine, waiting=waiting,
                  employee=employee, message=message, error=error, today=clock.today(), now=_now(),
                  is_admin=perm.is_training_admin(current_user), status=code)


@bp.route("/training/sessions/<int:session_id>/enrol", methods=["POST"])
@login_required
def enrol(session_id):
    session, programme = _session_or_404(session_id)
    employee = me_employee()
    if employee is None:
        abort(403)
    try:
        row = enrolment.enrol(session, employee, user=current_user, origin="self",
                              reason=(request.form.get("reason") or "")[:2000])
    except enrolment.EnrolmentRefused as exc:
        db.session.rollback()
        session, programme = _session_or_404(session_id)
        employee = me_employee()
        if request.htmx:
            return _card(session, programme, employee, error=exc.message, code=422)
        flash(exc.message, "error")
        return redirect(url_for("training.programme_detail", programme_id=programme.id), code=303)
    if row.status == "waitlisted":
        message = _("Sesi penuh: Anda masuk daftar tunggu. Kami kabari bila kursi tersedia.")
    else:
        message = _("Terdaftar. Pendaftaran Anda menunggu persetujuan atasan.")
    if request.htmx:
        return _card(session, programme, employee, message=message)
    flash(message, "success")
    return redirect(url_for("training.enrolment_detail", enrolment_id=row.id))


# --- nomination ---------------------------------------------------------------------------------

NOMINEES_SHOWN = 50


def _nominees(q: str = "", chosen: int | None = None) -> list:
    """Whom the current user may nominate, matching what they typed (name words or a NIP
    prefix): a supervisor their team, HR any active employee of the region (the first
    NOMINEES_SHOWN matches; a region has tens of thousands). The one already chosen stays listed."""
    from jenjang.people.queries import name_or_nip

    stmt = sa.select(Employee.id, Employee.full_name, Employee.nip).where(Employee.status == "active")
    if not perm.is_training_admin(current_user):
        from jenjang.people.reporting import team_ids

        ids = team_ids(current_user.employee_id) if perm.is_employee(current_user) else []
        if not ids:
            return []
        stmt = stmt.where(Employee.id.in_(ids))
    matches = name_or_nip(q)
    shown = stmt.where(matches) if matches is not None else stmt
    rows = db.session.execute(shown.order_by(Employee.full_name, Employee.id).limit(NOMINEES_SHOWN)).all()
    if chosen and chosen not in {r.id for r in rows}:
        rows = db.session.execute(stmt.where(Employee.id == chosen)).all() + rows
    return rows


def _may_nominate_anyone() -> bool:
    if perm.is_training_admin(current_user):
        return True
    from jenjang.people.reporting import team_ids

    return bool(perm.is_employee(current_user) and team_ids(current_user.employee_id))


@bp.route("/training/sessions/<int:session_id>/nominate", methods=["GET", "POST"])
@login_required
def nominate(session_id):
    session, programme = _session_or_404(session_id)
    if not _may_nominate_anyone():
        abort(403)
    form = NominateForm()
    q = (request.args.get("q") or request.form.get("q") or "").strip()[:100]
    chosen = form.employee_id.data if request.method == "POST" else None
    people = _nominees(q, chosen)
    form.employee_id.choices = [(0, _("— pilih pegawai —"))] + [(p.id, f"{p.full_name} ({p.nip})") for p in people]
    template = "training/enrolment/nominate.html"
    context = {"session": session, "programme": programme, "q": q, "shown_max": NOMINEES_SHOWN,
               "shown": len(people)}
    if request.method == "GET" and request.htmx and request.htmx.target == "nominee-choices":
        return render(template, block="nominee_choices", form=form, **context)
    if request.method == "POST":
        if not form.validate_on_submit():
            return render(template, form=form, status=422, **context)
        employee = db.session.scalar(sa.select(Employee).where(Employee.id == form.employee_id.data,
                                                               Employee.status == "active"))
        if employee is None or not perm.can_nominate(current_user, employee):
            form.employee_id.errors = [_("Anda tidak dapat mengusulkan pegawai ini.")]
            return render(template, form=form, status=422, **context)
        origin = "hr" if perm.is_training_admin(current_user) else "supervisor"
        try:
            row = enrolment.enrol(session, employee, user=current_user, origin=origin, reason=form.reason.data)
        except enrolment.EnrolmentRefused as exc:
            db.session.rollback()
            session, programme = _session_or_404(session_id)
            form.employee_id.errors = [exc.message]
            context.update(session=session, programme=programme)
            return render(template, form=form, status=422, **context)
        label = enrolment.status_label(row.status)
        flash(_("%(name)s diusulkan (%(s)s).", name=employee.display_name, s=label), "success")
        return redirect(url_for("training.enrolment_detail", enrolment_id=row.id))
    return render(template, form=form, **context)


# --- one enrolment ------------------------------------------------------------------------------

@bp.route("/training/enrolments/<int:enrolment_id>")
@login_required
def enrolment_detail(enrolment_id):
    row, session, programme, employee = _enrolment_or_404(enrolment_id)
    wcase, panel = None, None
    if row.workflow_case_id:
        from jenjang.workflow.models import WorkflowCase
        from jenjang.workflow.panel import case_panel

        wcase = db.session.scalar(sa.select(WorkflowCase).where(WorkflowCase.id == row.workflow_case_id))
        panel = case_panel(wcase, current_user) if wcase is not None else None
    can_cancel = row.status in ("pending", "approved", "waitlisted") and session.starts_at > _now() and (
        perm.is_self(current_user, employee.id) or perm.can_nominate(current_user, employee))
    return render("training/enrolment/detail.html", row=row, session=session, programme=programme,
                  employee=employee, case=wcase, panel=panel, can_cancel=can_cancel, form=CancelForm(),
                  position=enrolment.waitlist_position(row), is_self=perm.is_self(current_user, employee.id))


@bp.route("/training/enrolments/<int:enrolment_id>/cancel", methods=["POST"])
@login_required
def enrolment_cancel(enrolment_id):
    row, session, programme, employee = _enrolment_or_404(enrolment_id)
    if not (perm.is_self(current_user, employee.id) or perm.can_nominate(current_user, employee)):
        abort(404)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Alasan terlalu panjang."), "error")
        return redirect(url_for("training.enrolment_detail", enrolment_id=row.id), code=303)
    try:
        enrolment.cancel(row, current_user, form.reason.data)
    except enrolment.EnrolmentRefused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("training.enrolment_detail", enrolment_id=enrolment_id), code=303)
    flash(_("Pendaftaran dibatalkan; kursinya diberikan kepada yang berikutnya di daftar tunggu."), "success")
    if perm.is_self(current_user, employee.id):
        return redirect(url_for("training.mine"))
    return redirect(url_for("training.enrolment_detail", enrolment_id=row.id))


# --- lists --------------------------------------------------------------------------------------

@bp.route("/training/mine")
@login_required
def mine():
    employee = me_employee()
    if employee is None:
        abort(403)
    rows = enrolment.my_enrolments(employee.id)
    now = _now()
    current = [r for r in rows if r[0].status in ("pending", "approved", "waitlisted") and r[1].ends_at >= now]
    past = [r for r in rows if r not in current]
    from jenjang.training import catalogue

    suggestions = [r for r in catalogue.search(employee=employee, suits_only=True, limit=6) if r.next_session]
    return render("training/enrolment/mine.html", current=current, past=past, employee=employee,
                  suggestions=suggestions, now=now)


@bp.route("/training/team")
@login_required
def team():
    if not perm.is_employee(current_user):
        abort(403)
    from jenjang.people.reporting import team_ids
    from jenjang.workflow.models import WorkflowCase

    ids = team_ids(current_user.employee_id)
    if not ids:
        abort(403)
    rows = db.session.execute(
        sa.select(Enrolment, TrainingSession, Programme, Employee, WorkflowCase.status.label("case_status"))
        .join(TrainingSession, sa.and_(TrainingSession.tenant_id == Enrolment.tenant_id,
                                       TrainingSession.id == Enrolment.session_id))
        .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                 Programme.id == TrainingSession.programme_id))
        .join(Employee, sa.and_(Employee.tenant_id == Enrolment.tenant_id, Employee.id == Enrolment.employee_id))
        .outerjoin(WorkflowCase, sa.and_(WorkflowCase.tenant_id == Enrolment.tenant_id,
                                         WorkflowCase.id == Enrolment.workflow_case_id))
        .where(Enrolment.employee_id.in_(ids), TrainingSession.ends_at >= _now() - dt.timedelta(days=90))
        .order_by(sa.case((Enrolment.status == "pending", 0), else_=1), TrainingSession.starts_at)
        .limit(300)).all()
    return render("training/enrolment/team.html", rows=rows)
