"""HR's forms for an employee: a new employee, and the manage page with one form per change
(personal data, rank, position, SKP, archive, supervisor). Every change goes through an operation
that may refuse it (``PeopleError``: the message lands on the form's field) or warn before it
(``RankOutsideRange``: shown above the form, repeated with a reason to keep it)."""
from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from wtforms import Field

from jenjang.core import clock
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render
from jenjang.people import bp, operations, queries
from jenjang.people import permissions as pp
from jenjang.people.entry_age import employee_entry_age_problem
from jenjang.people.forms import (
    ArchiveForm,
    EmployeeForm,
    GradeChangeForm,
    NewEmployeeForm,
    PositionChangeForm,
    RankChangeForm,
    SkpForm,
    SupervisorForm,
)
from jenjang.people.models import Employee

_hr = pp.can_edit_employee
_employee = Load(Employee, "employee_id")


def _unit_choices(form_field):
    form_field.choices = [("", "—")] + queries.unit_options()


def _position_choices(form_field, blank=True):
    form_field.choices = ([("", "—")] if blank else []) + queries.position_options()


def _flash_entry_age(employee: Employee) -> None:
    """Saved, with a warning when the NIP puts the start of service above the maximum entry age."""
    problem = employee_entry_age_problem(employee, queries.position_by_id(employee.position_id))
    if problem is not None:
        flash(f"{_('Peringatan')}: {problem.message} {problem.fix}", "warning")


def _personal_data(form) -> dict:
    return {"nip": form.nip.data, "full_name": form.full_name.data, "front_title": form.front_title.data,
            "back_title": form.back_title.data, "employment_type": form.employment_type.data,
            "education_level": form.education_level.data or None, "education_major": form.education_major.data,
            "email": form.email.data, "phone": form.phone.data, "unit_id": form.unit_id.data}


@bp.route("/people/new", methods=["GET", "POST"])
@handles(_hr)
def new_employee():
    form = NewEmployeeForm()
    _unit_choices(form.unit_id)
    _position_choices(form.position_id)
    warning = None
    if form.validate_on_submit():
        with attempt(operations.PeopleError) as outcome:
            employee = operations.create_employee(
                **_personal_data(form), position_id=form.position_id.data, position_tmt=form.position_tmt.data,
                rank_id=form.rank_id.data, rank_tmt=form.rank_tmt.data, override_reason=form.override_reason.data,
                grade_id=form.grade_id.data)
        if outcome.ok:
            flash(_("Pegawai %(name)s ditambahkan.", name=employee.display_name), "success")
            _flash_entry_age(employee)
            return redirect(url_for("people.profile", employee_id=employee.id))
        if isinstance(outcome.exception, operations.RankOutsideRange):
            warning = outcome.exception.problem
        else:
            getattr(form, outcome.exception.field or "nip").errors.append(outcome.exception.problem.message)
    return render("people/new.html", form=form, warning=warning, status=422 if request.method == "POST" else 200)


def _manage(employee: Employee, status: int = 200, warning=None, **forms):
    defaults = {
        "edit_form": EmployeeForm(obj=employee, prefix="edit"),
        "rank_form": RankChangeForm(prefix="rank", rank_id=employee.rank_id),
        "grade_form": GradeChangeForm(prefix="grade", grade_id=employee.grade_id),
        "position_form": PositionChangeForm(prefix="pos", position_id=employee.position_id),
        "skp_form": SkpForm(prefix="skp", year=clock.today().year - 1),
        "archive_form": ArchiveForm(prefix="archive"),
        "supervisor_form": SupervisorForm(prefix="sup"),
    }
    defaults.update(forms)
    _unit_choices(defaults["edit_form"].unit_id)
    _position_choices(defaults["position_form"].position_id, blank=False)
    return render("people/manage.html", employee=employee, warning=warning,
                  override=queries.employee_by_id(employee.supervisor_override_id),
                  skp=queries.skp_rows(employee.id), status=status, **defaults)


