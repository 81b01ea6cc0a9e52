"""On a phone (390 px, real Chromium): the unit head proposes extending a PPPK's contract, HR checks
the SKP predicates and the formasi, the PPK approves, the renewal letter downloads, and the employee
sees the new contract on their own page."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.contracts_support import add_contract, setup_region
from tests.helpers import PASSWORD


@pytest.fixture(autouse=True)
def _on_1_october_2026(clock):
    clock.set("2026-10-01T09:00")


def _login(page, live_url, who):
    page.context.clear_cookies()
    page.goto(live_url("pematangsiantar", "/login"))
    page.get_by_label("NIP atau email").fill(f"{who}@pematangsiantar.demo")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def _fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"


def test_unit_proposes_hr_checks_ppk_approves_letter_downloads_employee_sees_new_contract(factory, live_url,
                                                                                         mobile_page):
    page = mobile_page
    tenant, region, pppk = setup_region(factory)
    add_contract(factory, tenant, pppk, dt.date(2025, 11, 1), dt.date(2026, 10, 31), number="800/PK/007/2025",
                 document=True)

    # The head of the unit proposes a two-year extension.
    _login(page, live_url, "atasan")
    page.goto(live_url("pematangsiantar", f"/contracts/employees/{pppk}"))
    page.get_by_role("button", name="Usulkan perpanjangan").click()
    page.get_by_label("Lama perpanjangan (bulan)").fill("24")
    page.get_by_label("Alasan usulan (kinerja, kebutuhan unit)").fill("Kinerja sangat baik; formasi masih dibutuhkan")
    page.get_by_role("button", name="Ajukan usulan").click()
    expect(page.locator(".flashes")).to_contain_text("Usulan perpanjangan untuk Rina Wati diajukan")
    _fits_the_phone(page)
    expect(page.locator(".case-actor")).to_contain_text("Kepegawaian")  # the unit's step is done by proposing
    renewal_url = page.url

    # HR finds it on the dashboard card, checks the SKP predicates and the formasi, and approves.
    _login(page, live_url, "hr")
    card = page.locator("article", has_text="Perjanjian kerja PPPK")
    expect(card).to_contain_text("Rina Wati")
    card.get_by_role("link", name="Rina Wati").click()
    page.get_by_role("button", name="Lihat usulan perpanjangan").click()
    expect(page.locator("body")).to_contain_text("Sangat Baik")
    expect(page.locator("body")).to_contain_text("formasi 5, terisi 3")
    page.get_by_role("button", name="Setujui").click()
    expect(page.locator(".flashes")).to_contain_text("kasus berpindah ke langkah berikutnya")

    # The PPK decides.
    _login(page, live_url, "ppk")
    page.goto(renewal_url)
    expect(page.locator(".case-actor")).to_contain_text("PPK")
    page.get_by_role("button", name="Setujui").click()
    expect(page.locator(".flashes")).to_contain_text("Disetujui; kasus selesai")
    expect(page.locator("body")).to_contain_text("Diperpanjang")
    expect(page.locator("body")).to_contain_text("1 November 2026")
    link = page.get_by_role("button", name="Unduh surat keputusan perpanjangan (PDF)")
    status, mime, head = page.evaluate("""async (url) => {
        const r = await fetch(url);
        const bytes = new Uint8Array(await r.arrayBuffer());
        return [r.status, r.headers.get('content-type'), String.fromCharCode(...bytes.slice(0, 5))];
    }""", link.get_attribute("href"))
    assert (status, mime, head) == (200, "application/pdf", "%PDF-")
    _fits_the_phone(page)

    # The employee sees the new contract, its dates and the letter.
    _login(page, live_url, "pppk")
    page.get_by_role("link", name="Lihat perjanjian kerja saya").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Perjanjian kerja saya")
    expect(page.locator(".contract-history")).to_contain_text("800.1.2.5/0001/PPPK/2026")
    expect(page.locator(".contract-history")).to_contain_text("31 Okt 2028")
    expect(page.get_by_role("link", name="Surat keputusan perpanjangan (PDF)")).to_be_visible()
    _fits_the_phone(page)
