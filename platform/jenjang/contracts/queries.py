"""Reads for the contract pages, the dashboard card, the renewal case and the daily job.

A contract is *current* while nothing follows it (no contract names it as previous) and the expiry
job has not ended it; the lists, the card and the reminders read only current contracts."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from jenjang.auth.models import User
from jenjang.contracts.labels import MIN_MONTHS_REGULATION
from jenjang.contracts.models import DEFAULT_REMINDER_DAYS, ContractRenewal, ContractSettings
from jenjang.extensions import db
from jenjang.people.api import (
    PPPK_TYPES,
    Employee,
    EmploymentContract,
    PerformanceRating,
    Position,
    Unit,
    descendant_unit_ids,
)

PAGE_SIZE = 50


def get_settings() -> ContractSettings:
    """The tenant's settings row, or an unsaved one holding the defaults."""
    row = db.session.scalar(sa.select(ContractSettings))
    return row or ContractSettings(min_months=12, max_months=60, reminder_days=list(DEFAULT_REMINDER_DAYS),
                                   min_months_regulation=MIN_MONTHS_REGULATION)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def period_end(starts_on: dt.date, months: int) -> dt.date:
    """The last day of a contract of `months` months starting on `starts_on`."""
    return add_months(starts_on, months) - dt.timedelta(days=1)


def _successor():
    later = aliased(EmploymentContract)
    return sa.exists().where(later.tenant_id == EmploymentContract.tenant_id,
                             later.employee_id == EmploymentContract.employee_id,
                             later.starts_on > EmploymentContract.starts_on)


def current_condition():
    """Contracts that no later contract follows and that have not been ended, of active PPPK employees."""
    return sa.and_(~_successor(), EmploymentContract.ended_at.is_(None), Employee.status == "active",
                   Employee.employment_type.in_(PPPK_TYPES))


def _rows_select(today: dt.date):
    open_renewal = (sa.select(ContractRenewal.id).where(ContractRenewal.contract_id == EmploymentContract.id,
                                                        ContractRenewal.status == "in_progress")
                    .limit(1).scalar_subquery())
    return (sa.select(EmploymentContract.id, EmploymentContract.number, EmploymentContract.starts_on,
                      EmploymentContract.ends_on, EmploymentContract.position_name,
                      Employee.id.label("employee_id"), Employee.full_name, Employee.front_title,
                      Employee.back_title, Employee.nip, Employee.employment_type, Unit.name.label("unit_name"),
                      (EmploymentContract.ends_on - today).label("days_left"),
                      open_renewal.label("open_renewal_id"))
            .join(Employee, sa.and_(Employee.tenant_id == EmploymentContract.tenant_id,
                                    Employee.id == EmploymentContract.employee_id))
            .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
            .where(current_condition()))


def contract_page(today: dt.date, *, window: str = "90", unit_id: int | None = None, page: int = 1):
    """Current contracts, soonest end first; `window` "30"/"60"/"90" days or "all"."""
    stmt = _rows_select(today)
    if window in ("30", "60", "90"):
        stmt = stmt.where(EmploymentContract.ends_on <= today + dt.timedelta(days=int(window)))
    if unit_id is not None:
        stmt = stmt.where(Employee.unit_id.in_(descendant_unit_ids(unit_id)))
    rows = db.session.execute(stmt.order_by(EmploymentContract.ends_on, Employee.full_name)
                              .limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)).all()
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def ending_soon(today: dt.date, days: int = 90, limit: int = 5) -> dict:
    """The HR card: how many current contracts end in the next `days` days, and the first few.
    Two statements whatever the number."""
    cond = sa.and_(EmploymentContract.ends_on >= today, EmploymentContract.ends_on <= today + dt.timedelta(days=days))
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(EmploymentContract)
        .join(Employee, sa.and_(Employee.tenant_id == EmploymentContract.tenant_id,
                                Employee.id == EmploymentContract.employee_id))
        .where(current_condition(), cond)) or 0
    rows = db.session.execute(_rows_select(today).where(cond).order_by(EmploymentContract.ends_on, Employee.full_name)
                              .limit(limit)).all() if count else []
    return {"count": count, "rows": rows, "days": days}


def contracts_of(employee_id: int) -> list[EmploymentContract]:
    return list(db.session.scalars(sa.select(EmploymentContract).where(
        EmploymentContract.employee_id == employee_id).order_by(EmploymentContract.starts_on.desc())))


def renewals_of(employee_id: int) -> list[ContractRenewal]:
    return list(db.session.scalars(sa.select(ContractRenewal).where(
        ContractRenewal.employee_id == employee_id).order_by(ContractRenewal.created_at.desc())))


