"""The 9-box (PermenPANRB 3/2020), succession lists and the confidentiality of potential."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.competency_support import NATIONAL_CODES, assess, cast, set_skp, set_standards, standard_region
from tests.helpers import local_today


def _placement(factory, tenant, employee_id):
    def go():
        from jenjang.competency import talent
        from jenjang.competency.settings import load_rules
        from jenjang.extensions import db

        row = db.session.execute(talent.talent_select(load_rules(), employee_ids=[employee_id])).one()
        return row.kinerja, row.potensial, row.box, talent.nine_box_counts(load_rules())

    return factory.run(tenant, go)


# The analyst's position requires level 2 in all nine national competencies; standard_region
# assessed seven of them at 2 (JPM 77.8: rendah). Adding one makes 88.9 (menengah), two 100 (tinggi).
POTENTIAL_EXTRA = {"rendah": {}, "menengah": {"M.08": 2}, "tinggi": {"M.08": 2, "SK.01": 2}}
KINERJA_SKP = {"atas": "sangat_baik", "sesuai": "baik", "bawah": "butuh_perbaikan"}


@pytest.mark.parametrize("kinerja,potensial,box", [
    ("bawah", "rendah", 1), ("sesuai", "rendah", 2), ("bawah", "menengah", 3), ("atas", "rendah", 4),
    ("sesuai", "menengah", 5), ("bawah", "tinggi", 6), ("atas", "menengah", 7), ("sesuai", "tinggi", 8),
    ("atas", "tinggi", 9),
])
def test_nine_box_placement_for_every_box(two_tenants, factory, kinerja, potensial, box):
    a, _ = two_tenants
    org = standard_region(factory, a)
    if POTENTIAL_EXTRA[potensial]:
        assess(factory, a, org["analis"], POTENTIAL_EXTRA[potensial])
    set_skp(factory, a, org["analis"], KINERJA_SKP[kinerja])
    got_kinerja, got_potensial, got_box, counts = _placement(factory, a, org["analis"])
    assert (got_kinerja, got_potensial, got_box) == (kinerja, potensial, box)
    assert counts[box] == 1
    assert counts[None] == sum(counts.values()) - 1  # everyone else lacks an SKP or a standard


def test_latest_skp_year_counts_and_potential_score_can_replace_jpm(two_tenants, factory, clock):
    a, _ = two_tenants
    clock.set("2026-06-15")  # last final SKP year: 2025
    org = standard_region(factory, a)
    set_skp(factory, a, org["analis"], "butuh_perbaikan", year=2024)
    set_skp(factory, a, org["analis"], "sangat_baik", year=2025)

    def use_scores():
        from jenjang.competency import operations
        from jenjang.competency.settings import Rules
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        operations.save_settings(Rules(potential_source="score_or_jpm"))
        e = db.session.scalar(sa.select(Employee).where(Employee.id == org["analis"]))
        operations.record_potential(e, score=95, assessed_on=local_today())

    factory.run(a, use_scores)
    assert _placement(factory, a, org["analis"])[:3] == ("atas", "tinggi", 9)


def test_unplaced_without_skp(two_tenants, factory):
    a, _ = two_tenants
    org = standard_region(factory, a)
    assert _placement(factory, a, org["analis"])[:3] == (None, "rendah", None)


def test_succession_list_ranks_rank_eligible_first_then_by_jpm_and_excludes_the_holder(two_tenants, factory):
    a, _ = two_tenants
    org = standard_region(factory, a)
    from jenjang.people import operations as people
    from jenjang.people.models import RANK_IDS
    from tests.people_support import nip

    def newcomers():
        ids = []
        for i, (name, rank) in enumerate((("Citra Penata", "III/d"), ("Doni Penata", "III/d"))):
            e = people.create_employee(nip=nip(60 + i, "19850101", "201003"), full_name=name,
                                       position_id=org["staff_s_position"], position_tmt=dt.date(2020, 1, 2),
                                       rank_id=RANK_IDS[rank], rank_tmt=dt.date(2020, 4, 1),
                                       override_reason="uji")
            ids.append(e.id)
        return ids

    citra, doni = factory.run(a, newcomers)
    assess(factory, a, citra, {c: 3 for c in NATIONAL_CODES[:3]})   # 9/27 against the kabid standard
    assess(factory, a, doni, {c: 3 for c in NATIONAL_CODES[:6]})    # 18/27
    assess(factory, a, org["perawat"], {c: 5 for c in NATIONAL_CODES})  # 100%, but rank II/c is not eligible
    set_skp(factory, a, doni, "sangat_baik")

    def go():
        from jenjang.competency import talent
        from jenjang.competency.settings import load_rules
        from jenjang.extensions import db
        from jenjang.people.models import Position

        position = db.session.scalar(sa.select(Position).where(Position.id == org["kabid_position"]))
        return [(r.employee_id, float(r.jpm), r.eligible) for r in talent.succession_candidates(load_rules(), position)]

    ranked = factory.run(a, go)
    assert ranked[0] == (doni, 66.67, True)
    assert ranked[1] == (citra, 33.33, True)
    assert ranked[2][0] == org["perawat"] and ranked[2][1] == 100.0 and ranked[2][2] is False
    assert org["kabid"] not in [r[0] for r in ranked]  # the holder is not his own successor


def test_succession_page_and_flagging(two_tenants, factory, client_for):
    a, _ = two_tenants
    org = cast(factory, a)
    c = client_for(a)
    c.login(f"hr@{a.slug}.demo")
    r = c.post("/competency/succession", {"position_id": org["kabid_position"], "kind": "kritikal", "note": "Pensiun 2027"})
    assert r.status_code == 302
    page = c.text(c.get("/competency/succession"))
    assert "Kepala Bidang SD" in page and "Jabatan kritikal" in page
    page = c.text(c.get(f"/competency/succession/{org['kabid_position']}"))
    assert "Ani Analis" in page


CONFIDENTIAL = ("Penempatan talenta", "Potensial", "potensi", "Kotak", "talent pool", "9 kotak")


def test_potential_is_never_shown_to_the_employee_themself(two_tenants, factory, client_for):
    a, _ = two_tenants
    org = cast(factory, a)
    set_skp(factory, a, org["analis"], "sangat_baik")
    me = client_for(a)
    me.login(f"analis@{a.slug}.demo")
    for path in ("/development/", "/development/career", "/development/plan", f"/competency/employees/{org['analis']}",
                 "/"):
        page = me.text(me.get(path))
        assert me.get(path).status_code == 200, path
        for word in CONFIDENTIAL:
            assert word not in page, (path, word)
    assert me.get("/competency/talent").status_code == 403
    assert me.get(f"/competency/employees/{org['analis']}/potential").status_code == 403
    hr = client_for(a)
    hr.login(f"hr@{a.slug}.demo")
    assert "Penempatan talenta" in hr.text(hr.get(f"/competency/employees/{org['analis']}"))


def test_hr_does_not_see_their_own_potential_either(two_tenants, factory, client_for):
    a, _ = two_tenants
    cast(factory, a)
    from jenjang.auth.models import User
    hr_employee = factory.scalar(a, sa.select(User.employee_id).where(User.email == f"hr@{a.slug}.demo"))
    set_standards(factory, a, factory.scalar(a, sa.text("SELECT min(id) FROM positions")), {"M.01": 1})
    c = client_for(a)
    c.login(f"hr@{a.slug}.demo")
    page = c.text(c.get(f"/competency/employees/{hr_employee}"))
    assert "Penempatan talenta" not in page
    assert c.get(f"/competency/employees/{hr_employee}/potential").status_code == 403


def test_talent_grid_counts_click_lists_people_and_filters(two_tenants, factory, client_for):
    a, _ = two_tenants
    org = cast(factory, a)
    assess(factory, a, org["analis"], {"M.08": 2, "SK.01": 2})
    set_skp(factory, a, org["analis"], "sangat_baik")
    c = client_for(a)
    c.login(f"hr@{a.slug}.demo")
    page = c.text(c.get("/competency/talent"))
    assert 'id="ninebox-t"' in page and "/competency/talent?box=9" in page
    r = c.get("/competency/talent?box=9", headers={"HX-Request": "true", "HX-Target": "box-members"})
    assert "Ani Analis" in c.text(r) and "Dipromosikan dan dipertahankan" in c.text(r)
    assert "Ani Analis" not in c.text(c.get("/competency/talent?box=9&kind=pelaksana"))
    assert "Ani Analis" in c.text(c.get("/competency/talent/pool"))
    assert "Ani Analis" not in c.text(c.get(f"/competency/talent/pool?unit={org['other']}"))
