"""Demo delivery data for the demo tenants: this year's training budget and one session that ran last
month (the integrity programme of the demo catalogue), with attendance, completions (JP credited,
certificates issued, follow-ups scheduled) and a few evaluation answers. Idempotent: a second run
finds the demo session and changes nothing. Runs after training/demo.py (it needs the catalogue)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from jenjang.auth.models import User
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people.models import Employee
from jenjang.tenancy.context import tenant_context
from jenjang.tenancy.models import TIME_ZONES, utcnow

DEMO_SESSION = "Angkatan 0 (demo)"
DEMO_BUDGET = Decimal("850000000")
COMMENTS = ("Materi studi kasusnya sangat dekat dengan pekerjaan sehari-hari.",
            "Waktu diskusi kelompok sebaiknya ditambah.", None, "Fasilitator menjelaskan dengan jelas.")


def seed_demo_delivery(tenant) -> str:
    from jenjang.training import attendance, budget, completion, evaluation
    from jenjang.training.models import Attendance, Enrolment, Programme, TrainingSession

    with tenant_context(tenant.id):
        zone = ZoneInfo(TIME_ZONES[tenant.timezone])
        today = clock.today(zone)
        if budget.budget_amount(today.year) is None:
            budget.set_budget(today.year, DEMO_BUDGET, by="demo")
        if db.session.scalar(sa.select(TrainingSession.id).where(TrainingSession.name == DEMO_SESSION)):
            return "demo delivery present"
        programme = db.session.scalar(sa.select(Programme).where(Programme.code == "DEMO-INT"))
        if programme is None:
            db.session.flush()
            return "demo delivery: budget only (no demo catalogue)"
        people = db.session.execute(
            sa.select(Employee.id).join(User, sa.and_(User.tenant_id == Employee.tenant_id,
                                                      User.employee_id == Employee.id))
            .where(Employee.status == "active").order_by(Employee.id).limit(8)).scalars().all()
        if not people:
            db.session.flush()
            return "demo delivery: budget only (no employees with accounts)"
        start = dt.datetime.combine(today - dt.timedelta(days=30), dt.time(8), zone)
        session = TrainingSession(programme_id=programme.id, name=DEMO_SESSION, starts_at=start,
                                  ends_at=start + dt.timedelta(days=2, hours=8), mode="in_person",
                                  place="Aula BKPSDM", capacity=max(len(people), 10), seats_taken=len(people),
                                  enrol_opens_on=start.date() - dt.timedelta(days=30),
                                  enrol_closes_on=start.date() - dt.timedelta(days=2),
                                  facilitator_name="Tim Widyaiswara BKPSDM", status="finished")
        db.session.add(session)
        db.session.flush()
        now = utcnow()
        rows = []
        for eid in people:
            row = Enrolment(session_id=session.id, employee_id=eid, status="approved", holds_seat=True, origin="hr",
                            nominated_by="demo", requested_at=now - dt.timedelta(days=45),
                            decided_at=now - dt.timedelta(days=40), cost=programme.cost_per_participant)
            db.session.add(row)
            rows.append(row)
        db.session.flush()
        days = attendance.session_days(session, zone)
        for i, row in enumerate(rows):
            for j, day in enumerate(days):
                present = not (i == 0 and j > 0)  # the first one missed two days (the demo employee completes)
                db.session.add(Attendance(enrolment_id=row.id, day=day, present=present, recorded_by="demo"))
        db.session.flush()
        done = completion.bulk_complete(session, 80, by="demo")
        for i, row in enumerate(rows[:4]):
            if row.status == "completed":
                evaluation.submit_reaction(row, {"relevance": 5 - i % 2, "facilitator": 4, "materials": 3 + i % 2,
                                                 "overall": 4 + (i == 0)}, COMMENTS[i])
        db.session.flush()
        return f"demo delivery: session of {len(rows)} with {done} completed"
