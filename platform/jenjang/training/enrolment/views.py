"""Pages of enrolment: enrolling (self, with htmx button states), nominating (supervisor or HR),
cancelling, an enrolment's page with its approval panel, "my training" and the team view."""
from __future__ import annotations

import datetime as dt

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.core import clock
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render
from jenjang.people.api import team_ids
from jenjang.training import bp
from jenjang.training import permissions as perm
from jenjang.training.catalogue import queries as catalogue
from jenjang.training.enrolment import operations, queries
from jenjang.training.enrolment import permissions as eperm
from jenjang.training.enrolment.forms import CancelForm, NominateForm
from jenjang.training.labels import status_label
from jenjang.training.models import Enrolment, TrainingSession
from jenjang.training.pages import me_employee
from jenjang.training.queries import employee_of, programme_of, session_of
from jenjang.workflow import api as workflow
from jenjang.workflow.panel import case_panel

SESSION = Load(TrainingSession, "session_id")
NOMINEES_SHOWN = 50
TEAM_PAST = dt.timedelta(days=90)


def _seen(user, row: Enrolment) -> bool:
    """Whoever may see the employee's training, or acts on the approval step (e.g. reassigned to them)."""
    employee = employee_of(row)
    if employee is None:
        return False
    if perm.can_view_employee_training(user, employee):
        return True
    wcase = queries.case_of(row)
    return wcase is not None and workflow.can_act(user, wcase)


def _cancellable(user, row: Enrolment) -> bool:
    """Seen, and by the employee or whoever may nominate them."""
    return _seen(user, row) and eperm.can_cancel(user, employee_of(row))


ENROLMENT = Load(Enrolment, "enrolment_id", visible=_seen)
CANCELLABLE = Load(Enrolment, "enrolment_id", visible=_cancellable)


def _card(session, programme, employee, *, message=None, error=None, code: int = 200):
    mine = queries.statuses_for(employee.id, [session.id]) if employee else {}
    return render("training/enrolment/session_card.html", block="card", s=session, programme=programme, mine=mine,
                  waiting={session.id: queries.waitlisted_count(session.id)}, employee=employee, message=message,
                  error=error, today=clock.today(), now=clock.now(), is_admin=perm.is_training_admin(current_user),
                  status=code)


@bp.route("/training/sessions/<int:session_id>/enrol", methods=["POST"])
@handles(eperm.can_enrol_self, session=SESSION)
def enrol(session: TrainingSession):
    employee = me_employee()
    programme = programme_of(session)
    with attempt(operations.EnrolmentRefused) as outcome:
        row = operations.enrol(session, employee, user=current_user, origin="self",
                               reason=(request.form.get("reason") or "")[:2000])
    if not outcome.ok:
        if request.htmx:
            return _card(session, programme, employee, error=outcome.error, code=422)
        flash(outcome.error, "error")
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

def _nominees(q: str = "", chosen: int | None = None) -> list:
    """Whom the current user may nominate, matching what they typed (name words or a NIP
    prefix): a supervisor their team, HR any active employee of the region (the first
    NOMINEES_SHOWN matches; a region has tens of thousands). The one already chosen stays listed."""
    among = None
    if not perm.is_training_admin(current_user):
        among = team_ids(current_user.employee_id) if perm.is_employee(current_user) else []
        if not among:
            return []
    return queries.nominees(q, among, chosen, NOMINEES_SHOWN)


def _nominate(session: TrainingSession, form: NominateForm):
    """Nominate the chosen employee; the enrolment, or None with the refusal under the field."""
    employee = queries.active_employee(form.employee_id.data)
    if employee is None or not perm.can_nominate(current_user, employee):
        form.employee_id.errors = [_("Anda tidak dapat mengusulkan pegawai ini.")]
        return None
    origin = "hr" if perm.is_training_admin(current_user) else "supervisor"
    with attempt(operations.EnrolmentRefused) as outcome:
        row = operations.enrol(session, employee, user=current_user, origin=origin, reason=form.reason.data)
    if not outcome.ok:
        form.employee_id.errors = [outcome.error]
        return None
    flash(_("%(name)s diusulkan (%(s)s).", name=employee.display_name, s=status_label(row.status)), "success")
    return row


