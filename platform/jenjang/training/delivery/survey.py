"""The post-training survey (Kirkpatrick): level 1, the participant's reaction, asked on completion;
level 3, the supervisor's follow-up on applying what was learnt, asked `followup_days` after the
session ends. Each is answered once per enrolment. Results per programme and per session are
aggregated in SQL (averages, response rates) with the comments listed apart."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import insert

from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import utcnow
from jenjang.training.delivery.models import (
    FOLLOWUP_ITEMS,
    REACTION_ITEMS,
    TrainingFollowup,
    TrainingReaction,
)
from jenjang.training.models import Enrolment, Programme, TrainingSession


class SurveyRefused(Refusal):
    """A refused survey answer (reaction or follow-up)."""


def _ratings(values: dict, items) -> dict[str, int]:
    out = {}
    for item in items:
        try:
            value = int(values.get(item))
        except (TypeError, ValueError):
            raise SurveyRefused(_("Beri nilai 1–5 untuk setiap pertanyaan.")) from None
        if not 1 <= value <= 5:
            raise SurveyRefused(_("Beri nilai 1–5 untuk setiap pertanyaan."))
        out[item] = value
    return out


def _comment(text: str | None) -> str | None:
    text = (text or "").strip()
    return text[:2000] or None


def reaction_of(enrolment_id: int) -> TrainingReaction | None:
    return db.session.scalar(sa.select(TrainingReaction).where(TrainingReaction.enrolment_id == enrolment_id))


def followup_of(enrolment_id: int) -> TrainingFollowup | None:
    return db.session.scalar(sa.select(TrainingFollowup).where(TrainingFollowup.enrolment_id == enrolment_id))


def _answer(model, enrolment: Enrolment, items, values: dict, comment: str | None, *, not_completed: str,
            again: str, **columns):
    """Insert the enrolment's one answer of `model` (a concurrent or second answer is refused)."""
    if enrolment.status != "completed":
        raise SurveyRefused(not_completed)
    stmt = (insert(model)
            .values(tenant_id=require_tenant_id(), enrolment_id=enrolment.id, comment=_comment(comment),
                    submitted_at=utcnow(), **columns, **_ratings(values, items))
            .on_conflict_do_nothing(index_elements=["tenant_id", "enrolment_id"])
            .returning(model.id))
    if db.session.execute(stmt).scalar() is None:
        raise SurveyRefused(again)
    return db.session.scalar(sa.select(model).where(model.enrolment_id == enrolment.id))


def submit_reaction(enrolment: Enrolment, values: dict, comment: str | None) -> TrainingReaction:
    """The participant's answer (level 1); a second answer for the same enrolment is refused."""
    return _answer(TrainingReaction, enrolment, REACTION_ITEMS, values, comment,
                   not_completed=_("Evaluasi dapat diisi setelah Anda dinyatakan selesai mengikuti pelatihan."),
                   again=_("Evaluasi untuk pelatihan ini sudah Anda isi. Terima kasih."))


def submit_followup(enrolment: Enrolment, supervisor_employee_id: int | None, values: dict,
                    comment: str | None) -> TrainingFollowup:
    """The supervisor's follow-up (level 3); once per enrolment."""
    return _answer(TrainingFollowup, enrolment, FOLLOWUP_ITEMS, values, comment,
                   not_completed=_("Evaluasi pascapelatihan hanya untuk peserta yang telah menyelesaikan "
                                   "pelatihan."),
                   again=_("Evaluasi pascapelatihan untuk peserta ini sudah diisi."),
                   supervisor_employee_id=supervisor_employee_id)


# --- results ---------------------------------------------------------------------------------

@dataclass
class ResultRow:
    key: int  # programme id or session id
    title: str
    subtitle: str | None
    starts_at: dt.datetime | None
    completed: int
    reactions: int
    followups: int
    relevance: float | None
    facilitator: float | None
    materials: float | None
    overall: float | None
    application: float | None
    impact: float | None

    @property
    def reaction_rate(self) -> float | None:
        return self.reactions / self.completed if self.completed else None

    @property
    def followup_rate(self) -> float | None:
        return self.followups / self.completed if self.completed else None


