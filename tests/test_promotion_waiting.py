""""Waiting for me": the dashboard card and the case list of the cases a user acts on. They
agree with the engine's case-by-case answer, and cost the same number of queries however many
cases are open, whichever step the cases wait at (a relation step, where the actor is worked out
from the organisation, or a role step)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from tests.org import build_region, nip

PERIOD = dt.date(2026, 12, 1)
TODAY = dt.date(2026, 11, 22)
COMMITTEE_STEP = 2  # Usulan unit kerja → Verifikasi BKPSDM → Sidang TPK …


@pytest.fixture
def region(factory):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    return build_region(factory, tenant, seq=61)


def _more_staff(factory, region, start: int, count: int) -> list[int]:
    """Staff of the region's bidang (their unit head is the region's head)."""
    from jenjang.people import operations as people
    from jenjang.people.models import RANK_IDS

    def make():
        return [people.create_employee(nip=nip("19880412", "201101", "1", start + i), full_name=f"Staf Uji {start + i}",
                                       rank_id=RANK_IDS["III/a"], rank_tmt=dt.date(2019, 4, 1),
                                       position_id=region.staff_position_id, position_tmt=dt.date(2019, 4, 1),
                                       education_level="S1").id for i in range(count)]

    return factory.run(region.tenant, make)


def _open_cases(factory, region, employee_ids, kind="reguler") -> list[int]:
    from jenjang.extensions import db
    from jenjang.people.models import Employee
    from jenjang.promotion import operations

    def run():
        out = []
        for employee in db.session.scalars(sa.select(Employee).where(Employee.id.in_(employee_ids))):
            out.append(operations.open_case(employee, kind, PERIOD, today=TODAY).workflow_case_id)
        return out

    return factory.run(region.tenant, run)


def _move_to(owner_engine, step_index: int, workflow_case_ids=None) -> None:
    with owner_engine.begin() as conn:
        conn.execute(sa.text("UPDATE workflow_cases SET step_index = :s, lock_version = lock_version + 1 WHERE "
                             "subject_type = 'promotion'" + (" AND id = ANY(:ids)" if workflow_case_ids else "")),
                     {"s": step_index, "ids": list(workflow_case_ids or [])})


def _statements(query_counter, client, path) -> tuple[int, str]:
    """The SQL statements of one request, after a first request that warms what is cached across
    requests."""
    client.get(path)
    with query_counter:
        response = client.get(path)
    assert response.status_code == 200
    return query_counter.count, client.text(response)


def _waiting_count(page: str) -> int:
    m = re.search(r'<span class="stat">(\d+)</span> kasus kenaikan/mutasi', page)
    return int(m.group(1)) if m else 0


def _case_rows(page: str) -> int:
    return len(re.findall(r'name="action" value="approve"', page))


def test_waiting_pages_cost_the_same_queries_for_3_and_12_cases(region, factory, client_for, query_counter,
                                                                owner_engine):
    """The N+1 of the load benchmark: cases just opened wait at "Usulan unit kerja", whose actor
    (the unit head) was worked out with one query per case, on the dashboard of everyone who may
    act on cases and on the committee's list."""
    tenant = region.tenant
    factory.user(tenant, "tpk-pegawai@pematangsiantar.demo", roles=["committee"],
                 nip=nip("19800101", "200501", "1", 62))  # a committee member who is also an employee
    staff = _more_staff(factory, region, 300, 12)
    _open_cases(factory, region, staff[:3])
    boss, committee = client_for(tenant), client_for(tenant)
    boss.login("atasan@pematangsiantar.demo")
    committee.login("tpk-pegawai@pematangsiantar.demo")
    pages = (("boss", boss, "/"), ("boss", boss, "/promotion?waiting=me"),
             ("committee", committee, "/"), ("committee", committee, "/promotion?waiting=me"))

    def measure():
        return {(who, path): _statements(query_counter, client, path) for who, client, path in pages}

    small_first = measure()
    _move_to(owner_engine, COMMITTEE_STEP)
    small_committee = measure()
    _move_to(owner_engine, 0)
    _open_cases(factory, region, staff[3:])
    large_first = measure()
    _move_to(owner_engine, COMMITTEE_STEP)
    large_committee = measure()

    # What the users see: the unit head has the opened cases, then the committee has them.
    assert _waiting_count(small_first[("boss", "/")][1]) == 3
    assert _waiting_count(large_first[("boss", "/")][1]) == 12
    assert _case_rows(large_first[("boss", "/promotion?waiting=me")][1]) == 12
    assert _waiting_count(large_first[("committee", "/")][1]) == 0
    assert "Tidak ada kasus yang menunggu Anda." in large_first[("committee", "/promotion?waiting=me")][1]
    assert _waiting_count(large_committee[("committee", "/")][1]) == 12
    assert _case_rows(large_committee[("committee", "/promotion?waiting=me")][1]) == 12
    assert _waiting_count(large_committee[("boss", "/")][1]) == 0

    for key in small_first:
        assert large_first[key][0] == small_first[key][0], f"{key}, cases at the first step: {small_first[key][0]} " \
                                                           f"statements with 3 cases, {large_first[key][0]} with 12"
        assert large_committee[key][0] == small_committee[key][0], \
            f"{key}, cases at the committee's step: {small_committee[key][0]} statements with 3 cases, " \
            f"{large_committee[key][0]} with 12"


