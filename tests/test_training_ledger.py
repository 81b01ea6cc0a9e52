"""The JP ledger: sums per year across sources, idempotent credits, revoking; the "JP saya" page
and the dashboard card; who may see whose ledger; the "JP in the last year" promotion rule; the
training settings page."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.helpers import local_today
from tests.org import build_region
from tests.training_ledger_support import credit

YEAR = local_today().year


@pytest.fixture
def region(factory):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    return build_region(factory, tenant)


def _run(factory, tenant, fn):
    return factory.run(tenant, fn)


def test_ledger_sums_per_year_across_every_source(region, factory):
    t, staff = region.tenant, region.staff_id
    credit(factory, t, staff, 24, dt.date(YEAR, 3, 10), source="training", ref="enrolment:1", title="Latsar")
    credit(factory, t, staff, "7.5", dt.date(YEAR, 5, 2), source="external", ref="external:1", title="LAN")
    credit(factory, t, staff, 2, dt.date(YEAR, 6, 1), source="mentoring", ref="mentoring_session:1",
           classical=False)
    credit(factory, t, staff, 3, dt.date(YEAR, 7, 1), source="manual", ref="manual:1")
    credit(factory, t, staff, 10, dt.date(YEAR - 1, 12, 31), source="training", ref="enrolment:0")
    credit(factory, t, region.colleague_id, 5, dt.date(YEAR, 2, 1), source="manual", ref="manual:2")

    def sums():
        from jenjang.training import ledger

        return (ledger.year_total(staff, YEAR), ledger.year_total(staff, YEAR - 1),
                ledger.year_totals([staff, region.colleague_id, region.head_id], YEAR),
                ledger.window_total(staff, dt.date(YEAR - 1, 12, 31), dt.date(YEAR, 3, 10)))

    this_year, last_year, totals, window = _run(factory, t, sums)
    assert this_year == Decimal("36.5") and last_year == Decimal(10)
    assert totals == {staff: Decimal("36.5"), region.colleague_id: Decimal(5), region.head_id: Decimal(0)}
    assert window == Decimal(34)


def test_source_total_sums_one_source_between_dates_leaving_out_one_entry(region, factory):
    """What a capped source (mentoring's monthly cap) reads: its JP in a period, without the entry
    being credited again."""
    t, staff = region.tenant, region.staff_id
    for day, ref in ((3, "mentoring_session:1"), (17, "mentoring_session:2"), (28, "mentoring_session:3")):
        credit(factory, t, staff, 2, dt.date(YEAR, 4, day), source="mentoring", ref=ref, classical=False)
    credit(factory, t, staff, 2, dt.date(YEAR, 5, 1), source="mentoring", ref="mentoring_session:4", classical=False)
    credit(factory, t, staff, 24, dt.date(YEAR, 4, 10), source="training", ref="enrolment:1")
    credit(factory, t, region.colleague_id, 2, dt.date(YEAR, 4, 10), source="mentoring", ref="mentoring_session:5")

    def sums():
        from jenjang.training import ledger

        april = (dt.date(YEAR, 4, 1), dt.date(YEAR, 4, 30))
        return (ledger.source_total(staff, "mentoring", *april),
                ledger.source_total(staff, "mentoring", *april, except_ref="mentoring_session:2"),
                ledger.source_total(staff, "training", *april))

    assert _run(factory, t, sums) == (Decimal(6), Decimal(4), Decimal(24))


def test_credit_is_idempotent_per_source_ref_and_revoke_takes_it_back(region, factory):
    t, staff = region.tenant, region.staff_id
    credit(factory, t, staff, 8, dt.date(YEAR, 3, 1), source="training", ref="enrolment:9")
    credit(factory, t, staff, 8, dt.date(YEAR, 3, 1), source="training", ref="enrolment:9")
    credit(factory, t, staff, 12, dt.date(YEAR, 3, 2), source="training", ref="enrolment:9")  # corrected
    assert factory.scalar(t, "SELECT count(*) FROM jp_entries") == 1
    assert factory.scalar(t, "SELECT jp FROM jp_entries") == Decimal(12)

    def revoke():
        from jenjang.training import ledger

        return ledger.revoke("training", "enrolment:9"), ledger.revoke("training", "enrolment:9")

    assert _run(factory, t, revoke) == (1, 0)
    assert factory.scalar(t, "SELECT count(*) FROM jp_entries") == 0


def test_ledger_refuses_negative_jp_and_unknown_source(region, factory):
    from jenjang.training import ledger

    with pytest.raises(ValueError):
        _run(factory, region.tenant, lambda: ledger.credit(region.staff_id, source="manual", source_ref="x", jp=-1,
                                                            occurred_on=local_today(), title="x"))
    with pytest.raises(ValueError):
        _run(factory, region.tenant, lambda: ledger.credit(region.staff_id, source="gift", source_ref="x", jp=1,
                                                            occurred_on=local_today(), title="x"))


def test_my_jp_page_groups_by_source_with_progress_and_year_selector(region, factory, client_for):
    t, staff = region.tenant, region.staff_id
    credit(factory, t, staff, 8, dt.date(YEAR, 1, 15), source="training", ref="enrolment:1",
           title="Bimtek SIASN")
    credit(factory, t, staff, 2, dt.date(YEAR, 1, 20), source="mentoring", ref="mentoring_session:1",
           title="Mentoring: perencanaan karier", classical=False)
    credit(factory, t, staff, 30, dt.date(YEAR - 1, 6, 1), source="manual", ref="manual:1", title="Diklat lama")
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    page = c.text(c.get("/training/jp"))
    assert "Bimtek SIASN" in page and "Mentoring: perencanaan karier" in page
    assert "Pelatihan dari katalog" in page and "Mentoring dan coaching" in page
    assert "Diklat lama" not in page
    assert re.search(r'data-testid="jp-total">10<', page)
    assert 'value="50" max="100"' in page  # 10 of 20 JP
    assert "Kurang 10 JP" in page
    assert f'<option value="{YEAR - 1}"' in page
    assert "/training/external/new" in page
    last = c.text(c.get(f"/training/jp?year={YEAR - 1}"))
    assert "Diklat lama" in last and "Target tercapai" in last and "Bimtek SIASN" not in last
    fragment = c.get(f"/training/jp?year={YEAR - 1}", headers={"HX-Request": "true"})
    assert "Diklat lama" in c.text(fragment) and "<html" not in c.text(fragment)


def test_dashboard_card_shows_the_jp_bar(region, factory, client_for):
    credit(factory, region.tenant, region.staff_id, 15, local_today(), source="manual", ref="manual:card")
    c = client_for(region.tenant)
    c.login(f"pegawai@{region.tenant.slug}.demo")
    page = c.text(c.get("/"))
    assert f"JP pengembangan kompetensi {YEAR}" in page
    assert 'value="75" max="100"' in page and "Kurang 5 JP" in page


def test_an_employee_never_sees_a_colleagues_ledger(region, factory, client_for):
    credit(factory, region.tenant, region.colleague_id, 4, local_today(), source="manual", ref="manual:c",
           title="Catatan rahasia rekan")
    c = client_for(region.tenant)
    c.login(f"pegawai@{region.tenant.slug}.demo")
    r = c.get(f"/training/jp/employees/{region.colleague_id}")
    assert r.status_code == 404 and "Catatan rahasia rekan" not in c.text(r)
    assert "Catatan rahasia rekan" not in c.text(c.get("/training/jp"))
    own = c.get(f"/training/jp/employees/{region.staff_id}")
    assert own.status_code == 302 and own.headers["Location"].startswith("/training/jp")
    assert c.get("/training/compliance").status_code == 403


def test_a_supervisor_sees_their_team_and_hr_sees_everyone(region, factory, client_for):
    credit(factory, region.tenant, region.staff_id, 6, local_today(), source="manual", ref="manual:s", title="Kursus Excel")
    c = client_for(region.tenant)
    c.login(f"atasan@{region.tenant.slug}.demo")
    mine = c.text(c.get("/training/jp"))
    assert "JP tim saya" in mine and "Dewi Lestari" in mine and "Budi Santoso" in mine
    page = c.get(f"/training/jp/employees/{region.staff_id}")
    assert page.status_code == 200 and "Kursus Excel" in c.text(page)
    staff = client_for(region.tenant)
    staff.login(f"pegawai@{region.tenant.slug}.demo")
    assert staff.get(f"/training/jp/employees/{region.head_id}").status_code == 404  # not the other way round
    hr = client_for(region.tenant)
    hr.login(f"hr@{region.tenant.slug}.demo")
    assert "Kursus Excel" in hr.text(hr.get(f"/training/jp/employees/{region.staff_id}"))


# --- the promotion rule ------------------------------------------------------------------------

def _evaluate(factory, region, as_of: dt.date, params: dict | None = None):
    def go():
        from jenjang import eligibility
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        employee = db.session.scalar(sa.select(Employee).where(Employee.id == region.staff_id))
        rule = eligibility.get("jp_last_year")
        return rule.evaluate(eligibility.Subject(employee=employee, kind="reguler", as_of=as_of),
                             params if params is not None else dict(rule.defaults))

    return factory.run(region.tenant, go)


def test_jp_last_year_rule_sums_the_365_days_before_the_evaluation_date(region, factory):
    from jenjang import eligibility

    rule = eligibility.get("jp_last_year")
    assert rule.module == "training" and rule.defaults == {"min_jp": 20}
    assert str(rule.label) == "JP pengembangan kompetensi 1 tahun terakhir"
    as_of = dt.date(2026, 10, 1)
    credit(factory, region.tenant, region.staff_id, 10, dt.date(2025, 10, 2), ref="m:in-first-day")
    credit(factory, region.tenant, region.staff_id, 4, dt.date(2026, 10, 1), ref="m:in-last-day")
    credit(factory, region.tenant, region.staff_id, 30, dt.date(2025, 10, 1), ref="m:too-old")
    credit(factory, region.tenant, region.staff_id, 30, dt.date(2026, 10, 2), ref="m:after")
    result = _evaluate(factory, region, as_of)
    assert result.passed is False
    assert result.detail == "14 JP dalam 12 bulan terakhir (syarat 20 JP)"
    assert result.inputs["jp"] == 14 and result.inputs["from"] == "2025-10-02"
    assert _evaluate(factory, region, as_of, {"min_jp": 14}).passed is True


def test_jp_rule_is_available_but_off_by_default_in_promotion_settings(region, factory, client_for):
    c = client_for(region.tenant)
    c.login(f"hr@{region.tenant.slug}.demo")
    page = c.text(c.get("/promotion/settings"))
    assert "JP pengembangan kompetensi 1 tahun terakhir" in page
    box = re.search(r'<input type="checkbox" name="reguler\.jp_last_year\.enabled"[^>]*>', page).group(0)
    assert "checked" not in box
    assert 'name="reguler.jp_last_year.min_jp" value="20"' in page

    def applicable():
        from jenjang.promotion.operations import applicable_rules

        return applicable_rules("reguler")

    assert "jp_last_year" not in factory.run(region.tenant, applicable)


# --- settings ----------------------------------------------------------------------------------

def _settings_form(page: str) -> dict:
    form = {}
    for name, value in re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page):
        form[name] = value
    for name in re.findall(r'<select[^>]*name="([a-z_]+)"', page):
        block = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', block)
        first = re.search(r'<option[^>]*value="([^"]*)"', block)
        form[name] = (chosen.group(1) or chosen.group(2)) if chosen else first.group(1)
    form.pop("csrf_token", None)
    return form


def test_settings_page_saves_valid_values_and_refuses_bad_ones(region, factory, client_for):
    c = client_for(region.tenant)
    c.login(f"hr@{region.tenant.slug}.demo")
    page = c.text(c.get("/training/settings"))
    assert "Target JP PNS per tahun" in page and "Seminar, per hari" in page
    form = _settings_form(page)
    assert form["target_jp"] == "20" and form["seminar_day"] == "4.0"
    form.update(target_jp="24", waitlist_order="priority", followup_days="90", workshop_day="6")
    r = c.post("/training/settings", form)
    assert r.status_code == 302, c.text(r)
    row = factory.scalar(region.tenant, "SELECT row_to_json(s) FROM training_settings s")
    assert row["target_jp"] == 24 and row["waitlist_order"] == "priority" and row["followup_days"] == 90
    assert row["conversions"]["workshop_day"] == 6 and row["conversions"]["seminar_day"] == 4
    bad = c.post("/training/settings", {**form, "target_jp": "-3", "followup_days": "0", "seminar_day": "abc"})
    text = c.text(bad)
    assert bad.status_code == 422 and "Isi 0 sampai 500." in text and "Isi 1 sampai 365 hari." in text
    assert factory.scalar(region.tenant, "SELECT target_jp FROM training_settings") == 24
    bad_key = c.post("/training/settings", {**form, "approval_definition_key": "someone_elses"})
    assert bad_key.status_code == 422 and "Pilih alur persetujuan dari daftar." in c.text(bad_key)
    staff = client_for(region.tenant)
    staff.login(f"pegawai@{region.tenant.slug}.demo")
    assert staff.get("/training/settings").status_code == 403


def test_my_jp_page_keeps_a_constant_number_of_queries(region, factory, client_for, query_counter):
    c = client_for(region.tenant)
    c.login(f"atasan@{region.tenant.slug}.demo")

    def count() -> int:
        with query_counter:
            assert c.get("/training/jp").status_code == 200
        return query_counter.count

    few = count()
    for i in range(30):
        credit(factory, region.tenant, region.head_id, 1, dt.date(YEAR, 1, 1) + dt.timedelta(days=i), ref=f"m:{i}")
        credit(factory, region.tenant, region.staff_id, 1, dt.date(YEAR, 1, 1) + dt.timedelta(days=i), ref=f"s:{i}")
    assert count() == few
