"""In a real browser: an admin adds a step to the regular-promotion workflow and publishes it;
HR opens a case; the committee and the PPK approve; the employee sees the new rank."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from werkzeug.datastructures import FileStorage

from tests.helpers import PASSWORD
from tests.org import build_region


@pytest.fixture(autouse=True)
def _on_22_november_2026(clock):
    """The hand-worked cases below (years in rank, the SKP years, the December period) are computed
    for HR working on 22 November 2026: the test sets that date rather than depend on today's."""
    clock.set("2026-11-22T09:00")


def sign_in(page, live_url, email):
    page.goto(live_url("pematangsiantar", "/login"))
    page.get_by_label("NIP atau email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def sign_out(page):
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.locator(".flashes")).to_contain_text("Anda telah keluar")


def backend_step(factory, tenant, wid, email, attach=False):
    """Steps the test does not watch in the browser (the unit head, HR's verification)."""
    from jenjang.auth.models import User
    from jenjang.extensions import db
    from jenjang.workflow import api as workflow
    from jenjang.workflow import attachments
    from jenjang.workflow.models import WorkflowCase

    def run():
        case = db.session.scalar(sa.select(WorkflowCase).where(WorkflowCase.id == wid))
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if attach:
            for doc in case.step["documents"]:
                attachments.attach(case, FileStorage(io.BytesIO(b"%PDF-1.4 x"), filename="d.pdf"), doc["key"], user)
        workflow.transition(case, user, "approve", seen_lock=case.lock_version)

    factory.run(tenant, run)


def test_admin_edits_workflow_hr_opens_committee_and_ppk_approve_employee_sees_rank(factory, live_url, page):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    region = build_region(factory, tenant)
    nip = factory.scalar(tenant, f"SELECT nip FROM employees WHERE id = {region.staff_id}")

    # The admin adds a step and publishes version 2.
    sign_in(page, live_url, "admin@pematangsiantar.demo")
    page.get_by_role("link", name="Alur persetujuan").click()
    page.get_by_role("link", name="Kenaikan pangkat reguler").click()
    page.get_by_label("Nama langkah baru").fill("Pemeriksaan berkas akhir")
    page.get_by_role("button", name="Tambah langkah").click()
    step = page.locator("#step-5")
    step.get_by_label("Pelaku").select_option("role:hr")
    step.get_by_role("button", name="Simpan langkah").click()
    expect(page.locator(".flashes")).to_contain_text("disimpan di draf")
    page.get_by_role("button", name="Terbitkan draf").click()
    expect(page.locator(".flashes")).to_contain_text("Versi 2 diterbitkan")
    expect(page.locator(".flow")).to_contain_text("Pemeriksaan berkas akhir")
    sign_out(page)

    # HR opens the case.
    sign_in(page, live_url, "hr@pematangsiantar.demo")
    page.goto(live_url("pematangsiantar", "/promotion/cases/new"))
    page.get_by_label("NIP pegawai").fill(nip)
    page.get_by_label("Periode / TMT").fill("2026-12-01")
    page.get_by_role("button", name="Buka kasus").click()
    expect(page.locator(".flashes")).to_contain_text("Kasus dibuka untuk Dewi Lestari")
    expect(page.locator("body")).to_contain_text("memenuhi syarat")
    promotion_id = int(re.search(r"/promotion/cases/(\d+)", page.url).group(1))
    sign_out(page)
    wid = factory.scalar(tenant, f"SELECT workflow_case_id FROM promotion_cases WHERE id = {promotion_id}")
    assert factory.scalar(tenant, f"SELECT v.number FROM workflow_cases w JOIN workflow_versions v "
                                  f"ON v.id = w.version_id WHERE w.id = {wid}") == 2
    backend_step(factory, tenant, wid, "atasan@pematangsiantar.demo")
    backend_step(factory, tenant, wid, "hr@pematangsiantar.demo", attach=True)

    # The committee approves on the case page; the PPK from the short list.
    sign_in(page, live_url, "tpk@pematangsiantar.demo")
    page.goto(live_url("pematangsiantar", f"/promotion/cases/{promotion_id}"))
    expect(page.locator(".case-panel")).to_contain_text("Sidang Tim Penilai Kinerja")
    page.get_by_label("Catatan").fill("Memenuhi syarat; direkomendasikan.")
    page.locator(".transition-form").get_by_role("button", name="Setujui").click()
    expect(page.locator(".flashes")).to_contain_text("berpindah ke langkah berikutnya")
    sign_out(page)
    sign_in(page, live_url, "ppk@pematangsiantar.demo")
    expect(page.locator("body")).to_contain_text("Menunggu tindakan Anda")
    page.goto(live_url("pematangsiantar", "/promotion?waiting=me"))
    page.get_by_role("button", name="Setujui").click()
    expect(page.locator(".flashes")).to_contain_text("berpindah ke langkah berikutnya")
    sign_out(page)
    backend_step(factory, tenant, wid, "hr@pematangsiantar.demo")  # Penetapan SK
    backend_step(factory, tenant, wid, "hr@pematangsiantar.demo")  # the step the admin added

    # The employee sees the new rank.
    sign_in(page, live_url, "pegawai@pematangsiantar.demo")
    card = page.locator("article", has_text="Kenaikan pangkat saya")
    expect(card).to_contain_text("III/a → III/b")
    expect(card).to_contain_text("disetujui")
    card.get_by_role("link").first.click()
    expect(page.locator(".case-panel")).to_contain_text("Disetujui")
    expect(page.locator(".timeline")).to_contain_text("Memenuhi syarat; direkomendasikan.")
    assert factory.scalar(tenant, f"SELECT rank_id FROM employees WHERE id = {region.staff_id}") == 10
    assert dt.date(2026, 12, 1) == factory.scalar(tenant, f"SELECT rank_tmt FROM employees WHERE id = {region.staff_id}")
