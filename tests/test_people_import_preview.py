"""Imports are checked, shown, then applied: unknown unit and position codes are row errors
naming the closest known code, a row that would leave an employee without a unit or position is
a warning the officer must accept, every import shows what it will do (new, changed and
unchanged rows, and the first changes) before anything is written, and the directory export
goes back in without changing anything."""
from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from jenjang.people.models import Employee, PositionHistory, RankHistory, Unit
from tests.people_support import (
    POSITIONS,
    UNITS,
    confirm,
    count,
    employees_csv,
    hr_signed_in,
    make_org,
    nip,
    reload,
    run_of,
    setup_org,
    upload,
)


@pytest.fixture
def hr(two_tenants, factory, client_for):
    return hr_signed_in(two_tenants, factory, client_for)


def test_every_import_shows_a_preview_and_writes_nothing_until_confirmed(hr, factory):
    """Reproduced: the corrected file applied at once, with no look at what it would change."""
    a, _, c = hr
    run = run_of(factory, a, upload(c, "units", UNITS.encode()))
    assert run.status == "preview"
    assert count(factory, a, Unit) == 0  # nothing written yet
    page = c.text(c.get(f"/people/import/{run.id}"))
    assert "Periksa sebelum menerapkan" in page
    assert "2 baru" in page and "0 diubah" in page and "0 tidak berubah" in page
    assert "DISDIK-SD" in page and "Bidang SD" in page  # the first rows it will add
    assert confirm(c, run).status_code == 302
    run = reload(factory, a, run)
    assert run.status == "done" and run.summary["created"] == 2
    assert count(factory, a, Unit) == 2

    changed = UNITS.replace("Bidang SD,Bidang", "Bidang Sekolah Dasar,Bidang")
    run = run_of(factory, a, upload(c, "units", changed.encode()))
    assert run.status == "preview"
    assert run.summary["preview"]["created"] == 0 and run.summary["preview"]["updated"] == 1
    assert run.summary["preview"]["unchanged"] == 1
    page = c.text(c.get(f"/people/import/{run.id}"))
    assert "1 diubah" in page and "Bidang SD" in page and "Bidang Sekolah Dasar" in page
    # the officer cancels: nothing changes, and the run says so
    assert c.post(f"/people/import/{run.id}/cancel").status_code == 302
    assert reload(factory, a, run).status == "cancelled"
    assert factory.scalar(a, sa.select(Unit.name).where(Unit.code == "DISDIK-SD")) == "Bidang SD"
    assert confirm(c, run).status_code == 302  # a cancelled run cannot be applied afterwards
    assert factory.scalar(a, sa.select(Unit.name).where(Unit.code == "DISDIK-SD")) == "Bidang SD"


