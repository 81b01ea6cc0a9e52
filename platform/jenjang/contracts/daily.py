"""What the daily job does in a region: remind HR and the unit head before a contract ends, and end
the employment of a PPPK whose contract ended without renewal. Both are safe to run twice, late, or
after missed days.

Reminders. The tenant sets the days before the end (default 90 and 30). On a given day the one
threshold due is the *nearest* one not yet passed: with d days left, the smallest threshold t with
d ≤ t. It is sent once (a row per contract and threshold, UNIQUE; the outbox key is the same pair).
A job that missed days therefore still sends the 90-day reminder when 89 days remain, and a job
that missed everything until 29 days remain sends only the 30-day one: never two at once, and
never a 90-day reminder after the 30-day one.

Expiry. A current contract (nothing follows it) whose last day has passed ends the employment on
that day (PP 49/2018 Pasal 52): the contract gets `ended_at` (its end date, at midnight after it in
the region), the employee is archived with reason ``contract_ended``, both audited. A renewal still
undecided then is closed as *lapsed* and its workflow case cancelled with that reason in its
history: the contract has ended, and a decision after the fact cannot revive it (HR records a new
contract instead, after reinstating the employee).
"""
from __future__ import annotations

import datetime as dt

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import insert

from jenjang.auth.operations import hr_user_ids
from jenjang.contracts import queries
from jenjang.contracts.models import ContractReminderSent, ContractRenewal
from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.notifications.api import announce
from jenjang.people import operations as people_ops
from jenjang.people.api import Employee, EmploymentContract
from jenjang.tenancy.context import require_tenant_id
from jenjang.workflow import api as workflow


def due_threshold(days_left: int, thresholds: list[int]) -> int | None:
    """The reminder due with `days_left` days to go: the nearest threshold not yet passed."""
    due = [t for t in thresholds if days_left <= t]
    return min(due) if due else None


def _recipients(employee: Employee) -> list[int]:
    heads = workflow.relation_employee_ids("unit_head", employee.id)
    return sorted(set(hr_user_ids()) | set(queries.users_of_employees(heads)))


def _mark_sent(contract: EmploymentContract, threshold: int, days_left: int, today: dt.date) -> bool:
    """Claim the (contract, threshold) reminder; False when it was already sent (or claimed by a job
    running at the same moment: the UNIQUE decides)."""
    stmt = (insert(ContractReminderSent)
            .values(tenant_id=require_tenant_id(), contract_id=contract.id, threshold_days=threshold,
                    days_left=days_left, sent_on=today, sent_at=clock.now())
            .on_conflict_do_nothing(index_elements=["tenant_id", "contract_id", "threshold_days"])
            .returning(ContractReminderSent.id))
    return db.session.execute(stmt).first() is not None


def send_reminders(today: dt.date | None = None) -> int:
    """Announce each reminder due today; returns how many contracts were reminded."""
    today = today or clock.today()
    thresholds = sorted(queries.get_settings().reminder_days or [])
    if not thresholds:
        return 0
    sent = 0
    for contract, employee in queries.contracts_due_for_reminder(today, max(thresholds)):
        days_left = (contract.ends_on - today).days
        threshold = due_threshold(days_left, thresholds)
        if threshold is None or not _mark_sent(contract, threshold, days_left, today):
            continue
        recipients = _recipients(employee)
        if recipients:
            announce("contracts.ending", recipients,
                     {"employee": employee.display_name, "unit": queries.unit_name(employee.unit_id),
                      "number": contract.number, "ends_on": contract.ends_on.strftime("%d-%m-%Y"),
                      "days_left": days_left},
                     f"contracts.ending:{contract.id}:{threshold}",
                     link=("contracts.employee_contracts", {"employee_id": employee.id}))
        sent += 1
    return sent


def expire_contracts(today: dt.date | None = None) -> int:
    """End the employment of every PPPK whose current contract ended before today; returns how many."""
    today = today or clock.today()
    ended = 0
    for contract, employee in queries.contracts_expired(today):
        end_moment = dt.datetime.combine(contract.ends_on + dt.timedelta(days=1), dt.time(0, 0),
                                         tzinfo=clock.tenant_zone())
        contract.ended_at = end_moment
        lapsed = _lapse_open_renewal(contract)
        people_ops.archive(employee, "contract_ended")
        employee.archived_at = end_moment  # effective the day the contract ended, not the day the job ran
        db.session.flush()
        audit.record("contracts.contract_ended", contract,
                     after={"employee": employee.nip, "number": contract.number,
                            "ends_on": contract.ends_on.isoformat(), "renewal_lapsed": lapsed})
        hr = hr_user_ids()
        if hr:
            announce("contracts.ended", hr, {"employee": employee.display_name, "number": contract.number,
                                             "ends_on": contract.ends_on.strftime("%d-%m-%Y"), "lapsed": lapsed},
                     f"contracts.ended:{contract.id}",
                     link=("contracts.employee_contracts", {"employee_id": employee.id}))
        ended += 1
    return ended


def _lapse_open_renewal(contract: EmploymentContract) -> bool:
    renewal: ContractRenewal | None = queries.open_renewal(contract.id)
    if renewal is None:
        return False
    renewal.status = "lapsed"
    if renewal.workflow_case is not None and renewal.workflow_case.is_open:
        with force_locale("id"):  # the history is data, in the region's language
            reason = _("Perjanjian kerja berakhir pada %(d)s sebelum perpanjangan diputuskan (PP 49/2018 Pasal 52).",
                       d=contract.ends_on.strftime("%d-%m-%Y"))
        workflow.cancel_case(renewal.workflow_case, None, reason)
    renewal.status, renewal.closed_at = "lapsed", clock.now()
    db.session.flush()
    return True
