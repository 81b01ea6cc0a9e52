"""Builders for training tests, on top of tests/org.py::build_region, written through the
module's own operations (catalogue.save_programme/save_session, enrolment.enrol, the workflow).

    region = training_region(factory, tenant)          # build_region + a gap + a programme + an open session
    pid = make_programme(factory, tenant, title="Bimtek SIASN", jp=16, targets={"M.01": 3})
    sid = make_session(factory, tenant, pid, capacity=10, starts_in_days=14, days=2)
    eid = enrol(factory, tenant, sid, region.staff_id)                      # self-enrolment (pending)
    approve(factory, tenant, eid, f"atasan@{tenant.slug}.demo")            # the supervisor approves
    approved_enrolment(factory, tenant, sid, region.staff_id)               # both at once
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from tests.helpers import local_today
from tests.org import Region, build_region

WIB = dt.timezone(dt.timedelta(hours=7))


@dataclass
class TrainingRegion:
    region: Region
    programme_id: int  # targets M.01 (the staff member's gap)
    session_id: int  # enrolment open today, starts in 14 days, 2 days long, 10 seats
    competency_ids: dict

    def __getattr__(self, name):  # region.staff_id, region.head_id, region.tenant …
        return getattr(self.region, name)


def competency_ids(factory, tenant) -> dict[str, int]:
    from jenjang.competency.models import Competency

    def go():
        from jenjang.extensions import db

        return dict(db.session.execute(sa.select(Competency.code, Competency.id)).all())

    return factory.run(tenant, go)


def make_programme(factory, tenant, *, title: str = "Pelatihan Kepemimpinan Pengawas", kind_code: int = 5,
                   jp=24, targets: dict | None = None, **fields) -> int:
    """`targets`: competency code (e.g. "M.01") or id → target level."""
    ids = competency_ids(factory, tenant) if targets else {}

    def go():
        from jenjang.training.catalogue import operations as catalogue

        resolved = {ids.get(k, k): v for k, v in (targets or {}).items()}
        return catalogue.save_programme(None, title=title, kind_code=kind_code, jp=Decimal(str(jp)),
                                        targets=resolved, **fields).id

    return factory.run(tenant, go)


def make_session(factory, tenant, programme_id: int, *, name: str = "Angkatan I", starts_in_days: int = 14,
                 days: int = 2, capacity: int = 10, opens_in_days: int = -7, closes_in_days: int | None = None,
                 start: dt.datetime | None = None, end: dt.datetime | None = None, **fields) -> int:
    """A session from 08:00 WIB `starts_in_days` from today, `days` long, enrolment open from
    `opens_in_days` to `closes_in_days` (default: the day before it starts)."""
    start = start or dt.datetime.combine(local_today() + dt.timedelta(days=starts_in_days), dt.time(8), WIB)
    end = end or start + dt.timedelta(days=days - 1, hours=8)
    opens = local_today() + dt.timedelta(days=opens_in_days)
    closes = local_today() + dt.timedelta(days=closes_in_days) if closes_in_days is not None else start.date() - dt.timedelta(days=1)
    fields.setdefault("place", "Aula BKPSDM")

    def go():
        from jenjang.extensions import db
        from jenjang.training.catalogue import operations as catalogue
        from jenjang.training.models import Programme

        programme = db.session.scalar(sa.select(Programme).where(Programme.id == programme_id))
        return catalogue.save_session(None, programme, name=name, starts_at=start, ends_at=end, capacity=capacity,
                                      enrol_opens_on=min(opens, start.date()), enrol_closes_on=closes, **fields).id

    return factory.run(tenant, go)


def _user(email: str | None):
    from jenjang.auth.models import User
    from jenjang.extensions import db

    if email is None:
        return None
    return db.session.scalar(sa.select(User).where(User.email == email))


def enrol(factory, tenant, session_id: int, employee_id: int, *, origin: str = "self", by: str | None = None) -> int:
    """Enrol through enrolment.enrol; `by` is the acting user's email (defaults to the employee's)."""

    def go():
        from flask_login import login_user

        from jenjang.auth.models import User
        from jenjang.extensions import db
        from jenjang.people.models import Employee
        from jenjang.training.enrolment import operations as enrolment
        from jenjang.training.models import TrainingSession

        user = _user(by) if by else db.session.scalar(sa.select(User).where(User.employee_id == employee_id))
        if user is not None:
            login_user(user)
        session = db.session.scalar(sa.select(TrainingSession).where(TrainingSession.id == session_id))
        employee = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))
        return enrolment.enrol(session, employee, user=user, origin=origin).id

    return factory.run(tenant, go)


def approve(factory, tenant, enrolment_id: int, approver_email: str, action: str = "approve",
            comment: str | None = None) -> str:
    """Act on the enrolment's workflow case as `approver_email`; returns the case status."""

    def go():
        from flask_login import login_user

        from jenjang.extensions import db
        from jenjang.training.models import Enrolment
        from jenjang.workflow import api as workflow
        from jenjang.workflow.models import WorkflowCase

        user = _user(approver_email)
        login_user(user)
        row = db.session.scalar(sa.select(Enrolment).where(Enrolment.id == enrolment_id))
        case = db.session.scalar(sa.select(WorkflowCase).where(WorkflowCase.id == row.workflow_case_id))
        return workflow.transition(case, user, action, seen_lock=case.lock_version,
                                   comment=comment or ("Tidak sesuai" if action == "reject" else None))

    return factory.run(tenant, go)


