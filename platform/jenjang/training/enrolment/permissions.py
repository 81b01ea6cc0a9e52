"""Who may do what in enrolment, beyond the module-wide checks (training/permissions.py): an
employee enrols themself; HR or a supervisor with a team nominates; an enrolment is seen by whoever
may see the employee's training or acts on its approval step, and cancelled by the employee or
whoever may nominate them."""
from __future__ import annotations

from jenjang.training.permissions import can_nominate, is_employee, is_self, is_training_admin, leads_team


def can_enrol_self(user, session=None) -> bool:
    return is_employee(user)


def can_nominate_someone(user, session=None) -> bool:
    """HR, or a supervisor with a team (whom exactly is `can_nominate`)."""
    return is_training_admin(user) or leads_team(user)


def can_cancel(user, employee) -> bool:
    """The employee themself, or whoever may nominate them. `employee` is an Employee."""
    return is_self(user, employee.id) or can_nominate(user, employee)


def has_team(user) -> bool:
    return leads_team(user)
