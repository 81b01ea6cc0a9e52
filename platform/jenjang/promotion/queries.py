"""What the promotion pages read: the case list (overdue first, narrowed to what the user may
see), the dashboard cards, the sanctions and adjustment exams recorded, and the employees and
positions the forms name."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, lazyload

from jenjang.extensions import db
from jenjang.people.api import Employee, Position, position_options, team_ids
from jenjang.promotion.kinds import KINDS
from jenjang.promotion.models import AdjustmentExam, DisciplinarySanction, PromotionCase
from jenjang.promotion.operations import SUBJECT_TYPE
from jenjang.promotion.permissions import sees_all_cases
from jenjang.workflow import api as workflow
from jenjang.workflow.api import WorkflowCase

PER_PAGE = 30
STATUSES = ("in_progress", "approved", "rejected", "cancelled")
LISTED_AT_MOST = 200

_ON_CASE = sa.and_(WorkflowCase.tenant_id == PromotionCase.tenant_id,
                   WorkflowCase.id == PromotionCase.workflow_case_id)


def _visible_to(user, page_ids: sa.Select, waiting: bool) -> sa.Select | None:
    """Narrow the list to what `user` may see: "waiting for me" lists only the cases the user acts
    on (a step reassigned to them may concern someone outside their team); other lists stop at the
    user's own and team's cases unless the user sees all. None when nothing waits for the user."""
    if waiting:
        actionable = workflow.actionable(user, SUBJECT_TYPE)
        return None if actionable is None else page_ids.where(actionable)
    if sees_all_cases(user):
        return page_ids
    mine = [user.employee_id] if user.employee_id else []
    team = team_ids(user.employee_id) if user.employee_id else []
    return page_ids.where(PromotionCase.employee_id.in_(mine + team or [-1]))


def case_page(user, *, status: str, kind: str, waiting: bool, page: int, now: dt.datetime
              ) -> tuple[list[tuple[PromotionCase, WorkflowCase]], bool]:
    """One page of the case list with its workflow cases, overdue first, and whether a next page
    exists. The page is chosen on narrow rows (ids), then read whole: the sort never carries the
    checklists and step definitions of every matching case. One statement however many cases."""
    page_ids = sa.select(PromotionCase.id).join(WorkflowCase, _ON_CASE)
    if status in STATUSES:
        page_ids = page_ids.where(PromotionCase.status == status)
    if kind in KINDS:
        page_ids = page_ids.where(PromotionCase.kind == kind)
    page_ids = _visible_to(user, page_ids, waiting)
    if page_ids is None:
        return [], False
    overdue_first = sa.case((sa.and_(WorkflowCase.status == "in_progress", WorkflowCase.step_due_at < now), 0),
                            else_=1)
    order = (overdue_first, WorkflowCase.step_due_at.nulls_last(), PromotionCase.id.desc())
    page_ids = page_ids.order_by(*order).limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)
    cases = db.session.scalars(
        sa.select(PromotionCase).join(WorkflowCase, _ON_CASE).where(PromotionCase.id.in_(page_ids))
        .options(contains_eager(PromotionCase.workflow_case)).order_by(*order)).all()
    return [(case, case.workflow_case) for case in cases[:PER_PAGE]], len(cases) > PER_PAGE


def my_cases(user, limit: int = 3) -> list[tuple[PromotionCase, WorkflowCase]]:
    """The user's own latest cases, for the dashboard card."""
    mine = db.session.scalars(
        sa.select(PromotionCase).join(WorkflowCase, _ON_CASE)
        # the workflow case names the same employee: its index finds the few cases of one person
        .where(WorkflowCase.subject_type == SUBJECT_TYPE, WorkflowCase.subject_employee_id == user.employee_id,
               PromotionCase.employee_id == user.employee_id)
        .options(contains_eager(PromotionCase.workflow_case), lazyload(PromotionCase.employee))
        .order_by(PromotionCase.created_at.desc()).limit(limit)).all()
    return [(case, case.workflow_case) for case in mine]


def waiting_for(user, now: dt.datetime, limit: int = 3) -> dict:
    """Open cases at a step this user acts on: counted in the database, the first few shown."""
    actionable = workflow.actionable(user, SUBJECT_TYPE)
    if actionable is None:
        return {"count": 0, "overdue": 0, "first": []}
    rows = db.session.execute(
        sa.select(WorkflowCase, sa.func.count().over(),
                  sa.func.count().filter(WorkflowCase.step_due_at < now).over())
        .where(actionable).order_by(WorkflowCase.step_due_at, WorkflowCase.id).limit(limit)).all()
    count, overdue = (rows[0][1], rows[0][2]) if rows else (0, 0)
    return {"count": count, "overdue": overdue, "first": [r[0] for r in rows]}


def employee_by_nip(nip: str) -> Employee | None:
    return db.session.scalar(sa.select(Employee).where(Employee.nip == nip))


def employees_by_ids(ids: list[int]) -> list[Employee]:
    return list(db.session.scalars(sa.select(Employee).where(Employee.id.in_(ids))))


def position(position_id: int | None) -> Position | None:
    if position_id is None:
        return None
    return db.session.scalar(sa.select(Position).where(Position.id == position_id))


def target_position_choices(empty_label: str) -> list[tuple[str, str]]:
    return [("", empty_label)] + [(str(pid), label) for pid, label in position_options()]


def _with_employee(model, *order) -> list[tuple]:
    return db.session.execute(
        sa.select(model, Employee).join(Employee, sa.and_(
            Employee.tenant_id == model.tenant_id, Employee.id == model.employee_id))
        .order_by(*order).limit(LISTED_AT_MOST)).all()


def sanctions() -> list[tuple[DisciplinarySanction, Employee]]:
    """The latest sanctions recorded, with their employee."""
    return _with_employee(DisciplinarySanction, DisciplinarySanction.starts_on.desc())


def adjustment_exams() -> list[tuple[AdjustmentExam, Employee]]:
    """The latest adjustment exams recorded, with their employee."""
    return _with_employee(AdjustmentExam, AdjustmentExam.passed_on.desc(), AdjustmentExam.id.desc())
