"""Read side of mentoring: programme lists with counts, a person's pairs, the matching board,
at-risk pairs and programme outcomes. Aggregates in SQL; a fixed number of queries per page.
No query here selects `MentoringSession.private_notes`: only pair_sessions(with_notes=True),
called for the pair's own members, does."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from jenjang.competency.models import Competency
from jenjang.competency.queries import competency_list, current_levels
from jenjang.competency.settings import load_rules
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.mentoring.models import (
    MentoringFlag,
    MentoringGoal,
    MentoringPair,
    MentoringParticipant,
    MentoringProgramme,
    MentoringSession,
)
from jenjang.mentoring.operations.reminders import INACTIVE_DAYS
from jenjang.people.api import PPPK_GRADES, RANKS, Employee, Position, Unit

P, S = MentoringPair, MentoringSession


def last_activity():
    """The day the pair last met (or was published): what the 30-day rule counts from."""
    return sa.func.coalesce(P.last_session_on, sa.cast(sa.func.timezone("Asia/Jakarta", P.published_at), sa.Date))


def at_risk_clause(today: dt.date | None = None):
    today = today or clock.today()
    return sa.and_(P.status == "published", last_activity() < today - dt.timedelta(days=INACTIVE_DAYS))


def programme_list(*, include_closed: bool = True) -> list:
    part = MentoringParticipant
    count = lambda *where: sa.select(sa.func.count()).where(*where).correlate(MentoringProgramme).scalar_subquery()  # noqa: E731
    stmt = sa.select(
        MentoringProgramme,
        count(part.programme_id == MentoringProgramme.id, part.role == "mentee", part.status == "accepted").label("mentees"),
        count(part.programme_id == MentoringProgramme.id, part.role == "mentor", part.status == "accepted").label("mentors"),
        count(part.programme_id == MentoringProgramme.id, part.status == "applied").label("applied"),
        count(P.programme_id == MentoringProgramme.id, P.status.in_(("published", "closed"))).label("pairs"),
        count(P.programme_id == MentoringProgramme.id, P.status == "proposed").label("proposed"),
        count(P.programme_id == MentoringProgramme.id, at_risk_clause()).label("at_risk"),
    ).order_by(sa.case((MentoringProgramme.status == "closed", 1), else_=0), MentoringProgramme.starts_on.desc(),
               MentoringProgramme.id.desc())
    if not include_closed:
        stmt = stmt.where(MentoringProgramme.status != "closed")
    return db.session.execute(stmt.limit(200)).all()


def joinable_programmes(employee_id: int) -> list:
    mine = sa.select(MentoringParticipant.programme_id).where(MentoringParticipant.employee_id == employee_id,
                                                              MentoringParticipant.status.in_(("applied", "accepted")))
    return list(db.session.scalars(sa.select(MentoringProgramme).where(
        MentoringProgramme.status.in_(("open", "running")), MentoringProgramme.id.not_in(mine),
        MentoringProgramme.ends_on >= clock.today()).order_by(MentoringProgramme.starts_on)))


def my_applications(employee_id: int) -> list:
    return db.session.execute(
        sa.select(MentoringParticipant, MentoringProgramme)
        .join(MentoringProgramme, sa.and_(MentoringProgramme.tenant_id == MentoringParticipant.tenant_id,
                                          MentoringProgramme.id == MentoringParticipant.programme_id))
        .where(MentoringParticipant.employee_id == employee_id)
        .order_by(MentoringProgramme.starts_on.desc())).all()


def pairs_of(employee_id: int, *, statuses=("published", "closed")) -> list:
    """A person's pairs (as mentor or mentee) with the other side, counts and what waits on them."""
    mentor, mentee = aliased(Employee), aliased(Employee)
    sessions = sa.select(sa.func.count()).where(S.pair_id == P.id, S.confirmed_at.is_not(None)) \
        .correlate(P).scalar_subquery()
    to_confirm = sa.select(sa.func.count()).where(S.pair_id == P.id, S.confirmed_at.is_(None),
                                                  S.logged_by != employee_id).correlate(P).scalar_subquery()
    return db.session.execute(
        sa.select(P, MentoringProgramme.name.label("programme_name"), MentoringProgramme.expected_sessions,
                  MentoringProgramme.ends_on, mentor.full_name.label("mentor_name"),
                  mentee.full_name.label("mentee_name"), sessions.label("sessions"), to_confirm.label("to_confirm"),
                  at_risk_clause().label("at_risk"))
        .join(MentoringProgramme, sa.and_(MentoringProgramme.tenant_id == P.tenant_id,
                                          MentoringProgramme.id == P.programme_id))
        .join(mentor, mentor.id == P.mentor_id).join(mentee, mentee.id == P.mentee_id)
        .where(sa.or_(P.mentor_id == employee_id, P.mentee_id == employee_id), P.status.in_(statuses))
        .order_by(sa.case((P.status == "published", 0), else_=1), P.published_at.desc())).all()


