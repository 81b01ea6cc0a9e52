"""Who may do what in delivery, beyond the module-wide checks (training/permissions.py): a
facilitator sees their sessions; the participant answers the reaction survey, their supervisor the
follow-up; HR reads the survey's results and keeps the budget."""
from __future__ import annotations

from jenjang.core import clock
from jenjang.people.api import is_supervisor_of
from jenjang.training.delivery.queries import facilitates_now
from jenjang.training.permissions import is_employee, is_self, is_training_admin


def is_current_facilitator(user) -> bool:
    """An employee (not HR) facilitating a session from two weeks ago to a month ahead: their
    dashboard card, and the delivery list even in a year with none of their sessions."""
    if not is_employee(user) or is_training_admin(user):
        return False
    return facilitates_now(user.employee_id, clock.now())


def can_see_delivery(user) -> bool:
    return is_training_admin(user) or is_employee(user)


def can_answer_survey(user, enrolment) -> bool:
    """The participant themself (level 1)."""
    return is_self(user, enrolment.employee_id)


def can_answer_followup(user, employee) -> bool:
    """A supervisor in the participant's reporting chain (level 3). `employee` is an Employee."""
    return bool(is_employee(user) and is_supervisor_of(user.employee_id, employee))


def can_read_survey_results(user, programme_or_session=None) -> bool:
    """HR: the survey's results for the region, a programme or a session."""
    return is_training_admin(user)


def can_manage_budget(user) -> bool:
    return is_training_admin(user)
