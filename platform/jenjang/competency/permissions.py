"""Who may see and change competency data. Views call these; templates reach them as
`comp_perm.<name>(current_user, …)`.

Potential (the potential axis, 9-box placement, talent pool, succession) is for HR, admin, the
Tim Penilai Kinerja and the PPK, and never for the employee themself, whatever their role
(PermenPANRB 3/2020 keeps talent ratings confidential)."""
from __future__ import annotations

from jenjang.auth.permissions import can_manage_people, is_committee_member, is_ppk, is_signed_in_employee
from jenjang.people.api import is_supervisor_of


def _is_self(user, employee_id: int | None) -> bool:
    return bool(is_signed_in_employee(user) and user.employee_id is not None and user.employee_id == employee_id)


def can_manage_competencies(user, *_objects) -> bool:
    """Dictionary, standards, assessments, imports, settings: HR and admin, whatever row of the
    module the page loaded (a competency, a position, an employee, a succession flag)."""
    return can_manage_people(user)


def can_edit_competency(user, competency) -> bool:
    """The region's own competencies; the national ones are fixed by regulation."""
    return can_manage_competencies(user) and not competency.is_national


def can_view_succession(user, *_positions) -> bool:
    """A position's succession candidates: whoever may see potential (not about one employee)."""
    return can_see_potential(user)


def can_view_dictionary(user, *_competency) -> bool:
    return is_signed_in_employee(user)


def can_view_competency_reports(user) -> bool:
    """Heatmaps, JPM distribution, any employee's gaps: HR, admin, committee, PPK."""
    return can_manage_people(user) or is_committee_member(user) or is_ppk(user)


def can_view_talent(user) -> bool:
    return can_view_competency_reports(user)


def can_see_potential(user, employee=None) -> bool:
    if not can_view_talent(user):
        return False
    return employee is None or not _is_self(user, getattr(employee, "id", employee))


def can_view_gaps(user, employee) -> bool:
    if _is_self(user, employee.id) or can_view_competency_reports(user):
        return True
    return is_signed_in_employee(user) and is_supervisor_of(user.employee_id, employee)


def can_view_career(user, employee) -> bool:
    return _is_self(user, employee.id) or can_manage_competencies(user)


def has_own_development(user, *_own_rows) -> bool:
    """An employee's own development pages (the rows they load are checked to be theirs there)."""
    return bool(is_signed_in_employee(user) and user.employee_id is not None)


def can_edit_plan(user, plan) -> bool:
    return _is_self(user, plan.employee_id) and plan.is_editable


def can_view_plan(user, plan, employee) -> bool:
    if _is_self(user, plan.employee_id) or can_manage_competencies(user):
        return True
    return is_signed_in_employee(user) and (
        plan.reviewer_employee_id == user.employee_id or is_supervisor_of(user.employee_id, employee))


def can_review_plan(user, plan) -> bool:
    """The supervisor the plan was sent to, while it waits."""
    return bool(is_signed_in_employee(user) and plan.status == "submitted" and user.employee_id is not None
                and plan.reviewer_employee_id == user.employee_id and plan.employee_id != user.employee_id)


def has_plans_to_review(user) -> bool:
    return has_own_development(user)


TEMPLATE_CHECKS = {
    name: fn for name, fn in dict(globals()).items()
    if callable(fn) and (name.startswith("can_") or name.startswith("has_")) and fn.__module__ == __name__
}
