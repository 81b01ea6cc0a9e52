"""Reads of external training: an employee's entries, HR's queue by status (a page at a time, with
the counts per status), and who submitted one."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.people.api import Employee, Unit
from jenjang.training.external.models import ExternalTraining

PER_PAGE = 50


def entries_of(employee_id: int) -> list[ExternalTraining]:
    """The employee's entries, latest training first."""
    return list(db.session.scalars(sa.select(ExternalTraining).where(ExternalTraining.employee_id == employee_id)
                                   .order_by(ExternalTraining.ends_on.desc(), ExternalTraining.id.desc())))


def queue(status: str, page: int, per_page: int = PER_PAGE) -> tuple[list, bool]:
    """One page of (ExternalTraining, full name, front title, back title, NIP, unit name) with this
    status: the oldest submission first while waiting, the latest review first once reviewed."""
    order = ExternalTraining.submitted_at if status == "submitted" else ExternalTraining.reviewed_at.desc()
    rows = db.session.execute(
        sa.select(ExternalTraining, Employee.full_name, Employee.front_title, Employee.back_title, Employee.nip,
                  Unit.name)
        .join(Employee, sa.and_(Employee.tenant_id == ExternalTraining.tenant_id,
                                Employee.id == ExternalTraining.employee_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .where(ExternalTraining.status == status)
        .order_by(order, ExternalTraining.id)
        .limit(per_page + 1).offset((page - 1) * per_page)).all()
    return rows[:per_page], len(rows) > per_page


def status_counts() -> dict[str, int]:
    return dict(db.session.execute(sa.select(ExternalTraining.status, sa.func.count())
                                   .group_by(ExternalTraining.status)).all())


def submitter(item: ExternalTraining) -> tuple[Employee, str | None]:
    """The employee who submitted the entry, and the name of their unit."""
    employee = db.session.scalar(sa.select(Employee).where(Employee.id == item.employee_id))
    unit = db.session.scalar(sa.select(Unit.name).where(Unit.id == employee.unit_id)) if employee.unit_id else None
    return employee, unit
