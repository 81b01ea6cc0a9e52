"""Career opportunities: the positions an employee could move to, with their fit (my own, from
"my development", or an employee's, for HR)."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from jenjang.competency import bp, queries, talent
from jenjang.competency import permissions as perm
from jenjang.competency.settings import load_rules
from jenjang.core.resources import Load, handles, load_or_404
from jenjang.core.web import page_number, render
from jenjang.people.api import Employee


def _career_page(employee: Employee, endpoint: str, **endpoint_args):
    rules = load_rules()
    vacant_only = request.args.get("vacant") == "1"
    eligible_only = request.args.get("eligible") == "1"
    page = page_number()
    rows, missing, has_next = talent.career_options(rules, employee, vacant_only=vacant_only,
                                                    eligible_only=eligible_only, page=page)
    position, _unit = queries.position_and_unit(employee)
    own = queries.gap_report(rules, employee.id, employee.position_id)
    return render("competency/career.html", block="career_rows", employee=employee, position=position, own=own,
                  rows=rows, missing=missing, rules=rules, page=page, has_next=has_next, vacant_only=vacant_only,
                  eligible_only=eligible_only, endpoint=endpoint, endpoint_args=endpoint_args)


@bp.route("/development/career")
@handles(perm.has_own_development)
def my_career():
    return _career_page(load_or_404(Employee, current_user.employee_id), "competency.my_career")


@bp.route("/competency/employees/<int:employee_id>/career")
@handles(perm.can_view_career, employee=Load(Employee, "employee_id"))
def employee_career(employee: Employee):
    return _career_page(employee, "competency.employee_career", employee_id=employee.id)
