"""Who may see and change people data. Views call these; templates reach them as
`people_perm.<name>(current_user, …)`. Personal data (NIP, birth date, contact, ratings, career
history) of others is for HR/admin and the employee's supervisors only."""
from __future__ import annotations

from jenjang.auth.permissions import can_manage_people, is_signed_in_employee
from jenjang.people.reporting import is_supervisor_of


def can_browse_directory(user) -> bool:
    """Every employee may look colleagues up by name; what they see depends on the rows below."""
    return is_signed_in_employee(user)


def can_see_org_chart(user, _unit=None) -> bool:
    return is_signed_in_employee(user)


def can_manage_organisation(user, _unit_or_position=None) -> bool:
    """Units, positions and the people rules: HR/admin, for every unit and position of the region."""
    return can_manage_people(user)


def can_import_people(user, _run=None) -> bool:
    """Imports and their runs (any run of the region, whoever started it): HR/admin."""
    return can_manage_people(user)


def can_export_directory(user) -> bool:
    """Exports carry NIPs and contact data of everyone: HR/admin only."""
    return can_manage_people(user)


def can_see_directory_personal_data(user) -> bool:
    """NIP, status and contact columns of the directory."""
    return can_manage_people(user)


def can_search_by_nip(user) -> bool:
    return can_manage_people(user)


def can_see_archived(user) -> bool:
    return can_manage_people(user)


def is_self(user, employee) -> bool:
    return bool(is_signed_in_employee(user) and user.employee_id is not None and user.employee_id == employee.id)


def can_view_personal_data(user, employee) -> bool:
    if not is_signed_in_employee(user):
        return False
    if can_manage_people(user) or is_self(user, employee):
        return True
    return is_supervisor_of(user.employee_id, employee)


def can_edit_contact(user, employee) -> bool:
    return can_manage_people(user) or is_self(user, employee)


def can_edit_employee(user, employee=None) -> bool:
    """HR's forms for an employee (personal data, rank, position, SKP, archive, supervisor)."""
    return can_manage_people(user)


def has_employee_record(user) -> bool:
    return bool(is_signed_in_employee(user) and user.employee_id is not None)


TEMPLATE_CHECKS = {
    name: fn for name, fn in dict(globals()).items()
    if callable(fn) and (name.startswith("can_") or name.startswith("is_") or name.startswith("has_"))
    and fn.__module__ == __name__
}