def golongan(employee=Employee) -> sa.ColumnElement:
    """The employee's golongan as printed, in SQL: "III/b" for a PNS, "IX" for a PPPK, NULL when
    not recorded (the two national scales are fixed reference data)."""
    grades = sa.case({i: code for i, code in enumerate(PPPK_GRADES, start=1)}, value=employee.grade_id, else_=None)
    return sa.case({i: code for i, (code, _name) in enumerate(RANKS, start=1)}, value=employee.rank_id,
                   else_=grades)


def participants(programme_id: int) -> list:
    return db.session.execute(
        sa.select(MentoringParticipant, Employee.full_name, Employee.nip, golongan().label("golongan"),
                  Unit.name.label("unit_name"), Position.name.label("position_name"))
        .join(Employee, Employee.id == MentoringParticipant.employee_id)
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .outerjoin(Position, sa.and_(Position.tenant_id == Employee.tenant_id, Position.id == Employee.position_id))
        .where(MentoringParticipant.programme_id == programme_id)
        .order_by(MentoringParticipant.role.desc(), sa.case((MentoringParticipant.status == "applied", 0), else_=1),
                  Employee.full_name)).all()


def board(programme_id: int) -> list:
    """Every pair of the programme with both names, units and ranks (the matching page)."""
    mentor, mentee = aliased(Employee), aliased(Employee)
    mu, eu = aliased(Unit), aliased(Unit)
    sessions = sa.select(sa.func.count()).where(S.pair_id == P.id, S.confirmed_at.is_not(None)) \
        .correlate(P).scalar_subquery()
    open_flags = sa.select(sa.func.count()).where(MentoringFlag.pair_id == P.id, MentoringFlag.resolved_at.is_(None)) \
        .correlate(P).scalar_subquery()
    return db.session.execute(
        sa.select(P, mentor.full_name.label("mentor_name"), golongan(mentor).label("mentor_rank"),
                  mu.name.label("mentor_unit"), mentee.full_name.label("mentee_name"),
                  golongan(mentee).label("mentee_rank"), eu.name.label("mentee_unit"), sessions.label("sessions"),
                  open_flags.label("open_flags"), at_risk_clause().label("at_risk"))
        .join(mentor, mentor.id == P.mentor_id).join(mentee, mentee.id == P.mentee_id)
        .outerjoin(mu, sa.and_(mu.tenant_id == mentor.tenant_id, mu.id == mentor.unit_id))
        .outerjoin(eu, sa.and_(eu.tenant_id == mentee.tenant_id, eu.id == mentee.unit_id))
        .where(P.programme_id == programme_id, P.status != "cancelled")
        .order_by(sa.case((P.status == "proposed", 0), (P.status == "published", 1), else_=2),
                  mentee.full_name, P.id)).all()


def unmatched_mentees(programme_id: int) -> list:
    live = sa.select(P.mentee_id).where(P.programme_id == programme_id, P.status.in_(("proposed", "published")))
    return db.session.execute(
        sa.select(Employee.id, Employee.full_name)
        .join(MentoringParticipant, MentoringParticipant.employee_id == Employee.id)
        .where(MentoringParticipant.programme_id == programme_id, MentoringParticipant.role == "mentee",
               MentoringParticipant.status == "accepted", Employee.id.not_in(live))
        .order_by(Employee.full_name)).all()


