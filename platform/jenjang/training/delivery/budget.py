"""The training budget of a year: the amount HR sets, what is committed and what is spent, in total,
per programme and per unit (the participant's current unit). Aggregated in SQL.

A session belongs to the year it starts in (tenant's time zone). An enrolment's cost is the
snapshot taken at enrolment (`Enrolment.cost`).
- committed: seats held and not yet assessed — pending approval or approved;
- spent: seats whose training was delivered — completed, or assessed as not completed (the seat
  was used and paid for);
- remaining: budget − committed − spent.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import insert

from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.people.api import Employee, Unit
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import utcnow
from jenjang.training.delivery.models import TrainingBudget
from jenjang.training.models import Enrolment, Programme, TrainingSession

COMMITTED = ("pending", "approved")
SPENT = ("completed", "not_completed")
MAX_AMOUNT = Decimal("99999999999999.99")


class BudgetError(Refusal):
    """A refused budget amount of a year."""


def parse_amount(text) -> Decimal:
    """"1.250.000.000" or "1250000000" or "1250000000,50" (Indonesian grouping) → Decimal."""
    raw = str(text or "").strip().replace("Rp", "").replace(" ", "")
    if not raw:
        raise BudgetError(_("Isi jumlah anggaran."))
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.split(".")[1]) == 3):
        raw = raw.replace(".", "")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise BudgetError(_("Jumlah anggaran harus berupa angka, misalnya 1.250.000.000.")) from None
    if not amount.is_finite() or amount < 0:
        raise BudgetError(_("Jumlah anggaran tidak boleh negatif."))
    if amount > MAX_AMOUNT:
        raise BudgetError(_("Jumlah anggaran terlalu besar."))
    return amount.quantize(Decimal("0.01"))


def budget_amount(year: int) -> Decimal | None:
    return db.session.scalar(sa.select(TrainingBudget.amount).where(TrainingBudget.year == year))


def set_budget(year: int, amount: Decimal, by: str | None = None) -> None:
    if not 2000 <= year <= 2100:
        raise BudgetError(_("Tahun tidak valid."))
    stmt = insert(TrainingBudget).values(tenant_id=require_tenant_id(), year=year, amount=amount,
                                         updated_at=utcnow(), updated_by=by)
    stmt = stmt.on_conflict_do_update(index_elements=["tenant_id", "year"],
                                      set_={"amount": stmt.excluded.amount, "updated_at": stmt.excluded.updated_at,
                                            "updated_by": stmt.excluded.updated_by})
    db.session.execute(stmt)


@dataclass
class Line:
    key: int | None
    label: str
    committed: Decimal
    spent: Decimal
    seats: int

    @property
    def total(self) -> Decimal:
        return self.committed + self.spent


@dataclass
class Figures:
    year: int
    budget: Decimal | None
    committed: Decimal
    spent: Decimal
    seats: int
    by_programme: list[Line]
    by_unit: list[Line]

    @property
    def used(self) -> Decimal:
        return self.committed + self.spent

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.used

    def share(self, part: Decimal) -> float:
        """`part` as a percentage of the budget (or of what is used when no budget is set), 0–100."""
        base = self.budget if self.budget else self.used
        if not base:
            return 0.0
        return max(0.0, min(100.0, float(part) * 100 / float(base)))

    @property
    def over(self) -> bool:
        return self.budget is not None and self.used > self.budget


def _aggregates():
    committed = sa.func.coalesce(sa.func.sum(Enrolment.cost).filter(Enrolment.status.in_(COMMITTED)), 0)
    spent = sa.func.coalesce(sa.func.sum(Enrolment.cost).filter(Enrolment.status.in_(SPENT)), 0)
    cols = (committed.label("committed"), spent.label("spent"), sa.func.count(Enrolment.id).label("seats"))
    return cols, (committed + spent).desc()


def _year_filter(year: int, zone_name: str):
    return sa.and_(Enrolment.holds_seat.is_(True),
                   sa.extract("year", sa.func.timezone(zone_name, TrainingSession.starts_at)) == year)


def _session_join(q):
    return q.join(TrainingSession, sa.and_(TrainingSession.tenant_id == Enrolment.tenant_id,
                                           TrainingSession.id == Enrolment.session_id))


def figures(year: int, zone_name: str) -> Figures:
    cols, biggest_first = _aggregates()
    where = _year_filter(year, zone_name)
    total = db.session.execute(_session_join(sa.select(*cols).select_from(Enrolment)).where(where)).one()
    per_programme = db.session.execute(
        _session_join(sa.select(Programme.id, Programme.title, *cols).select_from(Enrolment))
        .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                 Programme.id == TrainingSession.programme_id))
        .where(where).group_by(Programme.id, Programme.title)
        .order_by(biggest_first, Programme.title)).all()
    per_unit = db.session.execute(
        _session_join(sa.select(Unit.id, Unit.name, *cols).select_from(Enrolment))
        .join(Employee, sa.and_(Employee.tenant_id == Enrolment.tenant_id, Employee.id == Enrolment.employee_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .where(where).group_by(Unit.id, Unit.name)
        .order_by(biggest_first, Unit.name)).all()
    return Figures(
        year=year, budget=budget_amount(year), committed=Decimal(total.committed), spent=Decimal(total.spent),
        seats=total.seats,
        by_programme=[Line(r.id, r.title, Decimal(r.committed), Decimal(r.spent), r.seats) for r in per_programme],
        by_unit=[Line(r.id, r.name, Decimal(r.committed), Decimal(r.spent), r.seats) for r in per_unit])


def rupiah(value) -> str:
    """Rp 1.250.000 (no decimals unless there are cents)."""
    if value is None:
        return "—"
    value = Decimal(value)
    sign = "−" if value < 0 else ""
    value = abs(value)
    whole = int(value)
    cents = int((value - whole) * 100)
    text = f"{whole:,}".replace(",", ".")
    if cents:
        text += f",{cents:02d}"
    return f"{sign}Rp {text}"
