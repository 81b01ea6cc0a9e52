"""The organisation: the unit tree (an org chart that folds open), a unit's page with its
positions and their holders, HR's forms for units and positions, and the people rules (the
maximum entry ages)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.people import bp, operations, queries
from jenjang.people import permissions as pp
from jenjang.people.entry_age import load_entry_age_rules
from jenjang.people.forms import PeopleSettingsForm, PositionForm, UnitForm
from jenjang.people.models import Position, Unit


def _unit_or_404(unit_id: int) -> Unit:
    return db.first_or_404(sa.select(Unit).where(Unit.id == unit_id))


def _position_or_404(position_id: int) -> Position:
    return db.first_or_404(sa.select(Position).where(Position.id == position_id))


@bp.route("/org")
@login_required
def org_chart():
    if not pp.can_see_org_chart(current_user):
        abort(403)
    return render("people/org.html", roots=queries.org_tree())


@bp.route("/org/units/<int:unit_id>")
@login_required
def unit(unit_id):
    if not pp.can_see_org_chart(current_user):
        abort(403)
    unit = _unit_or_404(unit_id)
    tree = queries.org_tree(root_id=unit.id)
    positions = queries.unit_positions(unit.id)
    return render("people/unit.html", unit=unit, node=tree[0] if tree else None, positions=positions,
                  breadcrumbs=queries.unit_breadcrumbs(unit))


def _require_org_admin():
    if not pp.can_manage_organisation(current_user):
        abort(403)


def _save_unit(unit: Unit | None):
    form = UnitForm(obj=unit) if unit else UnitForm(parent_id=request.args.get("parent", type=int))
    options = queries.unit_options()
    if unit is not None:
        below = set(operations.descendant_unit_ids(unit.id))
        options = [o for o in options if o[0] not in below]
    form.parent_id.choices = [("", "—")] + options
    if form.validate_on_submit():
        try:
            saved = operations.save_unit(unit, name=form.name.data, kind=form.kind.data,
                                         parent_id=form.parent_id.data, code=form.code.data,
                                         sort_order=form.sort_order.data or 0)
        except operations.PeopleError as exc:
            getattr(form, exc.field or "name").errors.append(exc.problem.message)
        else:
            flash(_("Unit disimpan."), "success")
            return redirect(url_for("people.unit", unit_id=saved.id))
    return render("people/unit_form.html", form=form, unit=unit, status=422 if request.method == "POST" else 200)


@bp.route("/org/units/new", methods=["GET", "POST"])
@login_required
def new_unit():
    _require_org_admin()
    return _save_unit(None)


@bp.route("/org/units/<int:unit_id>/edit", methods=["GET", "POST"])
@login_required
def edit_unit(unit_id):
    _require_org_admin()
    return _save_unit(_unit_or_404(unit_id))


def _save_position(position: Position | None):
    if position is None:
        form = PositionForm(unit_id=request.args.get("unit", type=int))
    else:
        form = PositionForm(obj=position)
    form.unit_id.choices = queries.unit_options()
    if form.validate_on_submit():
        try:
            saved = operations.save_position(
                position, unit_id=form.unit_id.data, name=form.name.data, kind=form.kind.data,
                functional_level=form.functional_level.data or None, min_rank_id=form.min_rank_id.data,
                max_rank_id=form.max_rank_id.data, job_class=form.job_class.data, is_head=form.is_head.data,
                quota=form.quota.data or 1, code=form.code.data,
                entry_age_exception=form.entry_age_exception.data)
        except operations.PeopleError as exc:
            getattr(form, exc.field or "name").errors.append(exc.problem.message)
        else:
            flash(_("Jabatan disimpan."), "success")
            return redirect(url_for("people.unit", unit_id=saved.unit_id))
    return render("people/position_form.html", form=form, position=position,
                  status=422 if request.method == "POST" else 200)


@bp.route("/org/positions/new", methods=["GET", "POST"])
@login_required
def new_position():
    _require_org_admin()
    return _save_position(None)


@bp.route("/org/positions/<int:position_id>/edit", methods=["GET", "POST"])
@login_required
def edit_position(position_id):
    _require_org_admin()
    return _save_position(_position_or_404(position_id))


@bp.route("/people/settings", methods=["GET", "POST"])
@login_required
def people_settings():
    """The tenant's people rules: the maximum entry ages of a PNS, with the regulation they come from."""
    _require_org_admin()
    rules = load_entry_age_rules()
    form = PeopleSettingsForm() if request.method == "POST" else PeopleSettingsForm(data={
        "entry_age_max": rules.max_age, "entry_age_max_exception": rules.max_age_exception,
        "entry_age_regulation": rules.regulation})
    if form.validate_on_submit():
        try:
            operations.save_people_settings(entry_age_max=form.entry_age_max.data,
                                            entry_age_max_exception=form.entry_age_max_exception.data,
                                            entry_age_regulation=form.entry_age_regulation.data)
        except operations.PeopleError as exc:
            getattr(form, exc.field or "entry_age_max").errors.append(exc.problem.message)
        else:
            flash(_("Aturan kepegawaian disimpan."), "success")
            return redirect(url_for("people.people_settings"))
    return render("people/settings.html", form=form, rules=rules,
                  status=422 if request.method == "POST" else 200)