def accepted_mentors(programme_id: int) -> list:
    return db.session.execute(
        sa.select(Employee.id, Employee.full_name)
        .join(MentoringParticipant, MentoringParticipant.employee_id == Employee.id)
        .where(MentoringParticipant.programme_id == programme_id, MentoringParticipant.role == "mentor",
               MentoringParticipant.status == "accepted")
        .order_by(Employee.full_name)).all()


def competency_names(ids) -> dict[int, tuple[str, str]]:
    ids = {int(i) for i in ids if i is not None}
    if not ids:
        return {}
    return {r.id: (r.code, r.name) for r in db.session.execute(
        sa.select(Competency.id, Competency.code, Competency.name).where(Competency.id.in_(ids)))}


def breakdown_competency_ids(pairs) -> set[int]:
    out: set[int] = set()
    for pair in pairs:
        b = pair.breakdown or {}
        out.update(c["competency_id"] for c in b.get("covered", []))
        out.update(b.get("uncovered", []))
    return out


# --- one pair ----------------------------------------------------------------------------------

def pair_sessions(pair_id: int, *, with_notes: bool) -> list:
    cols = [S.id, S.held_on, S.duration_minutes, S.mode, S.topic, S.logged_by, S.confirmed_by, S.confirmed_at,
            S.jp_credited, S.mentor_jp_credited, S.rating, S.rating_comment]
    if with_notes:
        cols.append(S.private_notes)
    return db.session.execute(sa.select(*cols).where(S.pair_id == pair_id)
                              .order_by(S.held_on.desc(), S.id.desc())).all()


def pair_goals(pair_id: int) -> list:
    return db.session.execute(
        sa.select(MentoringGoal, Competency.code, Competency.name)
        .outerjoin(Competency, sa.and_(Competency.tenant_id == MentoringGoal.tenant_id,
                                       Competency.id == MentoringGoal.competency_id))
        .where(MentoringGoal.pair_id == pair_id).order_by(MentoringGoal.id)).all()


def pair_flags(pair_id: int) -> list:
    return db.session.execute(
        sa.select(MentoringFlag, Employee.full_name).join(Employee, Employee.id == MentoringFlag.raised_by)
        .where(MentoringFlag.pair_id == pair_id).order_by(MentoringFlag.created_at.desc())).all()


def pair_jp(pair: MentoringPair) -> dict:
    """JP the pair's confirmed sessions credited, this programme, to the mentee and the mentor."""
    row = db.session.execute(sa.select(sa.func.coalesce(sa.func.sum(S.jp_credited), 0),
                                       sa.func.coalesce(sa.func.sum(S.mentor_jp_credited), 0),
                                       sa.func.avg(S.rating))
                             .where(S.pair_id == pair.id)).one()
    return {"mentee": row[0], "mentor": row[1], "rating": float(row[2]) if row[2] is not None else None}


# --- HR: flags and outcomes ---------------------------------------------------------------------

def open_flags(programme_id: int) -> list:
    mentor, mentee, raiser = aliased(Employee), aliased(Employee), aliased(Employee)
    return db.session.execute(
        sa.select(MentoringFlag, P.id.label("pair_id"), mentor.full_name.label("mentor_name"),
                  mentee.full_name.label("mentee_name"), raiser.full_name.label("raised_by_name"))
        .join(P, P.id == MentoringFlag.pair_id)
        .join(mentor, mentor.id == P.mentor_id).join(mentee, mentee.id == P.mentee_id)
        .join(raiser, raiser.id == MentoringFlag.raised_by)
        .where(P.programme_id == programme_id, MentoringFlag.resolved_at.is_(None))
        .order_by(MentoringFlag.created_at)).all()


