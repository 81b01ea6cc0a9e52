"""In a real browser, on a desk screen (1366 px) and on a phone (390 px): HR uploads a people
file, reads the preview (counts, the first changes, the warnings), is stopped until the warnings
are accepted, then applies it. Nothing on the page needs scrolling sideways on the phone.
Screenshots go to $JENJANG_SCREENSHOTS when it is set."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from jenjang.people.models import Employee
from tests.helpers import PASSWORD
from tests.people_support import make_org, nip

pytestmark = pytest.mark.e2e


def _shot(page, name: str) -> None:
    folder = os.environ.get("JENJANG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_hr_previews_an_import_accepts_its_warnings_and_applies_it(two_tenants, factory, live_url, _browser,
                                                                   tmp_path, width):
    a, _ = two_tenants
    make_org(factory, a)
    factory.user(a, "hr@pematangsiantar.demo", roles=["hr"])
    phone = width < 600
    context = _browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, locale="id-ID",
                                   is_mobile=phone, has_touch=phone, device_scale_factor=2 if phone else 1)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(live_url("pematangsiantar", "/login"))
        page.get_by_label("NIP atau email").fill("hr@pematangsiantar.demo")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")

        data = tmp_path / "pegawai.csv"
        data.write_text("nip,nama,golongan,kode_jabatan,kode_unit\n"
                        f"{nip(12, '19750101', '200003')},Budi Kabid Santoso,IV/b,P-KABID,\n"
                        f"{nip(71, '19900505', '201503')},Rudi Baru,III/a,P-ANALIS,\n"
                        f"{nip(72, '19910606', '201603')},Tanpa Tempat,II/a,,\n", encoding="utf-8")
        page.goto(live_url("pematangsiantar", "/people/import"))
        page.get_by_label("Jenis data").select_option("employees")
        page.get_by_label("Berkas XLSX atau CSV").set_input_files(str(data))
        page.get_by_role("button", name="Unggah dan periksa").click()

        expect(page.get_by_role("heading", name="Periksa sebelum menerapkan")).to_be_visible()
        summary = page.locator(".summary-list")
        expect(summary).to_contain_text("2 baru")
        expect(summary).to_contain_text("1 diubah")
        changes = page.locator(".change-list")
        expect(changes).to_contain_text("Budi Kabid Santoso")
        expect(changes).to_contain_text("IV/a")
        expect(changes).to_contain_text("IV/b")
        expect(page.locator(".warning-text")).to_contain_text("1 peringatan")
        expect(page.locator(".warning-list")).to_contain_text("tanpa unit dan jabatan")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        _shot(page, f"import-preview-{width}")

        page.get_by_role("button", name="Terapkan impor").click()
        error_summary = page.locator(".error-summary")
        expect(error_summary).to_be_visible()
        expect(error_summary).to_contain_text("Centang kotak ini")
        box = page.get_by_label("Saya sudah membaca peringatannya dan tetap ingin menerapkan impor ini")
        expect(box).to_have_attribute("aria-invalid", "true")
        error_summary.get_by_role("link").click()  # the summary's link leads to the box
        expect(box).to_be_focused()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        _shot(page, f"import-preview-error-{width}")
        assert factory.scalar(a, sa.select(sa.func.count()).select_from(Employee).where(
            Employee.full_name == "Rudi Baru")) == 0

        box.check()
        page.get_by_role("button", name="Terapkan impor").click()
        expect(page.locator(".flash-success")).to_contain_text("Impor selesai: 2 baru, 1 diperbarui")
        _shot(page, f"import-done-{width}")
    finally:
        context.close()
    assert factory.scalar(a, sa.select(Employee.full_name).where(Employee.nip == nip(12, "19750101", "200003"))) \
        == "Budi Kabid Santoso"
