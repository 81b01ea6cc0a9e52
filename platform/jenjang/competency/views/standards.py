"""Competency pages of the standards: the grid (positions × competencies, one cell edited at a
time with htmx), defaults by position kind in bulk, and copying one position's standard."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from jenjang.competency import bp, operations
from jenjang.competency import permissions as perm
from jenjang.competency import standards as grid
from jenjang.competency.forms import CopyForm, DefaultsForm, id_filter
from jenjang.competency.models import Competency
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import page_number, render
from jenjang.people.api import POSITION_KINDS, Position, position_options, unit_options

POSITION = Load(Position, "position_id")


@bp.route("/competency/standards")
@handles(perm.can_manage_competencies)
def standards():
    unit_id, kind = id_filter(request.args.get("unit")), request.args.get("kind") or None
    field = (request.args.get("field") or "").strip()[:120]
    page = page_number()
    page_of = grid.standards_grid(unit_id=unit_id, kind=kind, field=field, page=page)
    return render("competency/standards.html", block="grid", page=page, unit_id=unit_id, kind=kind, field=field,
                  units=unit_options(), kinds=POSITION_KINDS, **page_of)


@bp.route("/competency/standards/<int:position_id>/<int:competency_id>", methods=["POST"])
@handles(perm.can_manage_competencies, position=POSITION, comp=Load(Competency, "competency_id"))
def standard_cell(position: Position, comp: Competency):
    with attempt(operations.CompetencyError) as outcome:
        row = operations.set_standard(position.id, comp.id, request.form.get("level", ""))
    error = outcome.error
    level = (row.required_level if row else None) if outcome.ok else grid.standard_level(position.id, comp.id)
    if not request.htmx:
        if error:
            flash(error, "error")
        return redirect(request.referrer or url_for("competency.standards"))
    return render("competency/standards.html", block="cell", status=200 if outcome.ok else 422,
                  cell_pid=position.id, cell_comp=comp, cell_level=level, cell_error=error, cell_saved=outcome.ok,
                  cell_position_name=position.name)


@bp.route("/competency/standards/defaults", methods=["GET", "POST"])
@handles(perm.can_manage_competencies)
def standard_defaults():
    form = DefaultsForm()
    if form.validate_on_submit():
        count = operations.apply_default_standards(form.kinds.data, overwrite=form.overwrite.data)
        flash(_("Standar bawaan diterapkan: %(n)s sel diisi.", n=count), "success")
        return redirect(url_for("competency.standards"))
    return render("competency/standard_defaults.html", form=form, defaults=operations.DEFAULT_LEVELS,
                  functional=operations.DEFAULT_FUNCTIONAL_LEVELS,
                  status=422 if request.method == "POST" else 200)


@bp.route("/competency/standards/<int:position_id>/copy", methods=["GET", "POST"])
@handles(perm.can_manage_competencies, position=POSITION)
def standard_copy(position: Position):
    form = CopyForm()
    form.targets.choices = [(pid, label) for pid, label in position_options() if pid != position.id]
    if form.validate_on_submit():
        with attempt(operations.CompetencyError) as outcome:
            n = operations.copy_standard(position.id, form.targets.data)
        if outcome.ok:
            flash(_("Standar %(name)s disalin ke %(n)s jabatan.", name=position.name, n=n), "success")
            return redirect(url_for("competency.standards"))
        form.targets.errors.append(outcome.error)
    return render("competency/standard_copy.html", form=form, position=position,
                  current=grid.position_standard(position.id), status=422 if request.method == "POST" else 200)