def _survey_select(group_cols, year: int | None, zone_name: str):
    completed = Enrolment.status == "completed"
    cols = [sa.func.count(Enrolment.id).filter(completed).label("completed"),
            sa.func.count(TrainingReaction.id).label("reactions"),
            sa.func.count(TrainingFollowup.id).label("followups")]
    cols += [sa.func.avg(getattr(TrainingReaction, item)).label(item) for item in REACTION_ITEMS]
    cols += [sa.func.avg(getattr(TrainingFollowup, item)).label(item) for item in FOLLOWUP_ITEMS]
    q = (sa.select(*group_cols, *cols)
         .select_from(Enrolment)
         .join(TrainingSession, sa.and_(TrainingSession.tenant_id == Enrolment.tenant_id,
                                        TrainingSession.id == Enrolment.session_id))
         .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                  Programme.id == TrainingSession.programme_id))
         .outerjoin(TrainingReaction, sa.and_(TrainingReaction.tenant_id == Enrolment.tenant_id,
                                              TrainingReaction.enrolment_id == Enrolment.id, completed))
         .outerjoin(TrainingFollowup, sa.and_(TrainingFollowup.tenant_id == Enrolment.tenant_id,
                                              TrainingFollowup.enrolment_id == Enrolment.id, completed))
         .where(completed))
    if year is not None:
        q = q.where(sa.extract("year", sa.func.timezone(zone_name, TrainingSession.starts_at)) == year)
    return q


def _row(key, title, subtitle, starts_at, r) -> ResultRow:
    def f(v):
        return float(v) if v is not None else None

    return ResultRow(key, title, subtitle, starts_at, r.completed, r.reactions, r.followups,
                     *(f(getattr(r, i)) for i in REACTION_ITEMS), *(f(getattr(r, i)) for i in FOLLOWUP_ITEMS))


def survey_results_by_programme(year: int | None, zone_name: str, programme_id: int | None = None) -> list[ResultRow]:
    q = _survey_select([Programme.id, Programme.title], year, zone_name)
    if programme_id is not None:
        q = q.where(Programme.id == programme_id)
    q = q.group_by(Programme.id, Programme.title).order_by(Programme.title)
    return [_row(r.id, r.title, None, None, r) for r in db.session.execute(q)]


def survey_results_by_session(year: int | None, zone_name: str, programme_id: int | None = None) -> list[ResultRow]:
    q = _survey_select([TrainingSession.id, TrainingSession.name, TrainingSession.starts_at, Programme.title],
                        year, zone_name)
    if programme_id is not None:
        q = q.where(Programme.id == programme_id)
    q = q.group_by(TrainingSession.id, TrainingSession.name, TrainingSession.starts_at, Programme.title) \
        .order_by(TrainingSession.starts_at.desc(), TrainingSession.id)
    return [_row(r.id, r.title, r.name, r.starts_at, r) for r in db.session.execute(q)]


def session_survey_result(session_id: int) -> ResultRow | None:
    q = _survey_select([TrainingSession.id, TrainingSession.name, TrainingSession.starts_at, Programme.title],
                        None, "UTC").where(TrainingSession.id == session_id) \
        .group_by(TrainingSession.id, TrainingSession.name, TrainingSession.starts_at, Programme.title)
    r = db.session.execute(q).first()
    return _row(r.id, r.title, r.name, r.starts_at, r) if r is not None else None


@dataclass
class Comment:
    level: int
    text: str
    submitted_at: dt.datetime
    session_name: str


def survey_comments(*, session_id: int | None = None, programme_id: int | None = None, limit: int = 200) -> list[Comment]:
    """The comments of both levels (anonymous: no names), newest first."""
    def base(model, level):
        q = (sa.select(sa.literal(level).label("level"), model.comment, model.submitted_at,
                       TrainingSession.name.label("session_name"))
             .join(Enrolment, sa.and_(Enrolment.tenant_id == model.tenant_id, Enrolment.id == model.enrolment_id))
             .join(TrainingSession, sa.and_(TrainingSession.tenant_id == Enrolment.tenant_id,
                                            TrainingSession.id == Enrolment.session_id))
             .where(model.comment.is_not(None), Enrolment.status == "completed"))
        if session_id is not None:
            q = q.where(TrainingSession.id == session_id)
        if programme_id is not None:
            q = q.where(TrainingSession.programme_id == programme_id)
        return q

    union = sa.union_all(base(TrainingReaction, 1), base(TrainingFollowup, 3)).subquery()
    rows = db.session.execute(sa.select(union).order_by(union.c.submitted_at.desc()).limit(limit))
    return [Comment(r.level, r.comment, r.submitted_at, r.session_name) for r in rows]

