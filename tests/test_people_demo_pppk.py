"""The demo regions hold PPPK: about a quarter of the staff, some paruh waktu, in fungsional and
pelaksana positions only, with real-format NI PPPK numbers, a grade by diploma with its history,
and contracts whose current one has not ended, a few ending within 30, 60 and 90 days."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.people.models import PPPK_ENTRY_GRADES
from jenjang.people.nip import check_nip


def _populate(factory, tenant, n=400):
    from jenjang.people.demo.populate import populate
    from jenjang.tenancy.models import Tenant

    def grow():
        from jenjang.extensions import db

        populate(db.session.get(Tenant, tenant.id), n)

    factory.run(tenant, grow)


def _rows(factory, tenant, sql):
    return factory.run(tenant, lambda: [tuple(r) for r in __import__("jenjang.extensions", fromlist=["db"])
                                        .db.session.execute(sa.text(sql)).all()])


def test_demo_region_holds_pppk_with_numbers_grades_and_contracts(factory, clock):
    clock.set("2026-12-03T10:00")
    tenant = factory.tenant("demopppk")
    _populate(factory, tenant)
    today = dt.date(2026, 12, 3)
    people = _rows(factory, tenant, """
        SELECT e.id, e.nip, e.employment_type, e.rank_id, e.grade_id, e.tmt_cpns, e.appointment_year,
               e.education_level, p.kind, p.holder_kinds, p.is_head
        FROM employees e LEFT JOIN positions p ON p.tenant_id = e.tenant_id AND p.id = e.position_id""")
    pppk = [r for r in people if r[2] != "PNS"]
    share = len(pppk) / len(people)
    assert 0.18 <= share <= 0.32, share
    assert any(r[2] == "PPPK_PW" for r in pppk) and any(r[2] == "PPPK" for r in pppk)
    for _id, nip, kind, rank, grade, tmt_cpns, year, level, position_kind, holders, head in pppk:
        assert check_nip(nip, today, kind=kind) is None, nip
        assert nip[12:14] == ("24" if kind == "PPPK_PW" else "21")
        assert 2019 <= year <= 2025 and rank is None and tmt_cpns is None
        assert position_kind in ("fungsional", "pelaksana") and holders == "ASN" and not head
        assert grade >= PPPK_ENTRY_GRADES[level]
    assert all(r[3] is not None and r[4] is None for r in people if r[2] == "PNS" and r[8] is not None)
    managerial = _rows(factory, tenant, "SELECT DISTINCT holder_kinds FROM positions "
                                        "WHERE kind NOT IN ('fungsional', 'pelaksana')")
    assert managerial == [("PNS",)]
    # every PPPK has a grade history and a current contract that has not ended
    history = dict(_rows(factory, tenant, "SELECT employee_id, count(*) FROM employee_rank_history "
                                          "WHERE grade_id IS NOT NULL GROUP BY employee_id"))
    assert {r[0] for r in pppk} == set(history)
    current = dict(_rows(factory, tenant, "SELECT employee_id, max(ends_on) FROM employee_contracts "
                                          "GROUP BY employee_id"))
    assert {r[0] for r in pppk} == set(current)
    assert min(current.values()) > today
    ends_in = sorted((end - today).days for end in current.values())
    assert any(d <= 30 for d in ends_in) and any(30 < d <= 60 for d in ends_in) and any(60 < d <= 90 for d in ends_in)
    # the contracts of full-time PPPK are mostly five years long (1 year: 364/365 days, 5 years: 1825/1826)
    lengths = dict(_rows(factory, tenant, """
        SELECT (c.ends_on - c.starts_on + 1) / 365 AS years, count(DISTINCT c.employee_id)
        FROM employee_contracts c JOIN employees e ON e.tenant_id = c.tenant_id AND e.id = c.employee_id
        WHERE e.employment_type = 'PPPK' GROUP BY 1"""))
    assert lengths[5] > sum(n for years, n in lengths.items() if years != 5) and lengths.get(1, 0) > 0
    renewals = _rows(factory, tenant, "SELECT count(*) FROM employee_contracts c JOIN employee_contracts p "
                                      "ON p.tenant_id = c.tenant_id AND p.id = c.previous_id "
                                      "WHERE c.starts_on = p.ends_on + 1")
    assert renewals[0][0] > 0


def test_demo_renewal_step_opens_a_case_and_gives_that_pppk_the_demo_sign_in(factory, clock):
    """After the people demo, the contracts demo finds a PPPK whose contract ends within 90 days,
    opens their renewal and attaches pppk@<slug>.demo to them, listed among the demo sign-ins."""
    from jenjang.contracts.demo import seed_demo_renewal
    from jenjang.people.demo.accounts import demo_logins
    from jenjang.tenancy.models import Tenant

    clock.set("2026-12-03T10:00")
    tenant = factory.tenant("demorenew")
    _populate(factory, tenant, 200)

    def seed():
        from jenjang.extensions import db

        t = db.session.get(Tenant, tenant.id)
        return seed_demo_renewal(t), demo_logins(t)

    said, logins = factory.run(tenant, seed)
    assert said.startswith("1 demo renewal case") and "created demo account pppk@demorenew.demo" in said
    row = _rows(factory, tenant, """
        SELECT e.employment_type, c.ends_on FROM users u JOIN employees e ON e.tenant_id = u.tenant_id
          AND e.id = u.employee_id JOIN employee_contracts c ON c.tenant_id = e.tenant_id AND c.employee_id = e.id
        JOIN contract_renewals r ON r.tenant_id = c.tenant_id AND r.contract_id = c.id
        WHERE u.email = 'pppk@demorenew.demo'""")
    assert len(row) == 1 and row[0][0] in ("PPPK", "PPPK_PW")
    assert 0 <= (row[0][1] - dt.date(2026, 12, 3)).days <= 90
    assert logins[-1]["email"] == "pppk@demorenew.demo" and check_nip(logins[-1]["nip"], kind=row[0][0]) is None
    assert factory.run(tenant, seed)[0] == "contract renewals present"
