"""In a real browser: sign in on a tenant host, see the region, switch language, sign out."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.helpers import PASSWORD


def test_sign_in_see_region_switch_language_sign_out(two_tenants, live_url, page):
    page.goto(live_url("pematangsiantar", "/"))
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator(".brand strong")).to_have_text("Pemerintah Kota Pematangsiantar")
    page.get_by_label("NIP atau email").fill("pegawai@pematangsiantar.demo")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    expect(page.locator("body")).not_to_contain_text("Palangka Raya")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator(".flashes")).to_contain_text("You have signed out")
    page.goto(live_url("pematangsiantar", "/"))
    expect(page).to_have_url(re.compile(r"/login"))


def test_wrong_password_shows_the_error_without_losing_the_login(two_tenants, live_url, page):
    page.goto(live_url("palangkaraya", "/login"))
    page.get_by_label("NIP atau email").fill("admin@palangkaraya.demo")
    page.get_by_label("Kata sandi").fill("salah-sekali")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert").first).to_contain_text("NIP/email atau kata sandi salah.")
    expect(page.get_by_label("NIP atau email")).to_have_value("admin@palangkaraya.demo")
