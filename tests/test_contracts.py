"""PPPK contracts: HR's pages (list, an employee's contracts, add/edit with the PDF, documents),
the renewal through the workflow engine to the new contract and its letter, the employee's own
page, the dashboard card, tenant walls and the demo step."""
from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa

from tests.contracts_support import PDF, add_contract, make_pppk, setup_region


@pytest.fixture(autouse=True)
def _on_1_october_2026(clock):
    clock.set("2026-10-01T09:00")


def _hr(client_for, tenant):
    c = client_for(tenant)
    c.login(f"hr@{tenant.slug}.demo")
    return c


def _post_contract(c, employee_id, **overrides):
    data = {"number": "800/PK/010/2026", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "position_id": "",
            "grade_id": "9", "document": (io.BytesIO(PDF), "perjanjian.pdf")}
    data.update(overrides)
    return c.post(f"/contracts/employees/{employee_id}/new", data, content_type="multipart/form-data")


def test_hr_records_contract_with_pdf_and_downloads_it(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    c = _hr(client_for, tenant)
    r = _post_contract(c, pppk)
    assert r.status_code == 302, c.text(r)
    page = c.text(c.get(f"/contracts/employees/{pppk}"))
    assert "800/PK/010/2026" in page and "perjanjian.pdf" in page and ">IX<" in page
    cid = factory.scalar(tenant, "SELECT id FROM employee_contracts")
    doc = c.get(f"/contracts/{cid}/document")
    assert doc.status_code == 200 and doc.mimetype == "application/pdf" and doc.data == PDF
    stored = factory.scalar(tenant, "SELECT document_stored FROM employee_contracts")
    assert (factory.app.config["FILES_DIR"] and stored and len(stored) == 32)
    assert factory.scalar(tenant, "SELECT count(*) FROM audit_log WHERE action = 'contracts.contract_recorded'") == 1


def test_hr_corrects_contract_and_keeps_document_when_none_chosen(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    cid = add_contract(factory, tenant, pppk, dt.date(2026, 1, 1), dt.date(2026, 12, 31), document=True)
    c = _hr(client_for, tenant)
    r = c.post(f"/contracts/{cid}/edit", {"number": "800/PK/011/2026", "starts_on": "2026-01-01",
                                          "ends_on": "2027-06-30", "position_id": str(region.staff_position_id),
                                          "grade_id": "10"}, content_type="multipart/form-data")
    assert r.status_code == 302
    row = factory.run(tenant, lambda: _contract_row(cid))
    assert row.number == "800/PK/011/2026" and row.ends_on == dt.date(2027, 6, 30) and row.grade_id == 10
    assert row.position_name == "Analis Kepegawaian" and row.document_name == "pk.pdf"


def _contract_row(cid):
    from jenjang.extensions import db

    return db.session.execute(sa.text("SELECT * FROM employee_contracts WHERE id = :i"), {"i": cid}).one()


@pytest.mark.parametrize("overrides, message", [
    ({"document": (io.BytesIO(b"GIF89a not a pdf"), "x.pdf")}, "harus berkas PDF"),
    ({"document": (io.BytesIO(b"%PDF-" + b"x" * (5 * 1024 * 1024 + 10)), "big.pdf")}, "paling besar 5 MB"),
    ({"starts_on": "2026-06-01", "ends_on": "2026-05-01"}, "harus sesudah tanggal mulai"),
    ({"starts_on": "2026-01-01", "ends_on": "2026-11-30"}, "paling singkat 12 bulan"),
    ({"number": ""}, "Wajib diisi"),
    ({"ends_on": "31/12/2026"}, "ends_on"),
])
def test_contract_form_refuses_bad_input_with_a_clear_error_and_writes_nothing(factory, client_for, overrides,
                                                                                message):
    tenant, region, pppk = setup_region(factory)
    c = _hr(client_for, tenant)
    r = _post_contract(c, pppk, **overrides)
    assert r.status_code == 422
    assert message in c.text(r)
    assert factory.scalar(tenant, "SELECT count(*) FROM employee_contracts") == 0


def test_minimum_length_cites_pasal_37_and_follows_the_tenant_setting(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    c = _hr(client_for, tenant)
    r = _post_contract(c, pppk, ends_on="2026-11-30")
    assert "PP 49/2018 Pasal 37 ayat (1)" in c.text(r)
    r = c.post("/contracts/settings", {"min_months": "6", "max_months": "60", "reminder_days": "60, 14",
                                       "min_months_regulation": "Perkada 1/2026 (contoh)"})
    assert r.status_code == 302
    assert _post_contract(c, pppk, ends_on="2026-06-30").status_code == 302
    assert factory.scalar(tenant, "SELECT reminder_days FROM contract_settings") == [60, 14]


def test_settings_refuse_bad_reminder_days(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    c = _hr(client_for, tenant)
    r = c.post("/contracts/settings", {"min_months": "12", "max_months": "60", "reminder_days": "90, abc",
                                       "min_months_regulation": "x"})
    assert r.status_code == 422 and "Hari pengingat harus bilangan" in c.text(r)
    r = c.post("/contracts/settings", {"min_months": "24", "max_months": "12", "reminder_days": "90",
                                       "min_months_regulation": "x"})
    assert r.status_code == 422 and "Perpanjangan paling lama" in c.text(r)
    assert factory.scalar(tenant, "SELECT count(*) FROM contract_settings") == 0


def test_overlapping_contract_is_refused(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    add_contract(factory, tenant, pppk, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    c = _hr(client_for, tenant)
    r = _post_contract(c, pppk, starts_on="2026-06-01", ends_on="2027-05-31")
    assert r.status_code == 422 and "bertumpang tindih" in c.text(r)


def test_a_pns_gets_a_clear_error_instead_of_a_contract(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    c = _hr(client_for, tenant)
    page = c.get(f"/contracts/employees/{region.staff_id}/new")
    assert page.status_code == 200 and "adalah PNS" in c.text(page) and 'name="number"' not in c.text(page)
    r = _post_contract(c, region.staff_id)
    assert r.status_code == 422 and "adalah PNS" in c.text(r)
    assert factory.scalar(tenant, "SELECT count(*) FROM employee_contracts") == 0
    assert "PNS tidak memiliki perjanjian kerja" in c.text(c.get(f"/contracts/employees/{region.staff_id}"))


def test_list_filters_by_window_and_unit(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    other = make_pppk(factory, tenant, region, nip="199203152021212002", name="Sari Dewi", email="sari@x.demo")
    add_contract(factory, tenant, pppk, dt.date(2025, 10, 21), dt.date(2026, 10, 20), number="PK-A")  # 19 days
    add_contract(factory, tenant, other, dt.date(2025, 12, 16), dt.date(2026, 12, 15), number="PK-B")  # 75 days
    c = _hr(client_for, tenant)
    assert "PK-A" in c.text(c.get("/contracts?window=30")) and "PK-B" not in c.text(c.get("/contracts?window=30"))
    page = c.text(c.get("/contracts?window=90"))
    assert page.index("PK-A") < page.index("PK-B")
    assert "PK-B" in c.text(c.get("/contracts?window=all"))
    assert "PK-A" in c.text(c.get(f"/contracts?window=all&unit={region.unit_id}"))
    other_unit = factory.scalar(tenant, "SELECT id FROM units WHERE parent_id IS NULL")
    sibling = factory.run(tenant, lambda: _new_unit())
    assert "PK-A" in c.text(c.get(f"/contracts?window=all&unit={other_unit}"))  # the bidang is below the dinas
    assert "PK-A" not in c.text(c.get(f"/contracts?window=all&unit={sibling}"))
    rows = c.get("/contracts?window=90", headers={"HX-Request": "true", "HX-Target": "contract-rows"})
    assert "<html" not in c.text(rows) and "PK-A" in c.text(rows)
    assert c.get("/contracts?window=zzz&unit=abc").status_code == 200


def _new_unit():
    from jenjang.people import operations as people

    return people.save_unit(None, name="Dinas Kesehatan", kind="dinas", parent_id=None, code="DINKES").id


def test_employees_and_colleagues_cannot_open_hr_pages(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    cid = add_contract(factory, tenant, pppk, dt.date(2026, 1, 1), dt.date(2026, 12, 31), document=True)
    colleague = client_for(tenant)
    colleague.login(f"rekan@{tenant.slug}.demo")
    assert colleague.get("/contracts").status_code == 403
    assert colleague.get(f"/contracts/{cid}/document").status_code == 404  # not theirs: it does not exist
    assert colleague.get(f"/contracts/employees/{pppk}/new").status_code == 403
    me = client_for(tenant)
    me.login(f"pppk@{tenant.slug}.demo")
    assert me.get(f"/contracts/{cid}/document").status_code == 200
    assert me.get(f"/contracts/{cid}/edit").status_code == 403
    head = client_for(tenant)
    head.login(f"atasan@{tenant.slug}.demo")
    assert head.get(f"/contracts/employees/{pppk}").status_code == 200  # the unit head proposes renewals
    assert "Usulkan perpanjangan" in head.text(head.get(f"/contracts/employees/{pppk}"))


def test_another_regions_contracts_renewals_and_files_are_404(factory, client_for):
    a, region_a, pppk_a = setup_region(factory, "pematangsiantar")
    b, region_b, pppk_b = setup_region(factory, "palangkaraya")
    cid_b = add_contract(factory, b, pppk_b, dt.date(2025, 11, 1), dt.date(2026, 10, 31), document=True)
    rid_b = factory.run(b, lambda: _open_and_approve(cid_b, b.slug))
    new_b = factory.scalar(b, f"SELECT new_contract_id FROM contract_renewals WHERE id = {rid_b}")
    c = _hr(client_for, a)
    for path in (f"/contracts/employees/{pppk_b}", f"/contracts/employees/{pppk_b}/new", f"/contracts/{cid_b}/edit",
                 f"/contracts/{cid_b}/document", f"/contracts/{cid_b}/renewal/new", f"/contracts/renewals/{rid_b}",
                 f"/contracts/renewals/{rid_b}/letter.pdf", f"/contracts/{new_b}/edit"):
        assert c.get(path).status_code == 404, path
    r = c.post(f"/contracts/{cid_b}/edit", {"number": "x"}, content_type="multipart/form-data")
    assert r.status_code == 404
    assert c.post(f"/contracts/{cid_b}/renewal/new", {"months": "12"}).status_code == 404
    assert factory.scalar(b, f"SELECT number FROM employee_contracts WHERE id = {cid_b}") == "800/PK/001/2025"
    # the files live under each tenant's own directory
    stored = factory.scalar(b, f"SELECT document_stored FROM employee_contracts WHERE id = {cid_b}")
    import pathlib

    assert (pathlib.Path(factory.app.config["FILES_DIR"]) / str(b.id) / "contracts" / stored).exists()


def _users(slug):
    from jenjang.auth.models import User
    from jenjang.extensions import db

    return {u.email.split("@")[0]: u for u in db.session.scalars(sa.select(User).where(User.email.like(f"%@{slug}.demo")))}


def _open_and_approve(contract_id, slug, months=24, decide="approve"):
    from jenjang.contracts import operations, queries
    from jenjang.workflow import api as workflow

    users = _users(slug)
    renewal = operations.open_renewal(queries.contract_by_id(contract_id), months=months, note="Kinerja baik",
                                      user=users["hr"])
    wcase = renewal.workflow_case
    workflow.transition(wcase, users["atasan"], "approve", seen_lock=wcase.lock_version)
    workflow.transition(wcase, users["hr"], "approve", seen_lock=wcase.lock_version)
    workflow.transition(wcase, users["ppk"], decide, seen_lock=wcase.lock_version,
                        comment="Tidak sesuai kebutuhan" if decide == "reject" else None)
    return renewal.id


def test_approved_renewal_creates_next_contract_and_letter(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    cid = add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    renewal_id = factory.run(tenant, lambda: _open_and_approve(cid, tenant.slug, months=24))
    new = factory.run(tenant, lambda: _contract_row(
        factory.scalar(tenant, f"SELECT new_contract_id FROM contract_renewals WHERE id = {renewal_id}")))
    assert new.previous_id == cid and new.starts_on == dt.date(2026, 11, 1) and new.ends_on == dt.date(2028, 10, 31)
    assert new.grade_id == 9 and new.position_name == "Analis Kepegawaian"
    assert factory.scalar(tenant, f"SELECT status FROM contract_renewals WHERE id = {renewal_id}") == "approved"
    assert new.number == "800.1.2.5/0001/PPPK/2026"
    hr = _hr(client_for, tenant)
    page = hr.text(hr.get(f"/contracts/renewals/{renewal_id}"))
    assert "Diperpanjang" in page and "Unduh surat keputusan perpanjangan" in page and "Kepala BKN" in page
    letter = hr.get(f"/contracts/renewals/{renewal_id}/letter.pdf")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF-")
    me = client_for(tenant)
    me.login(f"pppk@{tenant.slug}.demo")
    mine = me.text(me.get("/me/contracts"))
    assert "800.1.2.5/0001/PPPK/2026" in mine and "Surat keputusan perpanjangan (PDF)" in mine
    assert "30 hari lagi" in mine  # the contract in force today, with the next one announced
    assert "perjanjian berikutnya 1 Nov 2026 – 31 Okt 2028" in mine
    assert me.get(f"/contracts/renewals/{renewal_id}/letter.pdf").status_code == 200
    assert factory.scalar(tenant, "SELECT count(*) FROM audit_log WHERE action = 'contracts.renewed'") == 1


def test_case_page_shows_skp_predicates_and_formasi(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    cid = add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    head = client_for(tenant)
    head.login(f"atasan@{tenant.slug}.demo")
    r = head.post(f"/contracts/{cid}/renewal/new", {"months": "12", "note": "Dibutuhkan unit"})
    assert r.status_code == 302
    page = head.text(head.get(r.headers["Location"]))
    assert "2025" in page and "Sangat Baik" in page and "Baik" in page
    assert "formasi 5, terisi 3" in page  # Dewi, Budi and Rina hold Analis Kepegawaian
    assert "Tindakan Anda" not in page  # proposing was the unit head's step: the case waits for BKPSDM
    hr = _hr(client_for, tenant)
    assert "Tindakan Anda" in hr.text(hr.get(r.headers["Location"]))
    assert factory.scalar(tenant, "SELECT count(*) FROM workflow_transitions WHERE action = 'approve' "
                                  "AND comment = 'Dibutuhkan unit'") == 1


def test_rejected_renewal_leaves_the_old_contract_to_end(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    cid = add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    rid = factory.run(tenant, lambda: _open_and_approve(cid, tenant.slug, decide="reject"))
    assert factory.scalar(tenant, f"SELECT status FROM contract_renewals WHERE id = {rid}") == "rejected"
    assert factory.scalar(tenant, "SELECT count(*) FROM employee_contracts") == 1
    hr = _hr(client_for, tenant)
    assert hr.get(f"/contracts/renewals/{rid}/letter.pdf").status_code == 404
    assert "Tidak diperpanjang" in hr.text(hr.get(f"/contracts/renewals/{rid}"))


def test_renewal_proposal_refusals(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    cid = add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    hr = _hr(client_for, tenant)
    r = hr.post(f"/contracts/{cid}/renewal/new", {"months": "6"})
    assert r.status_code == 422 and "12 sampai 60 bulan" in hr.text(r)
    r = hr.post(f"/contracts/{cid}/renewal/new", {"months": "abc"})
    assert r.status_code == 422
    assert hr.post(f"/contracts/{cid}/renewal/new", {"months": "12"}).status_code == 302
    r = hr.post(f"/contracts/{cid}/renewal/new", {"months": "12"})
    assert r.status_code == 422 and "sedang diproses" in hr.text(r)
    assert factory.scalar(tenant, "SELECT count(*) FROM contract_renewals") == 1
    colleague = client_for(tenant)
    colleague.login(f"rekan@{tenant.slug}.demo")
    assert colleague.get(f"/contracts/{cid}/renewal/new").status_code == 404


def test_renewal_workflow_is_seeded_and_editable_like_promotions(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    assert factory.scalar(tenant, "SELECT count(*) FROM workflow_definitions WHERE key = 'contracts.renewal'") == 1
    admin = client_for(tenant)
    admin.login(f"admin@{tenant.slug}.demo")
    page = admin.text(admin.get("/admin/workflows"))
    assert "Perpanjangan perjanjian kerja PPPK" in page


def test_employee_own_page_shows_days_remaining_and_renewal_status(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    cid = add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31), document=True)
    hr = _hr(client_for, tenant)
    hr.post(f"/contracts/{cid}/renewal/new", {"months": "12"})
    me = client_for(tenant)
    me.login(f"pppk@{tenant.slug}.demo")
    page = me.text(me.get("/me/contracts"))
    assert "30 hari lagi" in page and "Perpanjangan sedang diproses" in page and "Dokumen perjanjian kerja" in page
    home = me.text(me.get("/"))
    assert "Perjanjian kerja saya" in home and "30 hari lagi" in home
    assert "NI PPPK" in home  # the profile card names the number of a PPPK by its name
    pns = client_for(tenant)
    pns.login(f"pegawai@{tenant.slug}.demo")
    assert "perjanjian kerja hanya berlaku bagi PPPK" in pns.text(pns.get("/me/contracts"))
    assert "Perjanjian kerja saya" not in pns.text(pns.get("/"))


def test_profile_of_a_pppk_links_to_their_contracts(factory, client_for):
    tenant, region, pppk = setup_region(factory)
    add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    me = client_for(tenant)
    me.login(f"pppk@{tenant.slug}.demo")
    assert "/me/contracts" in me.text(me.get(f"/people/{pppk}"))
    hr = _hr(client_for, tenant)
    assert f"/contracts/employees/{pppk}" in hr.text(hr.get(f"/people/{pppk}"))


def test_hr_dashboard_card_lists_contracts_ending_in_90_days_in_constant_queries(factory, client_for, query_counter):
    tenant, region, pppk = setup_region(factory)
    add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31), number="PK-1")
    hr = _hr(client_for, tenant)
    page = hr.text(hr.get("/"))
    assert "Perjanjian kerja PPPK" in page and "berakhir dalam 90 hari" in page and "Rina Wati" in page
    one = query_counter.measure(lambda: hr.get("/"))
    for n in range(8):
        e = make_pppk(factory, tenant, region, nip=f"1991020320222{n}1{n:03d}"[:18], name=f"Pegawai {n}",
                      email=f"p{n}@x.demo")
        add_contract(factory, tenant, e, dt.date(2025, 12, 1), dt.date(2026, 11, 30) + dt.timedelta(days=n),
                     number=f"PK-{n + 2}")
    many = query_counter.measure(lambda: hr.get("/"))
    assert many == one
    page = hr.text(hr.get("/"))
    assert '<span class="stat">9</span>' in page


def test_demo_step_opens_one_renewal_for_a_contract_ending_soon(factory):
    from jenjang.contracts.demo import seed_demo_renewal
    from jenjang.tenancy.models import Tenant

    tenant, region, pppk = setup_region(factory)
    add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31))

    def run():
        from jenjang.extensions import db

        t = db.session.scalar(sa.select(Tenant).where(Tenant.id == tenant.id))
        return seed_demo_renewal(t)

    assert factory.run(tenant, run).startswith("1 demo renewal")
    assert factory.run(tenant, run) == "contract renewals present"
    assert factory.scalar(tenant, "SELECT count(*) FROM workflow_cases WHERE subject_type = 'contracts.renewal' "
                                  "AND status = 'in_progress'") == 1


def test_demo_step_without_pppk_ending_soon_opens_nothing(factory):
    from jenjang.contracts.demo import seed_demo_renewal
    from jenjang.tenancy.models import Tenant

    tenant, region, pppk = setup_region(factory)
    add_contract(factory, tenant, pppk, dt.date(2026, 1, 1), dt.date(2027, 12, 31))

    def run():
        from jenjang.extensions import db

        return seed_demo_renewal(db.session.scalar(sa.select(Tenant).where(Tenant.id == tenant.id)))

    assert "no demo renewal" in factory.run(tenant, run)


def test_a_renewal_follows_the_tenants_edited_workflow(factory, client_for):
    """The admin drops the unit's step and publishes: new proposals go straight to BKPSDM."""
    from jenjang.contracts import operations, queries
    from jenjang.workflow import versions

    tenant, region, pppk = setup_region(factory)
    cid = add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31))

    def edit():
        definition = versions.definition_by_key("contracts.renewal")
        draft = versions.draft_of(definition)
        versions.save_draft(draft, [s for s in versions.published_version(definition).steps if s["key"] != "usulan"])
        versions.publish(draft, "admin")

    factory.run(tenant, edit)
    rid = factory.run(tenant, lambda: operations.open_renewal(queries.contract_by_id(cid), months=12).id)
    hr = _hr(client_for, tenant)
    page = hr.text(hr.get(f"/contracts/renewals/{rid}"))
    assert "alur versi 2" in page and "Pemeriksaan BKPSDM" in page and "Tindakan Anda" in page


def test_approval_is_refused_when_hr_already_recorded_the_next_contract(factory, client_for):
    from jenjang.contracts import operations, queries
    from jenjang.workflow import api as workflow

    tenant, region, pppk = setup_region(factory)
    cid = add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31))

    def to_ppk():
        users = _users(tenant.slug)
        renewal = operations.open_renewal(queries.contract_by_id(cid), months=12, user=users["hr"])
        wcase = renewal.workflow_case
        workflow.transition(wcase, users["atasan"], "approve", seen_lock=wcase.lock_version)
        workflow.transition(wcase, users["hr"], "approve", seen_lock=wcase.lock_version)
        return renewal.id, wcase.id, wcase.lock_version

    rid, wid, lock = factory.run(tenant, to_ppk)
    add_contract(factory, tenant, pppk, dt.date(2026, 11, 1), dt.date(2027, 10, 31), number="PK-manual")
    ppk = client_for(tenant)
    ppk.login(f"ppk@{tenant.slug}.demo")
    r = ppk.post(f"/cases/{wid}/transition", {"action": "approve", "lock": str(lock)})
    assert r.status_code == 303
    assert "perpanjangan tidak dapat ditetapkan dua kali" in ppk.text(ppk.get(r.headers["Location"]))
    assert factory.scalar(tenant, f"SELECT status FROM contract_renewals WHERE id = {rid}") == "in_progress"
    assert factory.scalar(tenant, f"SELECT status FROM workflow_cases WHERE id = {wid}") == "in_progress"
    assert factory.scalar(tenant, "SELECT count(*) FROM employee_contracts") == 2
