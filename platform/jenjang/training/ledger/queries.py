"""Read-side of the JP ledger: the sums of one employee or many (every 20-JP figure reads these);
for pages, one employee's year grouped by source (with the classical and non-classical split and
the progress to the tenant's target), the years to choose from, and a supervisor's team at a
glance. Every function runs a fixed number of queries."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people.api import Employee, Position, display_name
from jenjang.training.ledger.targets import Targets, current, group_of
from jenjang.training.models import LEDGER_SOURCES, JpEntry
from jenjang.workflow.models import WorkflowDefinition


def year_totals(employee_ids: list[int], year: int) -> dict[int, Decimal]:
    if not employee_ids:
        return {}
    rows = db.session.execute(
        sa.select(JpEntry.employee_id, sa.func.sum(JpEntry.jp))
        .where(JpEntry.year == year, JpEntry.employee_id.in_(employee_ids))
        .group_by(JpEntry.employee_id))
    totals = {e: Decimal(0) for e in employee_ids}
    totals.update({e: Decimal(t) for e, t in rows})
    return totals


def year_total(employee_id: int, year: int) -> Decimal:
    return year_totals([employee_id], year)[employee_id]


def window_total(employee_id: int, start: dt.date, end: dt.date) -> Decimal:
    total = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(JpEntry.jp), 0))
        .where(JpEntry.employee_id == employee_id, JpEntry.occurred_on >= start, JpEntry.occurred_on <= end))
    return Decimal(total)


def source_total(employee_id: int, source: str, start: dt.date, end: dt.date, *,
                 except_ref: str | None = None) -> Decimal:
    """JP of one source credited to the employee between two dates (inclusive), leaving out one
    source_ref (the entry being re-credited): e.g. a month's mentoring against its cap."""
    q = sa.select(sa.func.coalesce(sa.func.sum(JpEntry.jp), 0)).where(
        JpEntry.employee_id == employee_id, JpEntry.source == source, JpEntry.occurred_on >= start,
        JpEntry.occurred_on <= end)
    if except_ref is not None:
        q = q.where(JpEntry.source_ref != except_ref)
    return Decimal(db.session.scalar(q))


def entries(employee_id: int, year: int | None = None) -> list[JpEntry]:
    q = sa.select(JpEntry).where(JpEntry.employee_id == employee_id)
    if year is not None:
        q = q.where(JpEntry.year == year)
    return list(db.session.scalars(q.order_by(JpEntry.occurred_on.desc(), JpEntry.id.desc())))


SOURCE_LABELS = {
    "training": _l("Pelatihan dari katalog"),
    "external": _l("Pelatihan eksternal terverifikasi"),
    "mentoring": _l("Mentoring dan coaching"),
    "manual": _l("Dicatat oleh BKPSDM"),
}


def fmt_jp(value) -> str:
    """12 → "12", 12.5 → "12,5" (in Indonesian), never "12.00"."""
    return format_decimal(Decimal(value or 0), format="#,##0.##")


def progress_percent(total: Decimal, target: int) -> int:
    """The bar's fill, 0–100 (a target of 0 counts as reached)."""
    if target <= 0:
        return 100
    return int(min(Decimal(100), (Decimal(total) * 100 / target)).to_integral_value(rounding="ROUND_FLOOR"))


@dataclass
class SourceGroup:
    source: str
    label: object
    total: Decimal
    entries: list[JpEntry]


@dataclass
class YearSummary:
    year: int
    target: int
    total: Decimal
    classical: Decimal
    non_classical: Decimal
    groups: list[SourceGroup] = field(default_factory=list)
    kind: str = "PNS"  # whose target it is: "PNS" or "PPPK"

    @property
    def percent(self) -> int:
        return progress_percent(self.total, self.target)

    @property
    def missing(self) -> Decimal:
        return max(Decimal(0), Decimal(self.target) - self.total)

    @property
    def reached(self) -> bool:
        return self.total >= self.target


def year_summary(employee_id: int, year: int, target: int | None = None,
                 employment_type: str | None = None) -> YearSummary:
    """The employee's year against the target of their kind (or the target given)."""
    kind = group_of(employment_type)
    target = current().for_group(kind) if target is None else target
    rows = entries(employee_id, year)
    by_source: dict[str, list[JpEntry]] = {}
    for e in rows:
        by_source.setdefault(e.source, []).append(e)
    groups = [SourceGroup(s, SOURCE_LABELS[s], sum((e.jp for e in by_source[s]), Decimal(0)), by_source[s])
              for s in LEDGER_SOURCES if s in by_source]
    classical = sum((e.jp for e in rows if e.classical), Decimal(0))
    non_classical = sum((e.jp for e in rows if not e.classical), Decimal(0))
    return YearSummary(year, target, classical + non_classical, classical, non_classical, groups, kind)


def years_for(employee_id: int, today: dt.date | None = None) -> list[int]:
    """The years with entries, and the current one; newest first."""
    today = today or clock.today()
    years = set(db.session.scalars(sa.select(JpEntry.year).where(JpEntry.employee_id == employee_id).distinct()))
    years.add(today.year)
    return sorted(years, reverse=True)


def parse_year(raw, today: dt.date | None = None) -> int:
    """The year asked for in the query string, or the current one when missing or absurd."""
    today = today or clock.today()
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@dataclass
class TeamRow:
    employee_id: int
    name: str
    nip: str
    position: str | None
    total: Decimal
    percent: int
    target: int = 0
    employment_type: str = "PNS"


def team_rows(employee_ids: list[int], year: int, targets: Targets | int) -> list[TeamRow]:
    """The given employees (a supervisor's team) with their JP of the year against each one's
    own target (PNS or PPPK), lowest first."""
    if not employee_ids:
        return []
    targets = Targets.of(targets)
    totals = year_totals(employee_ids, year)
    rows = db.session.execute(
        sa.select(Employee.id, Employee.full_name, Employee.front_title, Employee.back_title, Employee.nip,
                  Employee.employment_type, Position.name.label("position"))
        .outerjoin(Position, sa.and_(Position.tenant_id == Employee.tenant_id, Position.id == Employee.position_id))
        .where(Employee.id.in_(employee_ids))).all()
    out = []
    for r in rows:
        target = targets.for_type(r.employment_type)
        out.append(TeamRow(r.id, display_name(r), r.nip, r.position, totals[r.id],
                           progress_percent(totals[r.id], target), target, r.employment_type))
    return sorted(out, key=lambda r: (r.total, r.name))


def employment_type_of(employee_id: int | None) -> str | None:
    if employee_id is None:
        return None
    return db.session.scalar(sa.select(Employee.employment_type).where(Employee.id == employee_id))


def position_name(employee: Employee) -> str | None:
    if not employee.position_id:
        return None
    return db.session.scalar(sa.select(Position.name).where(Position.id == employee.position_id))


def approval_definitions() -> list[tuple[str, str]]:
    """(key, name) of the tenant's workflow definitions for training, by name."""
    return [(key, name) for key, name in db.session.execute(
        sa.select(WorkflowDefinition.key, WorkflowDefinition.name)
        .where(WorkflowDefinition.module == "training").order_by(WorkflowDefinition.name))]
