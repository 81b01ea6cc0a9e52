"""Who sees and does what in promotion."""
from __future__ import annotations

from jenjang.auth.permissions import _has, is_signed_in_employee
from jenjang.people.api import is_supervisor_of
from jenjang.workflow import api as workflow


def can_manage_promotions(user, *_objects) -> bool:
    """HR and admins open cases, record sanctions and exams, and keep the settings."""
    return _has(user, "hr") or _has(user, "admin")


def sees_all_cases(user) -> bool:
    """HR, admins, the committee and the PPK see every case; others see their own and their team's."""
    return can_manage_promotions(user) or _has(user, "committee") or _has(user, "ppk")


def can_view_case(user, case) -> bool:
    if not is_signed_in_employee(user):
        return False
    if sees_all_cases(user):
        return True
    if user.employee_id is not None and user.employee_id == case.employee_id:
        return True
    if case.workflow_case is not None and workflow.can_act(user, case.workflow_case):
        return True
    return is_supervisor_of(user.employee_id, case.employee)


def can_manage_case(user, case) -> bool:
    """Re-evaluating a case's checklist: HR and admins (the case page is already visible to them)."""
    return can_manage_promotions(user)


def can_see_promotion_menu(user) -> bool:
    return is_signed_in_employee(user)
