"""Who may see JP ledgers and run the compliance report.

An employee sees only their own ledger; a supervisor sees the ledgers of their reporting chain
(never a colleague's); HR and admin see everyone's, read the compliance report, launch the reminder
campaign and edit the training settings."""
from __future__ import annotations

from jenjang.training.permissions import can_view_employee_training, is_employee, is_training_admin


def has_own_ledger(user) -> bool:
    return is_employee(user)


def can_view_ledger(user, employee) -> bool:
    """`employee` is an Employee: the person themself, their supervisors, HR."""
    return can_view_employee_training(user, employee)


def can_view_compliance(user, unit=None) -> bool:
    """HR, for the whole region and for any unit."""
    return is_training_admin(user)


def can_edit_training_settings(user) -> bool:
    return is_training_admin(user)
