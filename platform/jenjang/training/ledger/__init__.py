"""The JP ledger: every hour of competency development (JP) credited to an employee, from any
source (a completed session, verified external training, a mentoring session), its sums (the JP
figures: "JP saya", a team, the promotion rule), each person's target by kind (targets.py: PNS or
PPPK), compliance by unit and by kind with its reminder campaign, and the training settings page.

Other sources credit and revoke through this package's face, in the same transaction as their
own change:

    from jenjang.training import ledger
    ledger.credit(employee_id, source="mentoring", source_ref=f"mentoring_session:{s.id}",
                  jp=Decimal("2"), occurred_on=s.held_on, title="Mentoring: ...", classical=False)
    ledger.revoke("mentoring", f"mentoring_session:{s.id}")
    ledger.year_total(employee_id, 2026) / ledger.year_totals([ids], 2026) / ledger.window_total(...)
    ledger.source_total(employee_id, "mentoring", start, end, except_ref=...)   (a monthly cap)

May import: the training root (models, settings, permissions), people's public API, core,
notifications' API. Not the other training sub-packages.
"""
from jenjang.training.ledger.operations import credit, revoke
from jenjang.training.ledger.queries import entries, source_total, window_total, year_total, year_totals

__all__ = ["credit", "entries", "revoke", "source_total", "window_total", "year_total", "year_totals"]
