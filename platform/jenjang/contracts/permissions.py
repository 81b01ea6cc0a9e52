"""Who sees and does what with contracts."""
from __future__ import annotations

from jenjang.auth.permissions import _has, is_signed_in_employee
from jenjang.workflow import api as workflow


def can_manage_contracts(user, *_objects) -> bool:
    """HR and admins keep contracts, their documents and the settings."""
    return is_signed_in_employee(user) and (_has(user, "hr") or _has(user, "admin"))


def sees_all_renewals(user) -> bool:
    return can_manage_contracts(user) or (is_signed_in_employee(user) and _has(user, "ppk"))


def is_unit_head_of(user, employee_id: int) -> bool:
    """The head of the employee's unit (the renewal's proposer)."""
    return (is_signed_in_employee(user) and user.employee_id is not None and user.employee_id != employee_id
            and user.employee_id in workflow.relation_employee_ids("unit_head", employee_id))


def can_view_contract(user, contract) -> bool:
    """HR, the employee themself, and the head of their unit."""
    if not is_signed_in_employee(user):
        return False
    if sees_all_renewals(user) or user.employee_id == contract.employee_id:
        return True
    return is_unit_head_of(user, contract.employee_id)


def can_propose_renewal(user, contract) -> bool:
    """HR or the head of the employee's unit opens a renewal proposal."""
    return can_manage_contracts(user) or is_unit_head_of(user, contract.employee_id)


def can_view_renewal(user, renewal) -> bool:
    if not is_signed_in_employee(user):
        return False
    if sees_all_renewals(user) or user.employee_id == renewal.employee_id:
        return True
    if renewal.workflow_case is not None and workflow.can_act(user, renewal.workflow_case):
        return True
    return is_unit_head_of(user, renewal.employee_id)


def has_employee_record(user) -> bool:
    return is_signed_in_employee(user) and user.employee_id is not None


def can_view_employee_contracts(user, employee) -> bool:
    """An employee's contracts page: HR and the PPK, the head of their unit, and the employee."""
    if not is_signed_in_employee(user):
        return False
    if sees_all_renewals(user) or user.employee_id == employee.id:
        return True
    return is_unit_head_of(user, employee.id)
