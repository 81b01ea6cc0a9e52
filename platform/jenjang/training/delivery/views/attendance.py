"""Delivery pages: the sessions to run (HR's list, a facilitator's own), the facilitator's dashboard
card, and attendance per day (a phone-friendly htmx checklist)."""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from jenjang.core import clock
from jenjang.core.nav import registry
from jenjang.core.resources import attempt, handles, require
from jenjang.core.web import render
from jenjang.training import bp
from jenjang.training import permissions as perm
from jenjang.training.delivery import attendance, queries
from jenjang.training.delivery import permissions as dperm
from jenjang.training.delivery.views.common import ENROLMENT_IN_SESSION, SESSION, year_arg, zone_name
from jenjang.training.models import Enrolment, TrainingSession
from jenjang.training.queries import programme_of

# --- the facilitator's dashboard card -------------------------------------------------------

def _facilitator_card(user) -> dict:
    return {"sessions": queries.facilitated_sessions(user.employee_id, clock.now())}


registry.add_card(320, "training/delivery/card_facilitator.html", dperm.is_current_facilitator, _facilitator_card)


# --- sessions to record attendance for ------------------------------------------------------

@bp.route("/training/delivery")
@handles(dperm.can_see_delivery)
def delivery_sessions():
    admin = perm.is_training_admin(current_user)
    year = year_arg()
    rows = queries.delivery_sessions(year, zone_name(), facilitator_id=None if admin else current_user.employee_id)
    if not admin and not rows:
        require(dperm.is_current_facilitator)
    zone = attendance.tenant_zone()
    today = attendance.today(zone)
    items = []
    for session, title, participants, completed in rows:
        first, last = attendance.session_dates(session, zone)
        state = "now" if first <= today <= last else ("past" if last < today else "future")
        items.append({"session": session, "title": title, "participants": participants, "completed": completed,
                      "first": first, "last": last, "state": state})
    return render("training/delivery/sessions.html", items=items, year=year, admin=admin)


# --- attendance ------------------------------------------------------------------------------

def _pick_day(days: list[dt.date], today: dt.date) -> dt.date:
    raw = request.values.get("day")
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            abort(404)
        if day not in days:
            abort(404)
        return day
    if today in days:
        return today
    past = [d for d in days if d <= today]
    return past[-1] if past else days[0]


def _day_asked(session: TrainingSession) -> dt.date:
    zone = attendance.tenant_zone()
    return _pick_day(attendance.session_days(session, zone), attendance.today(zone))


def _attendance_context(session: TrainingSession, day: dt.date) -> dict:
    zone = attendance.tenant_zone()
    days = attendance.session_days(session, zone)
    today = attendance.today(zone)
    return {"session": session, "programme": programme_of(session), "days": days, "day": day,
            "today": today, "future": day > today, "participants": attendance.roster(session.id),
            "marks": attendance.marks(session.id, day), "counts": attendance.day_counts(session.id, day)}


@bp.route("/training/sessions/<int:session_id>/attendance")
@handles(perm.can_record_attendance, session=SESSION)
def delivery_attendance(session: TrainingSession):
    return render("training/delivery/attendance.html", block="attendance_panel",
                  **_attendance_context(session, _day_asked(session)))


@bp.route("/training/sessions/<int:session_id>/attendance/<int:enrolment_id>", methods=["POST"])
@handles(session=SESSION, enrolment=ENROLMENT_IN_SESSION)
def delivery_attendance_mark(session: TrainingSession, enrolment: Enrolment):
    require(perm.can_record_attendance, session)
    day = _day_asked(session)
    present = request.form.get("present") == "1"
    with attempt(attendance.AttendanceError) as outcome:
        attendance.set_attendance(session, enrolment.id, day, present, by=current_user.email)
    error = outcome.error
    if not request.htmx:
        if error:
            flash(error, "error")
        return redirect(url_for("training.delivery_attendance", session_id=session.id, day=day.isoformat())
                        + f"#att-{enrolment.id}")
    ctx = _attendance_context(session, day)
    participant = next((p for p in ctx["participants"] if p.enrolment_id == enrolment.id), None)
    if participant is None:
        abort(404)
    template = "training/delivery/attendance.html"
    body = render_block(template, "attendance_row", p=participant, row_error=error, **ctx) \
        + render_block(template, "attendance_counts", oob=True, **ctx)
    return make_response(body, 422 if error else 200)


@bp.route("/training/sessions/<int:session_id>/attendance/all", methods=["POST"])
@handles(perm.can_record_attendance, session=SESSION)
def delivery_attendance_all(session: TrainingSession):
    day = _day_asked(session)
    with attempt(attendance.AttendanceError) as outcome:
        n = attendance.mark_all(session, day, True, by=current_user.email)
    if outcome.ok:
        flash(_("%(n)s peserta yang belum dicatat ditandai hadir.", n=n), "success")
    else:
        flash(outcome.error, "error")
    return redirect(url_for("training.delivery_attendance", session_id=session.id, day=day.isoformat()))
