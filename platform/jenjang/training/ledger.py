"""The JP ledger: the one place competency development hours are credited and summed.

Every source calls `credit` in the same transaction as its own change (a completed enrolment, a
verified external certificate, a confirmed mentoring session) and `revoke` when that change is
undone. Crediting is idempotent on (source, source_ref): a second call updates the entry.

    from jenjang.training import ledger
    ledger.credit(employee_id, source="mentoring", source_ref=f"mentoring_session:{s.id}",
                  jp=Decimal("2"), occurred_on=s.held_on, title="Mentoring: ...", classical=False)
    ledger.revoke("mentoring", f"mentoring_session:{s.id}")
    ledger.year_total(employee_id, 2026)            -> Decimal
    ledger.year_totals([ids], 2026)                 -> {employee_id: Decimal}
    ledger.window_total(employee_id, start, end)    -> Decimal  (inclusive dates)
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from jenjang.extensions import db
from jenjang.tenancy.context import require_tenant_id
from jenjang.training.models import LEDGER_SOURCES, JpEntry


def credit(employee_id: int, *, source: str, source_ref: str, jp, occurred_on: dt.date, title: str,
           classical: bool = True) -> None:
    """Credit `jp` hours to the employee (insert, or update the entry of the same source_ref)."""
    if source not in LEDGER_SOURCES:
        raise ValueError(f"unknown ledger source {source!r}")
    jp = Decimal(str(jp))
    if jp < 0:
        raise ValueError("JP cannot be negative")
    values = dict(tenant_id=require_tenant_id(), employee_id=employee_id, year=occurred_on.year,
                  occurred_on=occurred_on, source=source, source_ref=source_ref, title=title[:300],
                  jp=jp, classical=classical)
    stmt = insert(JpEntry).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["tenant_id", "source", "source_ref"],
        set_={k: stmt.excluded[k] for k in ("employee_id", "year", "occurred_on", "title", "jp", "classical")})
    db.session.execute(stmt)


def revoke(source: str, source_ref: str) -> int:
    """Remove the credit of one source_ref; returns how many entries went (0 or 1)."""
    result = db.session.execute(sa.delete(JpEntry).where(JpEntry.source == source,
                                                         JpEntry.source_ref == source_ref))
    return result.rowcount or 0


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


def entries(employee_id: int, year: int | None = None) -> list[JpEntry]:
    q = sa.select(JpEntry).where(JpEntry.employee_id == employee_id)
    if year is not None:
        q = q.where(JpEntry.year == year)
    return list(db.session.scalars(q.order_by(JpEntry.occurred_on.desc(), JpEntry.id.desc())))
