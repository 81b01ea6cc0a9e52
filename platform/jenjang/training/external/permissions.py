"""Who may submit, correct, see and verify external training: the employee their own entries (until
verified), HR everyone's."""
from __future__ import annotations

from jenjang.training.permissions import is_employee, is_self, is_training_admin


def can_submit_external(user) -> bool:
    return is_employee(user)


def can_edit_external(user, item) -> bool:
    return is_self(user, item.employee_id) and item.status != "verified"


def can_see_external(user, item) -> bool:
    return is_self(user, item.employee_id) or is_training_admin(user)


def can_review_external(user, item=None) -> bool:
    """HR, for the queue and for any one entry."""
    return is_training_admin(user)
