"""A demo mentoring cohort for a demo tenant: senior staff (III/c and above) mentor the most
junior ones, HR-appointed and ready for matching. Idempotent: nothing happens when a programme exists."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.mentoring import operations
from jenjang.mentoring.models import MentoringProgramme
from jenjang.people.api import RANK_IDS, Employee
from jenjang.tenancy.context import tenant_context


def provision_demo(tenant, mentors: int = 6, mentees: int = 12) -> str:
    with tenant_context(tenant.id):
        if db.session.scalar(sa.select(sa.func.count()).select_from(MentoringProgramme)):
            return "mentoring programme present"
        today = clock.today()
        programme = operations.save_programme(
            None, name="Mentoring Senior–Junior " + str(today.year), kind="general",
            goal="ASN senior membimbing ASN yang baru bergabung: budaya kerja, tata naskah dinas, dan kompetensi teknis.",
            starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=150),
            mentor_min_rank_id=RANK_IDS["III/c"], mentor_competency_id=None, mentor_min_level=None,
            mentee_rule="any", mentee_boxes=[], focus_competency_ids=[], capacity_per_mentor=3,
            expected_sessions=6, allow_same_unit=True, allow_reporting_line=False, decline_days=7,
            credit_mentor=True)
        seniors = db.session.scalars(sa.select(Employee.id).where(Employee.status == "active",
                                                                  Employee.rank_id >= RANK_IDS["III/c"])
                                     .order_by(Employee.rank_id.desc(), Employee.id).limit(mentors)).all()
        juniors = db.session.scalars(sa.select(Employee.id).where(Employee.status == "active",
                                                                  Employee.rank_id < RANK_IDS["III/c"])
                                     .order_by(Employee.tmt_cpns.desc().nulls_last(), Employee.id).limit(mentees)).all()
        for role, ids in (("mentor", seniors), ("mentee", juniors)):
            for e in ids:
                try:
                    with db.session.begin_nested():
                        operations.join(programme, e, role, by_hr=True)
                except operations.MentoringError:
                    continue
        db.session.flush()
        return f"demo mentoring programme with {len(seniors)} mentors and {len(juniors)} mentees"
