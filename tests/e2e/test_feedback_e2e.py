"""On a phone-sized screen: a rater fills a 360 form one competency per screen (answers autosaved)
and submits it; after the cycle closes, the evaluated employee reads their report."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.feedback_support import answer, close, launch, make_cycle
from tests.helpers import PASSWORD
from tests.org import build_region


def _login(page, live_url, who):
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    page.goto(live_url("pematangsiantar", "/login"))
    page.get_by_label("NIP atau email").fill(f"{who}@pematangsiantar.demo")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def test_rater_fills_on_a_phone_and_employee_reads_report(two_tenants, factory, live_url, mobile_page):
    a, _ = two_tenants
    region = build_region(factory, a)
    cid = make_cycle(factory, a, peer_count=2, anonymity_threshold=2)
    launch(factory, a, cid)
    page = mobile_page
    page.on("dialog", lambda d: d.accept())

    _login(page, live_url, "rekan")
    page.goto(live_url("pematangsiantar", "/360/forms/"))
    expect(page.locator(".fb-lead")).to_contain_text("Nilai 3 rekan")
    page.get_by_role("link", name="Dewi Lestari").click()
    expect(page.locator(".fb-visibility")).to_contain_text("anonim")
    for screen in range(2):  # M.01, M.02: one competency per screen
        expect(page.get_by_text(f"Layar {screen + 1} dari 4")).to_be_visible()
        for fieldset in page.locator("fieldset.fb-item").all():
            fieldset.locator("label.fb-choice").nth(3).click()  # score 4
            expect(fieldset.locator(".fb-status")).to_contain_text("Tersimpan")
        page.get_by_role("button", name="Simpan dan lanjut").click()
    page.locator("textarea").fill("Sangat membantu tim")
    expect(page.locator(".fb-status").first).to_contain_text("Tersimpan")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    expect(page.get_by_role("heading", name="Kirim formulir")).to_be_visible()
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text("sudah terkirim")

    answer(factory, a, cid, region.staff_id, region.staff_id, 2)
    answer(factory, a, cid, region.staff_id, region.head_id, 4, "Teruskan")
    close(factory, a, cid)

    _login(page, live_url, "pegawai")
    page.goto(live_url("pematangsiantar", "/360/reports/"))
    page.get_by_role("link", name="Umpan Balik 360 Uji").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dewi Lestari")
    expect(page.get_by_role("img", name="Diri sendiri dibanding penilai lain")).to_be_visible()
    expect(page.locator(".fb-results")).to_contain_text("Kekuatan tersembunyi")
