"""The catalogue's reads: programmes (search with "why it suits you", their target competencies),
sessions (upcoming, of a programme, HR's list), and the training-needs summary.

    queries.gaps_targeted(employee, [programme ids])  -> {programme_id: [GapHit, ...]}
    queries.search(q=..., employee=...)               -> list[ProgrammeRow]
    queries.needs_summary()                           -> list[NeedRow]
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from jenjang.competency import queries as cq
from jenjang.competency.models import Competency
from jenjang.competency.settings import load_rules
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people.api import Employee
from jenjang.training.models import Enrolment, Programme, ProgrammeCompetency, TrainingSession
from jenjang.training.queries import employee_gaps


def targets_of(programme_ids: list[int]) -> dict[int, list]:
    """programme id → [(competency_id, code, name, target_level)], one query."""
    if not programme_ids:
        return {}
    out: dict[int, list] = {pid: [] for pid in programme_ids}
    rows = db.session.execute(
        sa.select(ProgrammeCompetency.programme_id, Competency.id, Competency.code, Competency.name,
                  ProgrammeCompetency.target_level)
        .join(Competency, sa.and_(Competency.tenant_id == ProgrammeCompetency.tenant_id,
                                  Competency.id == ProgrammeCompetency.competency_id))
        .where(ProgrammeCompetency.programme_id.in_(programme_ids))
        .order_by(Competency.sort_order, Competency.code)).all()
    for r in rows:
        out[r.programme_id].append(r)
    return out



@dataclass
class GapHit:
    competency_id: int
    code: str
    name: str
    current: int
    required: int
    target_level: int

    @property
    def gap(self) -> int:
        return self.required - self.current


def gaps_targeted(employee: Employee, programme_ids: list[int], *, gaps: dict | None = None
                  ) -> dict[int, list[GapHit]]:
    """Per programme, the employee's gaps it targets (largest first): "why it suits you"."""
    gaps = employee_gaps(employee) if gaps is None else gaps
    out: dict[int, list[GapHit]] = {pid: [] for pid in programme_ids}
    if not gaps or not programme_ids:
        return out
    for pid, rows in targets_of(programme_ids).items():
        for r in rows:
            if r.id in gaps:
                current, required = gaps[r.id]
                out[pid].append(GapHit(r.id, r.code, r.name, current, required, r.target_level))
        out[pid].sort(key=lambda h: -h.gap)
    return out


@dataclass
class ProgrammeRow:
    programme: Programme
    next_session: TrainingSession | None
    open_sessions: int
    targets: list = field(default_factory=list)
    hits: list = field(default_factory=list)


def search(*, q: str = "", kind_code: int | None = None, provider: str | None = None, classical: bool | None = None,
           employee: Employee | None = None, suits_only: bool = False, include_inactive: bool = False,
           limit: int = 60, today: dt.date | None = None) -> list[ProgrammeRow]:
    """Programmes matching the filters, with their next open session and the employee's gaps they
    target; programmes that suit the employee first. A fixed number of queries."""
    today = today or clock.today()
    stmt = sa.select(Programme)
    if not include_inactive:
        stmt = stmt.where(Programme.active.is_(True))
    for token in (q or "").lower().split()[:6]:
        like = f"%{token.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(sa.or_(sa.func.lower(Programme.title).like(like),
                                 sa.func.lower(sa.func.coalesce(Programme.description, "")).like(like),
                                 sa.func.lower(sa.func.coalesce(Programme.code, "")).like(like),
                                 sa.func.lower(sa.func.coalesce(Programme.provider_name, "")).like(like)))
    if kind_code:
        stmt = stmt.where(Programme.kind_code == kind_code)
    if provider:
        stmt = stmt.where(Programme.provider == provider)
    if classical is not None:
        stmt = stmt.where(Programme.classical.is_(classical))
    gaps = employee_gaps(employee) if employee is not None else {}
    if suits_only:
        if not gaps:
            return []
        stmt = stmt.where(Programme.id.in_(sa.select(ProgrammeCompetency.programme_id).where(
            ProgrammeCompetency.competency_id.in_(list(gaps)))))
    programmes = list(db.session.scalars(stmt.order_by(Programme.title, Programme.id).limit(limit)))
    ids = [p.id for p in programmes]
    upcoming = upcoming_sessions(ids, today=today)
    counts: dict[int, int] = {}
    for s in upcoming:
        counts[s.programme_id] = counts.get(s.programme_id, 0) + 1
    first = {}
    for s in upcoming:
        first.setdefault(s.programme_id, s)
    targets = targets_of(ids)
    hits = gaps_targeted(employee, ids, gaps=gaps) if employee is not None else {}
    rows = [ProgrammeRow(p, first.get(p.id), counts.get(p.id, 0), targets.get(p.id, []), hits.get(p.id, []))
            for p in programmes]
    rows.sort(key=lambda r: (-(max((h.gap for h in r.hits), default=0)), r.next_session is None))
    return rows


def upcoming_sessions(programme_ids: list[int], *, today: dt.date | None = None) -> list[TrainingSession]:
    """Scheduled sessions not yet started, whose window has not closed, by start."""
    if not programme_ids:
        return []
    today = today or clock.today()
    return list(db.session.scalars(sa.select(TrainingSession).where(
        TrainingSession.programme_id.in_(programme_ids), TrainingSession.status == "scheduled",
        TrainingSession.enrol_closes_on >= today, sa.func.date(TrainingSession.starts_at) >= today)
        .order_by(TrainingSession.starts_at, TrainingSession.id)))


