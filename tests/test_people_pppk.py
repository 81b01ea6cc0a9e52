"""PPPK in the people module: the employee form checks the number by the chosen kind, a PPPK gets
a golongan I–XVII (the entry grade of the diploma when none is given, from the region's editable
rules), grade changes go to the career history, positions say who may hold them, and golongan and
kind show on the profile, the directory (with a kind filter), the team and unit pages."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from jenjang.people.models import Employee, Position, RankHistory
from tests.people_support import make_org

PPPK_NIP = "199001012022211001"


@pytest.fixture
def org(two_tenants, factory, client_for):
    a, b = two_tenants
    ids = make_org(factory, a)
    factory.user(a, "hr@pematangsiantar.demo", roles=["hr"])
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    return a, b, ids, c


def _employee(factory, tenant, **where) -> Employee:
    return factory.scalar(tenant, sa.select(Employee).where(*[getattr(Employee, k) == v for k, v in where.items()]))


def _new(c, **fields):
    r = c.post("/people/new", {"full_name": "Sari PPPK", "employment_type": "PPPK", **fields})
    if r.status_code == 302:
        c.get(r.headers["Location"])  # as a browser does: the flash is read there
    return r


def test_a_new_pppk_with_a_diploma_enters_at_its_grade_and_shows_as_pppk(org, factory):
    a, _, ids, c = org
    r = _new(c, nip=PPPK_NIP, education_level="S1", position_id=ids["staff_b_position"])
    assert r.status_code == 302, c.text(r)
    e = _employee(factory, a, nip=PPPK_NIP)
    assert (e.employment_type, e.grade_id, e.rank_id, e.tmt_cpns, e.appointment_year) == ("PPPK", 9, None, None, 2022)
    # the fallback dates are the start of the year of appointment (the NI PPPK holds no month)
    assert (e.rank_tmt, e.position_tmt) == (dt.date(2022, 1, 1), dt.date(2022, 1, 1))
    history = factory.scalar(a, sa.select(sa.func.json_agg(sa.func.json_build_array(
        RankHistory.rank_id, RankHistory.grade_id))).where(RankHistory.employee_id == e.id))
    assert history == [[None, 9]]
    page = c.text(c.get(f"/people/{e.id}"))
    assert "19900101 2022 21 1 001" in page and "Golongan IX (PPPK)" in page
    assert "Pengangkatan PPPK 2022" in page and "Tahun pengangkatan PPPK" in page and "TMT CPNS" not in page


def test_the_pppk_grade_given_wins_over_the_entry_grade(org, factory):
    a, _, _, c = org
    assert _new(c, nip=PPPK_NIP, education_level="S1", grade_id="11", rank_tmt="2022-03-01").status_code == 302
    e = _employee(factory, a, nip=PPPK_NIP)
    assert (e.grade_id, e.rank_tmt) == (11, dt.date(2022, 3, 1))


@pytest.mark.parametrize("fields,message", [
    ({"employment_type": "PNS", "nip": PPPK_NIP}, "tampak seperti NI PPPK"),
    ({"employment_type": "PPPK", "nip": "198609262015051001"}, "tampak seperti NIP PNS"),
    ({"employment_type": "PPPK_PW", "nip": PPPK_NIP, "rank_id": "9"},
     "Pegawai PPPK Paruh Waktu tidak memiliki golongan/ruang PNS"),
    ({"employment_type": "PNS", "nip": "198609262015051001", "grade_id": "9"},
     "Pegawai PNS tidak memiliki golongan PPPK"),
    ({"employment_type": "PPPK", "nip": PPPK_NIP, "position_id": "kabid"}, "hanya untuk PNS; pegawai ini PPPK"),
])
def test_a_value_of_the_other_kind_is_refused_on_the_form_naming_the_kind(org, factory, fields, message):
    a, _, ids, c = org
    if fields.get("position_id") == "kabid":
        fields["position_id"] = str(ids["kabid_position"])
    before = factory.scalar(a, sa.select(sa.func.count()).select_from(Employee))
    r = _new(c, **fields)
    assert r.status_code == 422 and message in c.text(r)
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(Employee)) == before


def test_the_form_offers_the_three_kinds_and_the_pppk_grades(org):
    _, _, _, c = org
    page = c.text(c.get("/people/new"))
    for text in ('<option value="PPPK_PW">PPPK Paruh Waktu</option>', "Golongan XVII", 'data-kind-only="PPPK"',
                 'data-kind-only="PNS"'):
        assert text in page


def test_a_grade_change_appends_to_the_history_and_the_timeline(org, factory):
    a, _, _, c = org
    _new(c, nip=PPPK_NIP, education_level="D3")
    e = _employee(factory, a, nip=PPPK_NIP)
    assert e.grade_id == 7
    manage = c.text(c.get(f"/people/{e.id}/edit"))
    assert "Golongan PPPK baru" in manage and "Golongan baru" not in manage
    r = c.post(f"/people/{e.id}/grade", {"grade-grade_id": "9", "grade-tmt": "2025-01-01",
                                         "grade-decree_number": "800/PK/2025/7"})
    assert r.status_code == 302
    e = _employee(factory, a, nip=PPPK_NIP)
    assert (e.grade_id, e.rank_tmt) == (9, dt.date(2025, 1, 1))
    rows = factory.scalar(a, sa.select(sa.func.count()).select_from(RankHistory).where(
        RankHistory.employee_id == e.id, RankHistory.grade_id.is_not(None)))
    assert rows == 2
    page = c.text(c.get(f"/people/{e.id}"))
    assert "Golongan IX (PPPK)" in page and "Golongan VII (PPPK)" in page and "800/PK/2025/7" in page
    # a PNS has no grade to change
    pns = _employee(factory, a, full_name="Ani Analis")
    r = c.post(f"/people/{pns.id}/grade", {"grade-grade_id": "9", "grade-tmt": "2025-01-01"})
    assert r.status_code == 422 and "Pegawai PNS tidak memiliki golongan PPPK" in c.text(r)
    # and a PPPK no rank
    r = c.post(f"/people/{e.id}/rank", {"rank-rank_id": "9", "rank-tmt": "2025-01-01"})
    assert r.status_code == 422 and "Pegawai PPPK tidak memiliki golongan/ruang PNS" in c.text(r)


def test_changing_the_kind_checks_the_number_by_the_new_kind(org, factory):
    a, _, ids, c = org
    analis = _employee(factory, a, id=ids["analis"])
    r = c.post(f"/people/{analis.id}/edit", {"edit-nip": analis.nip, "edit-full_name": analis.full_name,
                                              "edit-employment_type": "PPPK"})
    assert r.status_code == 422 and "tampak seperti NIP PNS" in c.text(r)
    assert _employee(factory, a, id=ids["analis"]).employment_type == "PNS"


def test_entry_grades_are_editable_reference_data_with_their_citation(org, factory):
    a, _, _, c = org
    page = c.text(c.get("/people/settings"))
    assert "Perpres 98/2020" in page and "Golongan awal PPPK menurut pendidikan" in page
    form = {"entry_age_max": "35", "entry_age_max_exception": "40", "entry_age_regulation": "PP 11/2017",
            "pppk_grade_regulation": "Perpres 98/2020 jo. Perpres 11/2024 (Perkada 2/2026)",
            **{f"entry_grade_{k}": str(v) for k, v in {"SD": 1, "SMP": 4, "SMA": 6, "D1": 5, "D2": 6, "D3": 7,
                                                          "D4": 9, "S1": 9, "S2": 10, "S3": 11}.items()}}
    assert c.post("/people/settings", form).status_code == 302
    assert "Perkada 2/2026" in c.text(c.get("/people/settings"))
    _new(c, nip=PPPK_NIP, education_level="SMA")
    assert _employee(factory, a, nip=PPPK_NIP).grade_id == 6


def test_positions_say_who_may_hold_them(org, factory):
    a, _, ids, c = org
    page = c.text(c.get(f"/org/positions/{ids['staff_b_position']}/edit"))
    assert "PPPK saja" in page and "PNS saja" in page
    r = c.post("/org/positions/new", {"name": "Penata Layanan Operasional", "kind": "pelaksana",
                                      "unit_id": str(ids["bidang"]), "quota": "5", "holder_kinds": "PPPK"})
    assert r.status_code == 302
    pid = factory.scalar(a, sa.select(Position.id).where(Position.name == "Penata Layanan Operasional"))
    assert factory.scalar(a, sa.select(Position.holder_kinds).where(Position.id == pid)) == "PPPK"
    assert "PPPK saja" in c.text(c.get(f"/org/units/{ids['bidang']}"))
    analis = _employee(factory, a, id=ids["analis"])
    r = c.post(f"/people/{analis.id}/position", {"pos-position_id": str(pid), "pos-tmt": "2025-01-02"})
    assert r.status_code == 422 and "hanya untuk PPPK; pegawai ini PNS" in c.text(r)


def test_directory_filters_by_kind_and_shows_the_pppk_grade(org, factory):
    a, _, ids, c = org
    _new(c, nip=PPPK_NIP, education_level="S1", position_id=ids["staff_b_position"])
    _new(c, nip="199505052024242003", full_name="Wati Paruh", employment_type="PPPK_PW", education_level="SMA")
    page = c.text(c.get("/people?employment=PPPK"))
    assert "Sari PPPK" in page and "Wati Paruh" not in page and "Ani Analis" not in page
    assert "<td>IX<br>" in page
    page = c.text(c.get("/people?employment=PPPK_PW"))
    assert "Wati Paruh" in page and "Sari PPPK" not in page and "PPPK Paruh Waktu" in page
    page = c.text(c.get("/people"))
    assert "Ani Analis" in page and "Sari PPPK" in page and "III/a" in page


def test_the_hr_card_counts_the_pppk(org):
    _, _, _, c = org
    _new(c, nip=PPPK_NIP, education_level="S1")
    _new(c, nip="199505052024242003", full_name="Wati Paruh", employment_type="PPPK_PW", education_level="SMA")
    assert "2 di antaranya PPPK" in c.text(c.get("/"))


def test_a_kind_change_that_would_leave_the_other_kinds_golongan_is_refused_on_the_kind(org, factory):
    a, _, _, c = org
    _new(c, nip=PPPK_NIP, education_level="S1")
    e = _employee(factory, a, nip=PPPK_NIP)

    def to_pns():
        from jenjang.extensions import db

        employee = db.session.scalar(sa.select(Employee).where(Employee.id == e.id))
        employee.nip = "199001012022011001"  # as if the number were a PNS's
        db.session.flush()

    factory.run(a, to_pns)
    r = c.post(f"/people/{e.id}/edit", {"edit-nip": "199001012022011001", "edit-full_name": "Sari PPPK",
                                        "edit-employment_type": "PNS"})
    assert r.status_code == 422 and "Pegawai PNS tidak memiliki golongan PPPK" in c.text(r)
    assert _employee(factory, a, id=e.id).employment_type == "PPPK"