def outcomes(programme: MentoringProgramme) -> dict:
    """Sessions held, goals met, ratings, and needs closed in assessments made after the start."""
    pairs_q = sa.select(P.id).where(P.programme_id == programme.id, P.status.in_(("published", "closed")))
    s = db.session.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(S.duration_minutes), 0),
                                     sa.func.avg(S.rating), sa.func.count(S.rating),
                                     sa.func.coalesce(sa.func.sum(S.jp_credited), 0))
                           .where(S.pair_id.in_(pairs_q), S.confirmed_at.is_not(None))).one()
    goals = dict(db.session.execute(sa.select(MentoringGoal.status, sa.func.count())
                                    .where(MentoringGoal.pair_id.in_(pairs_q))
                                    .group_by(MentoringGoal.status)).all())
    statuses = dict(db.session.execute(sa.select(P.status, sa.func.count())
                                       .where(P.programme_id == programme.id).group_by(P.status)).all())
    # Needs recorded at matching time, checked against the mentee's current level now.
    pairs = db.session.execute(sa.select(P.id, P.mentee_id, P.breakdown)
                               .where(P.id.in_(pairs_q))).all()
    needs = [(p.mentee_id, c["competency_id"], c["target"]) for p in pairs
             for c in (p.breakdown or {}).get("covered", [])]
    closed = 0
    if needs:
        cur = current_levels(load_rules(), employee_ids=list({n[0] for n in needs}))
        now = {(r.employee_id, r.competency_id): (r.level, r.assessed_on) for r in db.session.execute(
            sa.select(cur.c.employee_id, cur.c.competency_id, cur.c.level, cur.c.assessed_on))}
        for mentee, comp, target in needs:
            level, on = now.get((mentee, comp), (None, None))
            if level is not None and level >= target and on is not None and on >= programme.starts_on:
                closed += 1
    pair_count = statuses.get("published", 0) + statuses.get("closed", 0)
    return {
        "pairs": pair_count, "closed_pairs": statuses.get("closed", 0), "declined": statuses.get("declined", 0),
        "sessions": s[0], "hours": round(s[1] / 60, 1), "avg_rating": round(float(s[2]), 2) if s[2] is not None else None,
        "ratings": s[3], "jp": s[4], "goals_total": sum(goals.values()), "goals_met": goals.get("met", 0),
        "goals_not_met": goals.get("not_met", 0), "needs": len(needs), "needs_closed": closed,
        "expected_sessions": pair_count * programme.expected_sessions,
    }


def card_for_hr() -> dict:
    row = db.session.execute(sa.select(
        sa.select(sa.func.count()).where(MentoringProgramme.status != "closed").scalar_subquery(),
        sa.select(sa.func.count()).where(P.status == "published").scalar_subquery(),
        sa.select(sa.func.count()).where(at_risk_clause()).scalar_subquery(),
        sa.select(sa.func.count()).where(MentoringFlag.resolved_at.is_(None)).scalar_subquery(),
        sa.select(sa.func.count()).where(MentoringParticipant.status == "applied").scalar_subquery())).one()
    return {"programmes": row[0], "pairs": row[1], "at_risk": row[2], "flags": row[3], "applied": row[4]}


def competency_choices(blank=None) -> list:
    """(id, "code · name") of the competencies in force for a select, after a ``blank`` choice if given."""
    choices = [(c.id, f"{c.code} · {c.name}") for c in competency_list(include_retired=False)]
    return ([(None, blank)] if blank else []) + choices


def participation(programme_id: int, employee_id: int | None) -> MentoringParticipant | None:
    """The employee's own row in the programme (applied, accepted, rejected or withdrawn)."""
    if not employee_id:
        return None
    return db.session.scalar(sa.select(MentoringParticipant).where(
        MentoringParticipant.programme_id == programme_id, MentoringParticipant.employee_id == employee_id))


def employee_by_nip(nip: str) -> Employee | None:
    return db.session.scalar(sa.select(Employee).where(Employee.nip == nip)) if nip else None


def mentee_goals(pair: MentoringPair) -> str | None:
    """What the mentee wrote they want from the programme when applying."""
    return db.session.scalar(sa.select(MentoringParticipant.goals).where(
        MentoringParticipant.programme_id == pair.programme_id, MentoringParticipant.employee_id == pair.mentee_id))
