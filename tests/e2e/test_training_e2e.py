"""In a real browser: an employee finds a programme that targets their competency gap, enrols; the
supervisor approves; the session runs and HR ticks attendance on a phone and completes everyone who
attended; the employee downloads the certificate, anyone can verify it, and the employee's JP bar
on the dashboard moves."""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from playwright.sync_api import expect

from tests.helpers import PASSWORD, local_today
from tests.training_support import WIB, training_region

SLUG = "pematangsiantar"


def sign_in(page, live_url, email):
    page.goto(live_url(SLUG, "/login"))
    page.get_by_label("NIP atau email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def sign_out(page):
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.locator(".flashes")).to_contain_text("Anda telah keluar")


def jp_bar(page):
    card = page.locator("article.jp-card")
    expect(card).to_be_visible()
    return card


def time_passes(factory, tenant, session_id):
    """The session (enrolled for two weeks ahead) now runs from yesterday to today."""
    start = dt.datetime.combine(local_today() - dt.timedelta(days=1), dt.time(8), WIB)

    def go():
        from jenjang.extensions import db
        from jenjang.training.models import TrainingSession

        db.session.execute(sa.update(TrainingSession).where(TrainingSession.id == session_id)
                           .values(starts_at=start, ends_at=start + dt.timedelta(days=1, hours=8)))

    factory.run(tenant, go)


def test_employee_finds_enrols_is_approved_attends_downloads_certificate_and_jp_moves(
        factory, live_url, page, mobile_page):
    tenant = factory.tenant(SLUG, name="Pemerintah Kota Pematangsiantar")
    tr = training_region(factory, tenant)
    title = "Pelatihan Integritas dan Kerja Sama"

    # The employee: 0 JP on the dashboard; the catalogue says the programme closes their gap.
    sign_in(page, live_url, f"pegawai@{SLUG}.demo")
    card = jp_bar(page)
    expect(card.locator(".stat")).to_have_text("0")
    expect(card.locator("progress")).to_have_attribute("value", "0")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Pelatihan").click()
    programme = page.locator(".programme-card", has_text=title)
    expect(programme.locator(".why")).to_contain_text("Cocok untuk Anda")
    programme.get_by_role("link", name=title).click()
    session_card = page.locator(f"#session-{tr.session_id}")
    session_card.get_by_role("button", name="Daftar").click()
    expect(page.locator(f"#session-{tr.session_id}")).to_contain_text("menunggu persetujuan atasan")
    sign_out(page)

    # The supervisor approves from "Pelatihan tim".
    sign_in(page, live_url, f"atasan@{SLUG}.demo")
    page.goto(live_url(SLUG, "/training/team"))
    page.get_by_role("link", name=re.compile(title)).click()
    page.locator(".transition-form").get_by_role("button", name="Setujui").click()
    expect(page.locator("body")).to_contain_text("Disetujui")
    sign_out(page)
    eid = factory.scalar(tenant, f"SELECT id FROM training_enrolments WHERE employee_id = {tr.staff_id}")
    assert factory.scalar(tenant, f"SELECT status FROM training_enrolments WHERE id = {eid}") == "approved"

    # The session runs; HR ticks attendance on a phone, then completes everyone who attended.
    time_passes(factory, tenant, tr.session_id)
    phone = mobile_page
    sign_in(phone, live_url, f"hr@{SLUG}.demo")
    phone.goto(live_url(SLUG, "/training/delivery"))
    phone.locator(".delivery-item", has_text=title).get_by_role("button", name="Kehadiran").click()
    for day in (local_today() - dt.timedelta(days=1), local_today()):
        chip = phone.locator(".day-picker a").nth(0 if day < local_today() else 1)
        chip.click()
        expect(phone.locator(".day-picker a").nth(0 if day < local_today() else 1)).to_have_attribute("aria-current", "date")
        expect(phone.locator("#attendance-counts")).to_contain_text("Belum dicatat 1")
        row = phone.locator(f"#att-{eid}")
        row.get_by_role("button", name="Hadir", exact=True).click()
        expect(phone.locator(f"#att-{eid}")).to_have_class(re.compile("is-present"))
        expect(phone.locator("#attendance-counts")).to_contain_text("Hadir 1")
        expect(phone.locator(f"#att-{eid}").get_by_role("button", name="Hadir", exact=True)) \
            .to_have_attribute("aria-pressed", "true")
    assert factory.scalar(tenant, f"SELECT count(*) FROM training_attendance WHERE enrolment_id = {eid} "
                                  "AND present") == 2
    phone.get_by_role("button", name="Kelulusan dan nilai").click()
    expect(phone.locator(f"#peserta-{eid}")).to_contain_text("2/2")
    phone.get_by_role("button", name="Nyatakan selesai").click()
    expect(phone.locator(".flashes")).to_contain_text("1 peserta dinyatakan selesai")
    expect(phone.locator(f"#peserta-{eid}")).to_contain_text("Selesai")
    # a score for the participant, saved in place (htmx) with the row's own button
    phone.get_by_label("Nilai Dewi Lestari (0–100)").fill("88,5")
    with phone.expect_response(lambda r: r.url.endswith(f"/completion/{eid}") and r.request.method == "POST") as saved:
        phone.locator(f"#peserta-{eid}").get_by_role("button", name="Simpan nilai").click()
    assert saved.value.status == 200 and saved.value.request.headers.get("hx-request") == "true"
    expect(phone.locator("#completion-summary")).to_contain_text("Selesai 1")
    expect(phone.get_by_label("Nilai Dewi Lestari (0–100)")).to_have_value("88,5")
    assert str(factory.scalar(tenant, f"SELECT score FROM training_enrolments WHERE id = {eid}")) == "88.50"

    # The employee downloads the certificate and sees the JP bar move.
    sign_in(page, live_url, f"pegawai@{SLUG}.demo")
    card = jp_bar(page)
    expect(card.locator(".stat")).to_have_text("24")
    expect(card.locator("progress")).to_have_attribute("value", "100")
    page.goto(live_url(SLUG, "/training/mine"))
    page.get_by_role("link", name=re.compile(title)).click()
    page.get_by_role("button", name="Sertifikat").click()
    code = page.locator(".cert-code").inner_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh sertifikat (PDF)").click()
    download = info.value
    with open(download.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
    assert download.suggested_filename.endswith(".pdf")

    # Anyone can check it on the public page (no sign-in), by the code printed on it.
    sign_out(page)
    page.goto(live_url(SLUG, "/verify"))
    page.get_by_label("Kode verifikasi").fill(code.lower())
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator(".verify-result")).to_contain_text("Sertifikat sah")
    expect(page.locator(".verify-card")).to_contain_text("Dewi Lestari")
    page.goto(live_url(SLUG, "/verify/AAAA-BBBB-CCCC-DDDD"))
    expect(page.locator(".verify-result")).to_contain_text("Sertifikat tidak ditemukan")
