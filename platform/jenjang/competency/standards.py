"""The standards grid's reads: positions × competencies, page by page, with the levels set, one
cell's level and one position's whole standard. The writes of standards are in operations.py
(set_standard, apply_default_standards, copy_standard)."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.competency.models import Competency, CompetencyStandard
from jenjang.extensions import db
from jenjang.people.api import POSITION_KINDS, Position, Unit, descendant_unit_ids

STANDARDS_PER_PAGE = 25


def standards_grid(*, unit_id: int | None, kind: str | None, field: str, page: int) -> dict:
    """One page of the standards grid: positions (rows), competencies in force (columns, national
    first; ``field`` keeps the national ones and that field's), the levels set, the fields known."""
    stmt = (sa.select(Position.id, Position.name, Position.kind, Unit.name.label("unit_name"))
            .join(Unit, sa.and_(Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id)))
    if unit_id:
        stmt = stmt.where(Position.unit_id.in_(descendant_unit_ids(unit_id)))
    if kind in POSITION_KINDS:
        stmt = stmt.where(Position.kind == kind)
    rows = db.session.execute(stmt.order_by(Unit.name, Position.name, Position.id)
                              .limit(STANDARDS_PER_PAGE + 1).offset((page - 1) * STANDARDS_PER_PAGE)).all()
    positions = rows[:STANDARDS_PER_PAGE]
    columns = sa.select(Competency).where(Competency.retired_at.is_(None))
    if field == "national":
        columns = columns.where(Competency.is_national)
    elif field:
        columns = columns.where(sa.or_(Competency.is_national, Competency.field == field))
    levels = dict(((r.position_id, r.competency_id), r.required_level) for r in db.session.execute(
        sa.select(CompetencyStandard.position_id, CompetencyStandard.competency_id, CompetencyStandard.required_level)
        .where(CompetencyStandard.position_id.in_([p.id for p in positions]))))
    return {"positions": positions, "has_next": len(rows) > STANDARDS_PER_PAGE,
            "columns": list(db.session.scalars(columns.order_by(Competency.is_national.desc(), Competency.field,
                                                                Competency.sort_order, Competency.code))),
            "levels": levels,
            "fields": list(db.session.scalars(sa.select(Competency.field).where(
                Competency.field.is_not(None)).distinct().order_by(Competency.field)))}


def standard_level(position_id: int, competency_id: int) -> int | None:
    return db.session.scalar(sa.select(CompetencyStandard.required_level).where(
        CompetencyStandard.position_id == position_id, CompetencyStandard.competency_id == competency_id))


def position_standard(position_id: int) -> list:
    """(code, name, required level) of one position's standard."""
    return db.session.execute(
        sa.select(Competency.code, Competency.name, CompetencyStandard.required_level)
        .join(Competency, sa.and_(Competency.tenant_id == CompetencyStandard.tenant_id,
                                  Competency.id == CompetencyStandard.competency_id))
        .where(CompetencyStandard.position_id == position_id).order_by(Competency.sort_order, Competency.code)).all()
