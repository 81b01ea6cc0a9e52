"""Read side of the 360 module: cycle lists, the questionnaire, rater work lists, progress.
Progress shows who has not finished (for chasing), never what anyone answered."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import get_locale

from jenjang.competency import national
from jenjang.competency.models import Competency
from jenjang.extensions import db
from jenjang.feedback.models import (
    FeedbackAssignment,
    FeedbackCycle,
    FeedbackDraftAnswer,
    FeedbackItem,
    FeedbackNomination,
)
from jenjang.people.api import Employee, Unit

PAGE = 50


def cycles() -> list:
    a = FeedbackAssignment
    counts = (sa.select(a.cycle_id, sa.func.count().label("total"),
                        sa.func.count(a.submitted_at).label("submitted"),
                        sa.func.count(sa.distinct(a.subject_employee_id)).label("subjects"))
              .group_by(a.cycle_id).subquery())
    return db.session.execute(
        sa.select(FeedbackCycle, counts.c.total, counts.c.submitted, counts.c.subjects)
        .outerjoin(counts, counts.c.cycle_id == FeedbackCycle.id)
        .order_by(FeedbackCycle.created_at.desc()).limit(200)).all()


def stats(cycle: FeedbackCycle) -> dict:
    a = FeedbackAssignment
    row = db.session.execute(sa.select(
        sa.func.count(), sa.func.count(a.submitted_at), sa.func.count(a.started_at),
        sa.func.count(sa.distinct(a.subject_employee_id)), sa.func.count(sa.distinct(a.rater_employee_id)))
        .where(a.cycle_id == cycle.id)).one()
    total, submitted, started, subjects, raters = row
    return {"total": total, "submitted": submitted, "started": started, "subjects": subjects, "raters": raters,
            "rate": round(100 * submitted / total) if total else 0}


def item_text(item: FeedbackItem) -> str:
    return item.text_en if national.lang(get_locale()) == "en" and item.text_en else item.text


@dataclass
class Section:
    competency: Competency | None  # None: the open questions
    items: list[FeedbackItem]


def sections(cycle: FeedbackCycle) -> list[Section]:
    """The questionnaire, one section per competency (in order), then the open questions."""
    return questionnaire(cycle)[0]


def questionnaire(cycle: FeedbackCycle, assignment: FeedbackAssignment | None = None) \
        -> tuple[list[Section], dict[int, FeedbackDraftAnswer]]:
    """The sections and, for a rater's assignment, its drafts by item id: one query."""
    i, c, d = FeedbackItem, Competency, FeedbackDraftAnswer
    stmt = (sa.select(i, c)
            .outerjoin(c, sa.and_(c.tenant_id == i.tenant_id, c.id == i.competency_id))
            .where(i.cycle_id == cycle.id)
            .order_by(i.position, i.id))
    if assignment is not None:
        stmt = stmt.add_columns(d).outerjoin(d, sa.and_(d.tenant_id == i.tenant_id, d.item_id == i.id,
                                                        d.assignment_id == assignment.id))
    out: list[Section] = []
    open_items = []
    answers: dict[int, FeedbackDraftAnswer] = {}
    for row in db.session.execute(stmt):
        item, comp = row[0], row[1]
        if assignment is not None and row[2] is not None:
            answers[item.id] = row[2]
        if item.kind == "open":
            open_items.append(item)
        elif out and out[-1].competency is not None and out[-1].competency.id == item.competency_id:
            out[-1].items.append(item)
        else:
            out.append(Section(comp, [item]))
    if open_items:
        out.append(Section(None, open_items))
    return out, answers


def drafts(assignment: FeedbackAssignment) -> dict[int, FeedbackDraftAnswer]:
    return {d.item_id: d for d in db.session.scalars(sa.select(FeedbackDraftAnswer).where(
        FeedbackDraftAnswer.assignment_id == assignment.id))}


