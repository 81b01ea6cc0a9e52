"""The contracts' daily job: reminders before the end (exactly once per contract and threshold,
however often or late the job runs) and the expiry of contracts that ended without renewal."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.contracts_support import add_contract, make_pppk, notifications, setup_region

ENDS = dt.date(2026, 12, 30)


def _run_job(factory, tenant):
    """The job as RQ runs it: the tenant set by the runner, one commit."""
    from jenjang.jobs import run_tenant_job

    with factory.app.app_context():
        return run_tenant_job(tenant.id, "jenjang.contracts.tasks:daily_job")


def _on(clock, day: dt.date):
    clock.set_date(day, hour=6)


@pytest.fixture
def region(factory, clock):
    _on(clock, dt.date(2026, 9, 1))
    tenant, region, pppk = setup_region(factory)
    cid = add_contract(factory, tenant, pppk, dt.date(2025, 12, 31), ENDS)
    return tenant, region, pppk, cid


def _sent(factory, tenant):
    return factory.run(tenant, lambda: [tuple(r) for r in __import__("jenjang.extensions", fromlist=["db"]).db.session
                                        .execute(sa.text("SELECT threshold_days, days_left, sent_on FROM "
                                                         "contract_reminders_sent ORDER BY id")).all()])


def _user_id(factory, tenant, local):
    return factory.scalar(tenant, f"SELECT id FROM users WHERE email = '{local}@{tenant.slug}.demo'")


def test_hr_and_unit_head_are_told_90_days_before_once_even_if_the_job_runs_twice(factory, clock, region):
    tenant, _, pppk, cid = region
    _on(clock, ENDS - dt.timedelta(days=91))
    assert _run_job(factory, tenant)["reminded"] == 0
    _on(clock, ENDS - dt.timedelta(days=90))
    assert _run_job(factory, tenant)["reminded"] == 1
    assert _run_job(factory, tenant)["reminded"] == 0
    rows = notifications(factory, tenant, "contracts.ending")
    assert {r.recipient_user_id for r in rows} == {_user_id(factory, tenant, "hr"), _user_id(factory, tenant, "atasan")}
    assert len(rows) == 2 and rows[0].payload["days_left"] == 90 and rows[0].payload["employee"] == "Rina Wati"
    assert _sent(factory, tenant) == [(90, 90, ENDS - dt.timedelta(days=90))]
    assert factory.scalar(tenant, "SELECT count(*) FROM notifications WHERE recipient_user_id = "
                                  f"{_user_id(factory, tenant, 'pppk')} AND kind = 'contracts.ending'") == 0


def test_a_job_that_missed_the_day_sends_the_90_day_reminder_once_at_89_days(factory, clock, region):
    tenant, *_ = region
    _on(clock, ENDS - dt.timedelta(days=89))
    _run_job(factory, tenant)
    _on(clock, ENDS - dt.timedelta(days=88))
    _run_job(factory, tenant)
    assert _sent(factory, tenant) == [(90, 89, ENDS - dt.timedelta(days=89))]
    assert len(notifications(factory, tenant, "contracts.ending")) == 2  # HR and the unit head, once


def test_a_job_late_past_both_thresholds_sends_only_the_nearest_one(factory, clock, region):
    tenant, *_ = region
    _on(clock, ENDS - dt.timedelta(days=29))  # nothing ran since before the 90-day mark
    _run_job(factory, tenant)
    _run_job(factory, tenant)
    _on(clock, ENDS - dt.timedelta(days=10))
    _run_job(factory, tenant)
    assert [s[0] for s in _sent(factory, tenant)] == [30]
    keys = {r.idempotency_key.rsplit(":", 1)[0] for r in notifications(factory, tenant, "contracts.ending")}
    assert keys == {f"contracts.ending:{region[3]}:30"}


def test_90_then_30_each_once_over_the_whole_period(factory, clock, region):
    tenant, *_ = region
    for left in range(95, -1, -1):
        _on(clock, ENDS - dt.timedelta(days=left))
        _run_job(factory, tenant)
    assert [(t, d) for t, d, _ in _sent(factory, tenant)] == [(90, 90), (30, 30)]
    assert len(notifications(factory, tenant, "contracts.ending")) == 4


def test_the_tenant_sets_the_reminder_days(factory, clock, region):
    from jenjang.contracts import operations

    tenant, *_ = region
    factory.run(tenant, lambda: operations.save_settings(min_months=12, max_months=60, reminder_days=[60, 7],
                                                         regulation="", letter_number_prefix=None,
                                                         letter_signatory=None))
    _on(clock, ENDS - dt.timedelta(days=90))
    _run_job(factory, tenant)
    _on(clock, ENDS - dt.timedelta(days=60))
    _run_job(factory, tenant)
    assert [s[0] for s in _sent(factory, tenant)] == [60]


def test_renewed_or_ended_contracts_are_not_reminded(factory, clock, region):
    tenant, reg, pppk, cid = region
    add_contract(factory, tenant, pppk, ENDS + dt.timedelta(days=1), dt.date(2027, 12, 30), number="PK-2",
                 previous_id=cid)
    _on(clock, ENDS - dt.timedelta(days=30))
    assert _run_job(factory, tenant) == {"ended": 0, "reminded": 0}


def test_expiry_archives_the_employee_on_the_end_date_audited_and_idempotent(factory, clock, region):
    tenant, reg, pppk, cid = region
    _on(clock, ENDS)
    assert _run_job(factory, tenant)["ended"] == 0  # the last day is still a working day of the contract
    _on(clock, ENDS + dt.timedelta(days=3))  # the job was down for two days
    assert _run_job(factory, tenant)["ended"] == 1
    assert _run_job(factory, tenant)["ended"] == 0
    row = factory.run(tenant, lambda: _employee(pppk))
    assert row.status == "archived" and row.archive_reason == "contract_ended"
    assert row.archived_at.astimezone(dt.timezone(dt.timedelta(hours=7))).date() == ENDS + dt.timedelta(days=1)
    ended_at = factory.scalar(tenant, f"SELECT ended_at FROM employee_contracts WHERE id = {cid}")
    assert ended_at.astimezone(dt.timezone(dt.timedelta(hours=7))) == dt.datetime(2026, 12, 31, 0, 0, tzinfo=dt.timezone(
        dt.timedelta(hours=7)))
    assert factory.scalar(tenant, "SELECT count(*) FROM audit_log WHERE action = 'contracts.contract_ended'") == 1
    assert factory.scalar(tenant, "SELECT count(*) FROM audit_log WHERE action = 'employee.archived'") == 1
    assert factory.scalar(tenant, f"SELECT is_active FROM users WHERE employee_id = {pppk}") is False
    assert len(notifications(factory, tenant, "contracts.ended")) == 1


def _employee(eid):
    from jenjang.extensions import db

    return db.session.execute(sa.text("SELECT * FROM employees WHERE id = :i"), {"i": eid}).one()


def test_a_renewed_contract_does_not_expire(factory, clock, region):
    tenant, reg, pppk, cid = region
    add_contract(factory, tenant, pppk, ENDS + dt.timedelta(days=1), dt.date(2027, 12, 30), number="PK-2",
                 previous_id=cid)
    _on(clock, ENDS + dt.timedelta(days=1))
    assert _run_job(factory, tenant)["ended"] == 0
    assert factory.run(tenant, lambda: _employee(pppk)).status == "active"


def test_a_pending_renewal_at_expiry_lapses_and_its_case_says_why(factory, clock, client_for, region):
    from jenjang.contracts import operations, queries

    tenant, reg, pppk, cid = region
    _on(clock, ENDS - dt.timedelta(days=20))
    rid = factory.run(tenant, lambda: operations.open_renewal(queries.contract_by_id(cid), months=12).id)
    _on(clock, ENDS + dt.timedelta(days=1))
    assert _run_job(factory, tenant)["ended"] == 1
    assert factory.scalar(tenant, f"SELECT status FROM contract_renewals WHERE id = {rid}") == "lapsed"
    assert factory.scalar(tenant, "SELECT status FROM workflow_cases WHERE subject_type = 'contracts.renewal'") == \
        "cancelled"
    hr = client_for(tenant)
    hr.login(f"hr@{tenant.slug}.demo")
    page = hr.text(hr.get(f"/contracts/renewals/{rid}"))
    assert "Kontrak berakhir sebelum diputuskan" in page and "sebelum perpanjangan diputuskan" in page
    assert factory.scalar(tenant, "SELECT count(*) FROM employee_contracts") == 1


def test_daily_jobs_are_enqueued_once_per_active_tenant(factory, clock, region):
    from jenjang.contracts.tasks import enqueue_daily_jobs
    from jenjang.jobs import queue

    tenant, *_ = region
    other = factory.tenant("palangkaraya")
    with factory.app.app_context():
        assert enqueue_daily_jobs(dt.date(2026, 10, 1)) == 2
        ids = set(queue("default").job_ids)
    assert {f"contracts-daily-{tenant.id}-2026-10-01", f"contracts-daily-{other.id}-2026-10-01"} <= ids


def test_contracts_of_another_region_are_never_touched(factory, clock, region):
    tenant, *_ = region
    other = factory.tenant("palangkaraya")
    from tests.org import build_region

    reg_b = build_region(factory, other)
    pppk_b = make_pppk(factory, other, reg_b)
    add_contract(factory, other, pppk_b, dt.date(2025, 12, 31), ENDS)
    _on(clock, ENDS + dt.timedelta(days=1))
    assert _run_job(factory, tenant)["ended"] == 1
    assert factory.run(other, lambda: _employee(pppk_b)).status == "active"


def test_two_jobs_at_the_same_moment_remind_and_end_once(factory, clock, region):
    import threading

    tenant, reg, pppk, cid = region
    other = make_pppk(factory, tenant, reg, nip="199203152021212002", name="Sari Dewi", email="sari@x.demo")
    add_contract(factory, tenant, other, dt.date(2025, 8, 31), dt.date(2026, 8, 30), number="PK-ended")
    _on(clock, ENDS - dt.timedelta(days=90))
    results, errors = [], []

    def run():
        try:
            results.append(_run_job(factory, tenant))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sum(r["reminded"] for r in results) == 1 and sum(r["ended"] for r in results) == 1
    assert len(notifications(factory, tenant, "contracts.ending")) == 2
    assert factory.scalar(tenant, "SELECT count(*) FROM audit_log WHERE action = 'contracts.contract_ended'") == 1
