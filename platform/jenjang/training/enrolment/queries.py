"""Enrolment's reads: the waitlist (in the session's order) and a place in it, an employee's
enrolments, a session's roster, the prerequisites an employee misses, the team a supervisor sees,
whom the signed-in user may nominate, and the accounts to notify."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.competency import queries as cq
from jenjang.competency.models import Competency
from jenjang.competency.settings import load_rules
from jenjang.extensions import db
from jenjang.people.api import POSITION_KIND_LABELS, PPPK_GRADES, RANKS, Employee, Position, Unit, name_or_nip
from jenjang.training.models import (
    ACTIVE_STATUSES,
    Enrolment,
    Programme,
    ProgrammeCompetency,
    TrainingSession,
    TrainingSettings,
)
from jenjang.training.queries import employee_gaps
from jenjang.workflow.models import WorkflowCase

OPEN_SEAT_STATUSES = ("pending", "approved")


def settings_row() -> TrainingSettings | None:
    """Read without inserting (many enrolments at once must not race to create the row)."""
    return db.session.scalar(sa.select(TrainingSettings))


def waitlist_order(session: TrainingSession) -> str:
    if session.waitlist_order:
        return session.waitlist_order
    row = settings_row()
    return row.waitlist_order if row else "first_come"


def waitlist_query(session: TrainingSession):
    order = waitlist_order(session)
    keys = [Enrolment.waitlisted_at, Enrolment.id]
    if order == "priority":
        keys = [Enrolment.priority.desc(), *keys]
    return (sa.select(Enrolment).where(Enrolment.session_id == session.id, Enrolment.status == "waitlisted")
            .order_by(*keys))


def waitlist(session: TrainingSession) -> list[Enrolment]:
    return list(db.session.scalars(waitlist_query(session)))


def prerequisite_problems(programme: Programme, employee: Employee) -> list[str]:
    """Readable reasons the employee does not meet the programme's prerequisites (empty: met)."""
    problems = []
    # the minimum golongan/ruang holds a PNS, the minimum PPPK golongan a PPPK: two scales that
    # do not compare, each rule for its own kind
    pns = employee.employment_type == "PNS"
    if pns and programme.min_rank_id and (employee.rank_id or 0) < programme.min_rank_id:
        problems.append(_("Golongan minimal %(r)s.", r=RANKS[programme.min_rank_id - 1][0]
                          if programme.min_rank_id <= len(RANKS) else programme.min_rank_id))
    if not pns and programme.min_grade_id and (employee.grade_id or 0) < programme.min_grade_id:
        problems.append(_("Golongan PPPK minimal %(g)s.", g=PPPK_GRADES[programme.min_grade_id - 1]))
    if programme.position_kinds:
        kind = position_kind_of(employee)
        if kind not in programme.position_kinds:
            problems.append(_("Hanya untuk jabatan %(k)s.", k=", ".join(
                str(POSITION_KIND_LABELS.get(k, k)) for k in programme.position_kinds)))
    if programme.prereq_competency_id:
        cur = cq.current_levels(load_rules(), employee_ids=[employee.id])
        level = db.session.scalar(sa.select(cur.c.level).where(cur.c.competency_id == programme.prereq_competency_id))
        if (level or 0) < programme.prereq_level:
            name = db.session.scalar(sa.select(Competency.name).where(Competency.id == programme.prereq_competency_id))
            problems.append(_("Perlu level %(l)s pada %(c)s (sekarang %(n)s).", l=programme.prereq_level, c=name,
                              n=level or 0))
    return problems


def position_kind_of(employee: Employee) -> str | None:
    if employee.position_id is None:
        return None
    return db.session.scalar(sa.select(Position.kind).where(Position.id == employee.position_id))


def session_cost(session: TrainingSession, programme: Programme):
    """What a seat costs: the session's own price, else the programme's."""
    return session.cost_per_participant if session.cost_per_participant is not None else programme.cost_per_participant


def active_enrolment(session_id: int, employee_id: int) -> Enrolment | None:
    return db.session.scalar(sa.select(Enrolment).where(
        Enrolment.session_id == session_id, Enrolment.employee_id == employee_id,
        Enrolment.status.in_(ACTIVE_STATUSES)))


def overlapping(session: TrainingSession, employee_id: int) -> tuple[TrainingSession, str] | None:
    """Another scheduled session overlapping this one where the employee holds a seat."""
    row = db.session.execute(
        sa.select(TrainingSession, Programme.title)
        .join(Enrolment, sa.and_(Enrolment.tenant_id == TrainingSession.tenant_id,
                                 Enrolment.session_id == TrainingSession.id))
        .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                 Programme.id == TrainingSession.programme_id))
        .where(Enrolment.employee_id == employee_id, Enrolment.status.in_(OPEN_SEAT_STATUSES),
               TrainingSession.id != session.id, TrainingSession.status == "scheduled",
               TrainingSession.starts_at < session.ends_at, TrainingSession.ends_at > session.starts_at)
        .limit(1)).first()
    return (row[0], row[1]) if row else None


