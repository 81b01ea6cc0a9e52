"""In a real browser: a case whose unit head has no account waits on HR (the case page says why);
HR reassigns the step to a colleague (a wrong NIP first gets a form error), who finds it in
"waiting for me" and approves; HR adds a regional holiday to the calendar."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.test_promotion_e2e import sign_in, sign_out
from tests.org import build_region


@pytest.fixture(autouse=True)
def _on_22_november_2026(clock):
    clock.set("2026-11-22T09:00")


def test_escalated_step_is_reassigned_and_acted_on_and_hr_adds_a_regional_holiday(factory, live_url, page,
                                                                                  owner_engine):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    region = build_region(factory, tenant)
    with owner_engine.begin() as conn:  # the unit head's account is switched off
        conn.execute(sa.text("UPDATE users SET is_active = false WHERE email = 'atasan@pematangsiantar.demo'"))

    def open_case():
        from jenjang.extensions import db
        from jenjang.people.models import Employee
        from jenjang.promotion import operations

        e = db.session.scalar(sa.select(Employee).where(Employee.id == region.staff_id))
        return operations.open_case(e, "reguler", dt.date(2026, 12, 1), today=dt.date(2026, 11, 22)).id

    pid = factory.run(tenant, open_case)

    sign_in(page, live_url, "hr@pematangsiantar.demo")
    page.goto(live_url("pematangsiantar", f"/promotion/cases/{pid}"))
    panel = page.locator(".case-panel")
    expect(panel).to_contain_text("dialihkan ke Kepegawaian (HR)")
    expect(panel.locator(".timeline")).to_contain_text("Dieskalasi")
    panel.get_by_role("link", name="Alihkan langkah ini ke orang lain").click()
    page.get_by_label("NIP atau email penerima").fill("199001019999991001")
    page.get_by_label("Alasan pengalihan").fill("Kepala bidang belum punya akun")
    page.get_by_role("button", name="Alihkan").click()
    expect(page.locator(".field-error")).to_contain_text("Tidak ada pegawai dengan NIP atau email")
    page.get_by_label("NIP atau email penerima").fill("rekan@pematangsiantar.demo")
    page.get_by_role("button", name="Alihkan").click()
    expect(page.locator(".flashes")).to_contain_text("dialihkan kepada Budi Santoso")
    expect(page.locator(".timeline")).to_contain_text("Kepala bidang belum punya akun")

    # HR adds a regional holiday
    page.goto(live_url("pematangsiantar", "/admin/holidays?year=2026"))
    expect(page.locator("table")).to_contain_text("Idulfitri 1447 Hijriah")
    page.get_by_label("Tanggal").fill("2026-04-17")
    page.get_by_label("Nama hari libur").fill("Hari Jadi Kota Pematangsiantar")
    page.get_by_label("Dasar penetapan").fill("Keputusan Wali Kota Nomor 003/2026")
    page.get_by_role("button", name="Tambah", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text("ditambahkan ke kalender")
    expect(page.locator("table")).to_contain_text("Hari Jadi Kota Pematangsiantar")
    sign_out(page)

    # The colleague finds it waiting for them and approves
    sign_in(page, live_url, "rekan@pematangsiantar.demo")
    page.goto(live_url("pematangsiantar", "/promotion?waiting=me"))
    page.get_by_role("link", name="Dewi Lestari").click()
    page.locator(".transition-form").get_by_role("button", name="Setujui").click()
    expect(page.locator(".flashes")).to_contain_text("berpindah ke langkah berikutnya")  # on the dashboard
    assert factory.scalar(tenant, f"SELECT w.step_index FROM workflow_cases w JOIN promotion_cases p ON "
                                  f"p.workflow_case_id = w.id WHERE p.id = {pid}") == 1
