"""Demo training data for the demo tenants: a small catalogue aimed at the national managerial
competencies, upcoming sessions with open enrolment (one nearly full, one full with a waitlist),
and a few enrolments waiting for supervisors. Idempotent: a second run finds the demo programmes
and changes nothing."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people.models import Employee
from jenjang.tenancy.context import tenant_context
from jenjang.tenancy.models import TIME_ZONES

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
    from jenjang.competency.models import Competency
    from jenjang.training import catalogue, enrolment
    from jenjang.training.models import Programme

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