def latest_contract(employee_id: int) -> EmploymentContract | None:
    return db.session.scalar(sa.select(EmploymentContract).where(EmploymentContract.employee_id == employee_id)
                             .order_by(EmploymentContract.starts_on.desc()).limit(1))


def has_successor(contract: EmploymentContract) -> bool:
    """A later contract of the same employee follows it (a renewal, or one HR recorded)."""
    return bool(db.session.scalar(sa.select(sa.exists().where(
        EmploymentContract.employee_id == contract.employee_id, EmploymentContract.starts_on > contract.starts_on))))


def open_renewal(contract_id: int) -> ContractRenewal | None:
    return db.session.scalar(sa.select(ContractRenewal).where(ContractRenewal.contract_id == contract_id,
                                                              ContractRenewal.status == "in_progress"))


def employee(employee_id: int) -> Employee | None:
    return db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))


def last_skp(employee_id: int, years: int = 3) -> list[PerformanceRating]:
    return list(db.session.scalars(sa.select(PerformanceRating).where(PerformanceRating.employee_id == employee_id)
                                   .order_by(PerformanceRating.year.desc()).limit(years)))


def formasi(position_id: int | None) -> dict | None:
    """The position's quota (formasi) and how many active employees hold it now."""
    if position_id is None:
        return None
    position = db.session.scalar(sa.select(Position).where(Position.id == position_id))
    if position is None:
        return None
    holders = db.session.scalar(sa.select(sa.func.count()).select_from(Employee).where(
        Employee.position_id == position_id, Employee.status == "active")) or 0
    return {"name": position.name, "quota": position.quota, "holders": holders}


def position_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(sa.select(Position.id, Position.name, Unit.name.label("unit_name"))
                              .join(Unit, sa.and_(Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id))
                              .order_by(Unit.name, Position.name)).all()
    return [(str(r.id), f"{r.name} — {r.unit_name}") for r in rows]


def position(position_id: int | None) -> Position | None:
    if position_id is None:
        return None
    return db.session.scalar(sa.select(Position).where(Position.id == position_id))


def unit_name(unit_id: int | None) -> str:
    if unit_id is None:
        return ""
    return db.session.scalar(sa.select(Unit.name).where(Unit.id == unit_id)) or ""


def renewal_of_case(workflow_case_id: int) -> ContractRenewal | None:
    return db.session.scalar(sa.select(ContractRenewal).where(ContractRenewal.workflow_case_id == workflow_case_id))


def renewal_that_made(contract_id: int) -> ContractRenewal | None:
    return db.session.scalar(sa.select(ContractRenewal).where(ContractRenewal.new_contract_id == contract_id))


def contracts_due_for_reminder(today: dt.date, horizon: int):
    """Current contracts ending between today and `horizon` days on, with their employee."""
    return db.session.execute(
        sa.select(EmploymentContract, Employee)
        .join(Employee, sa.and_(Employee.tenant_id == EmploymentContract.tenant_id,
                                Employee.id == EmploymentContract.employee_id))
        .where(current_condition(), EmploymentContract.ends_on >= today,
               EmploymentContract.ends_on <= today + dt.timedelta(days=horizon))
        .order_by(EmploymentContract.ends_on)).all()


def contracts_expired(today: dt.date):
    """Current contracts whose last day is before today (their employees' employment has ended),
    locked for the expiry job."""
    return db.session.execute(
        sa.select(EmploymentContract, Employee)
        .join(Employee, sa.and_(Employee.tenant_id == EmploymentContract.tenant_id,
                                Employee.id == EmploymentContract.employee_id))
        .where(current_condition(), EmploymentContract.ends_on < today)
        .order_by(EmploymentContract.ends_on)
        # a second job running at the same moment skips the rows the first is ending
        .with_for_update(of=EmploymentContract, skip_locked=True)).all()


def users_of_employees(employee_ids: list[int]) -> list[int]:
    """The active accounts of these employees."""
    if not employee_ids:
        return []
    return list(db.session.scalars(sa.select(User.id).where(User.employee_id.in_(employee_ids),
                                                            User.is_active.is_(True))))


ONE_DAY = dt.timedelta(days=1)


def contract_by_id(contract_id: int | None) -> EmploymentContract | None:
    if contract_id is None:
        return None
    return db.session.scalar(sa.select(EmploymentContract).where(EmploymentContract.id == contract_id))


def my_current_contract(employee_id: int):
    """The latest contract of a PPPK employee (None for a PNS or without one): one statement."""
    return db.session.scalar(
        sa.select(EmploymentContract)
        .join(Employee, sa.and_(Employee.tenant_id == EmploymentContract.tenant_id,
                                Employee.id == EmploymentContract.employee_id))
        .where(EmploymentContract.employee_id == employee_id, Employee.employment_type.in_(PPPK_TYPES))
        .order_by(EmploymentContract.starts_on.desc()).limit(1))
