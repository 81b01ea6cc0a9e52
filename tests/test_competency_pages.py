"""Competency pages as HR and employees use them: the dictionary, the standards grid, assessments,
gaps and JPM, analysis, exports, settings."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.competency_support import NATIONAL_CODES, SETTINGS_FORM, assess, cast, comp_ids, set_standards


@pytest.fixture
def region(two_tenants, factory):
    a, _b = two_tenants
    return a, cast(factory, a)


def hr(client_for, tenant):
    c = client_for(tenant)
    c.login(f"hr@{tenant.slug}.demo")
    return c


def test_every_tenant_starts_with_the_nine_national_competencies_locked(two_tenants, factory, client_for):
    a, b = two_tenants
    assert set(comp_ids(factory, a)) == set(NATIONAL_CODES)
    assert set(comp_ids(factory, b)) == set(NATIONAL_CODES)
    factory.user(a, "hr@pematangsiantar.demo", roles=["hr"], nip=factory.nip(a, 5))
    c = hr(client_for, a)
    m01 = comp_ids(factory, a)["M.01"]
    page = c.text(c.get(f"/competency/dictionary/{m01}"))
    assert "Integritas" in page and "Mampu bertindak sesuai nilai, norma, etika organisasi" in page
    assert c.get(f"/competency/dictionary/{m01}/edit").status_code == 403
    assert c.post(f"/competency/dictionary/{m01}/retire").status_code == 403


def test_national_indicators_are_shown_in_english_for_english_readers(two_tenants, factory, client_for):
    a, _ = two_tenants
    factory.user(a, "hr@pematangsiantar.demo", roles=["hr"], nip=factory.nip(a, 5))
    c = hr(client_for, a)
    c.post("/locale", {"locale": "en"})
    page = c.text(c.get(f"/competency/dictionary/{comp_ids(factory, a)['SK.01']}"))
    assert "Nation Binder" in page and "Represents the government in building strong bonds with society." in page


def test_hr_adds_a_teknis_competency_and_retires_it_then_no_assessment_is_accepted(region, client_for, factory):
    a, org = region
    c = hr(client_for, a)
    r = c.post("/competency/dictionary/new", {
        "code": "t.keu.01", "name": "Pengelolaan Keuangan Daerah", "field": "Keuangan",
        "levels-0-description": "Memahami siklus APBD", "levels-0-indicators": "Menyusun RKA\nMencatat belanja",
        "levels-1-description": "Menyusun laporan keuangan unit"})
    assert r.status_code == 302
    cid = comp_ids(factory, a)["T.KEU.01"]
    page = c.text(c.get(f"/competency/dictionary/{cid}"))
    assert "Menyusun RKA" in page and "Level 2" in page
    assert c.post("/competency/dictionary/new", {"code": "M.01", "name": "Tiruan"}).status_code == 422
    assert c.post(f"/competency/dictionary/{cid}/retire").status_code == 302
    r = c.post(f"/competency/employees/{org['analis']}/assessments", {
        "competency_id": cid, "level": "3", "source": "supervisor", "assessed_on": "2025-01-10"})
    assert r.status_code == 422  # a retired competency is no longer a choice
    from jenjang.competency import operations
    with pytest.raises(operations.CompetencyError, match="dipensiunkan"):
        factory.run(a, lambda: operations.record_assessment(
            _employee(org["analis"]), competency_id=cid, level=3, source="supervisor",
            assessed_on=dt.date(2025, 1, 10)))


def _employee(employee_id):
    from jenjang.extensions import db
    from jenjang.people.models import Employee

    return db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))


def test_standards_grid_cell_is_edited_with_htmx_and_refuses_a_level_outside_1_to_5(region, client_for, factory):
    a, org = region
    c = hr(client_for, a)
    m03 = comp_ids(factory, a)["M.03"]
    page = c.text(c.get("/competency/standards"))
    assert "Kepala Bidang SD" in page and 'hx-post="/competency/standards/' in page
    url = f"/competency/standards/{org['kasi_position']}/{m03}"
    r = c.post(url, {"level": "4"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Tersimpan" in c.text(r) and "<html" not in c.text(r)
    assert 'value="4" selected' in c.text(r)
    r = c.post(url, {"level": "7"}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and "Level 7 di luar rentang" in c.text(r)
    from jenjang.competency.models import CompetencyStandard
    stored = factory.scalar(a, sa.select(CompetencyStandard.required_level).where(
        CompetencyStandard.position_id == org["kasi_position"], CompetencyStandard.competency_id == m03))
    assert stored == 4
    r = c.post(url, {"level": ""}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(CompetencyStandard).where(
        CompetencyStandard.position_id == org["kasi_position"])) == 0
    assert c.post(f"/competency/standards/987654321/{m03}", {"level": "2"}).status_code == 404


def test_defaults_by_position_kind_are_applied_in_bulk_and_keep_edited_cells(region, client_for, factory):
    a, org = region
    c = hr(client_for, a)
    r = c.post("/competency/standards/defaults", {"kinds": ["jpt_pratama", "pengawas", "fungsional"]})
    assert r.status_code == 302
    from jenjang.competency.models import CompetencyStandard

    def levels(position_id):
        return factory.run(a, lambda: sorted({lv for (lv,) in __import__("jenjang.extensions", fromlist=["db"]).db
                                              .session.execute(sa.select(CompetencyStandard.required_level).where(
                                                  CompetencyStandard.position_id == position_id))}))
    assert levels(org["kasi_position"]) == [2]  # pengawas
    assert levels(org["staff_b_position"]) == [2]  # ahli pertama kept its edited standard (2), not overwritten
    c.post("/competency/standards/defaults", {"kinds": ["fungsional"], "overwrite": "y"})
    assert levels(org["staff_b_position"]) == [1]  # ahli pertama default


def test_copy_standard_of_one_position_to_others(region, client_for, factory):
    a, org = region
    c = hr(client_for, a)
    r = c.post(f"/competency/standards/{org['kabid_position']}/copy",
               {"targets": [str(org["kasi_position"]), str(org["staff_s_position"])]})
    assert r.status_code == 302
    from jenjang.competency.models import CompetencyStandard
    count = factory.scalar(a, sa.select(sa.func.count()).select_from(CompetencyStandard).where(
        CompetencyStandard.position_id.in_([org["kasi_position"], org["staff_s_position"]]),
        CompetencyStandard.required_level == 3))
    assert count == 18


def test_assessment_by_hand_refuses_a_level_outside_1_to_5(region, client_for, factory):
    a, org = region
    c = hr(client_for, a)
    m08 = comp_ids(factory, a)["M.08"]
    r = c.post(f"/competency/employees/{org['analis']}/assessments", {
        "competency_id": m08, "level": "6", "source": "supervisor", "assessed_on": "2025-01-10"})
    assert r.status_code == 422 and "Pilih level 1 sampai 5." in c.text(r)
    r = c.post(f"/competency/employees/{org['analis']}/assessments", {
        "competency_id": m08, "level": "2", "source": "supervisor", "assessed_on": "2025-01-10",
        "assessor": "Budi Kabid", "evidence": "Memimpin rapat koordinasi"})
    assert r.status_code == 302
    assert "Memimpin rapat koordinasi" in c.text(c.get(f"/competency/employees/{org['analis']}/assessments"))


def test_gap_page_lists_gaps_first_with_jpm_category_and_an_accessible_chart(region, client_for):
    a, org = region
    c = hr(client_for, a)
    page = c.text(c.get(f"/competency/employees/{org['analis']}"))
    assert "JPM 77.8%" in page and "Kurang Optimal" in page
    assert '<svg' in page and "<title id=\"radar-t\">" in page and "<desc id=\"radar-d\">" in page
    table = page[page.index("Kesenjangan lebih dulu"):]
    assert table.index("M.08") < table.index("M.01")  # the unmet ones come first
    assert "belum dinilai" in table


def test_analysis_heatmap_distribution_and_biggest_gaps(region, client_for):
    a, org = region
    c = hr(client_for, a)
    page = c.text(c.get("/competency/"))
    assert "Peta panas kesenjangan" in page and 'id="heatmap-t"' in page
    assert "Kesenjangan terbesar" in page and "M.08" in page
    unit_page = c.text(c.get(f"/competency/?unit={org['bidang']}"))
    assert "Analis Kebijakan Ahli Pertama" in unit_page  # rows are positions within a unit


@pytest.mark.parametrize("path,mime,magic", [
    ("/competency/export/analysis?format=xlsx", "spreadsheetml", b"PK"),
    ("/competency/export/analysis?format=pdf", "application/pdf", b"%PDF"),
    ("/competency/export/talent?format=xlsx", "spreadsheetml", b"PK"),
])
def test_exports(region, client_for, path, mime, magic):
    a, _org = region
    r = hr(client_for, a).get(path)
    assert r.status_code == 200 and mime in r.mimetype and r.data.startswith(magic)


def test_employee_gap_export_as_pdf_and_xlsx_neutralises_formulas(region, client_for, factory):
    a, org = region
    c = hr(client_for, a)
    r = c.get(f"/competency/employees/{org['analis']}/export?format=pdf")
    assert r.data.startswith(b"%PDF")
    from jenjang.competency.exports import neutralise
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)" and neutralise("-1") == "'-1" and neutralise(3) == 3


def test_settings_change_thresholds_and_show_the_regulation(region, client_for, factory):
    a, org = region
    c = hr(client_for, a)
    page = c.text(c.get("/competency/settings"))
    assert "PermenPANRB 3/2020" in page and "PermenPANRB 6/2022" in page
    form = {**SETTINGS_FORM, "jpm_optimal_min": "95", "jpm_cukup_min": "70", "jpm_regulation": "Perbup 12/2024"}
    assert c.post("/competency/settings", {**form, "jpm_cukup_min": "99"}).status_code == 422
    assert c.post("/competency/settings", {**form, "precedence_4": "competency_test"}).status_code == 422
    assert c.post("/competency/settings", form).status_code == 302
    page = c.text(c.get(f"/competency/employees/{org['analis']}"))
    assert "Cukup Optimal" in page  # 77.8% is Cukup Optimal from 70%


def test_employee_cannot_reach_hr_pages(region, client_for):
    a, org = region
    c = client_for(a)
    c.login(f"analis@{a.slug}.demo")
    for path in ("/competency/", "/competency/standards", "/competency/talent", "/competency/settings",
                 f"/competency/employees/{org['kabid']}", "/competency/import"):
        assert c.get(path).status_code == 403, path


def test_standards_for_a_position_and_career_options_rank_vacant_first(region, client_for, factory):
    a, org = region
    c = client_for(a)
    c.login(f"analis@{a.slug}.demo")
    page = c.text(c.get("/development/career"))
    assert "Kepala Bidang SD" in page
    assert "M.01" in page  # what is missing for the kabid position (needs 3, has 2)
    hr_page = hr(client_for, a).get(f"/competency/employees/{org['analis']}/career")
    assert hr_page.status_code == 200


def test_list_pages_keep_a_constant_number_of_queries(region, client_for, factory, query_counter):
    a, org = region
    from jenjang.people import operations as people
    from tests.people_support import nip

    def add(n, start=0):
        def go():
            for i in range(start, start + n):
                people.create_employee(nip=nip(100 + i, "19910101", "201503"), full_name=f"Pegawai {i:03d}",
                                       position_id=org["staff_s_position"], position_tmt=dt.date(2020, 1, 2))
        factory.run(a, go)

    set_standards(factory, a, org["staff_s_position"], {"M.01": 2, "M.02": 2})
    c = hr(client_for, a)
    add(10)
    small = {p: query_counter.measure(lambda p=p: c.get(p)) for p in
             ("/competency/employees?per_page=100", "/competency/standards", "/competency/talent?box=2",
              f"/competency/employees/{org['analis']}/career")}
    add(90, start=10)
    for i in range(5):
        assess(factory, a, org["analis"], {"M.05": 1 + i % 5}, on=dt.date(2024, 1, 1 + i))
    large = {p: query_counter.measure(lambda p=p: c.get(p)) for p in small}
    assert large == small
