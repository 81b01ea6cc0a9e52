"""The JP ledger's writes: the one place competency development hours are credited.

Every source calls `credit` in the same transaction as its own change (a completed enrolment, a
verified external certificate, a confirmed mentoring session) and `revoke` when that change is
undone. Crediting is idempotent on (source, source_ref): a second call updates the entry.

    from jenjang.training import ledger
    ledger.credit(employee_id, source="mentoring", source_ref=f"mentoring_session:{s.id}",
                  jp=Decimal("2"), occurred_on=s.held_on, title="Mentoring: ...", classical=False)
    ledger.revoke("mentoring", f"mentoring_session:{s.id}")

The sums are in ledger/queries.py (``year_total``, ``year_totals``, ``window_total``, ``entries``);
both halves are exported by ``jenjang.training.ledger`` for the other sources.
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
