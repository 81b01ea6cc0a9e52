"""Who may do what in the 360 module. Views call these; templates reach them as `fb_perm.<name>`."""
from __future__ import annotations

from jenjang.auth.permissions import can_manage_people, is_signed_in_employee
from jenjang.people.api import is_supervisor_of


def can_manage_feedback(user, *_objects) -> bool:
    """Set up, launch, follow, close cycles; read every report; convert results: HR and admin
    (whatever the page loaded: a cycle, an item, an assignment)."""
    return can_manage_people(user)


def has_own_forms(user, *_objects) -> bool:
    return bool(is_signed_in_employee(user) and user.employee_id is not None)


def can_fill(user, assignment) -> bool:
    return has_own_forms(user) and assignment.rater_employee_id == user.employee_id


def can_view_report(user, cycle, employee) -> bool:
    """HR always; the employee and (up the line) their supervisor when the cycle allows it."""
    if not cycle.is_closed:
        return False
    if can_manage_feedback(user):
        return True
    if not has_own_forms(user):
        return False
    if user.employee_id == employee.id:
        return cycle.report_to_employee
    return cycle.report_to_supervisor and is_supervisor_of(user.employee_id, employee)


def can_nominate(user, cycle) -> bool:
    return has_own_forms(user) and cycle.is_draft and cycle.allow_nominations


def can_decide_nomination(user, nomination, subject) -> bool:
    return has_own_forms(user) and nomination.status == "proposed" and is_supervisor_of(user.employee_id, subject)


TEMPLATE_CHECKS = {
    name: fn for name, fn in dict(globals()).items()
    if callable(fn) and (name.startswith("can_") or name.startswith("has_")) and fn.__module__ == __name__
}