def supervisor_rater_count(cycle: FeedbackCycle, subject_id: int) -> int:
    """How many supervisor raters the subject has: one is named, two or more are anonymous."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackAssignment).where(
        FeedbackAssignment.cycle_id == cycle.id, FeedbackAssignment.subject_employee_id == subject_id,
        FeedbackAssignment.relation == "supervisor")) or 0


def my_forms(employee_id: int, *, include_closed: bool = False) -> list:
    """(assignment, cycle, subject name, answered items) of a rater, open cycles first."""
    a = FeedbackAssignment
    answered = (sa.select(FeedbackDraftAnswer.assignment_id, sa.func.count().label("answered"))
                .group_by(FeedbackDraftAnswer.assignment_id).subquery())
    statuses = ("open", "closed") if include_closed else ("open",)
    return db.session.execute(
        sa.select(a, FeedbackCycle, Employee.full_name, Employee.front_title, Employee.back_title,
                  sa.func.coalesce(answered.c.answered, 0))
        .join(FeedbackCycle, sa.and_(FeedbackCycle.tenant_id == a.tenant_id, FeedbackCycle.id == a.cycle_id))
        .join(Employee, sa.and_(Employee.tenant_id == a.tenant_id, Employee.id == a.subject_employee_id))
        .outerjoin(answered, answered.c.assignment_id == a.id)
        .where(a.rater_employee_id == employee_id, FeedbackCycle.status.in_(statuses))
        .order_by(FeedbackCycle.deadline, a.submitted_at.is_not(None),
                  sa.case((a.relation == "self", 0), else_=1), Employee.full_name)).all()


def scale_item_count(cycle_ids: list[int]) -> dict[int, int]:
    if not cycle_ids:
        return {}
    return dict(db.session.execute(sa.select(FeedbackItem.cycle_id, sa.func.count()).where(
        FeedbackItem.cycle_id.in_(cycle_ids)).group_by(FeedbackItem.cycle_id)).all())


def by_relation(cycle: FeedbackCycle) -> list:
    a = FeedbackAssignment
    return db.session.execute(sa.select(a.relation, sa.func.count(), sa.func.count(a.submitted_at))
                              .where(a.cycle_id == cycle.id).group_by(a.relation).order_by(a.relation)).all()


def by_unit(cycle: FeedbackCycle) -> list:
    """Response rate by the rater's unit."""
    a = FeedbackAssignment
    return db.session.execute(
        sa.select(Unit.name, sa.func.count(), sa.func.count(a.submitted_at))
        .select_from(a)
        .join(Employee, sa.and_(Employee.tenant_id == a.tenant_id, Employee.id == a.rater_employee_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .where(a.cycle_id == cycle.id).group_by(Unit.name)
        .order_by((sa.func.count(a.submitted_at) * 1.0 / sa.func.count()), Unit.name).limit(200)).all()


def unfinished_raters(cycle: FeedbackCycle, page: int = 1) -> tuple[list, bool]:
    """Raters with unsent forms (names for chasing; never their answers), fewest done first."""
    a = FeedbackAssignment
    rows = db.session.execute(
        sa.select(Employee.id, Employee.full_name, Employee.nip, Unit.name.label("unit"),
                  sa.func.count().label("pending"), sa.func.count(a.started_at).label("started"))
        .select_from(a)
        .join(Employee, sa.and_(Employee.tenant_id == a.tenant_id, Employee.id == a.rater_employee_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .where(a.cycle_id == cycle.id, a.submitted_at.is_(None))
        .group_by(Employee.id, Employee.full_name, Employee.nip, Unit.name)
        .order_by(sa.func.count(a.started_at), Unit.name, Employee.full_name)
        .offset((page - 1) * PAGE).limit(PAGE + 1)).all()
    return rows[:PAGE], len(rows) > PAGE


def assignment_page(cycle: FeedbackCycle, *, q: str = "", page: int = 1) -> tuple[list, bool]:
    a = FeedbackAssignment
    subject = sa.orm.aliased(Employee)
    rater = sa.orm.aliased(Employee)
    stmt = (sa.select(a, subject.full_name.label("subject_name"), rater.full_name.label("rater_name"))
            .join(subject, sa.and_(subject.tenant_id == a.tenant_id, subject.id == a.subject_employee_id))
            .join(rater, sa.and_(rater.tenant_id == a.tenant_id, rater.id == a.rater_employee_id))
            .where(a.cycle_id == cycle.id))
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(sa.or_(subject.full_name.ilike(like), subject.nip == q.strip()))
    rows = db.session.execute(stmt.order_by(subject.full_name, a.subject_employee_id,
                                            sa.case((a.relation == "self", 0), (a.relation == "supervisor", 1),
                                                    (a.relation == "peer", 2), else_=3), rater.full_name)
                              .offset((page - 1) * PAGE).limit(PAGE + 1)).all()
    return rows[:PAGE], len(rows) > PAGE


def subjects_page(cycle: FeedbackCycle, *, q: str = "", page: int = 1) -> tuple[list, bool]:
    """Evaluated employees of a closed cycle with their submitted-form count."""
    a = FeedbackAssignment
    stmt = (sa.select(Employee.id, Employee.full_name, Employee.nip, Unit.name.label("unit"),
                      sa.func.count(a.submitted_at).label("responses"))
            .select_from(a)
            .join(Employee, sa.and_(Employee.tenant_id == a.tenant_id, Employee.id == a.subject_employee_id))
            .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
            .where(a.cycle_id == cycle.id)
            .group_by(Employee.id, Employee.full_name, Employee.nip, Unit.name))
    if q:
        stmt = stmt.where(sa.or_(Employee.full_name.ilike(f"%{q.strip()}%"), Employee.nip == q.strip()))
    rows = db.session.execute(stmt.order_by(Employee.full_name).offset((page - 1) * PAGE).limit(PAGE + 1)).all()
    return rows[:PAGE], len(rows) > PAGE


def my_reports(employee_id: int) -> list:
    """Closed cycles in which I was evaluated and may read my report."""
    a = FeedbackAssignment
    return db.session.scalars(sa.select(FeedbackCycle).where(
        FeedbackCycle.status == "closed", FeedbackCycle.report_to_employee.is_(True),
        sa.exists().where(a.cycle_id == FeedbackCycle.id, a.subject_employee_id == employee_id))
        .order_by(FeedbackCycle.closed_at.desc())).all()


def team_reports(employee_id: int) -> list:
    """(cycle, subject id, name) for the closed cycles where I was the supervisor rater, when allowed."""
    a = FeedbackAssignment
    return db.session.execute(
        sa.select(FeedbackCycle, Employee.id, Employee.full_name)
        .join(a, sa.and_(a.tenant_id == FeedbackCycle.tenant_id, a.cycle_id == FeedbackCycle.id))
        .join(Employee, sa.and_(Employee.tenant_id == a.tenant_id, Employee.id == a.subject_employee_id))
        .where(FeedbackCycle.status == "closed", FeedbackCycle.report_to_supervisor.is_(True),
               a.rater_employee_id == employee_id, a.relation == "supervisor")
        .order_by(FeedbackCycle.closed_at.desc(), Employee.full_name).limit(200)).all()


def open_cycles_for_nomination() -> list:
    return db.session.scalars(sa.select(FeedbackCycle).where(FeedbackCycle.status == "draft",
                                                             FeedbackCycle.allow_nominations.is_(True))).all()


# --- setting a cycle up ----------------------------------------------------------------------

def top_units() -> list[tuple[int, str]]:
    """The top-level units (id, name): a cycle's scope is chosen among them."""
    return [(u.id, u.name) for u in db.session.execute(
        sa.select(Unit.id, Unit.name).where(Unit.parent_id.is_(None)).order_by(Unit.sort_order, Unit.name))]


def unit_names(unit_ids) -> dict[int, str]:
    return {u.id: u.name for u in db.session.execute(sa.select(Unit.id, Unit.name).where(
        Unit.id.in_(unit_ids or [-1])))}


def competency_choices() -> list[tuple[int, str]]:
    """(id, "code name") of the competencies in force, for the questionnaire's select."""
    return [(c.id, f"{c.code} {c.name}") for c in db.session.execute(
        sa.select(Competency.id, Competency.code, Competency.name).where(Competency.retired_at.is_(None))
        .order_by(Competency.sort_order, Competency.code))]


def employee_ids_by_nip(nips) -> dict[str, int]:
    return dict(db.session.execute(sa.select(Employee.nip, Employee.id).where(Employee.nip.in_(list(nips)))).all())


# --- the rater's own assignment --------------------------------------------------------------

class Mine(NamedTuple):
    assignment: FeedbackAssignment
    cycle: FeedbackCycle
    subject_name: str
    item_kinds: dict[int, str]


def _mine_statement(with_items: bool):
    a, c, e, i = FeedbackAssignment, FeedbackCycle, Employee, FeedbackItem
    stmt = (sa.select(a, c, e.full_name, e.front_title, e.back_title)
            .join(c, sa.and_(c.tenant_id == a.tenant_id, c.id == a.cycle_id))
            .join(e, sa.and_(e.tenant_id == a.tenant_id, e.id == a.subject_employee_id))
            .where(a.id == sa.bindparam("assignment_id"), a.rater_employee_id == sa.bindparam("rater_id"),
                   c.status.in_(("open", "closed"))))
    if with_items:
        stmt = stmt.add_columns(
            sa.select(sa.func.json_object_agg(i.id, i.kind))
            .where(i.tenant_id == a.tenant_id, i.cycle_id == a.cycle_id,
                   i.id.in_(sa.bindparam("item_ids", expanding=True)))
            .scalar_subquery())
    return stmt


# Built once: the rater's form pages and every autosave start with this lookup.
_MINE = _mine_statement(False)
_MINE_WITH_ITEMS = _mine_statement(True)


def my_assignment(assignment_id: int, rater_id: int, *, posted_items: list[int] | None = None) -> Mine | None:
    """The rater's assignment, its cycle and the subject's name in one query (None when it is not
    theirs or does not exist). With ``posted_items``, also the kinds of those of them that belong
    to the cycle (for an autosave), in the same round trip."""
    params = {"assignment_id": assignment_id, "rater_id": rater_id}
    if posted_items:
        row = db.session.execute(_MINE_WITH_ITEMS, {**params, "item_ids": posted_items}).first()
    else:
        row = db.session.execute(_MINE, params).first()
    if row is None:
        return None
    name = " ".join(p for p in (row.front_title, row.full_name) if p) + (f", {row.back_title}" if row.back_title else "")
    kinds: dict[int, str] = {}
    if posted_items and row[5]:
        found = row[5] if isinstance(row[5], dict) else json.loads(row[5])
        kinds = {int(k): v for k, v in found.items()}
    return Mine(row[0], row[1], name, kinds)


# --- nominations -----------------------------------------------------------------------------

def nominations_by(cycle: FeedbackCycle, subject_id: int) -> list:
    """(nomination, peer's name) of the peers this employee nominated in the cycle."""
    return db.session.execute(
        sa.select(FeedbackNomination, Employee.full_name)
        .join(Employee, sa.and_(Employee.tenant_id == FeedbackNomination.tenant_id,
                                Employee.id == FeedbackNomination.peer_employee_id))
        .where(FeedbackNomination.cycle_id == cycle.id, FeedbackNomination.subject_employee_id == subject_id)).all()


def nominations_waiting(cycle: FeedbackCycle, team: list[int]) -> list:
    """(nomination, subject's name, peer's name) proposed by the team and waiting for a decision."""
    subject = sa.orm.aliased(Employee)
    return db.session.execute(
        sa.select(FeedbackNomination, subject.full_name, Employee.full_name)
        .join(subject, sa.and_(subject.tenant_id == FeedbackNomination.tenant_id,
                               subject.id == FeedbackNomination.subject_employee_id))
        .join(Employee, sa.and_(Employee.tenant_id == FeedbackNomination.tenant_id,
                                Employee.id == FeedbackNomination.peer_employee_id))
        .where(FeedbackNomination.cycle_id == cycle.id, FeedbackNomination.status == "proposed",
               FeedbackNomination.subject_employee_id.in_(team or [-1]))).all()
