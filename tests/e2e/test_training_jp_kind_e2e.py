"""In a real browser, on a phone: HR reads JP compliance for PNS and PPPK side by side, narrows the
report to PPPK with the kind filter, and sees who is behind their own (PPPK) target."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_training_e2e import SLUG, sign_in
from tests.test_training_jp_by_kind import org  # noqa: F401  (the fixture: 3 PNS, a PPPK and a PPPK paruh waktu)


def test_hr_filters_compliance_by_kind_on_a_phone(org, live_url, mobile_page):  # noqa: F811
    phone = mobile_page
    sign_in(phone, live_url, f"hr@{SLUG}.demo")
    expect(phone.get_by_test_id("jp-compliance-card")).to_contain_text("PPPK")
    phone.goto(live_url(SLUG, "/training/compliance"))
    kinds = phone.get_by_test_id("kinds")
    expect(kinds.locator("[data-kind=PNS]")).to_contain_text("66,7%")
    expect(kinds.locator("[data-kind=PPPK]")).to_contain_text("termasuk 1 paruh waktu")
    phone.screenshot(path="/tmp/jpkind-compliance-phone.png", full_page=True)
    phone.get_by_label("Jenis kepegawaian").select_option("PPPK")
    phone.get_by_role("button", name="Tampilkan").click()
    expect(phone.get_by_test_id("share")).to_have_text("50%")
    behind = phone.locator("#behind-heading + .table-wrap")
    expect(behind).to_contain_text("Rudi Hartono")
    expect(behind).not_to_contain_text("Budi Santoso")
    assert "kind=PPPK" in phone.url
