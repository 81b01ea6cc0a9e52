"""Read-side of the JP ledger for pages: one employee's year grouped by source (with the classical
and non-classical split and the progress to the tenant's target), the years to choose from, and a
supervisor's team at a glance. Every function runs a fixed number of queries."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people.models import Employee, Position
from jenjang.training import ledger
from jenjang.training.models import LEDGER_SOURCES, JpEntry
from jenjang.training.settings import get_settings

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

    @property
    def percent(self) -> int:
        return progress_percent(self.total, self.target)

    @property
    def missing(self) -> Decimal:
        return max(Decimal(0), Decimal(self.target) - self.total)

    @property
    def reached(self) -> bool:
        return self.total >= self.target


def year_summary(employee_id: int, year: int, target: int | None = None) -> YearSummary:
    target = get_settings().target_jp if target is None else target
    entries = ledger.entries(employee_id, year)
    by_source: dict[str, list[JpEntry]] = {}
    for e in entries:
        by_source.setdefault(e.source, []).append(e)
    groups = [SourceGroup(s, SOURCE_LABELS[s], sum((e.jp for e in by_source[s]), Decimal(0)), by_source[s])
              for s in LEDGER_SOURCES if s in by_source]
    classical = sum((e.jp for e in entries if e.classical), Decimal(0))
    non_classical = sum((e.jp for e in entries if not e.classical), Decimal(0))
    return YearSummary(year, target, classical + non_classical, classical, non_classical, groups)


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


def team_rows(employee_ids: list[int], year: int, target: int) -> list[TeamRow]:
    """The given employees (a supervisor's team) with their JP of the year, lowest first."""
    if not employee_ids:
        return []
    totals = ledger.year_totals(employee_ids, year)
    rows = db.session.execute(
        sa.select(Employee.id, Employee.full_name, Employee.front_title, Employee.back_title, Employee.nip,
                  Position.name)
        .outerjoin(Position, sa.and_(Position.tenant_id == Employee.tenant_id, Position.id == Employee.position_id))
        .where(Employee.id.in_(employee_ids))).all()
    out = []
    for eid, full, front, back, nip, position in rows:
        name = " ".join(p for p in (front, full) if p) + (f", {back}" if back else "")
        out.append(TeamRow(eid, name, nip, position, totals[eid], progress_percent(totals[eid], target)))
    return sorted(out, key=lambda r: (r.total, r.name))
