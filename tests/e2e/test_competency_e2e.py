"""In a real browser: HR edits a standard in the grid; the employee opens their gap chart and
writes a development plan; the supervisor approves it."""
from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from tests.competency_support import cast
from tests.helpers import PASSWORD, local_today


def _login(page, live_url, who):
    page.wait_for_load_state("networkidle")  # let the bell's request finish before the cookies go
    page.context.clear_cookies()
    page.goto(live_url("pematangsiantar", "/login"))
    page.get_by_label("NIP atau email").fill(f"{who}@pematangsiantar.demo")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def test_standard_grid_gap_chart_plan_and_approval(two_tenants, factory, live_url, page):
    a, _ = two_tenants
    cast(factory, a)

    _login(page, live_url, "hr")
    page.goto(live_url("pematangsiantar", "/competency/standards"))
    cell = page.get_by_label("Level M.08 untuk Analis Kebijakan Ahli Pertama")
    cell.select_option("3")
    expect(page.locator("td.std-cell", has=page.get_by_label("Level M.08 untuk Analis Kebijakan Ahli Pertama"))
           ).to_contain_text("Tersimpan")
    page.reload()
    expect(page.get_by_label("Level M.08 untuk Analis Kebijakan Ahli Pertama")).to_have_value("3")

    _login(page, live_url, "analis")
    page.get_by_role("link", name="Kompetensi saya").first.click()
    expect(page.get_by_role("img", name="Level dibutuhkan dan level saat ini per kompetensi")).to_be_visible()
    expect(page.locator(".gap-panel")).to_contain_text("Kurang Optimal")
    expect(page.locator("body")).not_to_contain_text("Potensial")
    page.get_by_role("button", name="Tulis rencana pengembangan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rencana pengembangan individu")
    page.locator("#competency_id").select_option(label="M.08 · Pengambilan Keputusan")
    page.locator("#target_level").select_option("3")
    page.locator("#target_date").fill((local_today() + dt.timedelta(days=90)).isoformat())
    page.locator("#action").fill("Coaching oleh Kepala Bidang")
    page.get_by_role("button", name="Tambah sasaran").click()
    expect(page.locator("#goals table")).to_contain_text("Coaching oleh Kepala Bidang")
    page.get_by_role("button", name="Kirim ke atasan untuk disetujui").click()
    expect(page.locator(".flashes")).to_contain_text("Rencana dikirim ke atasan Anda")

    _login(page, live_url, "kabid")
    page.goto(live_url("pematangsiantar", "/development/reviews"))
    page.get_by_role("link", name="Ani Analis").click()
    expect(page.locator("main")).to_contain_text("Coaching oleh Kepala Bidang")
    page.get_by_label("Komentar atasan").fill("Bagus, jadwalkan coaching bulanan.")
    page.get_by_label("Keputusan").select_option("approve")
    page.get_by_role("button", name="Kirim keputusan").click()
    expect(page.locator(".flashes")).to_contain_text("Rencana disetujui")
    expect(page.locator("main")).to_contain_text("Disetujui")