def test_the_preview_lists_the_first_changes_field_by_field(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    run = run_of(factory, a, upload(c, "employees", employees_csv(3)))
    confirm(c, run)
    changed = employees_csv(3).replace(b"Pegawai 2;S.Pd.;III/a;01-04-2019", b"Pegawai Dua;S.Pd.;III/b;01-04-2023")
    run = run_of(factory, a, upload(c, "employees", changed))
    preview = run.summary["preview"]
    assert (preview["created"], preview["updated"], preview["unchanged"]) == (0, 1, 2)
    [change] = preview["changes"]
    assert change["row"] == 3 and change["action"] == "changed"
    assert ["Nama", "Pegawai 2", "Pegawai Dua"] in change["fields"]
    assert ["Golongan", "III/a", "III/b"] in change["fields"]
    assert ["TMT Golongan", "2019-04-01", "2023-04-01"] in change["fields"]
    page = c.text(c.get(f"/people/import/{run.id}"))
    assert "Pegawai Dua" in page and "III/b" in page
    assert count(factory, a, RankHistory) == 3  # not yet


def test_unknown_unit_and_position_codes_are_row_errors_naming_the_closest_known_code(hr, factory):
    """Reproduced: a mistyped code was refused as unknown with nothing to go on (and a file that
    named units and positions by name, like the export, had them silently ignored)."""
    a, _, c = hr
    setup_org(c, factory, a)
    rows = (f"nip,nama,kode_jabatan,kode_unit\n"
            f"{nip(1, '19800101', '200503')},Salah Jabatan,J-GUR,\n"
            f"{nip(2, '19800101', '200503')},Salah Unit,,DISDIK-S\n"
            f"{nip(3, '19800101', '200503')},Huruf Kecil,j-guru,\n"
            f"{nip(4, '19800101', '200503')},Jauh Sekali,QQQQQQQQQQQQ,\n")
    run = run_of(factory, a, upload(c, "employees", rows.encode()))
    assert run.status == "invalid"
    by_row = {e["row"]: e for e in run.errors}
    assert by_row[2]["code"] == "ref.position_unknown" and by_row[2]["params"]["suggestion"] == "J-GURU"
    assert by_row[3]["code"] == "ref.unit_unknown" and by_row[3]["params"]["suggestion"] == "DISDIK-SD"
    assert by_row[4]["params"]["suggestion"] == "J-GURU"
    assert "suggestion" not in by_row[5]["params"]  # nothing close: no guess
    page = c.text(c.get(f"/people/import/{run.id}"))
    assert "J-GUR" in page and "Maksud Anda" in page and "J-GURU" in page
    assert count(factory, a, Employee) == 2  # only the fixture's
    # positions: the unit code of a position, and units: the parent code
    bad = POSITIONS.replace(",DISDIK-SD,III/d", ",DISDIK-SDD,III/d")
    run = run_of(factory, a, upload(c, "positions", bad.encode()))
    assert run.status == "invalid" and run.errors[0]["params"]["suggestion"] == "DISDIK-SD"
    run = run_of(factory, a, upload(c, "units", b"kode_unit,nama_unit,kode_induk\nSEKSI,Seksi A,DISDlK-SD\n"))
    assert run.status == "invalid" and run.errors[0]["params"]["suggestion"] == "DISDIK-SD"


def test_a_row_without_unit_or_position_is_a_warning_the_officer_must_accept(hr, factory):
    """Reproduced: such rows went in silently, leaving employees outside the organisation."""
    a, _, c = hr
    setup_org(c, factory, a)
    rows = (f"nip,nama,kode_jabatan,kode_unit\n"
            f"{nip(1, '19800101', '200503')},Punya Jabatan,J-GURU,\n"
            f"{nip(2, '19800101', '200503')},Tanpa Apa Pun,,\n"
            f"{nip(3, '19800101', '200503')},Hanya Unit,,DISDIK\n")
    run = run_of(factory, a, upload(c, "employees", rows.encode()))
    assert run.status == "preview"
    warnings = {(w["row"], w["code"]) for w in run.summary["warnings"]}
    assert warnings == {(3, "row.no_unit"), (4, "row.no_position")}
    page = c.text(c.get(f"/people/import/{run.id}"))
    assert "2 peringatan" in page and "tanpa unit dan jabatan" in page
    assert 'name="accept_warnings"' in page
    # not accepted: refused with the error next to the box, nothing written
    r = confirm(c, run)
    assert r.status_code == 422
    body = c.text(r)
    assert "Centang kotak ini" in body and 'class="error-summary"' in body
    assert reload(factory, a, run).status == "preview"
    assert count(factory, a, Employee) == 2
    assert confirm(c, run, accept_warnings="y").status_code == 302
    run = reload(factory, a, run)
    assert run.status == "done" and run.summary["created"] == 3
    assert factory.scalar(a, sa.select(Employee.unit_id).where(Employee.full_name == "Tanpa Apa Pun")) is None


def test_a_large_file_is_previewed_and_applied_by_background_jobs_with_progress(hr, factory, app):
    from rq import Queue, SimpleWorker

    from jenjang.jobs import redis_connection

    a, b, c = hr
    setup_org(c, factory, a)

    def work():
        with app.app_context():
            conn = redis_connection()
            SimpleWorker([Queue("imports", connection=conn)], connection=conn).work(burst=True)

    app.config["PEOPLE_IMPORT_INLINE_ROWS"] = 10
    try:
        run = run_of(factory, a, upload(c, "employees", employees_csv(40)))
        assert run.status == "queued"
        page = c.text(c.get(f"/people/import/{run.id}", headers={"HX-Request": "true"}))
        assert "<progress" in page and 'hx-trigger="load delay:1s"' in page and "Memeriksa baris" in page
        work()
        run = reload(factory, a, run)
        assert run.status == "preview" and run.summary["preview"]["created"] == 40
        assert count(factory, a, Employee) == 2
        page = c.text(c.get(f"/people/import/{run.id}", headers={"HX-Request": "true"}))
        assert "<progress" not in page and "40 baru" in page and "Terapkan impor" in page
        assert confirm(c, run).status_code == 302
        run = reload(factory, a, run)
        assert run.status == "applying"
        page = c.text(c.get(f"/people/import/{run.id}", headers={"HX-Request": "true"}))
        assert "<progress" in page and "Menyimpan baris" in page
        work()
    finally:
        app.config["PEOPLE_IMPORT_INLINE_ROWS"] = 2_000
    run = reload(factory, a, run)
    assert run.status == "done" and run.summary["created"] == 40
    page = c.text(c.get(f"/people/import/{run.id}", headers={"HX-Request": "true"}))
    assert "<progress" not in page and "40 baru" in page
    assert count(factory, b, Employee) == 2  # the other tenant untouched


def _snapshot(factory, tenant):
    """Every stored column of every employee, and the number of history rows."""
    employees = factory.scalar(tenant, sa.text("SELECT array_agg(row_to_json(e)::text ORDER BY id) FROM employees e"))
    return employees, count(factory, tenant, RankHistory), count(factory, tenant, PositionHistory)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_directory_export_imports_back_changing_nothing(hr, factory, fmt):
    """Reproduced: the export's columns (names, labels) differed from the template's (codes), so
    an export could not be corrected and imported back."""
    from jenjang.people import operations as ops

    a, _, c = hr
    make_org(factory, a)
    factory.run(a, lambda: ops.create_employee(  # values the export must protect and give back as they were
        nip=nip(31, "19880101", "201203"), full_name="=HYPERLINK(\"x\")", back_title="@SUM(A1)",
        phone="+6281234", email="Campur@Contoh.go.id"))
    template = c.get("/people/import/template/employees.csv").get_data(as_text=True).lstrip("\ufeff")
    export = c.get(f"/people/export.{fmt}?status=all")
    assert export.status_code == 200
    if fmt == "csv":
        header = next(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    else:
        import openpyxl

        header = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(export.get_data())).active[1]]
    assert header == next(csv.reader(io.StringIO(template)))
    before = _snapshot(factory, a)
    run = run_of(factory, a, upload(c, "employees", export.get_data(), f"pegawai.{fmt}"))
    assert run.status == "preview", run.errors
    preview = run.summary["preview"]
    assert preview["created"] == 0 and preview["updated"] == 0, preview["changes"]
    assert preview["unchanged"] == count(factory, a, Employee)
    assert confirm(c, run, accept_warnings="y").status_code == 302
    run = reload(factory, a, run)
    assert run.status == "done" and run.summary["updated"] == 0 and run.summary["created"] == 0
    assert _snapshot(factory, a) == before
