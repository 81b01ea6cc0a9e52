"""Who may do what in training: the checks every part shares (the parts add their own in their
sub-package's permissions.py). Views call these through ``jenjang.core.resources``; templates reach
them as `train_perm.<name>(...)`.

HR and admin run the catalogue, sessions, attendance, verification and reports; a session's
facilitator (an employee) records attendance for that session; a supervisor nominates members of
their team and approves their enrolments through the workflow engine."""
from __future__ import annotations

from jenjang.auth.permissions import can_manage_people, is_signed_in_employee
from jenjang.people.api import is_supervisor_of, team_ids


def is_training_admin(user) -> bool:
    """Catalogue, sessions, enrolment on anyone's behalf, verification, compliance, budget."""
    return can_manage_people(user)


def can_browse(user) -> bool:
    """The catalogue and its sessions: every employee, and HR."""
    return is_employee(user) or is_training_admin(user)


def is_employee(user) -> bool:
    return bool(is_signed_in_employee(user) and user.employee_id is not None)


def is_self(user, employee_id: int | None) -> bool:
    return bool(is_employee(user) and user.employee_id == employee_id)


def leads_team(user) -> bool:
    """An employee with someone in their reporting chain."""
    return bool(is_employee(user) and team_ids(user.employee_id))


def can_nominate(user, employee) -> bool:
    """HR for anyone; a supervisor for anyone in their reporting chain. `employee` is an Employee."""
    return is_training_admin(user) or (is_employee(user) and is_supervisor_of(user.employee_id, employee))


def can_record_attendance(user, session) -> bool:
    return is_training_admin(user) or (
        is_employee(user) and session.facilitator_employee_id is not None
        and session.facilitator_employee_id == user.employee_id)


def can_view_employee_training(user, employee) -> bool:
    """The employee themself, their supervisor chain, HR. `employee` is an Employee."""
    return is_self(user, employee.id) or can_nominate(user, employee)
