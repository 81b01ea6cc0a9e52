"""Promotion cases through the workflow engine: opening, the checklist, actors, versions,
concurrency, SLA reminders, closing into the rank history, attachments."""
from __future__ import annotations

import datetime as dt
import io
import re
import threading

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from tests.org import build_region

PERIOD = dt.date(2026, 12, 1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _on_22_november_2026(clock):
    """The hand-worked cases below (years in rank, the SKP years, the December period) are computed
    for HR working on 22 November 2026: the test sets that date rather than depend on today's."""
    clock.set("2026-11-22T09:00")


@pytest.fixture
def region(factory):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    return build_region(factory, tenant)


def _open(factory, region, kind="reguler", employee_id=None, **kw):
    from jenjang.people.models import Employee
    from jenjang.promotion import operations

    def run():
        from jenjang.extensions import db

        e = db.session.scalar(sa.select(Employee).where(Employee.id == (employee_id or region.staff_id)))
        return operations.open_case(e, kind, kw.pop("period", PERIOD), today=dt.date(2026, 11, 22), **kw).id

    return factory.run(region.tenant, run)


def _wcase(factory, region, promotion_id):
    return factory.scalar(region.tenant, f"SELECT workflow_case_id FROM promotion_cases WHERE id = {promotion_id}")


def _attach_all(factory, region, promotion_id):
    from jenjang.workflow import attachments
    from jenjang.workflow.models import WorkflowCase

    def run():
        from jenjang.extensions import db

        wcase = db.session.scalar(sa.select(WorkflowCase).where(WorkflowCase.id == _wid))
        for doc in wcase.step["documents"]:
            attachments.attach(wcase, FileStorage(io.BytesIO(PDF), filename=f"{doc['key']}.pdf"), doc["key"], None)

    _wid = _wcase(factory, region, promotion_id)
    factory.run(region.tenant, run)


def _act(client_for, region, email, promotion_id, action="approve", comment=""):
    c = client_for(region.tenant)
    c.login(email)
    page = c.text(c.get(f"/promotion/cases/{promotion_id}"))
    lock = re.search(r'name="lock" value="(\d+)"', page)
    wid = re.search(r'/cases/(\d+)/transition', page)
    assert lock and wid, f"{email} sees no action form"
    return c, c.post(f"/cases/{wid.group(1)}/transition",
                     {"action": action, "lock": lock.group(1), "comment": comment})


def test_eligible_employee_gets_a_case_with_a_readable_checklist(region, factory, client_for):
    pid = _open(factory, region)
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    page = c.text(c.get(f"/promotion/cases/{pid}"))
    assert "memenuhi syarat" in page
    assert "5 tahun 2 bulan di golongan III/a per 2026-12-01 (syarat 4 tahun" in page
    assert "Pendidikan S1: paling tinggi III/d; tujuan III/b." in page
    assert "Usulan unit kerja" in page and "menunggu" in page
    stored = factory.scalar(region.tenant, f"SELECT eligibility FROM promotion_cases WHERE id = {pid}")
    by_key = {r["key"]: r for r in stored}
    assert by_key["years_in_rank"]["inputs"]["completes_on"] == "2025-10-01"
    assert by_key["skp_two_years"]["inputs"]["predicates"] == {"2025": "sangat_baik", "2024": "baik"}
    assert all(r["passed"] is not False for r in stored)


def test_ineligible_case_shows_why(region, factory, client_for):
    pid = _open(factory, region, employee_id=region.colleague_id)  # III/a since 2024-04-01
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    page = c.text(c.get(f"/promotion/cases/{pid}"))
    assert "belum memenuhi syarat" in page
    assert "2 tahun 8 bulan di golongan III/a" in page


def test_full_chain_appends_the_new_rank_to_history_and_produces_the_sk(region, factory, client_for):
    pid = _open(factory, region)
    _act(client_for, region, "atasan@pematangsiantar.demo", pid)           # Usulan unit kerja
    c, r = _act(client_for, region, "hr@pematangsiantar.demo", pid)       # Verifikasi: documents missing
    assert "Lampirkan dulu dokumen wajib: SK pangkat terakhir, SKP dua tahun terakhir." in c.text(c.get(r.headers["Location"]))
    _attach_all(factory, region, pid)
    _act(client_for, region, "hr@pematangsiantar.demo", pid)
    _act(client_for, region, "tpk@pematangsiantar.demo", pid)
    _act(client_for, region, "ppk@pematangsiantar.demo", pid)
    c, r = _act(client_for, region, "hr@pematangsiantar.demo", pid)       # Penetapan
    assert r.status_code == 302
    row = factory.scalar(region.tenant, f"SELECT rank_id || ' ' || rank_tmt FROM employees WHERE id = {region.staff_id}")
    assert row == "10 2026-12-01"  # III/b from the period date
    history = factory.scalar(region.tenant, f"SELECT count(*) FROM employee_rank_history WHERE employee_id = "
                                            f"{region.staff_id} AND rank_id = 10 AND decree_number LIKE '800.1.3.3/%'")
    assert history == 1
    assert factory.scalar(region.tenant, f"SELECT status FROM promotion_cases WHERE id = {pid}") == "approved"
    pdf = c.get(f"/promotion/cases/{pid}/sk.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    transitions = factory.scalar(region.tenant, "SELECT count(*) FROM workflow_transitions")
    assert transitions == 6  # start + five approvals
    me = client_for(region.tenant)
    me.login("pegawai@pematangsiantar.demo")
    page = me.text(me.get(f"/promotion/cases/{pid}"))
    assert "Disetujui" in page and "III/b" in page


def test_wrong_actor_and_illegal_action_are_refused(region, factory, client_for):
    pid = _open(factory, region)
    wid = _wcase(factory, region, pid)
    hr = client_for(region.tenant)
    hr.login("hr@pematangsiantar.demo")
    page = hr.text(hr.get(f"/promotion/cases/{pid}"))
    assert "/transition" not in page  # HR is not the actor of the first step
    r = hr.post(f"/cases/{wid}/transition", {"action": "approve", "lock": "1"})
    assert r.status_code == 303
    assert "Langkah ini menunggu Kepala unit pegawai" in hr.text(hr.get(r.headers["Location"]))
    assert factory.scalar(region.tenant, f"SELECT step_index FROM workflow_cases WHERE id = {wid}") == 0
    boss, r = _act(client_for, region, "atasan@pematangsiantar.demo", pid, action="return", comment="x")
    assert "Tindakan ini tidak diizinkan pada langkah Usulan unit kerja." in boss.text(boss.get(r.headers["Location"]))
    _, r = _act(client_for, region, "atasan@pematangsiantar.demo", pid, action="reject")
    assert factory.scalar(region.tenant, f"SELECT status FROM workflow_cases WHERE id = {wid}") == "in_progress"


def test_a_colleague_cannot_see_the_case_and_gets_404(region, factory, client_for):
    pid = _open(factory, region)
    wid = _wcase(factory, region, pid)
    c = client_for(region.tenant)
    c.login("rekan@pematangsiantar.demo")
    assert c.get(f"/promotion/cases/{pid}").status_code == 404
    assert c.post(f"/cases/{wid}/transition", {"action": "approve", "lock": "1"}).status_code == 404


def test_editing_the_definition_mid_case_leaves_the_case_on_its_version(region, factory, client_for):
    from jenjang.workflow import api as workflow
    from jenjang.workflow import versions as workflow_versions
    from jenjang.workflow.definitions import make_step

    first = _open(factory, region)

    def add_step():
        definition = workflow.definition_by_key("promotion.reguler")
        draft = workflow_versions.draft_of(definition)
        workflow_versions.save_draft(draft, draft.steps + [make_step("Arsip", "role:hr")])
        return workflow_versions.publish(draft, "test").number

    assert factory.run(region.tenant, add_step) == 2
    second = _open(factory, region, kind="pilihan_prestasi")
    versions = factory.scalar(region.tenant, f"""SELECT string_agg(v.number::text || ':' || jsonb_array_length(v.steps),
        ',' ORDER BY p.id) FROM promotion_cases p JOIN workflow_cases w ON w.id = p.workflow_case_id
        JOIN workflow_versions v ON v.id = w.version_id WHERE p.id IN ({first}, {second})""")
    assert versions == "1:5,1:5"  # the prestasi definition was not edited
    third = _open(factory, region, employee_id=region.head_id)
    assert factory.scalar(region.tenant, f"""SELECT v.number FROM promotion_cases p JOIN workflow_cases w
        ON w.id = p.workflow_case_id JOIN workflow_versions v ON v.id = w.version_id WHERE p.id = {third}""") == 2
    assert factory.scalar(region.tenant, f"""SELECT v.number FROM promotion_cases p JOIN workflow_cases w
        ON w.id = p.workflow_case_id JOIN workflow_versions v ON v.id = w.version_id WHERE p.id = {first}""") == 1


def test_two_people_approving_at_once_make_exactly_one_transition(region, factory, app):
    from jenjang.auth.models import User
    from jenjang.extensions import db
    from jenjang.tenancy.context import tenant_context
    from jenjang.workflow import api as workflow
    from jenjang.workflow.models import WorkflowCase

    pid = _open(factory, region)
    wid = _wcase(factory, region, pid)
    factory.run(region.tenant, lambda: db.session.execute(
        sa.text("UPDATE workflow_cases SET step_index = 2 WHERE id = :w"), {"w": wid}))  # at Sidang TPK
    factory.user(region.tenant, "tpk2@pematangsiantar.demo", roles=["committee"])
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(email):
        with app.test_request_context(), tenant_context(region.tenant.id):
            user = db.session.scalar(sa.select(User).where(User.email == email))
            case = db.session.scalar(sa.select(WorkflowCase).where(WorkflowCase.id == wid))
            barrier.wait()
            try:
                workflow.transition(case, user, "approve", seen_lock=1)
                db.session.commit()
                outcomes.append("ok")
            except workflow.CaseMoved:
                db.session.rollback()
                outcomes.append("moved")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(e,)) for e in
               ("tpk@pematangsiantar.demo", "tpk2@pematangsiantar.demo")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["moved", "ok"]
    assert factory.scalar(region.tenant, f"SELECT step_index FROM workflow_cases WHERE id = {wid}") == 3
    assert factory.scalar(region.tenant, f"SELECT count(*) FROM workflow_transitions WHERE case_id = {wid} "
                                         "AND action = 'approve'") == 1


def test_sla_reminder_is_scheduled_and_moves_with_the_case(region, factory, client_for):
    pid = _open(factory, region)
    wid = _wcase(factory, region, pid)
    due = factory.scalar(region.tenant, f"SELECT step_due_at FROM workflow_cases WHERE id = {wid}")
    reminder = factory.scalar(region.tenant, f"SELECT due_at || '|' || status FROM notification_reminders "
                                             f"WHERE key = 'workflow.sla:{wid}:1'")
    assert reminder.endswith("|scheduled")
    assert due.weekday() < 5
    assert factory.scalar(region.tenant, f"SELECT count(*) FROM notification_reminders WHERE key = "
                                         f"'workflow.sla-admin:{wid}:1'") == 1
    _act(client_for, region, "atasan@pematangsiantar.demo", pid)
    states = factory.scalar(region.tenant, f"SELECT string_agg(key || '=' || status, ',' ORDER BY key) FROM "
                                           f"notification_reminders WHERE key LIKE 'workflow.sla:{wid}:%'")
    assert states == f"workflow.sla:{wid}:1=cancelled,workflow.sla:{wid}:2=scheduled"
    assigned = factory.scalar(region.tenant, "SELECT count(*) FROM notifications WHERE kind = 'workflow.assigned' "
                                             "AND recipient_user_id = (SELECT id FROM users WHERE email = "
                                             "'hr@pematangsiantar.demo')")
    assert assigned == 1


def test_overdue_reminder_fires_to_the_actor(region, factory, app, owner_engine, clock):
    from jenjang.notifications import tasks as notification_tasks

    pid = _open(factory, region)
    wid = _wcase(factory, region, pid)
    rid = factory.scalar(region.tenant, f"SELECT id FROM notification_reminders WHERE key = 'workflow.sla:{wid}:1'")
    with owner_engine.begin() as conn:
        conn.execute(sa.text("UPDATE notification_reminders SET due_at = :due WHERE id = :r"),
                     {"r": rid, "due": clock.now() - dt.timedelta(minutes=1)})
    fire = notification_tasks.fire_reminder
    factory.run(region.tenant, fire, rid)
    got = factory.scalar(region.tenant, "SELECT count(*) FROM notifications WHERE kind = 'workflow.overdue' AND "
                                        "recipient_user_id = (SELECT id FROM users WHERE email = 'atasan@pematangsiantar.demo')")
    assert got == 1


def test_bad_input_is_refused_with_a_reason(region, factory):
    from jenjang.promotion import operations

    with pytest.raises(operations.PromotionError, match="sudah lewat"):
        _open(factory, region, period=dt.date(2026, 11, 1))
    _open(factory, region)
    with pytest.raises(operations.PromotionError, match="masih berjalan"):
        _open(factory, region)
    with pytest.raises(operations.PromotionError, match="bukan periode"):
        _open(factory, region, kind="pilihan_prestasi", period=dt.date(2026, 12, 15))
    with pytest.raises(operations.PromotionError, match="Pilih jabatan tujuan"):
        _open(factory, region, kind="promosi_jabatan")

    def archive():
        from jenjang.extensions import db
        from jenjang.people import operations as people
        from jenjang.people.models import Employee

        people.archive(db.session.scalar(sa.select(Employee).where(Employee.id == region.colleague_id)), "moved")

    factory.run(region.tenant, archive)
    with pytest.raises(operations.PromotionError, match="diarsipkan"):
        _open(factory, region, employee_id=region.colleague_id)


def test_positional_move_places_the_employee_in_the_target_position(region, factory, client_for):
    pid = _open(factory, region, kind="rotasi", target_position_id=region.other_position_id)
    for email in ("atasan", "hr", "tpk", "ppk", "hr"):
        if email == "hr" and factory.scalar(region.tenant, f"SELECT step_index FROM workflow_cases WHERE id = "
                                                           f"{_wcase(factory, region, pid)}") == 1:
            _attach_all(factory, region, pid)
        _act(client_for, region, f"{email}@pematangsiantar.demo", pid)
    assert factory.scalar(region.tenant, f"SELECT position_id FROM employees WHERE id = {region.staff_id}") == \
        region.other_position_id


def test_publishing_an_empty_or_actorless_definition_is_refused(region, factory, client_for):
    c = client_for(region.tenant)
    c.login("admin@pematangsiantar.demo")
    did = factory.scalar(region.tenant, "SELECT id FROM workflow_definitions WHERE key = 'promotion.mutasi'")
    c.get(f"/admin/workflows/{did}")
    c.post(f"/admin/workflows/{did}/steps", {"name": "Cek tambahan"})
    r = c.post(f"/admin/workflows/{did}/publish")
    assert r.status_code == 422
    assert "Langkah 6 (Cek tambahan) belum punya pelaku." in c.text(r)
    for _ in range(6):
        c.post(f"/admin/workflows/{did}/steps/0/delete")
    r = c.post(f"/admin/workflows/{did}/publish")
    assert r.status_code == 422 and "Alur belum punya langkah." in c.text(r)
    assert factory.scalar(region.tenant, f"SELECT max(number) FROM workflow_versions WHERE definition_id = {did}") == 1


def test_attachments_are_checked_by_content_and_size(region, factory, client_for):
    pid = _open(factory, region)
    _act(client_for, region, "atasan@pematangsiantar.demo", pid)
    wid = _wcase(factory, region, pid)
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    c.get(f"/promotion/cases/{pid}")
    fake = c.post(f"/cases/{wid}/attachments", {"document_key": "sk_pangkat_terakhir",
                                                "file": (io.BytesIO(b"<html>not a pdf</html>"), "sk.pdf")},
                  content_type="multipart/form-data")
    assert "Berkas harus PDF, JPG atau PNG" in c.text(c.get(fake.headers["Location"]))
    big = c.post(f"/cases/{wid}/attachments", {"document_key": "sk_pangkat_terakhir",
                                               "file": (io.BytesIO(PDF + b"0" * (5 * 1024 * 1024)), "sk.pdf")},
                 content_type="multipart/form-data")
    assert "paling besar 5 MB" in c.text(c.get(big.headers["Location"]))
    assert factory.scalar(region.tenant, "SELECT count(*) FROM workflow_attachments") == 0
    ok = c.post(f"/cases/{wid}/attachments", {"document_key": "sk_pangkat_terakhir",
                                              "file": (io.BytesIO(PDF), "sk.pdf")}, content_type="multipart/form-data")
    assert ok.status_code == 302
    aid = factory.scalar(region.tenant, "SELECT id FROM workflow_attachments")
    assert c.get(f"/cases/{wid}/attachments/{aid}").data == PDF
    colleague = client_for(region.tenant)
    colleague.login("rekan@pematangsiantar.demo")
    assert colleague.get(f"/cases/{wid}/attachments/{aid}").status_code == 404
    storage = factory.scalar(region.tenant, "SELECT storage_name FROM workflow_attachments")
    assert re.fullmatch(r"[0-9a-f]{32}", storage)


def test_candidates_list_shows_the_eligible_and_those_missing_one_rule(region, factory, client_for):
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    page = c.text(c.get("/promotion/candidates?kind=reguler&period=2026-12-01"))
    assert "Dewi Lestari" in page and "memenuhi syarat" in page
    assert "Budi Santoso" not in page  # completes in 2028: more than one rule's worth away
    r = c.post("/promotion/candidates/open", {"kind": "reguler", "period": "2026-12-01",
                                              "employee_id": [str(region.staff_id)]})
    assert r.status_code == 302
    assert factory.scalar(region.tenant, "SELECT count(*) FROM promotion_cases") == 1
    assert "Dewi Lestari" not in c.text(c.get("/promotion/candidates?kind=reguler&period=2026-12-01"))


def test_settings_change_thresholds_and_periods(region, factory, client_for):
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    page = c.text(c.get("/promotion/settings"))
    assert "Peraturan BKN 4/2025" in page
    # the ceilings are Pasal 8 (Pasal 18 is the penyesuaian ijazah), beside the rule and the table
    assert page.count("PP 99/2000 Pasal 8 jo. PP 12/2002; Peraturan BKN 2/2025") >= 2
    assert "PP 99/2000 Pasal 18 jo. PP 12/2002" in page and "PP 99/2000 Pasal 11–12 jo. PP 12/2002" in page
    form = {"period_mode": "april_october"}
    for line in re.findall(r'name="([a-z_]+\.[a-z_]+\.[a-z_]+)"', page):
        form.setdefault(line, "on" if line.endswith(".enabled") else "")
    # keep every default threshold, switch regular promotion to five years, drop the sanction rule
    for name, value in re.findall(r'name="([a-z_]+\.[a-z_]+\.(?:min_years|min_percent|min_jp|short_years_in_rank|short_years_in_position))" value="(\d+)"', page):
        form[name] = value
    for name in re.findall(r'<select name="([a-z_]+\.[a-z_]+\.min_predicate)"', page):
        form[name] = "baik"
    for name in re.findall(r'<select name="([a-z_]+\.[a-z_]+\.min_education)"', page):
        form[name] = "S1" if ".administrator_" in name else "D3"
    form["reguler.years_in_rank.min_years"] = "5"
    form.pop("reguler.no_active_sanction.enabled")
    for name in [k for k in form if k.endswith(".enabled") and ".jpm_min." in k or ".jp_last_year." in k]:
        form.pop(name, None)
    r = c.post("/promotion/settings", form)
    assert r.status_code == 302, c.text(r)
    pid = _open(factory, region, period=dt.date(2027, 4, 1))
    stored = factory.scalar(region.tenant, f"SELECT eligibility FROM promotion_cases WHERE id = {pid}")
    keys = {x["key"]: x for x in stored}
    assert keys["years_in_rank"]["inputs"]["min_years"] == 5
    assert "no_active_sanction" not in keys
    from jenjang.promotion import operations

    with pytest.raises(operations.PromotionError, match="bukan periode"):
        _open(factory, region, kind="pilihan_prestasi", period=dt.date(2027, 1, 1))
    bad = c.post("/promotion/settings", {**form, "reguler.years_in_rank.min_years": "abc"})
    assert bad.status_code == 422 and "tulis angka bulat" in c.text(bad)


def test_case_list_filters_by_status_and_kind_and_shows_overdue_first(region, factory, client_for, owner_engine,
                                                                     clock):
    first = _open(factory, region)
    second = _open(factory, region, employee_id=region.colleague_id)
    with owner_engine.begin() as conn:  # the second case is overdue
        conn.execute(sa.text("UPDATE workflow_cases SET step_due_at = :due WHERE id = "
                             "(SELECT workflow_case_id FROM promotion_cases WHERE id = :p)"),
                     {"p": second, "due": clock.now() - dt.timedelta(days=2)})
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    r = c.get("/promotion?status=in_progress&kind=reguler")
    assert r.status_code == 200
    page = c.text(r)
    assert page.index("Budi Santoso") < page.index("Dewi Lestari")
    assert "terlambat" in page
    assert "Tidak ada kasus." in c.text(c.get("/promotion?status=approved"))
    fragment = c.text(c.get("/promotion?status=all", headers={"HX-Request": "true"}))
    assert "<html" not in fragment and f"/promotion/cases/{first}" in fragment


def test_a_january_period_has_candidates_and_the_page_names_the_skp_years(region, factory, client_for):
    """Issue 15: the 1 January 2027 period read the SKP of 2026, not final before 31 January, so
    nobody was eligible; it reads the last two final years, 2025 and 2024, and says so."""
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    page = c.text(c.get("/promotion/candidates?kind=reguler&period=2027-01-01"))
    assert "Predikat SKP yang dipakai: tahun 2025 dan 2024" in page
    assert "SKP 2025/2024" in page
    row = page.split("<td>Dewi Lestari<br>")[1].split("</tr>")[0]
    assert "memenuhi syarat" in row
    assert "PP 99/2000 Pasal 8 jo. PP 12/2002" in page  # each rule with its citation
    feb = c.text(c.get("/promotion/candidates?kind=reguler&period=2027-02-01"))
    assert "Predikat SKP yang dipakai: tahun 2026 dan 2025" in feb


def test_structural_choice_and_diploma_adjustment_cases_explain_their_checks(region, factory, client_for):
    from jenjang.people import operations as people
    from jenjang.people.models import RANK_IDS

    def make():
        # II/d in a pengawas position whose lowest rank is III/a: one step below, in rank and in
        # the position since 1 December 2025, so the 1 December 2026 period is exactly one year on
        e = people.create_employee(nip="198801012012031009", full_name="Rina Kartika", rank_id=RANK_IDS["II/d"],
                                   rank_tmt=dt.date(2025, 12, 1), position_id=region.other_position_id,
                                   position_tmt=dt.date(2025, 12, 1), education_level="S1",
                                   override_reason="Diangkat dalam jabatan satu tingkat di bawah pangkat terendah")
        people.set_skp(e, 2024, "baik")
        people.set_skp(e, 2025, "baik")
        # a D-III diploma while at II/b: penyesuaian ijazah to II/c
        d = people.create_employee(nip="199001012014031010", full_name="Sari Wulandari", rank_id=RANK_IDS["II/b"],
                                   rank_tmt=dt.date(2024, 4, 1), position_id=region.staff_position_id,
                                   position_tmt=dt.date(2014, 3, 1), education_level="D3")
        people.set_skp(d, 2025, "baik")
        return e.id, d.id

    structural_id, diploma_id = factory.run(region.tenant, make)
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    cands = c.text(c.get("/promotion/candidates?kind=pilihan_struktural&period=2026-12-01"))
    assert "memenuhi syarat" in cands.split("<td>Rina Kartika<br>")[1].split("</tr>")[0]
    dewi = cands.split("<td>Dewi Lestari<br>")[1].split("</tr>")[0]  # a pelaksana: the one rule she misses
    assert "memenuhi syarat" not in dewi and "Masa dalam golongan dan jabatan struktural" in dewi
    assert "PP 99/2000 Pasal 11–12 jo. PP 12/2002" in dewi
    diploma = c.text(c.get("/promotion/candidates?kind=pilihan_ijazah&period=2026-12-01"))
    row = diploma.split("<td>Sari Wulandari<br>")[1].split("</tr>")[0]
    assert "II/b &rarr; II/c" in row and "Lulus ujian penyesuaian ijazah" in row and "memenuhi syarat" not in row
    bad = c.post("/promotion/adjustment-exams", {"nip": "199001012014031010", "education_level": "D3",
                                                  "passed_on": "2027-05-01"})
    assert bad.status_code == 422 and "tidak boleh sesudah hari ini" in c.text(bad)
    r = c.post("/promotion/adjustment-exams", {"nip": "199001012014031010", "education_level": "D3",
                                                "passed_on": "2026-10-15", "reference": "UPKP/2026/17"})
    assert r.status_code == 302
    assert "UPKP/2026/17" in c.text(c.get("/promotion/adjustment-exams"))
    diploma = c.text(c.get("/promotion/candidates?kind=pilihan_ijazah&period=2026-12-01"))
    row = diploma.split("<td>Sari Wulandari<br>")[1].split("</tr>")[0]
    assert "II/b &rarr; II/c" in row and "memenuhi syarat" in row
    pid = _open(factory, region, kind="pilihan_struktural", employee_id=structural_id)
    checks = {x["key"]: x for x in factory.scalar(region.tenant,
                                                   f"SELECT eligibility FROM promotion_cases WHERE id = {pid}")}
    assert checks["structural_time"]["passed"] is True, checks["structural_time"]
    assert checks["structural_time"]["inputs"]["one_step_below"]
    assert "years_in_rank" not in checks
    pid = _open(factory, region, kind="pilihan_ijazah", employee_id=diploma_id)
    assert factory.scalar(region.tenant, f"SELECT to_rank_id FROM promotion_cases WHERE id = {pid}") == RANK_IDS["II/c"]
    page = c.text(c.get(f"/promotion/cases/{pid}"))
    assert "Pangkat pertama ijazah baru" in page and "pangkat pertama II/c" in page
    assert "Lulus ujian penyesuaian ijazah D3 pada 2026-10-15" in page
    cands = c.text(c.get("/promotion/candidates?kind=pilihan_struktural&period=2026-12-01"))
    assert "Rina Kartika" not in cands  # her case is open


def test_promotion_to_pengawas_and_administrator_checks_pp_11_2017(region, factory, client_for):
    """Dewi (S1, pelaksana since March 2019: 7 years) may move to the pengawas position; to the
    administrator position she lacks the 3 years as pengawas, and the checklist says so."""
    pid = _open(factory, region, kind="promosi_jabatan", target_position_id=region.other_position_id)
    checks = {x["key"]: x for x in factory.scalar(region.tenant,
                                                   f"SELECT eligibility FROM promotion_cases WHERE id = {pid}")}
    assert checks["pengawas_education"]["passed"] is True and checks["pengawas_experience"]["passed"] is True
    assert checks["administrator_education"]["passed"] is None  # not an administrator position
    pid = _open(factory, region, kind="promosi_jabatan", target_position_id=region.head_position_id,
                employee_id=region.colleague_id)
    checks = {x["key"]: x for x in factory.scalar(region.tenant,
                                                   f"SELECT eligibility FROM promotion_cases WHERE id = {pid}")}
    assert checks["administrator_education"]["passed"] is True
    assert checks["administrator_experience"]["passed"] is False
    assert checks["pengawas_experience"]["passed"] is None
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    page = c.text(c.get(f"/promotion/cases/{pid}"))
    assert "Pengalaman sebagai pengawas" in page and "jabatan administrator mensyaratkan 3 tahun" in page



def test_an_adjustment_exam_cannot_be_recorded_for_another_regions_employee(region, factory, client_for):
    other = build_region(factory, factory.tenant("palangkaraya"), seq=2)
    c = client_for(other.tenant)
    c.login("hr@palangkaraya.demo")
    r = c.post("/promotion/adjustment-exams", {"nip": "199507152019032001", "education_level": "S1",
                                                "passed_on": "2026-10-15"})
    assert r.status_code == 422 and "tidak ada di wilayah ini" in c.text(r)
    assert factory.scalar(region.tenant, "SELECT count(*) FROM adjustment_exams") == 0
    pegawai = client_for(region.tenant)
    pegawai.login("pegawai@pematangsiantar.demo")
    assert pegawai.get("/promotion/adjustment-exams").status_code == 403
