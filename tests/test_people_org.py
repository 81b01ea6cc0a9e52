"""Employees, history, reporting lines, who sees what, the directory and its export."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from jenjang.people.models import RANK_IDS, Employee, PositionHistory, RankHistory
from tests.people_support import link_user, make_org, nip


@pytest.fixture
def org(two_tenants, factory):
    a, b = two_tenants
    ids = make_org(factory, a)
    factory.user(a, "hr@pematangsiantar.demo", roles=["hr"])
    link_user(factory, a, "kabid@pematangsiantar.demo", ids["kabid"])
    link_user(factory, a, "analis@pematangsiantar.demo", ids["analis"])
    link_user(factory, a, "perawat@pematangsiantar.demo", ids["perawat"])
    return a, b, ids


def _db():
    from jenjang.extensions import db

    return db


def _employee(factory, tenant, employee_id):
    return factory.scalar(tenant, sa.select(Employee).where(Employee.id == employee_id))


# --- NIP-derived data and uniqueness --------------------------------------------------------

def test_birth_date_gender_and_tmt_cpns_are_derived_from_the_nip(org, factory):
    a, _, ids = org
    e = _employee(factory, a, ids["analis"])
    assert (e.birth_date, e.gender, e.tmt_cpns) == (dt.date(1990, 1, 1), "2", dt.date(2015, 3, 1))


def test_a_duplicate_nip_is_refused_within_a_tenant_but_fine_in_another(org, factory):
    from jenjang.people import operations as ops

    a, b, ids = org
    taken = _employee(factory, a, ids["analis"]).nip
    with pytest.raises(ops.PeopleError) as exc:
        factory.run(a, lambda: ops.create_employee(nip=taken, full_name="Kembar"))
    assert exc.value.problem.code == "nip.duplicate"
    other = factory.run(b, lambda: ops.create_employee(nip=taken, full_name="Orang Lain").id)
    assert other


def test_hr_sees_a_precise_message_for_a_bad_nip_in_the_form(org, client_for):
    a, _, _ = org
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    r = c.post("/people/new", {"nip": "198609262000051001", "full_name": "Budi", "employment_type": "PNS"})
    assert r.status_code == 422
    assert "sebelum pegawai berusia 18 tahun" in c.text(r)


# --- history ---------------------------------------------------------------------------------

def test_changing_rank_and_position_appends_to_history(org, factory):
    from jenjang.people import operations as ops

    a, _, ids = org

    def promote():
        from jenjang.extensions import db

        e = db.session.scalar(sa.select(Employee).where(Employee.id == ids["analis"]))
        ops.change_rank(e, RANK_IDS["III/b"], dt.date(2023, 4, 1))
        ops.change_position(e, ids["staff_s_position"], dt.date(2024, 1, 2), override_reason="tugas khusus")

    factory.run(a, promote)
    ranks = factory.run(a, lambda: [(r.rank_id, r.tmt) for r in _db().session.scalars(
        sa.select(RankHistory).where(RankHistory.employee_id == ids["analis"]).order_by(RankHistory.tmt))])
    assert ranks == [(RANK_IDS["III/a"], dt.date(2019, 4, 1)), (RANK_IDS["III/b"], dt.date(2023, 4, 1))]
    positions = factory.scalar(a, sa.select(sa.func.count()).select_from(PositionHistory).where(
        PositionHistory.employee_id == ids["analis"]))
    assert positions == 2
    e = _employee(factory, a, ids["analis"])
    assert (e.rank_id, e.position_id, e.unit_id) == (RANK_IDS["III/b"], ids["staff_s_position"], ids["seksi"])


def test_an_older_rank_is_kept_in_history_without_replacing_the_current_one(org, factory):
    from jenjang.people import operations as ops

    a, _, ids = org

    def backfill():
        from jenjang.extensions import db

        e = db.session.scalar(sa.select(Employee).where(Employee.id == ids["kabid"]))
        ops.change_rank(e, RANK_IDS["III/d"], dt.date(2015, 4, 1))

    factory.run(a, backfill)
    e = _employee(factory, a, ids["kabid"])
    assert e.rank_id == RANK_IDS["IV/a"]
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(RankHistory).where(
        RankHistory.employee_id == ids["kabid"])) == 2


def test_a_rank_outside_the_position_range_warns_and_needs_a_reason(org, client_for, factory):
    a, _, ids = org
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    form = {"rank-rank_id": str(RANK_IDS["IV/a"]), "rank-tmt": "2024-04-01"}
    r = c.post(f"/people/{ids['analis']}/rank", form)
    assert r.status_code == 422 and "di luar rentang jabatan" in c.text(r)
    assert _employee(factory, a, ids["analis"]).rank_id == RANK_IDS["III/a"]
    r = c.post(f"/people/{ids['analis']}/rank", form | {"rank-override_reason": "penyesuaian ijazah"})
    assert r.status_code == 302
    assert _employee(factory, a, ids["analis"]).rank_id == RANK_IDS["IV/a"]
    reason = factory.scalar(a, sa.select(RankHistory.override_reason).where(
        RankHistory.employee_id == ids["analis"], RankHistory.rank_id == RANK_IDS["IV/a"]))
    assert reason == "penyesuaian ijazah"


# --- reporting lines -------------------------------------------------------------------------

def _supervisor(factory, tenant, employee_id):
    from jenjang.people.reporting import supervisor_id_of

    def go():
        from jenjang.extensions import db

        return supervisor_id_of(db.session.scalar(sa.select(Employee).where(Employee.id == employee_id)))

    return factory.run(tenant, go)


def test_supervisors_follow_the_unit_heads_and_go_up_past_a_vacant_head(org, factory):
    a, _, ids = org
    assert _supervisor(factory, a, ids["analis"]) == ids["kabid"]  # staff of the bidang → its head
    assert _supervisor(factory, a, ids["staf_seksi"]) == ids["kabid"]  # seksi head vacant → up the tree
    assert _supervisor(factory, a, ids["kabid"]) == ids["kadis"]  # a head reports to the parent's head
    assert _supervisor(factory, a, ids["kadis"]) is None  # top of the tree
    assert _supervisor(factory, a, ids["perawat"]) == ids["kadinkes"]


def test_my_team_is_the_inverse_and_a_manual_override_wins(org, factory):
    from jenjang.people import operations as ops
    from jenjang.people.reporting import team_ids

    a, _, ids = org
    assert set(factory.run(a, lambda: team_ids(ids["kabid"]))) == {ids["analis"], ids["staf_seksi"]}
    assert set(factory.run(a, lambda: team_ids(ids["kadis"]))) == {ids["kabid"]}

    def override():
        from jenjang.extensions import db

        e = db.session.scalar(sa.select(Employee).where(Employee.id == ids["staf_seksi"]))
        ops.set_supervisor_override(e, db.session.scalar(sa.select(Employee).where(Employee.id == ids["kadis"])))

    factory.run(a, override)
    assert _supervisor(factory, a, ids["staf_seksi"]) == ids["kadis"]
    assert set(factory.run(a, lambda: team_ids(ids["kabid"]))) == {ids["analis"]}
    assert set(factory.run(a, lambda: team_ids(ids["kadis"]))) == {ids["kabid"], ids["staf_seksi"]}


def test_filling_the_vacant_head_moves_the_line(org, factory):
    from jenjang.people import operations as ops

    a, _, ids = org
    factory.run(a, lambda: ops.create_employee(nip=nip(21, "19850101", "201003"), full_name="Kasi Baru",
                                               position_id=ids["kasi_position"], rank_id=RANK_IDS["III/c"]))
    kasi = factory.scalar(a, sa.select(Employee.id).where(Employee.full_name == "Kasi Baru"))
    assert _supervisor(factory, a, ids["staf_seksi"]) == kasi
    assert _supervisor(factory, a, kasi) == ids["kabid"]


# --- who sees what --------------------------------------------------------------------------

def test_a_supervisor_sees_the_personal_data_of_the_team_and_not_of_another_unit(org, client_for, factory):
    a, _, ids = org
    c = client_for(a)
    c.login("kabid@pematangsiantar.demo")
    mine = c.text(c.get(f"/people/{ids['analis']}"))
    assert "Tanggal lahir" in mine and "19900101 201503 2 013" in mine and "Perjalanan karier" in mine
    theirs = c.get(f"/people/{ids['perawat']}")
    assert theirs.status_code == 200
    page = c.text(theirs)
    assert "Wati Perawat" in page and "Tanggal lahir" not in page and "19930101" not in page
    assert "wati@contoh.go.id" not in page
    team = c.text(c.get("/me/team"))
    assert "Ani Analis" in team and "Sari Staf" in team and "Wati Perawat" not in team


def test_an_employee_sees_their_own_profile_and_may_correct_contact_data_only(org, client_for, factory):
    a, _, ids = org
    c = client_for(a)
    c.login("analis@pematangsiantar.demo")
    assert "Perbarui kontak" in c.text(c.get(f"/people/{ids['analis']}"))
    r = c.post(f"/people/{ids['analis']}/contact", {"email": "ani.baru@contoh.go.id", "phone": "0812 3456 789"})
    assert r.status_code == 302
    assert _employee(factory, a, ids["analis"]).email == "ani.baru@contoh.go.id"
    assert c.post(f"/people/{ids['analis']}/edit", {"edit-full_name": "Ganti"}).status_code == 403
    assert c.post(f"/people/{ids['analis']}/rank", {}).status_code == 403
    assert c.get(f"/people/{ids['kabid']}/contact").status_code in (403, 404)
    assert "Tanggal lahir" not in c.text(c.get(f"/people/{ids['kabid']}"))  # not my supervisee


def test_archived_employees_cannot_sign_in(org, client_for, factory):
    a, _, ids = org
    hr = client_for(a)
    hr.login("hr@pematangsiantar.demo")
    assert hr.post(f"/people/{ids['analis']}/archive", {"archive-reason": "moved"}).status_code == 302
    e = _employee(factory, a, ids["analis"])
    assert (e.status, e.archive_reason) == ("archived", "moved")
    c = client_for(a)
    assert c.login("analis@pematangsiantar.demo").status_code == 422
    directory = c.text(hr.get("/people?q=Ani"))
    assert "Ani Analis" not in directory
    assert "Ani Analis" in hr.text(hr.get("/people?q=Ani&status=archived"))


# --- directory ---------------------------------------------------------------------------------

def test_directory_search_by_name_and_nip_with_htmx_returns_only_the_rows(org, client_for):
    a, _, _ = org
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    r = c.get("/people?q=sari", headers={"HX-Request": "true"})
    body = c.text(r)
    assert r.status_code == 200 and "Sari Staf" in body and "Budi Kabid" not in body
    assert "<html" not in body and "<table" in body
    r = c.get("/people?q=19750101", headers={"HX-Request": "true"})
    assert "Budi Kabid" in c.text(r) and "Sari Staf" not in c.text(r)
    page = c.text(c.get("/people?q=sari"))  # without JavaScript: the whole page
    assert "<html" in page and "Sari Staf" in page


def test_directory_filters_unit_with_its_subunits_and_rank_and_kind(org, client_for):
    a, _, ids = org
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    body = c.text(c.get(f"/people?unit={ids['bidang']}"))
    assert "Budi Kabid" in body and "Sari Staf" in body and "Hendra Kadis" not in body
    body = c.text(c.get(f"/people?rank={RANK_IDS['IV/c']}"))
    assert "Hendra Kadis" in body and "Rina Kadinkes" in body and "Budi Kabid" not in body
    body = c.text(c.get("/people?kind=pelaksana"))
    assert "Sari Staf" in body and "Ani Analis" not in body


def test_a_plain_employee_cannot_search_by_nip_nor_see_nip_columns(org, client_for):
    a, _, _ = org
    c = client_for(a)
    c.login("perawat@pematangsiantar.demo")
    body = c.text(c.get("/people?q=19750101"))
    assert "Budi Kabid" not in body
    body = c.text(c.get("/people?q=Budi"))
    assert "Budi Kabid" in body and "19750101" not in body


def test_directory_page_uses_the_same_number_of_queries_for_10_and_100_rows(org, client_for, factory,
                                                                           query_counter):
    from jenjang.people.demo.populate import populate
    from jenjang.tenancy.models import Tenant

    a, _, _ = org

    def grow():
        from jenjang.extensions import db

        populate(db.session.get(Tenant, a.id), 160)

    factory.run(a, grow)
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    c.get("/people?per_page=10")
    small = query_counter.measure(lambda: c.get("/people?per_page=10"))
    large = query_counter.measure(lambda: c.get("/people?per_page=100"))
    assert small == large
    assert c.text(c.get("/people?per_page=100")).count('href="/people/') >= 100


# --- export ------------------------------------------------------------------------------------

def test_export_neutralises_formulas_in_csv_and_xlsx(org, client_for, factory):
    import openpyxl

    from jenjang.people import operations as ops

    a, _, _ = org
    factory.run(a, lambda: ops.create_employee(nip=nip(31, "19880101", "201203"), full_name="=HYPERLINK(\"x\")",
                                               back_title="@SUM(A1)", phone="+6281234", email=None))
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    r = c.get("/people/export.csv?q=hyperlink")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "nip" and len(rows) == 2  # the employee import template's columns
    row = rows[1]
    assert row[1] == "'=HYPERLINK(\"x\")" and row[3] == "'@SUM(A1)" and row[rows[0].index("telepon")] == "'+6281234"
    assert row[0] == "198801012012031031"
    r = c.get("/people/export.xlsx?q=hyperlink")
    wb = openpyxl.load_workbook(io.BytesIO(r.get_data()))
    ws = wb.active
    values = [cell.value for cell in ws[2]]
    assert values[1] == "'=HYPERLINK(\"x\")" and values[3] == "'@SUM(A1)"
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)


def test_export_follows_the_filters_and_is_for_hr_only(org, client_for):
    a, _, ids = org
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    body = c.text(c.get(f"/people/export.csv?unit={ids['other']}"))
    assert "Wati Perawat" in body and "Budi Kabid" not in body
    plain = client_for(a)
    plain.login("perawat@pematangsiantar.demo")
    assert plain.get("/people/export.csv").status_code == 403


# --- org chart and forms -------------------------------------------------------------------------

def test_org_chart_folds_and_shows_vacant_heads(org, client_for):
    a, _, ids = org
    c = client_for(a)
    c.login("analis@pematangsiantar.demo")
    page = c.text(c.get("/org"))
    assert "<details" in page and "Dinas Pendidikan" in page and "Kepala Seksi Kurikulum kosong" in page
    unit = c.text(c.get(f"/org/units/{ids['bidang']}"))
    assert "Budi Kabid" in unit and "Seksi Kurikulum" in unit


def test_hr_creates_units_and_positions_and_a_second_head_is_refused(org, client_for, factory):
    a, _, ids = org
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    r = c.post("/org/units/new", {"name": "Bidang SMP", "kind": "bidang", "parent_id": str(ids["dinas"]),
                                  "code": "DISDIK-SMP", "sort_order": "2"})
    assert r.status_code == 302
    r = c.post("/org/positions/new", {"name": "Kepala Bidang SD Kedua", "kind": "administrator",
                                      "unit_id": str(ids["bidang"]), "is_head": "y", "quota": "1"})
    assert r.status_code == 422 and "sudah punya jabatan kepala" in c.text(r)
    r = c.post(f"/org/units/{ids['dinas']}/edit", {"name": "Dinas Pendidikan", "kind": "dinas",
                                                    "parent_id": str(ids["seksi"])})
    assert r.status_code == 422  # a unit cannot move under its own descendant
