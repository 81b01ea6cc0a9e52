"""An employee's own pages: the profile with its career timeline, "my team", and the contact data
an employee may keep up to date."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.core.resources import Load, handles
from jenjang.core.web import render
from jenjang.people import bp, operations, queries
from jenjang.people import permissions as pp
from jenjang.people.forms import ContactForm
from jenjang.people.models import Employee
from jenjang.people.reporting import OrgIndex, supervisor_id_of, team_ids


def _visible_profile():
    """Archived employees are not found (404) but by HR and by themselves."""
    self_id = current_user.employee_id if pp.has_employee_record(current_user) else None
    return queries.profile_visible(allow_archived=pp.can_see_archived(current_user), self_id=self_id)


@bp.route("/people/<int:employee_id>")
@handles(employee=Load(Employee, "employee_id", where=_visible_profile))
def profile(employee):
    _, position, unit = queries.employee_with_context(employee.id)
    personal = pp.can_view_personal_data(current_user, employee)
    index = OrgIndex.cached()
    sid = supervisor_id_of(employee, index)
    context = {"employee": employee, "position": position, "unit": unit, "personal": personal,
               "supervisor": queries.employees_brief([sid])[0] if sid else None,
               "team": queries.employees_brief(team_ids(employee.id, index)),
               "overridden": employee.supervisor_override_id is not None}
    if personal:
        context["timeline"] = queries.career_timeline(employee)
        context["skp"] = queries.skp_rows(employee.id)
    return render("people/profile.html", **context)


@bp.route("/me/profile")
@handles()
def my_profile():
    if not pp.has_employee_record(current_user):
        return redirect(url_for("auth.account"))
    return redirect(url_for("people.profile", employee_id=current_user.employee_id))


def _my_employee_record() -> Employee:
    """The signed-in user's employee record; an account without one has no team page (404)."""
    me = queries.employee_by_id(current_user.employee_id) if pp.has_employee_record(current_user) else None
    if me is None:
        abort(404)
    return me


@bp.route("/me/team")
@handles()
def my_team():
    me = _my_employee_record()
    index = OrgIndex.cached()
    sid = supervisor_id_of(me, index)
    return render("people/team.html", me=me, team=queries.employees_brief(team_ids(me.id, index)),
                  supervisor=queries.employees_brief([sid])[0] if sid else None)


@bp.route("/people/<int:employee_id>/contact", methods=["GET", "POST"])
# Who may not even see this person's personal data learns nothing from the page (404); a
# supervisor, who may see it, may not change it (403).
@handles(pp.can_edit_contact, employee=Load(Employee, "employee_id", visible=pp.can_view_personal_data))
def edit_contact(employee):
    form = ContactForm(obj=employee)
    if form.validate_on_submit():
        operations.update_contact(employee, email=form.email.data, phone=form.phone.data)
        flash(_("Data kontak disimpan."), "success")
        return redirect(url_for("people.profile", employee_id=employee.id))
    return render("people/contact.html", employee=employee, form=form,
                  status=422 if request.method == "POST" else 200)
