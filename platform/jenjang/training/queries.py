"""Reads every part of training shares: the programme of a session, the session and the employee of
an enrolment (one query each), the accounts of employees, and an employee's competency gaps (what the catalogue suggests and
the waitlist's priority weigh)."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.auth.models import User
from jenjang.competency import queries as cq
from jenjang.competency.settings import load_rules
from jenjang.extensions import db
from jenjang.people.api import Employee
from jenjang.training.models import Enrolment, Programme, TrainingSession


def programme_of(session: TrainingSession) -> Programme:
    return db.session.scalar(sa.select(Programme).where(Programme.id == session.programme_id))


def session_of(enrolment: Enrolment) -> TrainingSession:
    return db.session.scalar(sa.select(TrainingSession).where(TrainingSession.id == enrolment.session_id))


def employee(employee_id: int | None) -> Employee | None:
    return db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))


def employee_of(enrolment: Enrolment) -> Employee | None:
    return db.session.scalar(sa.select(Employee).where(Employee.id == enrolment.employee_id))


def user_ids_of(employee_ids: list[int | None]) -> list[int]:
    """The active accounts of these employees (whom a notification reaches)."""
    ids = [e for e in employee_ids if e is not None]
    if not ids:
        return []
    return list(db.session.scalars(sa.select(User.id).where(User.employee_id.in_(ids), User.is_active.is_(True))))


def employee_gaps(employee: Employee | None) -> dict[int, tuple[int, int]]:
    """competency id → (current level, required level) for the employee's gaps (one query)."""
    if employee is None or employee.position_id is None:
        return {}
    report = cq.gap_report(load_rules(), employee.id, employee.position_id)
    return {g.competency_id: (g.current or 0, g.required) for g in report.gaps}