def approved_enrolment(factory, tenant, session_id: int, employee_id: int) -> int:
    """An approved enrolment holding a seat (enrolled by the employee, approved by the supervisor)."""
    eid = enrol(factory, tenant, session_id, employee_id)
    approve(factory, tenant, eid, f"atasan@{tenant.slug}.demo")
    return eid


def enrolment_row(factory, tenant, enrolment_id: int) -> dict:
    return dict(factory.run(tenant, lambda: _row(enrolment_id)))


def _row(enrolment_id: int):
    from jenjang.extensions import db
    from jenjang.training.models import Enrolment

    r = db.session.scalar(sa.select(Enrolment).where(Enrolment.id == enrolment_id))
    return {"status": r.status, "holds_seat": r.holds_seat, "session_id": r.session_id, "employee_id": r.employee_id,
            "workflow_case_id": r.workflow_case_id}


def seats_taken(factory, tenant, session_id: int) -> int:
    return factory.scalar(tenant, f"SELECT seats_taken FROM training_sessions WHERE id = {int(session_id)}")


def training_region(factory, tenant, *, seq: int = 1, capacity: int = 10) -> TrainingRegion:
    """build_region, a standard of level 3 in M.01 and M.02 for the staff position, the staff member
    (pegawai@) assessed at level 1 in both (gaps of 2), the head at 3; a programme targeting M.01
    (level 3, 24 JP, Rp 1.500.000) with one session open for enrolment."""
    from tests.competency_support import assess, set_standards

    region = build_region(factory, tenant, seq=seq)
    set_standards(factory, tenant, region.staff_position_id, {"M.01": 3, "M.02": 3})
    assess(factory, tenant, region.staff_id, {"M.01": 1, "M.02": 1})
    assess(factory, tenant, region.colleague_id, {"M.01": 2, "M.02": 3})
    ids = competency_ids(factory, tenant)
    pid = make_programme(factory, tenant, title="Pelatihan Integritas dan Kerja Sama", kind_code=3, jp=24,
                         targets={"M.01": 3}, cost_per_participant=Decimal("1500000"), provider="bpsdm")
    sid = make_session(factory, tenant, pid, capacity=capacity)
    return TrainingRegion(region, pid, sid, ids)


# --- for the isolation suite (ID_FACTORIES) --------------------------------------------------

def _b_training(factory, b) -> dict:
    cache = factory.__dict__.setdefault("_b_training", {})
    if not cache:
        tr = training_region(factory, b, seq=47)
        eid = enrol(factory, b, tr.session_id, tr.staff_id)
        cache.update({"programme_id": tr.programme_id, "session_id": tr.session_id, "enrolment_id": eid})
    return cache


def b_programme(factory, b) -> int:
    return _b_training(factory, b)["programme_id"]


def b_session(factory, b) -> int:
    return _b_training(factory, b)["session_id"]


def b_enrolment(factory, b) -> int:
    return _b_training(factory, b)["enrolment_id"]
