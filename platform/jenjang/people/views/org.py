"""The organisation: the unit tree (an org chart that folds open), a unit's page with its
positions and their holders, HR's forms for units and positions, and the people rules (the
maximum entry ages)."""
from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render
from jenjang.people import bp, operations, queries
from jenjang.people import permissions as pp
from jenjang.people.entry_age import load_entry_age_rules
from jenjang.people.forms import PeopleSettingsForm, PositionForm, UnitForm
from jenjang.people.models import EDUCATION_LEVELS, Position, Unit

_admin = pp.can_manage_organisation


def _save(form, save: Callable[[], object], default_field: str, done: str, then: Callable[[object], str]):
    """Validate ``form``, ``save`` (an operation that may refuse: its message lands on the field it
    names, else ``default_field``), then redirect to ``then(saved)``; or None to show the form again."""
    if not form.validate_on_submit():
        return None
    with attempt(operations.PeopleError) as outcome:
        saved = save()
    if not outcome.ok:
        refusal = outcome.exception
        getattr(form, refusal.field or default_field).errors.append(refusal.problem.message)
        return None
    flash(done, "success")
    return redirect(then(saved))


@bp.route("/org")
@handles(pp.can_see_org_chart)
def org_chart():
    return render("people/org.html", roots=queries.org_tree())


@bp.route("/org/units/<int:unit_id>")
@handles(pp.can_see_org_chart, unit=Load(Unit, "unit_id"))
def unit(unit):
    tree = queries.org_tree(root_id=unit.id)
    positions = queries.unit_positions(unit.id)
    return render("people/unit.html", unit=unit, node=tree[0] if tree else None, positions=positions,
                  breadcrumbs=queries.unit_breadcrumbs(unit))


def _save_unit(unit: Unit | None):
    form = UnitForm(obj=unit) if unit else UnitForm(parent_id=request.args.get("parent", type=int))
    options = queries.unit_options()
    if unit is not None:
        below = set(operations.descendant_unit_ids(unit.id))
        options = [o for o in options if o[0] not in below]
    form.parent_id.choices = [("", "—")] + options
    done = _save(form, lambda: operations.save_unit(unit, name=form.name.data, kind=form.kind.data,
                                                    parent_id=form.parent_id.data, code=form.code.data,
                                                    sort_order=form.sort_order.data or 0),
                 "name", _("Unit disimpan."), lambda saved: url_for("people.unit", unit_id=saved.id))
    return done or render("people/unit_form.html", form=form, unit=unit, status=422 if request.method == "POST" else 200)


@bp.route("/org/units/new", methods=["GET", "POST"])
@handles(_admin)
def new_unit():
    return _save_unit(None)


@bp.route("/org/units/<int:unit_id>/edit", methods=["GET", "POST"])
@handles(_admin, unit=Load(Unit, "unit_id"))
def edit_unit(unit):
    return _save_unit(unit)


def _save_position(position: Position | None):
    if position is None:
        form = PositionForm(unit_id=request.args.get("unit", type=int))
    else:
        form = PositionForm(obj=position)
    form.unit_id.choices = queries.unit_options()
    done = _save(form, lambda: operations.save_position(
        position, unit_id=form.unit_id.data, name=form.name.data, kind=form.kind.data,
        functional_level=form.functional_level.data or None, min_rank_id=form.min_rank_id.data,
        max_rank_id=form.max_rank_id.data, job_class=form.job_class.data, is_head=form.is_head.data,
        quota=form.quota.data or 1, code=form.code.data, entry_age_exception=form.entry_age_exception.data,
        holder_kinds=form.holder_kinds.data),
        "name", _("Jabatan disimpan."), lambda saved: url_for("people.unit", unit_id=saved.unit_id))
    return done or render("people/position_form.html", form=form, position=position,
                  status=422 if request.method == "POST" else 200)


@bp.route("/org/positions/new", methods=["GET", "POST"])
@handles(_admin)
def new_position():
    return _save_position(None)


@bp.route("/org/positions/<int:position_id>/edit", methods=["GET", "POST"])
@handles(_admin, position=Load(Position, "position_id"))
def edit_position(position):
    return _save_position(position)


def _entry_grades(form) -> dict[str, int] | None:
    """The PPPK entry grades the form sent (None when it sent none: a form of an older page keeps
    them as they are)."""
    grades = {level: form[f"entry_grade_{level}"].data for level in EDUCATION_LEVELS}
    return grades if any(grades.values()) else None


@bp.route("/people/settings", methods=["GET", "POST"])
@handles(_admin)
def people_settings():
    """The tenant's people rules: the maximum entry ages of a PNS and the grade a PPPK enters at by
    diploma, each with the regulation it comes from."""
    rules = load_entry_age_rules()
    grades, grade_regulation = queries.pppk_entry_grade_rules()
    form = PeopleSettingsForm() if request.method == "POST" else PeopleSettingsForm(data={
        "entry_age_max": rules.max_age, "entry_age_max_exception": rules.max_age_exception,
        "entry_age_regulation": rules.regulation, "pppk_grade_regulation": grade_regulation,
        **{f"entry_grade_{level}": grades.get(level) for level in EDUCATION_LEVELS}})
    done = _save(form, lambda: operations.save_people_settings(
        entry_age_max=form.entry_age_max.data, entry_age_max_exception=form.entry_age_max_exception.data,
        entry_age_regulation=form.entry_age_regulation.data,
        pppk_entry_grades=_entry_grades(form), pppk_grade_regulation=form.pppk_grade_regulation.data or None),
        "entry_age_max", _("Aturan kepegawaian disimpan."), lambda _saved: url_for("people.people_settings"))
    return done or render("people/settings.html", form=form, rules=rules, education_levels=EDUCATION_LEVELS,
                          grade_regulation=grade_regulation,
                  status=422 if request.method == "POST" else 200)
