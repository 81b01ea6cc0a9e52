"""In a real browser: HR searches the directory as they type and opens a profile with its
career timeline; a supervisor sees their team and not another unit's personal data."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import PASSWORD
from tests.people_support import link_user, make_org

pytestmark = pytest.mark.e2e


@pytest.fixture
def org(two_tenants, factory):
    a, _ = two_tenants
    ids = make_org(factory, a)
    factory.user(a, "hr@pematangsiantar.demo", roles=["hr"])
    link_user(factory, a, "kabid@pematangsiantar.demo", ids["kabid"])
    return a, ids


def sign_in(page, live_url, login):
    page.goto(live_url("pematangsiantar", "/login"))
    page.get_by_label("NIP atau email").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def test_hr_searches_the_directory_and_opens_a_profile(org, live_url, page):
    sign_in(page, live_url, "hr@pematangsiantar.demo")
    page.get_by_role("link", name="Pegawai", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pegawai")
    rows = page.locator("#directory-rows tbody tr")
    expect(rows).to_have_count(8)  # 6 in the org + the admin and employee of the fixture
    page.get_by_label("Cari nama atau NIP").press_sequentially("sari", delay=40)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sari Staf")
    expect(page).to_have_url(re.compile(r"q=sari"))  # the search is in the address: back/forward work
    page.get_by_label("Cari nama atau NIP").fill("19750101")
    expect(rows.first).to_contain_text("Budi Kabid")
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Budi Kabid")
    expect(page.locator(".timeline li")).to_have_count(3)  # CPNS, rank, position
    expect(page.locator(".timeline")).to_contain_text("Kepala Bidang SD")
    expect(page.locator("body")).to_contain_text("19750101 200003 1 012")


def test_a_supervisor_sees_the_team_and_not_another_units_personal_data(org, live_url, page):
    _, ids = org
    sign_in(page, live_url, "kabid@pematangsiantar.demo")
    page.get_by_role("navigation").get_by_role("link", name="Tim saya").click()
    expect(page.locator("table")).to_contain_text("Ani Analis")
    expect(page.locator("table")).to_contain_text("Sari Staf")
    page.get_by_role("link", name="Ani Analis").click()
    expect(page.locator("body")).to_contain_text("Tanggal lahir")
    expect(page.locator("body")).to_contain_text("19900101 201503 2 013")
    page.goto(live_url("pematangsiantar", f"/people/{ids['perawat']}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wati Perawat")
    expect(page.locator("body")).not_to_contain_text("Tanggal lahir")
    expect(page.locator("body")).not_to_contain_text("19930101")
    expect(page.locator("body")).not_to_contain_text("wati@contoh.go.id")


def test_hr_adds_a_pppk_on_a_phone_and_the_form_shows_the_fields_of_the_kind(org, live_url, mobile_page, factory):
    page = mobile_page
    sign_in(page, live_url, "hr@pematangsiantar.demo")
    page.goto(live_url("pematangsiantar", "/people/new"))
    pns_rank, pppk_grade = page.get_by_label("Golongan/ruang (PNS)"), page.get_by_label("Golongan PPPK", exact=True)
    expect(pns_rank).to_be_visible()
    expect(pppk_grade).to_be_hidden()
    page.get_by_label("Jenis kepegawaian").select_option("PPPK")
    expect(pppk_grade).to_be_visible()
    expect(pns_rank).to_be_hidden()
    page.get_by_label("NIP / NI PPPK").fill("19900101 2022 21 1 001")
    page.get_by_label("Nama lengkap (tanpa gelar)").fill("Sari Kontrak")
    page.get_by_label("Pendidikan terakhir").select_option("S1")
    page.get_by_role("button", name="Simpan pegawai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sari Kontrak")
    expect(page.locator("body")).to_contain_text("19900101 2022 21 1 001")
    expect(page.locator("body")).to_contain_text("Golongan IX (PPPK)")
    expect(page.locator(".timeline")).to_contain_text("Pengangkatan PPPK 2022")