def _change(employee: Employee, name: str, form, act: Callable[[], object], done: str, *,
            problem_field: Field | None = None, entry_age: bool = False, then: str = "people.manage"):
    """One form of the manage page, submitted: validate, ``act`` (an operation that may refuse),
    then on to ``then`` with ``done`` flashed; or the manage page again (422) with ``form`` as
    ``name``, its problem on ``problem_field`` (else the field the refusal names)."""
    if form.validate_on_submit():
        with attempt(operations.PeopleError) as outcome:
            act()
        if outcome.ok:
            flash(done, "success")
            if entry_age:
                _flash_entry_age(employee)
            return redirect(url_for(then, employee_id=employee.id))
        refusal = outcome.exception
        if isinstance(refusal, operations.RankOutsideRange):
            return _manage(employee, 422, warning=refusal.problem, **{name: form})
        field = problem_field if problem_field is not None else getattr(form, refusal.field or "nip")
        field.errors.append(refusal.problem.message)
    return _manage(employee, 422, **{name: form})


@bp.route("/people/<int:employee_id>/edit", methods=["GET", "POST"])
@handles(_hr, employee=_employee)
def manage(employee):
    if request.method == "GET":
        return _manage(employee)
    form = EmployeeForm(prefix="edit")
    _unit_choices(form.unit_id)
    return _change(employee, "edit_form", form,
                   lambda: operations.update_employee(employee, **_personal_data(form)),
                   _("Data pegawai disimpan."), entry_age=True)


@bp.route("/people/<int:employee_id>/rank", methods=["POST"])
@handles(_hr, employee=_employee)
def change_rank(employee):
    form = RankChangeForm(prefix="rank")
    return _change(employee, "rank_form", form,
                   lambda: operations.change_rank(employee, form.rank_id.data, form.tmt.data,
                                                  decree_number=form.decree_number.data,
                                                  override_reason=form.override_reason.data),
                   _("Golongan dicatat dalam riwayat."), problem_field=form.rank_id)


@bp.route("/people/<int:employee_id>/grade", methods=["POST"])
@handles(_hr, employee=_employee)
def change_grade(employee):
    """A PPPK's golongan (I–XVII), appended to the history like a PNS's rank."""
    form = GradeChangeForm(prefix="grade")
    return _change(employee, "grade_form", form,
                   lambda: operations.change_grade(employee, form.grade_id.data, form.tmt.data,
                                                   decree_number=form.decree_number.data),
                   _("Golongan dicatat dalam riwayat."), problem_field=form.grade_id)


@bp.route("/people/<int:employee_id>/position", methods=["POST"])
@handles(_hr, employee=_employee)
def change_position(employee):
    form = PositionChangeForm(prefix="pos")
    _position_choices(form.position_id, blank=False)
    return _change(employee, "position_form", form,
                   lambda: operations.change_position(employee, form.position_id.data, form.tmt.data,
                                                      decree_number=form.decree_number.data,
                                                      override_reason=form.override_reason.data),
                   _("Jabatan dicatat dalam riwayat."), problem_field=form.position_id, entry_age=True)


@bp.route("/people/<int:employee_id>/skp", methods=["POST"])
@handles(_hr, employee=_employee)
def record_skp(employee):
    form = SkpForm(prefix="skp")
    return _change(employee, "skp_form", form,
                   lambda: operations.set_skp(employee, form.year.data, form.predicate.data),
                   _("Predikat SKP disimpan."), problem_field=form.year)


@bp.route("/people/<int:employee_id>/archive", methods=["POST"])
@handles(_hr, employee=_employee)
def archive(employee):
    form = ArchiveForm(prefix="archive")
    return _change(employee, "archive_form", form, lambda: operations.archive(employee, form.reason.data),
                   _("Pegawai diarsipkan; akunnya tidak dapat masuk lagi."), problem_field=form.reason,
                   then="people.profile")


@bp.route("/people/<int:employee_id>/reinstate", methods=["POST"])
@handles(_hr, employee=_employee)
def reinstate(employee):
    if employee.status == "archived":
        operations.reinstate(employee)
        flash(_("Pegawai diaktifkan kembali."), "success")
    return redirect(url_for("people.profile", employee_id=employee.id))


@bp.route("/people/<int:employee_id>/supervisor", methods=["POST"])
@handles(_hr, employee=_employee)
def set_supervisor(employee):
    form = SupervisorForm(prefix="sup")
    supervisor = None
    if form.validate_on_submit() and form.supervisor_nip.data:
        supervisor = queries.active_employee_by_nip(form.supervisor_nip.data)
        if supervisor is None:
            form.supervisor_nip.errors.append(_("Tidak ada pegawai aktif dengan NIP itu."))
            return _manage(employee, 422, supervisor_form=form)
    return _change(employee, "supervisor_form", form,
                   lambda: operations.set_supervisor_override(employee, supervisor),
                   _("Atasan disimpan."), problem_field=form.supervisor_nip)
