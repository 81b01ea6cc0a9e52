"""In a real browser: HR runs the matching on the demo cohort and publishes it; a mentee logs a
session; the mentor confirms it; the JP shows on the pair page and is in the mentee's ledger."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.helpers import PASSWORD
from tests.mentoring_support import extra_people
from tests.org import _linker, build_region


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


def test_hr_matches_and_publishes_mentee_logs_mentor_confirms_jp_is_credited(factory, live_url, page):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    region = build_region(factory, tenant)
    senior, _junior = extra_people(factory, tenant, region)
    _linker(factory, tenant)("senior@pematangsiantar.demo", senior)

    def demo():
        from jenjang.extensions import db
        from jenjang.mentoring.demo import provision_demo
        from jenjang.tenancy.models import Tenant

        return provision_demo(db.session.get(Tenant, tenant.id))

    assert "2 mentors and 3 mentees" in factory.run(tenant, demo)

    # HR: run the matching for the whole cohort, see why, publish.
    sign_in(page, live_url, "hr@pematangsiantar.demo")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Mentoring").click()
    page.get_by_role("link", name="Mentoring Senior–Junior").first.click()
    page.get_by_role("button", name="Pencocokan dan pasangan").click()
    page.get_by_role("button", name="Jalankan pencocokan").click()
    expect(page.locator(".flashes")).to_contain_text("3 usulan pasangan")
    expect(page.locator("tbody")).to_contain_text("Sari Wulandari")
    expect(page.locator("tbody")).to_contain_text("Senioritas")
    page.get_by_role("button", name="Terbitkan usulan").click()
    expect(page.locator(".flashes")).to_contain_text("3 pasangan diterbitkan")
    sign_out(page)

    # The mentee logs a session from her dashboard card.
    sign_in(page, live_url, "pegawai@pematangsiantar.demo")
    page.get_by_role("link", name="Mentor: Sari Wulandari").first.click()
    page.locator("summary", has_text="Catat sesi").click()
    page.get_by_label("Topik").fill("Menyusun telaahan staf")
    page.get_by_label("Catatan pribadi (hanya untuk mentor dan mentee)").fill("Perlu latihan menulis ringkas")
    page.get_by_role("button", name="Simpan sesi").click()
    expect(page.locator(".flashes")).to_contain_text("Sesi dicatat")
    sign_out(page)

    # The mentor confirms it; the mentee's JP is credited.
    sign_in(page, live_url, "senior@pematangsiantar.demo")
    page.get_by_role("link", name="Mentee: Dewi Lestari").first.click()
    page.get_by_role("button", name="Konfirmasi sesi").click()
    expect(page.locator(".flashes")).to_contain_text("2 JP dicatat untuk mentee")
    expect(page.locator("#mentee-jp")).to_have_text("2")
    jp = factory.scalar(tenant, f"SELECT sum(jp) FROM jp_entries WHERE employee_id = {region.staff_id} "
                                "AND source = 'mentoring' AND NOT classical")
    assert jp == 2
