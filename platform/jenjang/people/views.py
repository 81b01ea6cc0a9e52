"""Employee pages: the directory (search, filters, sort, pages, export), the profile with its
career timeline, "my team", and HR's forms. Views parse, authorise, call an operation, render."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from jenjang.core import clock
from jenjang.core.nav import NavItem, registry
from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.people import bp, operations, queries
from jenjang.people import permissions as pp
from jenjang.people.entry_age import employee_entry_age_problem
from jenjang.people.forms import (
    ArchiveForm,
    ContactForm,
    EmployeeForm,
    NewEmployeeForm,
    PositionChangeForm,
    RankChangeForm,
    SkpForm,
    SupervisorForm,
)
from jenjang.people.labels import ALL as LABELS
from jenjang.people.models import RANKS, Employee, PerformanceRating, Position
from jenjang.people.nip import format_nip, normalise_nip
from jenjang.people.reporting import OrgIndex, supervisor_id_of, team_ids

registry.add_nav(NavItem("people.directory", _l("Pegawai"), pp.can_browse_directory, order=100,
                         match_prefix="/people"))
registry.add_nav(NavItem("people.org_chart", _l("Organisasi"), pp.can_see_org_chart, order=110, match_prefix="/org"))
registry.add_nav(NavItem("people.my_team", _l("Tim saya"), pp.has_employee_record, order=120, match_prefix="/me"))


def _team_card(user) -> dict:
    employee = db.session.scalar(sa.select(Employee).where(Employee.id == user.employee_id))
    if employee is None:
        return {"employee": None}
    index = OrgIndex.cached()
    sid = supervisor_id_of(employee, index)
    return {"employee": employee, "supervisor": queries.employees_brief([sid])[0] if sid else None,
            "team_size": len(team_ids(employee.id, index))}


def _hr_card(user) -> dict:
    return queries.people_counts()


registry.add_card(10, "people/cards/team.html", pp.has_employee_record, _team_card)
registry.add_card(20, "people/cards/hr.html", pp.can_manage_organisation, _hr_card)


@bp.app_context_processor
def _people_helpers():
    return {"people_perm": pp, "people_labels": LABELS, "rank_label": queries.rank_label,
            "rank_full_label": queries.rank_full_label, "format_nip": format_nip,
            "person_name": queries.display_name}


def _employee_or_404(employee_id: int) -> Employee:
    return db.first_or_404(sa.select(Employee).where(Employee.id == employee_id))


# --- directory ---------------------------------------------------------------------------

def _filters() -> queries.DirectoryFilters:
    return queries.DirectoryFilters.from_args(request.args, allow_nip=pp.can_search_by_nip(current_user),
                                              allow_archived=pp.can_see_archived(current_user))


@bp.route("/people")
@login_required
def directory():
    if not pp.can_browse_directory(current_user):
        abort(403)
    f = _filters()
    rows, total, has_next = queries.directory_page(f)
    return render("people/directory.html", block="directory_rows", f=f, rows=rows, total=total,
                  has_next=has_next, units=queries.unit_options(), ranks=list(enumerate(RANKS, start=1)),
                  personal=pp.can_see_directory_personal_data(current_user))


@bp.route("/people/export.<any(csv, xlsx):fmt>")
@login_required
def export(fmt):
    if not pp.can_export_directory(current_user):
        abort(403)
    from jenjang.people import exporting

    f = _filters()
    # Read everything inside the request's transaction (the commit hook runs before a streamed
    # body would be consumed); the CSV text itself is then generated piece by piece.
    rows = exporting.directory_rows(db.session.execute(queries.directory_select(f)).all())
    stamp = clock.today().isoformat()
    if fmt == "csv":
        response = Response(stream_with_context(exporting.stream_csv(exporting.directory_header(), rows)),
                            mimetype="text/csv")
    else:
        response = Response(exporting.xlsx_bytes(exporting.directory_header(), rows, "Pegawai"),
                            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="pegawai-{stamp}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# --- profile -----------------------------------------------------------------------------

@bp.route("/people/<int:employee_id>")
@login_required
def profile(employee_id):
    employee = _employee_or_404(employee_id)
    if not employee.is_active and not pp.can_see_archived(current_user) and not pp.is_self(current_user, employee):
        abort(404)
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
@login_required
def my_profile():
    if not pp.has_employee_record(current_user):
        return redirect(url_for("auth.account"))
    return redirect(url_for("people.profile", employee_id=current_user.employee_id))


@bp.route("/me/team")
@login_required
def my_team():
    if not pp.has_employee_record(current_user):
        abort(404)
    me = _employee_or_404(current_user.employee_id)
    index = OrgIndex.cached()
    sid = supervisor_id_of(me, index)
    return render("people/team.html", me=me, team=queries.employees_brief(team_ids(me.id, index)),
                  supervisor=queries.employees_brief([sid])[0] if sid else None)


@bp.route("/people/<int:employee_id>/contact", methods=["GET", "POST"])
@login_required
def edit_contact(employee_id):
    employee = _employee_or_404(employee_id)
    if not pp.can_edit_contact(current_user, employee):
        abort(404 if not pp.can_view_personal_data(current_user, employee) else 403)
    form = ContactForm(obj=employee)
    if form.validate_on_submit():
        operations.update_contact(employee, email=form.email.data, phone=form.phone.data)
        flash(_("Data kontak disimpan."), "success")
        return redirect(url_for("people.profile", employee_id=employee.id))
    return render("people/contact.html", employee=employee, form=form,
                  status=422 if request.method == "POST" else 200)


# --- HR: create and manage ---------------------------------------------------------------

def _require_hr():
    if not pp.can_manage_organisation(current_user):
        abort(403)


def _unit_choices(form_field):
    form_field.choices = [("", "—")] + queries.unit_options()


def _position_choices(form_field, blank=True):
    form_field.choices = ([("", "—")] if blank else []) + queries.position_options()


def _flash_entry_age(employee: Employee) -> None:
    """Saved, with a warning when the NIP puts the start of service above the maximum entry age."""
    position = db.session.scalar(sa.select(Position).where(Position.id == employee.position_id)) \
        if employee.position_id else None
    problem = employee_entry_age_problem(employee, position)
    if problem is not None:
        flash(f"{_('Peringatan')}: {problem.message} {problem.fix}", "warning")


@bp.route("/people/new", methods=["GET", "POST"])
@login_required
def new_employee():
    _require_hr()
    form = NewEmployeeForm()
    _unit_choices(form.unit_id)
    _position_choices(form.position_id)
    warning = None
    if form.validate_on_submit():
        try:
            employee = operations.create_employee(
                nip=form.nip.data, full_name=form.full_name.data, front_title=form.front_title.data,
                back_title=form.back_title.data, employment_type=form.employment_type.data,
                education_level=form.education_level.data or None, education_major=form.education_major.data,
                email=form.email.data, phone=form.phone.data, unit_id=form.unit_id.data,
                position_id=form.position_id.data, position_tmt=form.position_tmt.data,
                rank_id=form.rank_id.data, rank_tmt=form.rank_tmt.data, override_reason=form.override_reason.data)
        except operations.RankOutsideRange as exc:
            warning = exc.problem
        except operations.PeopleError as exc:
            getattr(form, exc.field or "nip").errors.append(exc.problem.message)
        else:
            flash(_("Pegawai %(name)s ditambahkan.", name=employee.display_name), "success")
            _flash_entry_age(employee)
            return redirect(url_for("people.profile", employee_id=employee.id))
    return render("people/new.html", form=form, warning=warning, status=422 if request.method == "POST" else 200)


def _manage(employee: Employee, status: int = 200, warning=None, **forms):
    defaults = {
        "edit_form": EmployeeForm(obj=employee, prefix="edit"),
        "rank_form": RankChangeForm(prefix="rank", rank_id=employee.rank_id),
        "position_form": PositionChangeForm(prefix="pos", position_id=employee.position_id),
        "skp_form": SkpForm(prefix="skp", year=clock.today().year - 1),
        "archive_form": ArchiveForm(prefix="archive"),
        "supervisor_form": SupervisorForm(prefix="sup"),
    }
    defaults.update(forms)
    _unit_choices(defaults["edit_form"].unit_id)
    _position_choices(defaults["position_form"].position_id, blank=False)
    override = db.session.get(Employee, (employee.tenant_id, employee.supervisor_override_id)) \
        if employee.supervisor_override_id else None
    skp = db.session.scalars(sa.select(PerformanceRating).where(PerformanceRating.employee_id == employee.id)
                             .order_by(PerformanceRating.year.desc())).all()
    return render("people/manage.html", employee=employee, warning=warning, override=override, skp=skp,
                  status=status, **defaults)


@bp.route("/people/<int:employee_id>/edit", methods=["GET", "POST"])
@login_required
def manage(employee_id):
    _require_hr()
    employee = _employee_or_404(employee_id)
    if request.method == "GET":
        return _manage(employee)
    form = EmployeeForm(prefix="edit")
    _unit_choices(form.unit_id)
    if form.validate_on_submit():
        try:
            operations.update_employee(
                employee, nip=form.nip.data, full_name=form.full_name.data, front_title=form.front_title.data,
                back_title=form.back_title.data, employment_type=form.employment_type.data,
                education_level=form.education_level.data or None, education_major=form.education_major.data,
                email=form.email.data, phone=form.phone.data, unit_id=form.unit_id.data)
        except operations.PeopleError as exc:
            getattr(form, exc.field or "nip").errors.append(exc.problem.message)
        else:
            flash(_("Data pegawai disimpan."), "success")
            _flash_entry_age(employee)
            return redirect(url_for("people.manage", employee_id=employee.id))
    return _manage(employee, 422, edit_form=form)


@bp.route("/people/<int:employee_id>/rank", methods=["POST"])
@login_required
def change_rank(employee_id):
    _require_hr()
    employee = _employee_or_404(employee_id)
    form = RankChangeForm(prefix="rank")
    if form.validate_on_submit():
        try:
            operations.change_rank(employee, form.rank_id.data, form.tmt.data, decree_number=form.decree_number.data,
                                   override_reason=form.override_reason.data)
        except operations.RankOutsideRange as exc:
            return _manage(employee, 422, warning=exc.problem, rank_form=form)
        except operations.PeopleError as exc:
            form.rank_id.errors.append(exc.problem.message)
        else:
            flash(_("Golongan dicatat dalam riwayat."), "success")
            return redirect(url_for("people.manage", employee_id=employee.id))
    return _manage(employee, 422, rank_form=form)


@bp.route("/people/<int:employee_id>/position", methods=["POST"])
@login_required
def change_position(employee_id):
    _require_hr()
    employee = _employee_or_404(employee_id)
    form = PositionChangeForm(prefix="pos")
    _position_choices(form.position_id, blank=False)
    if form.validate_on_submit():
        try:
            operations.change_position(employee, form.position_id.data, form.tmt.data,
                                       decree_number=form.decree_number.data,
                                       override_reason=form.override_reason.data)
        except operations.RankOutsideRange as exc:
            return _manage(employee, 422, warning=exc.problem, position_form=form)
        except operations.PeopleError as exc:
            form.position_id.errors.append(exc.problem.message)
        else:
            flash(_("Jabatan dicatat dalam riwayat."), "success")
            _flash_entry_age(employee)
            return redirect(url_for("people.manage", employee_id=employee.id))
    return _manage(employee, 422, position_form=form)


@bp.route("/people/<int:employee_id>/skp", methods=["POST"])
@login_required
def record_skp(employee_id):
    _require_hr()
    employee = _employee_or_404(employee_id)
    form = SkpForm(prefix="skp")
    if form.validate_on_submit():
        operations.set_skp(employee, form.year.data, form.predicate.data)
        flash(_("Predikat SKP disimpan."), "success")
        return redirect(url_for("people.manage", employee_id=employee.id))
    return _manage(employee, 422, skp_form=form)


@bp.route("/people/<int:employee_id>/archive", methods=["POST"])
@login_required
def archive(employee_id):
    _require_hr()
    employee = _employee_or_404(employee_id)
    form = ArchiveForm(prefix="archive")
    if form.validate_on_submit():
        operations.archive(employee, form.reason.data)
        flash(_("Pegawai diarsipkan; akunnya tidak dapat masuk lagi."), "success")
        return redirect(url_for("people.profile", employee_id=employee.id))
    return _manage(employee, 422, archive_form=form)


@bp.route("/people/<int:employee_id>/reinstate", methods=["POST"])
@login_required
def reinstate(employee_id):
    _require_hr()
    employee = _employee_or_404(employee_id)
    if employee.status == "archived":
        operations.reinstate(employee)
        flash(_("Pegawai diaktifkan kembali."), "success")
    return redirect(url_for("people.profile", employee_id=employee.id))


@bp.route("/people/<int:employee_id>/supervisor", methods=["POST"])
@login_required
def set_supervisor(employee_id):
    _require_hr()
    employee = _employee_or_404(employee_id)
    form = SupervisorForm(prefix="sup")
    if form.validate_on_submit():
        supervisor = None
        if form.supervisor_nip.data:
            supervisor = db.session.scalar(sa.select(Employee).where(
                Employee.nip == normalise_nip(form.supervisor_nip.data), Employee.status == "active"))
            if supervisor is None:
                form.supervisor_nip.errors.append(_("Tidak ada pegawai aktif dengan NIP itu."))
                return _manage(employee, 422, supervisor_form=form)
        try:
            operations.set_supervisor_override(employee, supervisor)
        except operations.PeopleError as exc:
            form.supervisor_nip.errors.append(exc.problem.message)
            return _manage(employee, 422, supervisor_form=form)
        flash(_("Atasan disimpan."), "success")
        return redirect(url_for("people.manage", employee_id=employee.id))
    return _manage(employee, 422, supervisor_form=form)


from jenjang.people import import_views, org_views  # noqa: E402,F401  (routes register on import)