@bp.route("/training/sessions/<int:session_id>/nominate", methods=["GET", "POST"])
@handles(eperm.can_nominate_someone, session=SESSION)
def nominate(session: TrainingSession):
    form = NominateForm()
    q = (request.args.get("q") or request.form.get("q") or "").strip()[:100]
    people = _nominees(q, form.employee_id.data if request.method == "POST" else None)
    form.employee_id.choices = [(0, _("— pilih pegawai —"))] + [(p.id, f"{p.full_name} ({p.nip})") for p in people]
    template = "training/enrolment/nominate.html"
    context = {"session": session, "programme": programme_of(session), "q": q, "shown_max": NOMINEES_SHOWN,
               "shown": len(people)}
    if request.method == "GET" and request.htmx and request.htmx.target == "nominee-choices":
        return render(template, block="nominee_choices", form=form, **context)
    if request.method != "POST":
        return render(template, form=form, **context)
    row = _nominate(session, form) if form.validate_on_submit() else None
    if row is None:
        return render(template, form=form, status=422, **context)
    return redirect(url_for("training.enrolment_detail", enrolment_id=row.id))


# --- one enrolment ------------------------------------------------------------------------------

@bp.route("/training/enrolments/<int:enrolment_id>")
@handles(row=ENROLMENT)
def enrolment_detail(row: Enrolment):
    employee = employee_of(row)
    session = session_of(row)
    wcase = queries.case_of(row)
    panel = case_panel(wcase, current_user) if wcase is not None else None
    can_cancel = row.status in ("pending", "approved", "waitlisted") and session.starts_at > clock.now() \
        and eperm.can_cancel(current_user, employee)
    return render("training/enrolment/detail.html", row=row, session=session, programme=programme_of(session),
                  employee=employee, case=wcase, panel=panel, can_cancel=can_cancel, form=CancelForm(),
                  position=queries.waitlist_position(row), is_self=perm.is_self(current_user, employee.id))


@bp.route("/training/enrolments/<int:enrolment_id>/cancel", methods=["POST"])
@handles(row=CANCELLABLE)
def enrolment_cancel(row: Enrolment):
    employee = employee_of(row)
    form = CancelForm()
    back = url_for("training.enrolment_detail", enrolment_id=row.id)
    if not form.validate_on_submit():
        flash(_("Alasan terlalu panjang."), "error")
        return redirect(back, code=303)
    with attempt(operations.EnrolmentRefused) as outcome:
        operations.cancel(row, current_user, form.reason.data)
    if not outcome.ok:
        flash(outcome.error, "error")
        return redirect(back, code=303)
    flash(_("Pendaftaran dibatalkan; kursinya diberikan kepada yang berikutnya di daftar tunggu."), "success")
    return redirect(url_for("training.mine") if perm.is_self(current_user, employee.id) else back)


# --- lists --------------------------------------------------------------------------------------

@bp.route("/training/mine")
@handles(eperm.can_enrol_self)
def mine():
    employee = me_employee()
    rows = queries.my_enrolments(employee.id)
    now = clock.now()
    current = [r for r in rows if r[0].status in ("pending", "approved", "waitlisted") and r[1].ends_at >= now]
    past = [r for r in rows if r not in current]
    suggestions = [r for r in catalogue.search(employee=employee, suits_only=True, limit=6) if r.next_session]
    return render("training/enrolment/mine.html", current=current, past=past, employee=employee,
                  suggestions=suggestions, now=now)


@bp.route("/training/team")
@handles(eperm.has_team)
def team():
    rows = queries.team_enrolments(team_ids(current_user.employee_id), clock.now() - TEAM_PAST)
    return render("training/enrolment/team.html", rows=rows)
