"""A case never gets stuck: a step whose actor resolves to nobody is escalated (to the role the
tenant chose, HR by default) and the case page says so; HR or an admin reassigns an open step to
a named person, with a reason, in the audit log and the case history."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from tests.org import build_region, nip

PERIOD = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _on_22_november_2026(clock):
    clock.set("2026-11-22T09:00")


@pytest.fixture
def region(factory):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    return build_region(factory, tenant)


def _open(factory, region, employee_id=None):
    from jenjang.people.models import Employee
    from jenjang.promotion import operations

    def run():
        from jenjang.extensions import db

        e = db.session.scalar(sa.select(Employee).where(Employee.id == (employee_id or region.staff_id)))
        case = operations.open_case(e, "reguler", PERIOD, today=dt.date(2026, 11, 22))
        return case.id, case.workflow_case_id

    return factory.run(region.tenant, run)


def _disable(owner_engine, email):
    with owner_engine.begin() as conn:
        conn.execute(sa.text("UPDATE users SET is_active = false WHERE email = :e"), {"e": email})


def _login(client_for, region, email):
    c = client_for(region.tenant)
    c.login(email)
    return c


def _case_page(c, pid):
    return c.text(c.get(f"/promotion/cases/{pid}"))


# --- escalation ------------------------------------------------------------------------------

def test_unit_head_without_an_account_escalates_the_step_to_hr_and_the_case_says_so(region, factory, client_for,
                                                                                    owner_engine):
    _disable(owner_engine, "atasan@pematangsiantar.demo")  # the unit head's account is switched off
    pid, wid = _open(factory, region)
    assert factory.scalar(region.tenant, f"SELECT escalated_role FROM workflow_cases WHERE id = {wid}") == "hr"
    row = factory.scalar(region.tenant, f"SELECT actor_label || '|' || comment FROM workflow_transitions "
                                        f"WHERE case_id = {wid} AND action = 'escalate'")
    assert row.startswith("system|Tidak ada akun yang dapat bertindak sebagai Kepala unit pegawai")
    assert "dialihkan ke Kepegawaian (HR)" in row
    hr = _login(client_for, region, "hr@pematangsiantar.demo")
    page = _case_page(hr, pid)
    assert "dieskalasi" in page and "jadi langkah ini dialihkan ke Kepegawaian (HR)" in page
    assert 'name="lock"' in page  # HR can act on it
    assert "Dieskalasi" in page  # the history entry
    waiting = hr.text(hr.get("/promotion?waiting=me"))
    assert f"/promotion/cases/{pid}" in waiting
    notified = factory.scalar(region.tenant, "SELECT count(*) FROM notifications WHERE kind = 'workflow.assigned' AND "
                                             "recipient_user_id = (SELECT id FROM users WHERE email = "
                                             "'hr@pematangsiantar.demo')")
    assert notified == 1
    # HR approves the escalated step; the case moves on to the next step, no longer escalated
    r = hr.post(f"/cases/{wid}/transition", {"action": "approve", "lock": "1", "comment": ""})
    assert r.status_code == 302
    assert factory.scalar(region.tenant, f"SELECT step_index || '|' || coalesce(escalated_role, '-') "
                                         f"FROM workflow_cases WHERE id = {wid}") == "1|-"


def test_a_step_with_an_actor_is_not_escalated(region, factory):
    pid, wid = _open(factory, region)
    assert factory.scalar(region.tenant, f"SELECT escalated_role FROM workflow_cases WHERE id = {wid}") is None
    assert factory.scalar(region.tenant, f"SELECT count(*) FROM workflow_transitions WHERE case_id = {wid} "
                                         "AND action = 'escalate'") == 0


def test_escalation_goes_to_the_role_the_tenant_chose(region, factory, client_for, owner_engine):
    admin = _login(client_for, region, "admin@pematangsiantar.demo")
    assert 'name="escalation_role"' in admin.text(admin.get("/admin/workflows"))
    r = admin.post("/admin/workflows/escalation", {"escalation_role": "admin"})
    assert r.status_code == 302
    assert factory.scalar(region.tenant, "SELECT escalation_role FROM workflow_settings") == "admin"
    assert factory.scalar(region.tenant, "SELECT count(*) FROM audit_log WHERE action = 'workflow.settings_changed'") == 1
    _disable(owner_engine, "atasan@pematangsiantar.demo")
    pid, wid = _open(factory, region)
    assert factory.scalar(region.tenant, f"SELECT escalated_role FROM workflow_cases WHERE id = {wid}") == "admin"
    hr = _login(client_for, region, "hr@pematangsiantar.demo")
    assert 'name="lock"' not in _case_page(hr, pid)  # HR is not the escalation role any more
    assert 'name="lock"' in _case_page(admin, pid)


def test_an_employee_cannot_change_the_escalation_role(region, factory, client_for):
    c = _login(client_for, region, "pegawai@pematangsiantar.demo")
    assert c.post("/admin/workflows/escalation", {"escalation_role": "admin"}).status_code == 403
    assert factory.scalar(region.tenant, "SELECT count(*) FROM workflow_settings") == 0


# --- reassignment -----------------------------------------------------------------------------

def test_hr_reassigns_a_step_to_a_named_person_who_then_acts_and_the_original_actor_cannot(region, factory,
                                                                                           client_for):
    pid, wid = _open(factory, region)
    hr = _login(client_for, region, "hr@pematangsiantar.demo")
    assert f"/cases/{wid}/reassign" in _case_page(hr, pid)
    form = hr.text(hr.get(f"/cases/{wid}/reassign"))
    assert "menunggu Kepala unit pegawai" in form
    colleague_nip = factory.scalar(region.tenant, f"SELECT nip FROM employees WHERE id = {region.colleague_id}")
    r = hr.post(f"/cases/{wid}/reassign", {"lock": "1", "person": colleague_nip,
                                           "reason": "Kepala bidang cuti besar sampai Januari"})
    assert r.status_code == 302
    rekan = factory.scalar(region.tenant, "SELECT id FROM users WHERE email = 'rekan@pematangsiantar.demo'")
    assert factory.scalar(region.tenant, f"SELECT assignee_user_id FROM workflow_cases WHERE id = {wid}") == rekan
    history = factory.scalar(region.tenant, f"SELECT actor_label || '|' || comment FROM workflow_transitions "
                                            f"WHERE case_id = {wid} AND action = 'reassign'")
    assert history == ("hr@pematangsiantar.demo|Kepada Budi Santoso (rekan@pematangsiantar.demo). "
                       "Alasan: Kepala bidang cuti besar sampai Januari")
    audit = factory.scalar(region.tenant, "SELECT after::text FROM audit_log WHERE action = 'workflow.reassigned' "
                                          f"AND object_id = '{wid}'")
    assert "Kepala bidang cuti besar sampai Januari" in audit and f'"assignee_user_id": {rekan}' in audit
    page = _case_page(hr, pid)
    assert "Dialihkan" in page and "Budi Santoso" in page and "dialihkan" in page
    # the original actor (the unit head) no longer can act
    atasan = _login(client_for, region, "atasan@pematangsiantar.demo")
    assert 'name="lock"' not in _case_page(atasan, pid)
    assert f"/promotion/cases/{pid}" not in atasan.text(atasan.get("/promotion?waiting=me"))
    refused = atasan.post(f"/cases/{wid}/transition", {"action": "approve", "lock": "2", "comment": ""})
    assert refused.status_code in (302, 303)
    assert factory.scalar(region.tenant, f"SELECT step_index FROM workflow_cases WHERE id = {wid}") == 0
    # the named person sees it in "waiting for me" and acts
    colleague = _login(client_for, region, "rekan@pematangsiantar.demo")
    assert f"/promotion/cases/{pid}" in colleague.text(colleague.get("/promotion?waiting=me"))
    page = _case_page(colleague, pid)
    lock = re.search(r'name="lock" value="(\d+)"', page).group(1)
    r = colleague.post(f"/cases/{wid}/transition", {"action": "approve", "lock": lock})
    # once the step has left them they no longer see the case: back to the dashboard, not to a 404
    assert r.status_code == 302 and r.headers["Location"] == "/"
    assert "Tersimpan; kasus berpindah ke langkah berikutnya." in colleague.text(colleague.get("/"))
    assert colleague.get(f"/promotion/cases/{pid}").status_code == 404
    assert factory.scalar(region.tenant, f"SELECT step_index || '|' || coalesce(assignee_user_id::text, '-') "
                                         f"FROM workflow_cases WHERE id = {wid}") == "1|-"


def test_reassigning_is_refused_with_a_form_error_for_people_outside_the_tenant_or_without_an_account(
        region, factory, client_for):
    from jenjang.people import operations as people

    other = factory.tenant("palangkaraya", name="Pemerintah Kota Palangka Raya")
    factory.user(other, "orang@palangkaraya.demo", nip=factory.nip(other, 3))
    no_account = factory.run(region.tenant, lambda: people.create_employee(
        nip=nip("19880101", "201001", "1", 77), full_name="Sinta Tanpa Akun").nip)
    pid, wid = _open(factory, region)
    hr = _login(client_for, region, "hr@pematangsiantar.demo")
    cases = {
        "orang@palangkaraya.demo": "Tidak ada pegawai dengan NIP atau email orang@palangkaraya.demo di instansi ini.",
        factory.nip(other, 3): "Tidak ada pegawai dengan NIP atau email",
        no_account: "Sinta Tanpa Akun belum punya akun aktif, jadi tidak dapat menerima langkah ini.",
        "pegawai@pematangsiantar.demo": "Pegawai yang diajukan tidak dapat memproses kasusnya sendiri.",
    }
    for person, message in cases.items():
        r = hr.post(f"/cases/{wid}/reassign", {"lock": "1", "person": person, "reason": "Atasan cuti"})
        assert r.status_code == 422, person
        assert message in hr.text(r), person
        assert 'class="field-error"' in hr.text(r)
    r = hr.post(f"/cases/{wid}/reassign", {"lock": "1", "person": "rekan@pematangsiantar.demo", "reason": " "})
    assert r.status_code == 422 and "Tulis alasan pengalihan." in hr.text(r)
    assert factory.scalar(region.tenant, f"SELECT assignee_user_id IS NULL AND lock_version = 1 FROM workflow_cases "
                                         f"WHERE id = {wid}")
    assert factory.scalar(region.tenant, "SELECT count(*) FROM workflow_transitions WHERE action = 'reassign'") == 0
    assert factory.scalar(region.tenant, "SELECT count(*) FROM audit_log WHERE action = 'workflow.reassigned'") == 0


def test_an_employee_cannot_reassign(region, factory, client_for):
    pid, wid = _open(factory, region)
    for email in ("pegawai@pematangsiantar.demo", "atasan@pematangsiantar.demo"):
        c = _login(client_for, region, email)
        assert f"/cases/{wid}/reassign" not in _case_page(c, pid)
        assert c.get(f"/cases/{wid}/reassign").status_code == 403
        r = c.post(f"/cases/{wid}/reassign", {"lock": "1", "person": "rekan@pematangsiantar.demo", "reason": "x"})
        assert r.status_code == 403
    assert factory.scalar(region.tenant, f"SELECT assignee_user_id FROM workflow_cases WHERE id = {wid}") is None


def test_admin_reassigns_an_escalated_step_and_a_stale_form_is_refused(region, factory, client_for, owner_engine):
    _disable(owner_engine, "atasan@pematangsiantar.demo")
    pid, wid = _open(factory, region)
    admin = _login(client_for, region, "admin@pematangsiantar.demo")
    r = admin.post(f"/cases/{wid}/reassign", {"lock": "1", "person": "rekan@pematangsiantar.demo",
                                              "reason": "Kepala bidang belum punya akun"})
    assert r.status_code == 302
    assert factory.scalar(region.tenant, f"SELECT coalesce(escalated_role, '-') || '|' || lock_version "
                                         f"FROM workflow_cases WHERE id = {wid}") == "-|2"
    hr = _login(client_for, region, "hr@pematangsiantar.demo")
    assert 'name="lock"' not in _case_page(hr, pid)  # escalated to HR before; now the named person's
    stale = admin.post(f"/cases/{wid}/reassign", {"lock": "1", "person": "hr@pematangsiantar.demo", "reason": "x"})
    assert stale.status_code == 302
    assert factory.scalar(region.tenant, f"SELECT count(*) FROM workflow_transitions WHERE case_id = {wid} "
                                         "AND action = 'reassign'") == 1


# --- actors who leave while a case waits on them ----------------------------------------------------

def _archive(factory, region, employee_id):
    from jenjang.extensions import db
    from jenjang.people import operations as people
    from jenjang.people.models import Employee

    factory.run(region.tenant, lambda: people.archive(
        db.session.scalar(sa.select(Employee).where(Employee.id == employee_id)), "retired"))


def test_a_unit_head_archived_while_the_case_waits_on_them_escalates_it_to_hr(region, factory):
    pid, wid = _open(factory, region)
    assert factory.scalar(region.tenant, f"SELECT escalated_role FROM workflow_cases WHERE id = {wid}") is None
    _archive(factory, region, region.head_id)
    assert factory.scalar(region.tenant, f"SELECT escalated_role || '|' || lock_version FROM workflow_cases "
                                         f"WHERE id = {wid}") == "hr|2"
    assert factory.scalar(region.tenant, f"SELECT count(*) FROM workflow_transitions WHERE case_id = {wid} "
                                         "AND action = 'escalate'") == 1
    states = factory.scalar(region.tenant, f"SELECT string_agg(key || '=' || status, ',' ORDER BY key) FROM "
                                           f"notification_reminders WHERE key LIKE 'workflow.sla:{wid}:%'")
    assert states == f"workflow.sla:{wid}:1=cancelled,workflow.sla:{wid}:2=scheduled"
    assert factory.scalar(region.tenant, "SELECT count(*) FROM notifications WHERE kind = 'workflow.assigned' AND "
                                         "recipient_user_id = (SELECT id FROM users WHERE email = "
                                         "'hr@pematangsiantar.demo')") == 1


def test_when_the_person_a_step_was_reassigned_to_leaves_it_returns_to_the_defined_actor(region, factory,
                                                                                       client_for):
    pid, wid = _open(factory, region)
    hr = _login(client_for, region, "hr@pematangsiantar.demo")
    assert hr.post(f"/cases/{wid}/reassign", {"lock": "1", "person": "rekan@pematangsiantar.demo",
                                              "reason": "Atasan dinas luar"}).status_code == 302
    _archive(factory, region, region.colleague_id)
    assert factory.scalar(region.tenant, f"SELECT coalesce(assignee_user_id::text, '-') || '|' || "
                                         f"coalesce(escalated_role, '-') || '|' || lock_version FROM workflow_cases "
                                         f"WHERE id = {wid}") == "-|-|3"
    atasan = _login(client_for, region, "atasan@pematangsiantar.demo")
    assert 'name="lock"' in _case_page(atasan, pid)


def test_a_training_enrolment_step_reassigned_to_a_colleague_is_visible_to_them_and_approvable(factory, client_for):
    """The engine is shared: a training approval reassigned to someone outside the employee's chain
    opens for that person (and for nobody else outside it)."""
    from tests.training_support import enrol, enrolment_row, training_region

    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    tr = training_region(factory, tenant)
    eid = enrol(factory, tenant, tr.session_id, tr.staff_id)
    wid = enrolment_row(factory, tenant, eid)["workflow_case_id"]
    colleague = client_for(tenant)
    colleague.login("rekan@pematangsiantar.demo")
    assert colleague.get(f"/training/enrolments/{eid}").status_code == 404
    hr = client_for(tenant)
    hr.login("hr@pematangsiantar.demo")
    lock = factory.scalar(tenant, f"SELECT lock_version FROM workflow_cases WHERE id = {wid}")
    assert hr.post(f"/cases/{wid}/reassign", {"lock": str(lock), "person": "rekan@pematangsiantar.demo",
                                              "reason": "Atasan dinas luar"}).status_code == 302
    page = colleague.text(colleague.get(f"/training/enrolments/{eid}"))
    assert 'name="lock"' in page
    lock = re.search(r'name="lock" value="(\d+)"', page).group(1)
    assert colleague.post(f"/cases/{wid}/transition", {"action": "approve", "lock": lock}).status_code == 302
    assert factory.scalar(tenant, f"SELECT status FROM workflow_cases WHERE id = {wid}") == "approved"
    assert enrolment_row(factory, tenant, eid)["status"] == "approved"
