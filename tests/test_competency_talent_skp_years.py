"""The 9-box takes kinerja from the SKP of the last *final* year only (issue 15 part 5b): the SKP
of a year is final from 31 January of the next year (tenant setting), so on 15 January 2027 the
9-box uses 2025, from 31 January 2027 it uses 2026. Someone without that SKP is shown as
"SKP belum tersedia", never placed from an older one. The recommended action per box is the
tenant's own text, the PermenPANRB 3/2020 default until a BKPSDM admin edits it."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from jenjang.people.skp import final_skp_years, last_final_skp_year
from tests.competency_support import SETTINGS_FORM, assess, cast, set_skp, standard_region


@pytest.mark.parametrize("today,final_from,expected", [
    (dt.date(2027, 1, 30), (1, 31), 2025),   # the day before 2026's SKP is final
    (dt.date(2027, 1, 31), (1, 31), 2026),   # final from 31 January
    (dt.date(2027, 1, 15), (1, 31), 2025),   # mid January: the year before last
    (dt.date(2027, 1, 1), (1, 31), 2025),
    (dt.date(2026, 12, 31), (1, 31), 2025),
    (dt.date(2027, 2, 28), (3, 1), 2025),    # a tenant whose SKP is final on 1 March
    (dt.date(2027, 3, 1), (3, 1), 2026),
    (dt.date(2027, 2, 28), (2, 29), 2026),   # 29 February in a common year falls on the 28th
    (dt.date(2028, 2, 28), (2, 29), 2026),   # ... and in a leap year waits for the 29th
    (dt.date(2028, 2, 29), (2, 29), 2027),
])
def test_last_final_skp_year_boundaries(today, final_from, expected):
    assert last_final_skp_year(today, final_from) == expected


def test_final_years_newest_first():
    assert final_skp_years(dt.date(2027, 1, 15), 2) == (2025, 2024)
    assert final_skp_years(dt.date(2027, 1, 31), 1) == (2026,)


def _row(factory, tenant, employee_id):
    def go():
        from jenjang.competency import talent
        from jenjang.competency.settings import load_rules
        from jenjang.extensions import db

        rules = load_rules()
        row = db.session.execute(talent.talent_select(rules, employee_ids=[employee_id])).one()
        return row, {**talent.nine_box_counts(rules), **talent.unplaced_counts(rules)}

    return factory.run(tenant, go)


@pytest.fixture
def analyst_high_potential(two_tenants, factory, clock):
    """The analyst at JPM 100 (potential tinggi), SKP 2025 sangat baik, SKP 2026 butuh perbaikan,
    assessed on 2 January 2027: before the instants the tests look from, whatever day the run
    starts on (an assessment dated after the clock does not count)."""
    clock.set("2027-01-02T08:00")
    a, _ = two_tenants
    org = standard_region(factory, a)
    assess(factory, a, org["analis"], {"M.08": 2, "SK.01": 2})
    set_skp(factory, a, org["analis"], "sangat_baik", year=2025)
    set_skp(factory, a, org["analis"], "butuh_perbaikan", year=2026)
    return a, org


def test_on_15_january_the_nine_box_uses_the_year_before_last(analyst_high_potential, factory, clock):
    a, org = analyst_high_potential
    clock.set("2027-01-15T08:00")
    row, _counts = _row(factory, a, org["analis"])
    assert (row.skp_year, row.kinerja, row.box) == (2025, "atas", 9)


def test_on_30_january_2026_is_not_final_yet_on_31_january_it_is(analyst_high_potential, factory, clock):
    a, org = analyst_high_potential
    # the test tenants live in WIB: the day turns at midnight there, not in UTC
    clock.set("2027-01-30T23:30", tz="WIB")
    assert _row(factory, a, org["analis"])[0].skp_year == 2025
    clock.set("2027-01-31T00:30", tz="WIB")
    row, _counts = _row(factory, a, org["analis"])
    assert (row.skp_year, row.kinerja, row.box) == (2026, "bawah", 6)


def test_an_old_skp_does_not_place_anyone(two_tenants, factory, clock, client_for):
    a, _ = two_tenants
    clock.set("2026-06-15")  # last final year: 2025
    org = standard_region(factory, a)
    assess(factory, a, org["analis"], {"M.08": 2, "SK.01": 2})
    set_skp(factory, a, org["analis"], "sangat_baik", year=2024)
    row, counts = _row(factory, a, org["analis"])
    assert (row.kinerja, row.box, row.unplaced) == (None, None, "skp_missing")
    assert counts.get(9, 0) == 0 and counts["skp_missing"] >= 1
    factory.user(a, f"hr@{a.slug}.demo", roles=["hr"], nip=factory.nip(a, 5))
    c = client_for(a)
    c.login(f"hr@{a.slug}.demo")
    page = c.text(c.get("/competency/talent"))
    assert "SKP belum tersedia" in page and "Predikat SKP tahun 2025" in page
    page = c.text(c.get(f"/competency/employees/{org['analis']}"))
    assert "SKP belum tersedia" in page and "Sangat Baik" not in page.split("Penempatan talenta")[1]


def test_recency_of_two_final_years_is_a_tenant_setting(two_tenants, factory, clock):
    a, _ = two_tenants
    clock.set("2026-06-15")
    org = standard_region(factory, a)
    set_skp(factory, a, org["analis"], "sangat_baik", year=2024)

    def two_years():
        from jenjang.competency import operations
        from jenjang.competency.settings import load_rules

        rules = load_rules()
        rules.skp_recent_years = 2
        operations.save_settings(rules)

    factory.run(a, two_years)
    row, _counts = _row(factory, a, org["analis"])
    assert (row.skp_year, row.kinerja) == (2024, "atas")


OWN_TEXT = "Diusulkan ke Tim Penilai Kinerja untuk jabatan target; program mentoring pimpinan."


def test_admin_edits_the_recommended_action_and_the_talent_pages_show_it(two_tenants, factory, client_for):
    a, b = two_tenants
    org = cast(factory, a)
    assess(factory, a, org["analis"], {"M.08": 2, "SK.01": 2})
    set_skp(factory, a, org["analis"], "sangat_baik")
    c = client_for(a)
    c.login(f"hr@{a.slug}.demo")
    page = c.text(c.get("/competency/settings"))
    assert "Dipromosikan dan dipertahankan" in page and "PermenPANRB 3/2020" in page

    r = c.post("/competency/settings", {**SETTINGS_FORM, "action_9": "x" * 501})
    assert r.status_code == 422 and "Paling banyak 500 karakter." in c.text(r)
    r = c.post("/competency/settings", {**SETTINGS_FORM, "skp_final_day": "30", "skp_final_month": "2"})
    assert r.status_code == 422 and "Tanggal itu tidak ada pada bulan yang dipilih." in c.text(r)
    r = c.post("/competency/settings", {**SETTINGS_FORM, "skp_recent_years": "0"})
    assert r.status_code == 422 and "1 sampai 5 tahun." in c.text(r)

    assert c.post("/competency/settings", {**SETTINGS_FORM, "action_9": OWN_TEXT}).status_code == 302
    grid = c.text(c.get("/competency/talent"))
    assert OWN_TEXT in grid and "Dipromosikan dan dipertahankan" not in grid
    assert "Rotasi; pengembangan kompetensi" in grid  # the untouched boxes keep the default
    r = c.get("/competency/talent?box=9", headers={"HX-Request": "true", "HX-Target": "box-members"})
    assert OWN_TEXT in c.text(r)
    assert OWN_TEXT in c.text(c.get("/competency/talent/pool"))
    assert OWN_TEXT in c.text(c.get(f"/competency/employees/{org['analis']}"))

    from jenjang.core.models import AuditEntry
    entry = factory.scalar(a, sa.select(AuditEntry).where(AuditEntry.action == "competency.settings_changed")
                           .order_by(AuditEntry.id.desc()))
    assert entry.after["box_actions"] == {"9": OWN_TEXT}

    # the other region keeps the default
    cast(factory, b)
    cb = client_for(b)
    cb.login(f"hr@{b.slug}.demo")
    other = cb.text(cb.get("/competency/talent"))
    assert OWN_TEXT not in other and "Dipromosikan dan dipertahankan" in other

    # emptying the box (or writing the default back) returns to the default text
    assert c.post("/competency/settings", {**SETTINGS_FORM, "action_9": ""}).status_code == 302
    assert "Dipromosikan dan dipertahankan" in c.text(c.get("/competency/talent"))


def test_english_reader_sees_the_default_in_english_and_saving_it_keeps_no_override(
        two_tenants, factory, client_for):
    from jenjang.competency.labels import BOX_ACTIONS
    from jenjang.competency.settings import box_action_overrides

    assert box_action_overrides({9: BOX_ACTIONS[9]._args[0], 8: "", 7: OWN_TEXT}) == {"7": OWN_TEXT}
