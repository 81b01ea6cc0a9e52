"""The holiday calendar page (HR and admins): the year's national holidays and cuti bersama as
seeded from the SKB, and the region's own holidays, which the BKPSDM adds, edits and deletes.
SLA deadlines and reminders count working days against this calendar."""
from __future__ import annotations

import datetime as dt

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from jenjang.core import clock
from jenjang.core.nav import NavItem, registry
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render
from jenjang.workflow import bp, workdays
from jenjang.workflow import holidays as calendar
from jenjang.workflow.forms import HolidayForm
from jenjang.workflow.models import Holiday
from jenjang.workflow.permissions import can_manage_holidays

registry.add_nav(NavItem("workflow.holidays", _l("Hari libur"), can_manage_holidays, order=906,
                         match_prefix="/admin/holidays"))


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def _parse(form: HolidayForm) -> calendar.HolidayInput | None:
    """The form's input, or None with the errors set on the form."""
    if not form.validate_on_submit():
        return None
    try:
        day = dt.date.fromisoformat((form.day.data or "").strip())
    except ValueError:
        form.day.errors = [*form.day.errors, _("Tanggal tidak valid. Tulis seperti 2026-08-17.")]
        return None
    return calendar.HolidayInput(day=day, name=form.name.data, kind=form.kind.data, source=form.source.data)


def _apply(form: HolidayForm, action) -> Holiday | None:
    data = _parse(form)
    if data is None:
        return None
    with attempt(calendar.HolidayError) as outcome:
        holiday = action(data)
    if outcome.ok:
        return holiday
    field = getattr(form, outcome.exception.field)
    field.errors = [*field.errors, outcome.error]
    return None


def _list(year: int, form: HolidayForm, status: int = 200):
    today = clock.today()
    return render("workflow/holidays.html", year=year, years=calendar.years_shown(today),
                  holidays=calendar.holidays_of(year), kinds=workdays.KIND_LABELS,
                  incomplete=workdays.YEARS_INCOMPLETE.get(year), form=form, status=status)


@bp.route("/admin/holidays", methods=["GET", "POST"])
@handles(can_manage_holidays)
def holidays():
    year = _year(request.args.get("year"), clock.today().year)
    form = HolidayForm()
    if request.method == "POST":
        holiday = _apply(form, lambda data: calendar.add_holiday(data, current_user.email or current_user.display_name))
        if holiday is None:
            return _list(year, form, status=422)
        flash(_("%(name)s (%(day)s) ditambahkan ke kalender.", name=holiday.name, day=holiday.day.isoformat()),
              "success")
        return redirect(url_for("workflow.holidays", year=holiday.day.year))
    return _list(year, form)


@bp.route("/admin/holidays/<int:holiday_id>", methods=["GET", "POST"])
@handles(can_manage_holidays, holiday=Load(Holiday, "holiday_id"))
def holiday_edit(holiday):
    if holiday.seeded:
        flash(_("Hari libur nasional dari SKB tidak dapat diubah atau dihapus di sini."), "error")
        return redirect(url_for("workflow.holidays", year=holiday.day.year))
    form = HolidayForm(data={"day": holiday.day.isoformat(), "name": holiday.name, "kind": holiday.kind,
                             "source": holiday.source} if request.method == "GET" else None)
    status = 200
    if request.method == "POST":
        saved = _apply(form, lambda data: calendar.update_holiday(
            holiday, data, current_user.email or current_user.display_name))
        if saved is not None:
            flash(_("%(name)s disimpan.", name=saved.name), "success")
            return redirect(url_for("workflow.holidays", year=saved.day.year))
        status = 422
    return render("workflow/holiday_edit.html", holiday=holiday, form=form, status=status)


@bp.route("/admin/holidays/<int:holiday_id>/delete", methods=["POST"])
@handles(can_manage_holidays, holiday=Load(Holiday, "holiday_id"))
def holiday_delete(holiday):
    year, name = holiday.day.year, holiday.name
    with attempt(calendar.HolidayError) as outcome:
        calendar.delete_holiday(holiday)
    if outcome.ok:
        flash(_("%(name)s dihapus dari kalender.", name=name), "success")
    else:
        flash(outcome.error, "error")
    return redirect(url_for("workflow.holidays", year=year))
