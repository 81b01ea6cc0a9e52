"""Builders for competency tests: an organisation (people_support.make_org), standards, assessments
and development plans, all written through the modules' own operations."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.people.skp import last_final_skp_year
from tests.helpers import local_today
from tests.people_support import _b_org, make_org


def comp_ids(factory, tenant) -> dict[str, int]:
    from jenjang.competency.models import Competency

    def go():
        from jenjang.extensions import db

        return dict(db.session.execute(sa.select(Competency.code, Competency.id)).all())

    return factory.run(tenant, go)


def set_standards(factory, tenant, position_id: int, levels: dict[str, int]) -> None:
    ids = comp_ids(factory, tenant)

    def go():
        from jenjang.competency import operations

        for code, level in levels.items():
            operations.set_standard(position_id, ids[code], level)

    factory.run(tenant, go)


def assess(factory, tenant, employee_id: int, levels: dict[str, int], *, source: str = "assessment_center",
           on: dt.date | None = None) -> None:
    ids = comp_ids(factory, tenant)

    def go():
        from jenjang.competency import operations
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        employee = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))
        for code, level in levels.items():
            operations.record_assessment(employee, competency_id=ids[code], level=level, source=source,
                                         assessed_on=on or local_today() - dt.timedelta(days=30), assessor="Asesor")

    factory.run(tenant, go)


def set_skp(factory, tenant, employee_id: int, predicate: str, year: int | None = None) -> None:
    def go():
        from jenjang.extensions import db
        from jenjang.people import operations
        from jenjang.people.models import Employee

        employee = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))
        operations.set_skp(employee, year or last_final_skp_year(local_today()), predicate)

    factory.run(tenant, go)


NATIONAL_CODES = ("M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01")


def standard_region(factory, tenant) -> dict:
    """make_org plus standards on the staff positions and assessments for the analyst."""
    org = make_org(factory, tenant)
    set_standards(factory, tenant, org["staff_b_position"], {c: 2 for c in NATIONAL_CODES})
    set_standards(factory, tenant, org["kabid_position"], {c: 3 for c in NATIONAL_CODES})
    assess(factory, tenant, org["analis"], {c: 2 for c in NATIONAL_CODES[:7]})  # 7 of 9 met: JPM 77.78
    return org


# --- for the isolation suite (ID_FACTORIES) --------------------------------------------------

def b_competency(factory, b) -> int:
    cache = factory.__dict__.setdefault("_b_competency", {})
    if b.id not in cache:
        def go():
            from jenjang.competency import operations

            return operations.save_competency(None, code="T.B.01", name="Rahasia B", field="Keuangan",
                                              levels={1: {"description": "Level satu B"}}).id

        cache[b.id] = factory.run(b, go)
    return cache[b.id]


def _b_plan_and_goal(factory, b) -> dict:
    cache = factory.__dict__.setdefault("_b_plan", {})
    if b.id not in cache:
        org = _b_org(factory, b)
        competency_id = b_competency(factory, b)

        def go():
            from jenjang.competency import plans
            from jenjang.extensions import db
            from jenjang.people.models import Employee

            employee = db.session.scalar(sa.select(Employee).where(Employee.id == org["analis"]))
            plan = plans.plan_for(employee, create=True)
            goal = plans.add_goal(plan, competency_id=competency_id, target_level=2, action="Pelatihan B",
                                  target_date=local_today() + dt.timedelta(days=90))
            return {"plan_id": plan.id, "goal_id": goal.id}

        cache[b.id] = factory.run(b, go)
    return cache[b.id]


def b_plan(factory, b) -> int:
    return _b_plan_and_goal(factory, b)["plan_id"]


def b_goal(factory, b) -> int:
    return _b_plan_and_goal(factory, b)["goal_id"]


# --- a signed-in cast for page tests -----------------------------------------------------------

def cast(factory, tenant) -> dict:
    """standard_region plus accounts: hr@, analis@ (the employee), kabid@ (their supervisor)."""
    from tests.people_support import link_user

    org = standard_region(factory, tenant)
    factory.user(tenant, f"hr@{tenant.slug}.demo", roles=["hr"], nip=f"19880521201101200{tenant.id % 10}")
    link_user(factory, tenant, f"analis@{tenant.slug}.demo", org["analis"])
    link_user(factory, tenant, f"kabid@{tenant.slug}.demo", org["kabid"])
    return org


# A complete, valid /competency/settings form with the defaults (tests change one field at a time).
SETTINGS_FORM = {
    "jpm_optimal_min": "90", "jpm_cukup_min": "78", "jpm_regulation": "Peraturan BKN 26/2019",
    "test_ms_min": "80", "test_mms_min": "68", "test_regulation": "Peraturan BKN 26/2019",
    "potential_source": "jpm", "potential_high_min": "90", "potential_mid_min": "78",
    "talent_regulation": "PermenPANRB 3/2020", "skp_sangat_baik": "atas", "skp_baik": "sesuai",
    "skp_butuh_perbaikan": "bawah", "skp_kurang": "bawah", "skp_sangat_kurang": "bawah",
    "skp_regulation": "PermenPANRB 6/2022", "valid_assessment_center": "36", "valid_competency_test": "36",
    "valid_feedback_360": "24", "valid_supervisor": "12", "precedence_1": "assessment_center",
    "precedence_2": "competency_test", "precedence_3": "feedback_360", "precedence_4": "supervisor",
    "precedence_mode": "date_first", "skp_final_day": "31", "skp_final_month": "1", "skp_recent_years": "1",
}
