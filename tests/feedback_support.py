"""Builders for 360 tests: a region (tests/org.py) with extra staff, a cycle with a small
questionnaire, manual assignments, answers — all through the module's own operations."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.helpers import local_today


def add_staff(factory, tenant, region, n: int, *, start: int = 100, with_users: bool = False) -> list[int]:
    """n more employees in the region's bidang (they report to the head), optionally with accounts."""
    from tests.helpers import PASSWORD

    def go():
        from jenjang.auth import operations as auth_ops
        from jenjang.people import operations as people
        from jenjang.people.models import RANK_IDS

        ids = []
        for i in range(n):
            seq = start + i
            e = people.create_employee(nip=f"19900101201501{1 + seq % 2}{seq:03d}", full_name=f"Staf Nomor {seq}",
                                       rank_id=RANK_IDS["III/a"], rank_tmt=dt.date(2020, 4, 1),
                                       position_id=region.staff_position_id, position_tmt=dt.date(2015, 1, 1),
                                       education_level="S1", email=f"staf{seq}@{tenant.slug}.demo")
            if with_users:
                auth_ops.create_user(full_name=e.full_name, email=f"staf{seq}@{tenant.slug}.demo", employee=e,
                                     password=PASSWORD)
            ids.append(e.id)
        return ids

    return factory.run(tenant, go)


def make_cycle(factory, tenant, *, codes=("M.01", "M.02"), level: int = 1, open_question: bool = True,
               **settings) -> int:
    def go():
        from jenjang.competency.models import Competency
        from jenjang.extensions import db
        from jenjang.feedback import operations

        values = {"name": "Umpan Balik 360 Uji", "period_start": local_today().replace(month=1, day=1),
                  "period_end": local_today(), "deadline": local_today() + dt.timedelta(days=14)} | settings
        cycle = operations.create_cycle(**values)
        for code in codes:
            cid = db.session.scalar(sa.select(Competency.id).where(Competency.code == code))
            operations.add_competency(cycle, cid, level)
        if open_question:
            operations.add_open_question(cycle, "Apa yang perlu dikembangkan?")
        return cycle.id

    return factory.run(tenant, go)


def manual_cycle(factory, tenant, subject_id: int, raters: dict[str, list[int]], *, self_rating: bool = True,
                 **settings) -> int:
    """A cycle with exactly these raters for one subject (no automatic groups)."""
    cycle_id = make_cycle(factory, tenant, include_self=self_rating, include_supervisor=False, peer_count=0,
                          include_subordinates=False, scope_unit_ids=[], **settings)

    def go():
        from jenjang.extensions import db
        from jenjang.feedback import operations
        from jenjang.feedback.models import FeedbackCycle
        from jenjang.people.models import Employee

        cycle = db.session.scalar(sa.select(FeedbackCycle).where(FeedbackCycle.id == cycle_id))
        # Scope the cycle to the subject only: prepare, then drop everyone else's rows.
        operations.prepare_assignments(cycle)
        from jenjang.feedback.models import FeedbackAssignment

        db.session.execute(sa.delete(FeedbackAssignment).where(FeedbackAssignment.cycle_id == cycle.id,
                                                               FeedbackAssignment.subject_employee_id != subject_id))
        for relation, ids in raters.items():
            for rid in ids:
                operations.add_assignment(cycle, subject_id, rid, relation)
        assert db.session.scalar(sa.select(Employee.id).where(Employee.id == subject_id))

    factory.run(tenant, go)
    return cycle_id


def launch(factory, tenant, cycle_id: int) -> None:
    def go():
        from jenjang.extensions import db
        from jenjang.feedback import tasks
        from jenjang.feedback.models import FeedbackCycle

        cycle = db.session.scalar(sa.select(FeedbackCycle).where(FeedbackCycle.id == cycle_id))
        assert tasks.start_launch(cycle, inline=True)

    factory.run(tenant, go)


