"""Demo training data for the demo tenants. Both seeds are idempotent: a second run finds their
data and changes nothing.

seed_demo_training: a small catalogue aimed at the national managerial competencies, upcoming
sessions with open enrolment (one nearly full, one full with a waitlist), and a few enrolments
waiting for supervisors.

seed_demo_delivery (after the catalogue): this year's training budget and one session that ran last
month (the integrity programme of the demo catalogue), with attendance, completions (JP credited,
certificates issued, follow-ups scheduled) and a few answers to the post-training survey."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from jenjang.auth.models import User
from jenjang.competency.models import Competency
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people.api import Employee
from jenjang.tenancy.context import tenant_context
from jenjang.tenancy.models import TIME_ZONES, utcnow
from jenjang.training.catalogue import operations as catalogue
from jenjang.training.delivery import attendance, budget, completion, survey
from jenjang.training.delivery.models import Attendance
from jenjang.training.enrolment import operations as enrolment
from jenjang.training.models import Enrolment, Programme, TrainingSession

# code, title, SIASN kind, JP, provider, provider name, cost, targets {competency code: level}, mandatory
PROGRAMMES = [
    ("DEMO-PKP", "Pelatihan Kepemimpinan Pengawas (PKP)", 5, 200, "bpsdm", "BPSDM Provinsi", 9500000,
     {"M.04": 3, "M.08": 3, "M.07": 3}, True),
    ("DEMO-INT", "Pelatihan Integritas dan Antikorupsi", 3, 24, "internal", "BKPSDM", 750000, {"M.01": 3}, False),
    ("DEMO-YAN", "Bimtek Pelayanan Publik Prima", 8, 32, "internal", "BKPSDM", 1200000,
     {"M.05": 3, "M.03": 2}, False),
    ("DEMO-KOM", "Komunikasi Efektif dan Kerja Sama Tim", 4, 16, "external", "Lembaga Mitra", 1500000,
     {"M.03": 3, "M.02": 3}, False),
    ("DEMO-SIA", "E-Learning Pengelolaan Data ASN di SIASN", 16, 12, "lan", "LAN — ASN Unggul", 0, {"M.06": 2}, False),
    ("DEMO-PER", "Seminar Perekat Bangsa dan Moderasi Beragama", 9, 8, "internal", "BKPSDM", 0, {"SK.01": 3}, False),
]


def seed_demo_training(tenant) -> str:
    with tenant_context(tenant.id):
        if db.session.scalar(sa.select(Programme.id).where(Programme.code.like("DEMO-%")).limit(1)):
            return "demo training present"
        enrolment.ensure_workflow()
        comps = dict(db.session.execute(sa.select(Competency.code, Competency.id)).all())
        zone = ZoneInfo(TIME_ZONES.get(getattr(tenant, "timezone", "WIB"), "Asia/Jakarta"))
        today = clock.today()
        sessions = []
        for n, (code, title, kind, jp, provider, pname, cost, targets, mandatory) in enumerate(PROGRAMMES):
            programme = catalogue.save_programme(
                None, code=code, title=title, kind_code=kind, jp=Decimal(jp), provider=provider, provider_name=pname,
                cost_per_participant=Decimal(cost), mandatory=mandatory, allow_self_enrol=not mandatory,
                description="Contoh data demo.", targets={comps[c]: lv for c, lv in targets.items() if c in comps},
                actor="demo")
            for k, (days_ahead, capacity) in enumerate(((14 + 7 * n, 5 if n == 1 else 25), (45 + 7 * n, 30))):
                start = dt.datetime.combine(today + dt.timedelta(days=days_ahead), dt.time(8), zone)
                online = kind in (16, 17)
                s = catalogue.save_session(
                    None, programme, name=f"Angkatan {'I' * (k + 1)}", starts_at=start,
                    ends_at=start + dt.timedelta(days=1 if jp <= 16 else 3, hours=8), capacity=capacity,
                    enrol_opens_on=today - dt.timedelta(days=3), enrol_closes_on=start.date() - dt.timedelta(days=2),
                    mode="online" if online else "in_person", place=None if online else "Aula BKPSDM",
                    online_url="https://elearning.example.go.id/kelas" if online else None,
                    facilitator_name=pname)
                sessions.append((programme, s))
        # A few enrolments: the integrity session (5 seats) gets 7 people, the others 3 each.
        people = list(db.session.scalars(sa.select(Employee).where(
            Employee.status == "active", Employee.position_id.is_not(None))
            .order_by((Employee.id * 7919) % 101, Employee.id).limit(40)))
        made = 0
        cursor = 0
        for programme, s in sessions:
            if not programme.allow_self_enrol or s.name != "Angkatan I":
                continue
            want = 7 if s.capacity == 5 else 3
            for employee in people[cursor:cursor + want]:
                try:
                    with db.session.begin_nested():
                        enrolment.enrol(s, employee, origin="self", reason="Contoh data demo")
                    made += 1
                except (enrolment.EnrolmentRefused, Exception):  # noqa: BLE001, S112 — demo data is best effort
                    continue
            cursor += want
        db.session.flush()
        return f"{len(PROGRAMMES)} demo programmes, {len(sessions)} sessions, {made} enrolments"


DEMO_SESSION = "Angkatan 0 (demo)"
DEMO_BUDGET = Decimal("850000000")
COMMENTS = ("Materi studi kasusnya sangat dekat dengan pekerjaan sehari-hari.",
            "Waktu diskusi kelompok sebaiknya ditambah.", None, "Fasilitator menjelaskan dengan jelas.")


def seed_demo_delivery(tenant) -> str:
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
                survey.submit_reaction(row, {"relevance": 5 - i % 2, "facilitator": 4, "materials": 3 + i % 2,
                                             "overall": 4 + (i == 0)}, COMMENTS[i])
        db.session.flush()
        return f"demo delivery: session of {len(rows)} with {done} completed"