def sessions_of(programme_id: int) -> list[TrainingSession]:
    return list(db.session.scalars(sa.select(TrainingSession).where(TrainingSession.programme_id == programme_id)
                                   .order_by(TrainingSession.starts_at.desc(), TrainingSession.id.desc())))


def waitlist_counts(session_ids: list[int]) -> dict[int, int]:
    if not session_ids:
        return {}
    return dict(db.session.execute(sa.select(Enrolment.session_id, sa.func.count()).where(
        Enrolment.session_id.in_(session_ids), Enrolment.status == "waitlisted").group_by(Enrolment.session_id)).all())


def session_list(*, when: str = "upcoming", programme_id: int | None = None, limit: int = 200,
                 now: dt.datetime | None = None) -> list:
    """(TrainingSession, Programme title, waitlisted count) for HR's list."""
    now = now or clock.now()
    waiting = (sa.select(sa.func.count()).where(Enrolment.session_id == TrainingSession.id,
                                                Enrolment.status == "waitlisted")
               .correlate(TrainingSession).scalar_subquery())
    stmt = (sa.select(TrainingSession, Programme.title, Programme.jp, waiting.label("waiting"))
            .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                     Programme.id == TrainingSession.programme_id)))
    if when == "upcoming":
        stmt = stmt.where(TrainingSession.ends_at >= now).order_by(TrainingSession.starts_at, TrainingSession.id)
    else:
        stmt = stmt.where(TrainingSession.ends_at < now).order_by(TrainingSession.starts_at.desc(),
                                                                  TrainingSession.id.desc())
    if programme_id:
        stmt = stmt.where(TrainingSession.programme_id == programme_id)
    return db.session.execute(stmt.limit(limit)).all()


# --- training needs (HR) ------------------------------------------------------------------------

@dataclass
class NeedRow:
    competency_id: int
    code: str
    name: str
    below: int
    assessed: int
    avg_gap: float
    programmes: list = field(default_factory=list)  # (id, title, jp)


def needs_summary(unit_id: int | None = None) -> list[NeedRow]:
    """The training-needs summary for HR: per competency, how many active employees are below their
    position's standard, the average shortfall, and the programmes that target it. Aggregated in SQL
    (the competency module's heatmap query), then two small queries for names and programmes."""
    cells = cq.heatmap(load_rules(), group="kind", unit_id=unit_id)
    agg: dict[int, list] = {}
    for c in cells:
        entry = agg.setdefault(c.competency_id, [0, 0, 0.0])
        entry[0] += c.below
        entry[1] += c.n
        entry[2] += float(c.avg_gap) * c.n
    ids = [cid for cid, (below, _n, _g) in agg.items() if below > 0]
    if not ids:
        return []
    names = {r.id: r for r in db.session.execute(sa.select(Competency.id, Competency.code, Competency.name)
                                                 .where(Competency.id.in_(ids)))}
    progs: dict[int, list] = {}
    for cid, pid, title, jp in db.session.execute(
            sa.select(ProgrammeCompetency.competency_id, Programme.id, Programme.title, Programme.jp)
            .join(Programme, sa.and_(Programme.tenant_id == ProgrammeCompetency.tenant_id,
                                     Programme.id == ProgrammeCompetency.programme_id))
            .where(ProgrammeCompetency.competency_id.in_(ids), Programme.active.is_(True))
            .order_by(Programme.title)):
        progs.setdefault(cid, []).append((pid, title, jp))
    rows = [NeedRow(cid, names[cid].code, names[cid].name, agg[cid][0], agg[cid][1],
                    round(agg[cid][2] / agg[cid][1], 2) if agg[cid][1] else 0.0, progs.get(cid, []))
            for cid in ids if cid in names]
    rows.sort(key=lambda r: (-r.below, -r.avg_gap, r.code))
    return rows


# --- for the forms -----------------------------------------------------------------------------

def competencies() -> list[Competency]:
    """The competencies a programme may target (not retired), in the dictionary's order."""
    return list(db.session.scalars(sa.select(Competency).where(Competency.retired_at.is_(None))
                                   .order_by(Competency.sort_order, Competency.code)))


def competency_name(competency_id: int | None) -> str | None:
    if not competency_id:
        return None
    return db.session.scalar(sa.select(Competency.name).where(Competency.id == competency_id))


FACILITATORS_SHOWN = 500


def facilitator_options(current_id: int | None) -> list[tuple[int, str]]:
    """(id, "name (NIP)") of active employees who may facilitate, the current one first."""
    options = []
    if current_id:
        e = db.session.scalar(sa.select(Employee).where(Employee.id == current_id))
        if e is not None:
            options.append((e.id, f"{e.display_name} ({e.nip})"))
    rows = db.session.execute(sa.select(Employee.id, Employee.full_name, Employee.nip).where(
        Employee.status == "active").order_by(Employee.full_name).limit(FACILITATORS_SHOWN)).all()
    return options + [(r.id, f"{r.full_name} ({r.nip})") for r in rows if r.id != current_id]


def waitlisted_count(session_id: int) -> int:
    return waitlist_counts([session_id]).get(session_id, 0)