def assignment_id(factory, tenant, cycle_id: int, subject_id: int, rater_id: int) -> int:
    return factory.scalar(tenant, f"SELECT id FROM feedback_assignments WHERE cycle_id = {cycle_id} "
                                  f"AND subject_employee_id = {subject_id} AND rater_employee_id = {rater_id}")


def answer(factory, tenant, cycle_id: int, subject_id: int, rater_id: int, scores, comment: str | None = None,
           *, submit: bool = True) -> None:
    """Answer every scale item of competency i with scores[i] (a number, or None for "cannot judge")."""
    aid = assignment_id(factory, tenant, cycle_id, subject_id, rater_id)

    def go():
        from jenjang.extensions import db
        from jenjang.feedback import answering, queries
        from jenjang.feedback.models import FeedbackAssignment, FeedbackCycle

        cycle = db.session.scalar(sa.select(FeedbackCycle).where(FeedbackCycle.id == cycle_id))
        a = db.session.scalar(sa.select(FeedbackAssignment).where(FeedbackAssignment.id == aid))
        values = {}
        per_comp = scores if isinstance(scores, (list, tuple)) else None
        for i, section in enumerate(s for s in queries.sections(cycle) if s.competency):
            score = per_comp[i] if per_comp is not None else scores
            for item in section.items:
                values[item.id] = (score, None)
        for section in queries.sections(cycle):
            if section.competency is None and comment:
                for item in section.items:
                    values[item.id] = (None, comment)
        answering.save_answers(cycle, a, values)
        if submit:
            answering.submit(cycle, a)

    factory.run(tenant, go)


def close(factory, tenant, cycle_id: int) -> None:
    def go():
        from jenjang.extensions import db
        from jenjang.feedback import operations
        from jenjang.feedback.models import FeedbackCycle

        operations.close_cycle(db.session.scalar(sa.select(FeedbackCycle).where(FeedbackCycle.id == cycle_id)))

    factory.run(tenant, go)


def report(factory, tenant, cycle_id: int, subject_id: int):
    def go():
        from jenjang.extensions import db
        from jenjang.feedback import reports
        from jenjang.feedback.models import FeedbackCycle
        from jenjang.people.models import Employee

        cycle = db.session.scalar(sa.select(FeedbackCycle).where(FeedbackCycle.id == cycle_id))
        e = db.session.scalar(sa.select(Employee).where(Employee.id == subject_id))
        return reports.employee_report(cycle, e)

    return factory.run(tenant, go)


# --- the isolation suite's factories (objects of tenant B) --------------------------------------

def _b_cycle(factory, b) -> dict:
    cache = factory.__dict__.setdefault("_b_feedback", {})
    if not cache:
        from tests.org import build_region

        region = build_region(factory, b, seq=38)
        cid = make_cycle(factory, b, allow_nominations=True)

        def go():
            from jenjang.extensions import db
            from jenjang.feedback import operations
            from jenjang.feedback.models import FeedbackAssignment, FeedbackCycle, FeedbackItem

            cycle = db.session.scalar(sa.select(FeedbackCycle).where(FeedbackCycle.id == cid))
            operations.prepare_assignments(cycle)
            nom = operations.nominate(cycle, region.staff_id, region.colleague_id)
            return {"cycle_id": cid, "nomination_id": nom.id,
                    "item_id": db.session.scalar(sa.select(FeedbackItem.id).where(FeedbackItem.cycle_id == cid)
                                                 .limit(1)),
                    "assignment_id": db.session.scalar(sa.select(FeedbackAssignment.id).where(
                        FeedbackAssignment.cycle_id == cid).limit(1))}

        cache.update(factory.run(b, go))
    return cache


def b_cycle(factory, b):
    return _b_cycle(factory, b)["cycle_id"]


def b_item(factory, b):
    return _b_cycle(factory, b)["item_id"]


def b_assignment(factory, b):
    return _b_cycle(factory, b)["assignment_id"]


def b_nomination(factory, b):
    return _b_cycle(factory, b)["nomination_id"]
