"""Demo 360 cycles for the demo tenants: one open (so pegawai@ has forms to fill) and one closed
with answers and a report. Idempotent (skips a tenant that has cycles) and quick: the cycles are
scoped to the demo accounts' unit."""
from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa

from jenjang.auth.models import User
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.feedback import answering, operations, queries, tasks
from jenjang.feedback.models import FeedbackAssignment, FeedbackCycle
from jenjang.people.api import Employee, OrgIndex
from jenjang.tenancy.context import tenant_context

COMMENTS = ("Selalu siap membantu rekan dan menepati janji.", "Komunikasinya jelas dalam rapat.",
            "Perlu lebih berani mengambil keputusan.", "Dapat lebih sering berbagi ilmu dengan tim.")


def _demo_unit() -> int | None:
    """The unit of pegawai@ (their bidang), or the largest unit."""
    unit = db.session.scalar(sa.select(Employee.unit_id).join(
        User, sa.and_(User.tenant_id == Employee.tenant_id, User.employee_id == Employee.id))
        .where(User.email.like("pegawai@%")))
    if unit is None:
        unit = db.session.scalar(sa.select(Employee.unit_id).where(Employee.unit_id.is_not(None))
                                 .group_by(Employee.unit_id).order_by(sa.func.count().desc()).limit(1))
    if unit is None:
        return None
    parent = OrgIndex.load().parent.get(unit)
    return parent or unit  # the whole OPD: enough colleagues for the peer groups


def _answer_all(cycle: FeedbackCycle, rng: random.Random, share: float) -> None:
    sections = [s for s in queries.sections(cycle)]
    rows = db.session.scalars(sa.select(FeedbackAssignment).where(FeedbackAssignment.cycle_id == cycle.id)).all()
    for a in rows:
        if rng.random() > share:
            continue
        values = {}
        for s in sections:
            base = rng.choice((2, 3, 3, 4, 4, 5))
            for item in s.items:
                if s.competency is None:
                    values[item.id] = (None, rng.choice(COMMENTS))
                else:
                    values[item.id] = (max(1, min(5, base + rng.choice((-1, 0, 0, 1)))), None)
        answering.save_answers(cycle, a, values)
        answering.submit(cycle, a)


def provision_demo(tenant) -> str:
    with tenant_context(tenant.id):
        if db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackCycle)):
            return "360 cycles present"
        unit = _demo_unit()
        if unit is None:
            return "no employees: no 360 demo"
        today = clock.today()
        rng = random.Random(tenant.id)
        closed = operations.create_cycle(
            name=f"Umpan Balik 360 {today.year - 1}", period_start=dt.date(today.year - 1, 1, 1),
            period_end=dt.date(today.year - 1, 12, 31), deadline=today, scope_unit_ids=[unit], peer_count=3)
        operations.default_questionnaire(closed, level=2)
        tasks.start_launch(closed, inline=True)
        _answer_all(closed, rng, 0.9)
        operations.close_cycle(closed)
        opened = operations.create_cycle(
            name=f"Umpan Balik 360 {today.year}", period_start=dt.date(today.year, 1, 1), period_end=today,
            deadline=today + dt.timedelta(days=21), scope_unit_ids=[unit], peer_count=3)
        operations.default_questionnaire(opened, level=2)
        tasks.start_launch(opened, inline=True)
        db.session.flush()
        return "360 demo: one closed cycle with reports, one open cycle"