def test_waiting_list_pages_through_every_case_the_user_acts_on(region, factory, client_for, owner_engine):
    """Cases the user does not act on never crowd out those they do: the filter is in the query,
    not applied to a first batch of rows."""
    from jenjang.promotion.queries import PER_PAGE

    staff = _more_staff(factory, region, 400, PER_PAGE + 5)
    _open_cases(factory, region, staff)
    committee_cases = _open_cases(factory, region, staff[:PER_PAGE + 2], kind="pilihan_struktural")
    _move_to(owner_engine, COMMITTEE_STEP, committee_cases)
    c = client_for(region.tenant)
    c.login("tpk@pematangsiantar.demo")
    first = c.text(c.get("/promotion?waiting=me"))
    following = re.search(r'href="([^"]+)" rel="next"', first)
    assert following and "waiting=me" in following.group(1)
    second = c.text(c.get(following.group(1).replace("&amp;", "&")))
    assert _case_rows(first) == PER_PAGE and _case_rows(second) == 2
    assert _waiting_count(c.text(c.get("/"))) == PER_PAGE + 2


def test_the_list_agrees_with_the_engine_case_by_case(region, factory, app, owner_engine):
    """`actionable` (one query for a list) and `can_act` (one case) give the same answer, for role
    steps, the unit head, and a supervisor step with a chosen supervisor who overrides the tree."""
    from jenjang.auth.models import User
    from jenjang.extensions import db
    from jenjang.people import operations as people
    from jenjang.promotion.operations import SUBJECT_TYPE
    from jenjang.tenancy.context import tenant_context
    from jenjang.workflow import api as workflow
    from jenjang.workflow import versions
    from jenjang.workflow.definitions import make_step
    from jenjang.workflow.models import WorkflowCase

    tenant = region.tenant

    def kasi():
        e = people.create_employee(nip=nip("19850505", "201001", "1", 63), full_name="Sari Kasi",
                                   position_id=region.other_position_id, position_tmt=dt.date(2020, 1, 1))
        return e.id

    kasi_id = factory.run(tenant, kasi)
    factory.run(tenant, lambda: _link(db, User, "kasi@pematangsiantar.demo", kasi_id, ["committee"]))
    _open_cases(factory, region, [region.staff_id, region.colleague_id])
    heads_own = _open_cases(factory, region, [region.head_id])

    def supervisor_first():  # prestasi starts with the direct supervisor (a manual choice wins)
        definition = workflow.definition_by_key("promotion.pilihan_prestasi")
        draft = versions.draft_of(definition)
        versions.save_draft(draft, [make_step("Atasan", "relation:supervisor", ("approve", "reject"))] + draft.steps)
        versions.publish(draft, "test")

    factory.run(tenant, supervisor_first)
    with owner_engine.begin() as conn:
        conn.execute(sa.text("UPDATE employees SET supervisor_override_id = :k WHERE id = :c"),
                     {"k": kasi_id, "c": region.colleague_id})
    _open_cases(factory, region, [region.staff_id, region.colleague_id], kind="pilihan_prestasi")
    at_committee = _open_cases(factory, region, [region.staff_id], kind="pilihan_struktural")
    _move_to(owner_engine, COMMITTEE_STEP, at_committee)
    _move_to(owner_engine, 1, heads_own)  # at HR's verification

    with app.test_request_context(), tenant_context(tenant.id):
        cases = db.session.scalars(sa.select(WorkflowCase)).all()
        answers = {}
        for user in db.session.scalars(sa.select(User)):
            clause = workflow.actionable(user, SUBJECT_TYPE)
            listed = set(db.session.scalars(sa.select(WorkflowCase.id).where(clause))) if clause is not None else set()
            assert listed == {c.id for c in cases if workflow.can_act(user, c)}, user.email
            answers[user.email.split("@")[0]] = len(listed)
    assert answers == {"atasan": 3,  # staff and colleague at the unit head's step, staff at the supervisor's
                       "kasi": 2,  # the colleague's chosen supervisor; and a committee member
                       "hr": 1, "tpk": 1, "pegawai": 0, "rekan": 0, "ppk": 0, "admin": 0}


def _link(db, User, email, employee_id, roles):
    from jenjang.auth import operations as auth_ops
    from jenjang.people.models import Employee
    from tests.helpers import PASSWORD

    employee = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))
    auth_ops.create_user(full_name=employee.full_name, email=email, employee=employee, roles=roles, password=PASSWORD)


def test_my_cases_card_shows_my_own_cases_only(region, factory, client_for):
    _open_cases(factory, region, [region.staff_id])
    _open_cases(factory, region, [region.staff_id], kind="pilihan_prestasi")
    _open_cases(factory, region, [region.colleague_id])
    c = client_for(region.tenant)
    c.login("pegawai@pematangsiantar.demo")
    page = c.text(c.get("/"))
    card = page[page.index("Kenaikan pangkat saya"):]
    card = card[:card.index("</article>")]
    assert "Kenaikan pangkat reguler" in card and "Kenaikan pangkat pilihan — prestasi kerja luar biasa" in card
    assert card.count("Usulan unit kerja") == 2 and "III/a &rarr; III/b" in card
    assert "Menunggu tindakan Anda" not in page  # the employee acts on no step
