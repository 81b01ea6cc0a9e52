"""What other modules call in training (keep the signatures stable).

    courses_for_competencies([competency ids]) -> [CourseSuggestion]   (competency: "training for my gaps")

    conversion("mentoring_session") -> float   (the tenant's JP for a non-classical form; mentoring)

The JP ledger's credits and sums (mentoring credits its sessions) are ``jenjang.training.ledger``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.training.models import Programme, ProgrammeCompetency, TrainingSession
from jenjang.training.settings import conversion

__all__ = ["CourseSuggestion", "conversion", "courses_for_competencies"]


@dataclass
class CourseSuggestion:
    id: int
    title: str
    jp: object
    kind_code: int
    competency_ids: list[int]
    next_session_starts_at: dt.datetime | None
    url: str

    def __str__(self) -> str:
        return self.title


def courses_for_competencies(competency_ids, limit: int = 20) -> list[CourseSuggestion]:
    """Active programmes targeting any of these competencies, the ones with an upcoming session
    first. Two queries whatever the number of competencies."""
    ids = sorted({int(c) for c in competency_ids or []})
    if not ids:
        return []
    pc = ProgrammeCompetency
    rows = db.session.execute(
        sa.select(Programme.id, Programme.title, Programme.jp, Programme.kind_code,
                  sa.func.array_agg(pc.competency_id).label("comps"))
        .join(pc, sa.and_(pc.tenant_id == Programme.tenant_id, pc.programme_id == Programme.id))
        .where(pc.competency_id.in_(ids), Programme.active.is_(True))
        .group_by(Programme.id, Programme.title, Programme.jp, Programme.kind_code)).all()
    if not rows:
        return []
    today = clock.today()
    nxt = dict(db.session.execute(
        sa.select(TrainingSession.programme_id, sa.func.min(TrainingSession.starts_at))
        .where(TrainingSession.programme_id.in_([r.id for r in rows]), TrainingSession.status == "scheduled",
               TrainingSession.enrol_closes_on >= today, sa.func.date(TrainingSession.starts_at) >= today)
        .group_by(TrainingSession.programme_id)).all())
    out = [CourseSuggestion(r.id, r.title, r.jp, r.kind_code, sorted(r.comps), nxt.get(r.id),
                            url_for("training.programme_detail", programme_id=r.id)) for r in rows]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    out.sort(key=lambda c: (c.next_session_starts_at is None, c.next_session_starts_at or far, -len(c.competency_ids),
                            c.title))
    return out[:limit]
