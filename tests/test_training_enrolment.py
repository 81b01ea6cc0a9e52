"""Enrolment: capacity under concurrency, the waitlist moving up (with a notification), approval
through the workflow, cancellation, and the refusals (window, duplicate, overlap, prerequisites)."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from tests.helpers import local_today
from tests.org import nip
from tests.training_support import (
    approve,
    enrol,
    enrolment_row,
    make_programme,
    make_session,
    seats_taken,
    training_region,
)


def _many_employees(factory, tenant, position_id: int, n: int, start: int = 100) -> list[int]:
    def go():
        from jenjang.people import operations as people
        from jenjang.people.models import RANK_IDS

        ids = []
        for i in range(n):
            e = people.create_employee(nip=nip("19900101", "201501", "1", start + i), full_name=f"Peserta {i:02d}",
                                       rank_id=RANK_IDS["III/a"], rank_tmt=dt.date(2020, 4, 1),
                                       position_id=position_id, position_tmt=dt.date(2020, 1, 1))
            ids.append(e.id)
        return ids

    return factory.run(tenant, go)


def _status_counts(factory, tenant, session_id: int) -> dict:
    from jenjang.extensions import db
    from jenjang.training.models import Enrolment

    def go():
        return dict(db.session.execute(sa.select(Enrolment.status, sa.func.count()).where(
            Enrolment.session_id == session_id).group_by(Enrolment.status)).all())

    return factory.run(tenant, go)


def test_fifty_simultaneous_enrolments_fill_ten_seats_and_waitlist_forty(factory, app):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t, capacity=10)
    people = _many_employees(factory, t, tr.staff_position_id, 50)
    barrier = threading.Barrier(50)
    errors: list = []

    def worker(employee_id: int):
        from jenjang.extensions import db
        from jenjang.people.models import Employee
        from jenjang.tenancy.context import tenant_context
        from jenjang.training.enrolment import operations as enrolment
        from jenjang.training.models import TrainingSession

        try:
            with app.app_context(), tenant_context(t.id):
                session = db.session.scalar(sa.select(TrainingSession).where(TrainingSession.id == tr.session_id))
                employee = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))
                db.session.commit()  # end the read transaction: everyone races from here
                barrier.wait(timeout=30)
                enrolment.enrol(session, employee, origin="self")
                db.session.commit()
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(e,)) for e in people]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert errors == []
    assert _status_counts(factory, t, tr.session_id) == {"pending": 10, "waitlisted": 40}
    assert seats_taken(factory, t, tr.session_id) == 10
    assert factory.scalar(t, f"SELECT count(*) FROM training_enrolments WHERE session_id = {tr.session_id} "
                             "AND holds_seat") == 10
    # every seat holder has an approval case waiting for the supervisor
    assert factory.scalar(t, "SELECT count(*) FROM workflow_cases WHERE subject_type = 'training_enrolment' "
                             "AND status = 'in_progress'") == 10


def test_cancellation_promotes_the_first_waitlisted_and_notifies_them(factory):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t, capacity=1)
    first = enrol(factory, t, tr.session_id, tr.colleague_id)
    second = enrol(factory, t, tr.session_id, tr.staff_id)
    assert enrolment_row(factory, t, first)["status"] == "pending"
    assert enrolment_row(factory, t, second)["status"] == "waitlisted"

    def cancel():
        from jenjang.extensions import db
        from jenjang.training.enrolment import operations as enrolment
        from jenjang.training.models import Enrolment

        row = db.session.scalar(sa.select(Enrolment).where(Enrolment.id == first))
        enrolment.cancel(row, None, "Ada tugas dinas")

    factory.run(t, cancel)
    assert enrolment_row(factory, t, first)["status"] == "cancelled"
    promoted = enrolment_row(factory, t, second)
    assert promoted["status"] == "pending" and promoted["holds_seat"] and promoted["workflow_case_id"]
    assert seats_taken(factory, t, tr.session_id) == 1
    user_id = factory.scalar(t, f"SELECT id FROM users WHERE employee_id = {tr.staff_id}")
    assert factory.scalar(t, "SELECT count(*) FROM notifications WHERE kind = 'training.seat_offered' "
                             f"AND recipient_user_id = {user_id}") == 1
    # the first one's approval case was cancelled with the enrolment
    assert factory.scalar(t, "SELECT status FROM workflow_cases WHERE subject_type = 'training_enrolment' "
                             f"AND subject_id = {first}") == "cancelled"


def test_rejection_by_the_supervisor_frees_the_seat_for_the_waitlist(factory):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t, capacity=1)
    first = enrol(factory, t, tr.session_id, tr.staff_id)
    second = enrol(factory, t, tr.session_id, tr.colleague_id)
    assert approve(factory, t, first, f"atasan@{t.slug}.demo", action="reject", comment="Beban kerja") == "rejected"
    assert enrolment_row(factory, t, first)["status"] == "rejected"
    assert enrolment_row(factory, t, second)["status"] == "pending"
    assert approve(factory, t, second, f"atasan@{t.slug}.demo") == "approved"
    assert enrolment_row(factory, t, second)["status"] == "approved"
    assert seats_taken(factory, t, tr.session_id) == 1


def test_priority_order_puts_the_largest_gap_first(factory):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t, capacity=1)
    sid = make_session(factory, t, tr.programme_id, name="Angkatan II", starts_in_days=40, capacity=1,
                       waitlist_order="priority")
    enrol(factory, t, sid, tr.head_id)  # takes the seat
    colleague = enrol(factory, t, sid, tr.colleague_id)  # gap 1 in M.01, came first
    staff = enrol(factory, t, sid, tr.staff_id)  # gap 2 in M.01

    def go():
        from jenjang.extensions import db
        from jenjang.training.enrolment import queries
        from jenjang.training.models import TrainingSession

        s = db.session.scalar(sa.select(TrainingSession).where(TrainingSession.id == sid))
        return [r.id for r in queries.waitlist(s)]

    assert factory.run(t, go) == [staff, colleague]


def _refusal(factory, t, session_id, employee_id, origin="self"):
    from jenjang.training.enrolment.operations import EnrolmentRefused

    with pytest.raises(EnrolmentRefused) as info:
        enrol(factory, t, session_id, employee_id, origin=origin)
    return info.value


def test_refusals_have_clear_reasons_and_change_nothing(factory):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    enrol(factory, t, tr.session_id, tr.staff_id)
    dup = _refusal(factory, t, tr.session_id, tr.staff_id)
    assert dup.code == "duplicate" and "sudah terdaftar" in dup.message

    overlapping = make_session(factory, t, tr.programme_id, name="Angkatan Paralel", starts_in_days=15, days=1)
    over = _refusal(factory, t, overlapping, tr.staff_id)
    assert over.code == "overlap" and "bertabrakan" in over.message

    closed = make_session(factory, t, tr.programme_id, name="Tutup", starts_in_days=30, opens_in_days=-20,
                          closes_in_days=-1)
    win = _refusal(factory, t, closed, tr.staff_id)
    assert win.code == "window" and "ditutup" in win.message
    later = make_session(factory, t, tr.programme_id, name="Nanti", starts_in_days=60, opens_in_days=10)
    assert _refusal(factory, t, later, tr.staff_id).code == "window"

    from jenjang.people.models import RANK_IDS

    senior = make_programme(factory, t, title="Pelatihan Kepemimpinan Administrator", min_rank_id=RANK_IDS["III/d"])
    s2 = make_session(factory, t, senior, starts_in_days=50)
    pre = _refusal(factory, t, s2, tr.staff_id)
    assert pre.code == "prerequisites" and "III/d" in pre.message

    nominated_only = make_programme(factory, t, title="Diklat PIM", allow_self_enrol=False)
    s3 = make_session(factory, t, nominated_only, starts_in_days=70)
    assert _refusal(factory, t, s3, tr.staff_id).code == "nomination_only"
    assert seats_taken(factory, t, tr.session_id) == 1
    for s in (overlapping, closed, later, s2, s3):
        assert seats_taken(factory, t, s) == 0
    assert factory.scalar(t, f"SELECT count(*) FROM training_enrolments WHERE employee_id = {tr.staff_id}") == 1


def test_supervisor_nomination_is_approved_by_the_nominating_supervisor(factory):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    eid = enrol(factory, t, tr.session_id, tr.staff_id, origin="supervisor", by=f"atasan@{t.slug}.demo")
    row = enrolment_row(factory, t, eid)
    assert row["status"] == "approved" and row["holds_seat"]
    user_id = factory.scalar(t, f"SELECT id FROM users WHERE employee_id = {tr.staff_id}")
    assert factory.scalar(t, "SELECT count(*) FROM notifications WHERE kind = 'training.nominated' "
                             f"AND recipient_user_id = {user_id}") == 1


def test_cancel_after_the_start_is_refused(factory):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    eid = enrol(factory, t, tr.session_id, tr.staff_id)

    def go():
        from jenjang.extensions import db
        from jenjang.training.enrolment import operations as enrolment
        from jenjang.training.models import Enrolment

        row = db.session.scalar(sa.select(Enrolment).where(Enrolment.id == eid))
        later = dt.datetime.combine(local_today() + dt.timedelta(days=15), dt.time(9), dt.UTC)
        with pytest.raises(enrolment.EnrolmentRefused) as info:
            enrolment.cancel(row, None, "x", now=later)
        return info.value.code

    assert factory.run(t, go) == "started"
    assert enrolment_row(factory, t, eid)["status"] == "pending"


def test_demo_training_is_idempotent(factory, app):
    from jenjang.training.demo import seed_demo_training
    from tests.org import build_region

    t = factory.tenant("pematangsiantar")
    build_region(factory, t)

    def go():
        from jenjang.extensions import db
        from jenjang.tenancy.models import Tenant

        return seed_demo_training(db.session.get(Tenant, t.id))

    first = factory.run(None, go)
    assert first.startswith("6 demo programmes, 12 sessions")
    assert factory.run(None, go) == "demo training present"
    assert factory.scalar(t, "SELECT count(*) FROM training_programmes") == 6
    assert factory.scalar(t, "SELECT count(*) FROM training_enrolments") >= 3