def priority_for(programme: Programme, employee: Employee, origin: str) -> int:
    """Waitlist priority when the order is "priority": a mandatory programme or a nomination first,
    then the largest gap among the competencies the programme targets."""
    gaps = employee_gaps(employee)
    targeted = set(db.session.scalars(sa.select(ProgrammeCompetency.competency_id).where(
        ProgrammeCompetency.programme_id == programme.id)))
    largest = max((req - cur for cid, (cur, req) in gaps.items() if cid in targeted), default=0)
    return (100 if programme.mandatory or origin != "self" else 0) + largest


def my_enrolments(employee_id: int) -> list:
    """(Enrolment, TrainingSession, Programme) of one employee, newest session first."""
    return db.session.execute(
        sa.select(Enrolment, TrainingSession, Programme)
        .join(TrainingSession, sa.and_(TrainingSession.tenant_id == Enrolment.tenant_id,
                                       TrainingSession.id == Enrolment.session_id))
        .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                 Programme.id == TrainingSession.programme_id))
        .where(Enrolment.employee_id == employee_id)
        .order_by(TrainingSession.starts_at.desc(), Enrolment.id.desc())).all()


def statuses_for(employee_id: int, session_ids: list[int]) -> dict[int, Enrolment]:
    """The employee's active enrolment per session (for the enrol buttons)."""
    if not session_ids:
        return {}
    rows = db.session.scalars(sa.select(Enrolment).where(
        Enrolment.employee_id == employee_id, Enrolment.session_id.in_(session_ids),
        Enrolment.status.in_(ACTIVE_STATUSES)))
    return {r.session_id: r for r in rows}


def waitlist_position(row: Enrolment) -> int | None:
    if row.status != "waitlisted":
        return None
    session = db.session.scalar(sa.select(TrainingSession).where(TrainingSession.id == row.session_id))
    ids = list(db.session.scalars(waitlist_query(session).with_only_columns(Enrolment.id)))
    return ids.index(row.id) + 1 if row.id in ids else None


def roster(session_id: int) -> list:
    """(Enrolment, Employee, unit name) of a session: seats first, then the waitlist, then the rest."""
    order = sa.case((Enrolment.holds_seat.is_(True), 0), (Enrolment.status == "waitlisted", 1), else_=2)
    return db.session.execute(
        sa.select(Enrolment, Employee, Unit.name)
        .join(Employee, sa.and_(Employee.tenant_id == Enrolment.tenant_id, Employee.id == Enrolment.employee_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .where(Enrolment.session_id == session_id)
        .order_by(order, Enrolment.waitlisted_at.nulls_first(), Enrolment.requested_at, Enrolment.id)).all()


def case_of(row: Enrolment) -> WorkflowCase | None:
    """The enrolment's approval case, if it has one."""
    if not row.workflow_case_id:
        return None
    return db.session.scalar(sa.select(WorkflowCase).where(WorkflowCase.id == row.workflow_case_id))


def team_enrolments(employee_ids: list[int], since: dt.datetime, limit: int = 300) -> list:
    """(Enrolment, TrainingSession, Programme, Employee, case status) of a supervisor's team for
    sessions ending after `since`: the ones waiting for approval first, then by start."""
    return db.session.execute(
        sa.select(Enrolment, TrainingSession, Programme, Employee, WorkflowCase.status.label("case_status"))
        .join(TrainingSession, sa.and_(TrainingSession.tenant_id == Enrolment.tenant_id,
                                       TrainingSession.id == Enrolment.session_id))
        .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                 Programme.id == TrainingSession.programme_id))
        .join(Employee, sa.and_(Employee.tenant_id == Enrolment.tenant_id, Employee.id == Enrolment.employee_id))
        .outerjoin(WorkflowCase, sa.and_(WorkflowCase.tenant_id == Enrolment.tenant_id,
                                         WorkflowCase.id == Enrolment.workflow_case_id))
        .where(Enrolment.employee_id.in_(employee_ids), TrainingSession.ends_at >= since)
        .order_by(sa.case((Enrolment.status == "pending", 0), else_=1), TrainingSession.starts_at)
        .limit(limit)).all()


def nominees(q: str, among: list[int] | None, chosen: int | None, limit: int) -> list:
    """(id, full_name, nip) of active employees matching what was typed (name words or a NIP prefix),
    among the given ids (None: the whole region); the first `limit`, with the one already chosen
    kept on the list."""
    stmt = sa.select(Employee.id, Employee.full_name, Employee.nip).where(Employee.status == "active")
    if among is not None:
        stmt = stmt.where(Employee.id.in_(among))
    matches = name_or_nip(q)
    shown = stmt.where(matches) if matches is not None else stmt
    rows = db.session.execute(shown.order_by(Employee.full_name, Employee.id).limit(limit)).all()
    if chosen and chosen not in {r.id for r in rows}:
        rows = db.session.execute(stmt.where(Employee.id == chosen)).all() + rows
    return rows


def active_employee(employee_id: int | None) -> Employee | None:
    return db.session.scalar(sa.select(Employee).where(Employee.id == employee_id, Employee.status == "active"))


def waitlisted_count(session_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Enrolment).where(
        Enrolment.session_id == session_id, Enrolment.status == "waitlisted"))
