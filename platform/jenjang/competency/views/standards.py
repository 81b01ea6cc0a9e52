"""Competency pages, part 2: the standards grid (positions × competencies, one cell edited at a
time with htmx), defaults by position kind in bulk, and copying one position's standard."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from jenjang.competency import bp, operations
from jenjang.competency import permissions as perm
from jenjang.competency.forms import CopyForm, DefaultsForm
from jenjang.competency.models import Competency, CompetencyStandard
from jenjang.competency.views import load_competency, position_or_404, require
from jenjang.core.web import page_number, render
from jenjang.extensions import db
from jenjang.people.api import (
    POSITION_KINDS,
    Position,
    Unit,
    descendant_unit_ids,
    position_options,
    unit_options,
)

PER_PAGE = 25


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _grid_columns(field: str) -> list[Competency]:
    stmt = sa.select(Competency).where(Competency.retired_at.is_(None))
    if field == "national":
        stmt = stmt.where(Competency.is_national)
    elif field:
        stmt = stmt.where(sa.or_(Competency.is_national, Competency.field == field))
    return list(db.session.scalars(stmt.order_by(Competency.is_national.desc(), Competency.field,
                                                 Competency.sort_order, Competency.code)))


@bp.route("/competency/standards")
@login_required
def standards():
    require(perm.can_manage_competencies)
    unit_id, kind = _int(request.args.get("unit")), request.args.get("kind") or None
    field = (request.args.get("field") or "").strip()[:120]
    page = page_number()
    stmt = (sa.select(Position.id, Position.name, Position.kind, Unit.name.label("unit_name"))
            .join(Unit, sa.and_(Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id)))
    if unit_id:
        stmt = stmt.where(Position.unit_id.in_(descendant_unit_ids(unit_id)))
    if kind in POSITION_KINDS:
        stmt = stmt.where(Position.kind == kind)
    rows = db.session.execute(stmt.order_by(Unit.name, Position.name, Position.id)
                              .limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)).all()
    positions, has_next = rows[:PER_PAGE], len(rows) > PER_PAGE
    columns = _grid_columns(field)
    levels = dict(((r.position_id, r.competency_id), r.required_level) for r in db.session.execute(
        sa.select(CompetencyStandard.position_id, CompetencyStandard.competency_id, CompetencyStandard.required_level)
        .where(CompetencyStandard.position_id.in_([p.id for p in positions]))))
    fields = [f for f in db.session.scalars(sa.select(Competency.field).where(
        Competency.field.is_not(None)).distinct().order_by(Competency.field))]
    return render("competency/standards.html", block="grid", positions=positions, columns=columns, levels=levels,
                  page=page, has_next=has_next, unit_id=unit_id, kind=kind, field=field, fields=fields,
                  units=unit_options(), kinds=POSITION_KINDS)


@bp.route("/competency/standards/<int:position_id>/<int:competency_id>", methods=["POST"])
@login_required
def standard_cell(position_id: int, competency_id: int):
    position = position_or_404(position_id)
    comp = load_competency(competency_id)
    require(perm.can_manage_competencies)
    raw = request.form.get("level", "")
    error, status = None, 200
    try:
        row = operations.set_standard(position.id, comp.id, raw)
        level = row.required_level if row else None
    except operations.CompetencyError as exc:
        error, status = exc.message, 422
        level = db.session.scalar(sa.select(CompetencyStandard.required_level).where(
            CompetencyStandard.position_id == position.id, CompetencyStandard.competency_id == comp.id))
    if not request.htmx:
        if error:
            flash(error, "error")
        return redirect(request.referrer or url_for("competency.standards"))
    return render("competency/standards.html", block="cell", status=status, cell_pid=position.id,
                  cell_comp=comp, cell_level=level, cell_error=error, cell_saved=error is None,
                  cell_position_name=position.name)


@bp.route("/competency/standards/defaults", methods=["GET", "POST"])
@login_required
def standard_defaults():
    require(perm.can_manage_competencies)
    form = DefaultsForm()
    if form.validate_on_submit():
        count = operations.apply_default_standards(form.kinds.data, overwrite=form.overwrite.data)
        flash(_("Standar bawaan diterapkan: %(n)s sel diisi.", n=count), "success")
        return redirect(url_for("competency.standards"))
    return render("competency/standard_defaults.html", form=form, defaults=operations.DEFAULT_LEVELS,
                  functional=operations.DEFAULT_FUNCTIONAL_LEVELS,
                  status=422 if request.method == "POST" else 200)


@bp.route("/competency/standards/<int:position_id>/copy", methods=["GET", "POST"])
@login_required
def standard_copy(position_id: int):
    position = position_or_404(position_id)
    require(perm.can_manage_competencies)
    form = CopyForm()
    form.targets.choices = [(pid, label) for pid, label in position_options() if pid != position.id]
    if form.validate_on_submit():
        try:
            n = operations.copy_standard(position.id, form.targets.data)
        except operations.CompetencyError as exc:
            form.targets.errors.append(exc.message)
        else:
            flash(_("Standar %(name)s disalin ke %(n)s jabatan.", name=position.name, n=n), "success")
            return redirect(url_for("competency.standards"))
    current = db.session.execute(
        sa.select(Competency.code, Competency.name, CompetencyStandard.required_level)
        .join(Competency, sa.and_(Competency.tenant_id == CompetencyStandard.tenant_id,
                                  Competency.id == CompetencyStandard.competency_id))
        .where(CompetencyStandard.position_id == position.id).order_by(Competency.sort_order, Competency.code)).all()
    return render("competency/standard_copy.html", form=form, position=position, current=current,
                  status=422 if request.method == "POST" else 200)
