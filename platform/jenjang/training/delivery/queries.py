"""Reads of delivery that are not one sub-feature's own: the sessions a facilitator runs (the
dashboard card, the delivery list). The programme of a session and the session and employee of an
enrolment are the module's (training/queries.py)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.training.delivery.attendance import ROSTER_STATUSES
from jenjang.training.models import Enrolment, Programme, TrainingSession

CARD_PAST = dt.timedelta(days=14)
CARD_AHEAD = dt.timedelta(days=30)


def _facilitated(employee_id: int, now: dt.datetime):
    """Criteria: the employee's sessions, not cancelled, from two weeks ago to a month ahead."""
    return (TrainingSession.facilitator_employee_id == employee_id, TrainingSession.status != "cancelled",
            TrainingSession.ends_at >= now - CARD_PAST, TrainingSession.starts_at <= now + CARD_AHEAD)


def facilitates_now(employee_id: int, now: dt.datetime) -> bool:
    return bool(db.session.scalar(sa.select(sa.func.count()).select_from(TrainingSession)
                                  .where(*_facilitated(employee_id, now))))


def facilitated_sessions(employee_id: int, now: dt.datetime, limit: int = 5) -> list:
    """(TrainingSession, programme title) of the facilitator's card, by start."""
    return db.session.execute(
        sa.select(TrainingSession, Programme.title)
        .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                 Programme.id == TrainingSession.programme_id))
        .where(*_facilitated(employee_id, now))
        .order_by(TrainingSession.starts_at).limit(limit)).all()


def delivery_sessions(year: int, zone_name: str, *, facilitator_id: int | None) -> list:
    """(TrainingSession, programme title, participants, completed) of the year's sessions that are
    not cancelled (one facilitator's, or all), by start."""
    seat = sa.func.count(Enrolment.id).filter(Enrolment.status.in_(ROSTER_STATUSES))
    done = sa.func.count(Enrolment.id).filter(Enrolment.status == "completed")
    q = (sa.select(TrainingSession, Programme.title, seat.label("participants"), done.label("completed"))
         .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                  Programme.id == TrainingSession.programme_id))
         .outerjoin(Enrolment, sa.and_(Enrolment.tenant_id == TrainingSession.tenant_id,
                                       Enrolment.session_id == TrainingSession.id))
         .where(TrainingSession.status != "cancelled",
                sa.extract("year", sa.func.timezone(zone_name, TrainingSession.starts_at)) == year)
         .group_by(TrainingSession.tenant_id, TrainingSession.id, Programme.title)
         .order_by(TrainingSession.starts_at, TrainingSession.id))
    if facilitator_id is not None:
        q = q.where(TrainingSession.facilitator_employee_id == facilitator_id)
    return db.session.execute(q).all()
