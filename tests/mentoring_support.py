"""Builders for mentoring tests: a region (tests.org) with two more people in another unit, a
programme, and participants, all written through the modules' own operations."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from tests.helpers import local_today
from tests.org import build_region, nip


@dataclass
class Cohort:
    region: object
    programme_id: int
    senior_id: int  # Sari, III/d, in the Dinas itself (not in Dewi's reporting line)
    junior_id: int  # Rina, a new CPNS in the bidang


def extra_people(factory, tenant, region, seq: int = 1):
    def make():
        from jenjang.people import operations as people
        from jenjang.people.models import RANK_IDS

        senior = people.create_employee(nip=nip("19750505", "200003", "2", 50 + seq), full_name="Sari Wulandari",
                                        rank_id=RANK_IDS["III/d"], rank_tmt=dt.date(2018, 4, 1),
                                        position_id=region.other_position_id, position_tmt=dt.date(2018, 1, 2),
                                        education_level="S2", email=f"senior@{tenant.slug}.demo")
        tmt = (local_today() - dt.timedelta(days=120)).strftime("%Y%m")
        junior = people.create_employee(nip=nip("20000101", tmt, "2", 60 + seq), full_name="Rina Oktaviani",
                                        rank_id=RANK_IDS["III/a"], rank_tmt=local_today() - dt.timedelta(days=120),
                                        position_id=region.staff_position_id, position_tmt=local_today() - dt.timedelta(days=120),
                                        education_level="S1", email=f"cpns@{tenant.slug}.demo")
        return senior.id, junior.id

    return factory.run(tenant, make)


def make_programme(factory, tenant, **overrides) -> int:
    def make():
        from jenjang.mentoring import operations

        values = dict(name="Mentoring Senior–Junior", kind="general", goal="Berbagi pengalaman",
                      starts_on=local_today() - dt.timedelta(days=150), ends_on=local_today() + dt.timedelta(days=150),
                      mentor_min_rank_id=None, mentor_competency_id=None, mentor_min_level=None, mentee_rule="any",
                      mentee_boxes=[], focus_competency_ids=[], capacity_per_mentor=2, expected_sessions=6,
                      allow_same_unit=True, allow_reporting_line=False, decline_days=7, credit_mentor=False)
        values.update(overrides)
        return operations.save_programme(None, **values).id

    return factory.run(tenant, make)


def enrol(factory, tenant, programme_id: int, *, mentors=(), mentees=()):
    def go():
        from jenjang.extensions import db
        from jenjang.mentoring import operations
        from jenjang.mentoring.models import MentoringProgramme

        p = db.session.scalar(sa.select(MentoringProgramme).where(MentoringProgramme.id == programme_id))
        for e in mentors:
            operations.join(p, e, "mentor", by_hr=True)
        for e in mentees:
            operations.join(p, e, "mentee", by_hr=True)

    factory.run(tenant, go)


def cohort(factory, tenant, seq: int = 1, **overrides) -> Cohort:
    region = build_region(factory, tenant, seq=seq)
    senior, junior = extra_people(factory, tenant, region, seq)
    pid = make_programme(factory, tenant, **overrides)
    return Cohort(region, pid, senior, junior)


def with_programme(factory, tenant, programme_id, fn):
    def go():
        from jenjang.extensions import db
        from jenjang.mentoring.models import MentoringProgramme

        return fn(db.session.scalar(sa.select(MentoringProgramme).where(MentoringProgramme.id == programme_id)))

    return factory.run(tenant, go)


def pair_of(factory, tenant, mentee_id, status="published"):
    return factory.scalar(tenant, f"SELECT id FROM mentoring_pairs WHERE mentee_id = {mentee_id} "
                                  f"AND status = '{status}' ORDER BY id DESC LIMIT 1")


def published_pair(factory, tenant, seq: int = 1, **overrides):
    """Budi (rekan) mentors Dewi (pegawai), published. Returns (cohort, pair id)."""
    c = cohort(factory, tenant, seq, **overrides)
    enrol(factory, tenant, c.programme_id, mentors=[c.region.colleague_id], mentees=[c.region.staff_id])

    def go(p):
        from jenjang.mentoring import operations

        operations.run_matching(p)
        operations.publish(p)

    with_programme(factory, tenant, c.programme_id, go)
    return c, pair_of(factory, tenant, c.region.staff_id)


# --- for the isolation suite (ID_FACTORIES) ----------------------------------------------------

def _b_mentoring(factory, b) -> dict:
    cache = factory.__dict__.setdefault("_b_mentoring", {})
    if not cache:
        c, pair_id = published_pair(factory, b, seq=48)

        def go():
            from jenjang.extensions import db
            from jenjang.mentoring import operations
            from jenjang.mentoring.models import MentoringFlag, MentoringPair, MentoringParticipant

            pair = db.session.scalar(sa.select(MentoringPair).where(MentoringPair.id == pair_id))
            s = operations.log_session(pair, pair.mentee_id, held_on=local_today(), duration_minutes=60, mode="online",
                                       topic="Sesi B", private_notes=None)
            g = operations.add_goal(pair, pair.mentee_id, title="Sasaran B", competency_id=None, target_level=None)
            f = operations.flag_problem(pair, pair.mentee_id, "Masalah B")
            part = db.session.scalar(sa.select(MentoringParticipant.id).where(
                MentoringParticipant.programme_id == pair.programme_id))
            assert isinstance(f, MentoringFlag)
            return {"cohort_id": pair.programme_id, "pair_id": pair.id, "mentoring_session_id": s.id,
                    "mentoring_goal_id": g.id, "mentoring_flag_id": f.id, "mentoring_participant_id": part}

        cache.update(factory.run(b, go))
    return cache


def b_mentoring(name: str):
    return lambda factory, b: _b_mentoring(factory, b)[name]
