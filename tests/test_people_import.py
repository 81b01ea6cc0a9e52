"""Imports: a template per kind, column mapping, a report for every bad row, all or nothing,
idempotent re-import, and no 500 on whatever is uploaded. (The preview before applying, the
background jobs and the export round trip: tests/test_people_import_preview.py.)"""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from jenjang.people.models import Employee, ImportRun, PerformanceRating, Position, RankHistory, Unit
from tests.people_support import (
    applied,
    employees_csv,
    hr_signed_in,
    nip,
    run_of,
    setup_org,
    upload,
)


@pytest.fixture
def hr(two_tenants, factory, client_for):
    return hr_signed_in(two_tenants, factory, client_for)


def test_templates_download_for_every_kind(hr):
    _, _, c = hr
    for kind in ("units", "positions", "employees", "skp"):
        r = c.get(f"/people/import/template/{kind}.xlsx")
        assert r.status_code == 200 and r.get_data()[:2] == b"PK"
        r = c.get(f"/people/import/template/{kind}.csv")
        assert r.status_code == 200 and "\n" in r.get_data(as_text=True)


def test_units_positions_and_employees_import_and_reimport_changes_nothing(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(Unit)) == 2
    kabid = factory.scalar(a, sa.select(Position).where(Position.code == "J-KABID"))
    assert kabid.is_head and kabid.min_rank_id == 12
    guru = factory.scalar(a, sa.select(Position).where(Position.code == "J-GURU"))
    assert (guru.min_rank_id, guru.max_rank_id) == (9, 10)  # from the functional level
    data = employees_csv(30)
    r = applied(c, "employees", data, "simpeg.csv")
    run = run_of(factory, a, r)
    assert run.status == "done", run.errors
    assert run.summary["created"] == 30
    history = factory.scalar(a, sa.select(sa.func.count()).select_from(RankHistory))
    assert history == 30
    r = applied(c, "employees", data, "simpeg.csv")
    run = run_of(factory, a, r)
    assert run.status == "done" and run.summary["created"] == 0 and run.summary["updated"] == 0
    assert run.summary["unchanged"] == 30
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(RankHistory)) == history
    page = c.text(c.get(f"/people/import/{run.id}"))
    assert "30 tidak berubah" in page


def test_a_changed_rank_on_reimport_updates_and_appends_history(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    applied(c, "employees", employees_csv(3))
    changed = employees_csv(3).replace(b"III/a;01-04-2019", b"III/b;01-04-2023", 1)
    run = run_of(factory, a, applied(c, "employees", changed))
    assert run.status == "done" and run.summary["updated"] == 1 and run.summary["history"] == 1
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(RankHistory)) == 4


def test_one_bad_row_means_nothing_is_written_and_the_report_says_where_and_how(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    bad = employees_csv(5, extra_rows=(
        "198613012005031001;Salah Tanggal;;III/a;01-04-2019;J-GURU;S1\n"
        "198601012005031002;=HYPERLINK(\"x\");;III/a;01-04-2019;J-GURU;S1\n"
        "198601012005031003;Golongan Aneh;;V/z;01-04-2019;J-GURU;S1\n"
        "198601012005031004;Jabatan Hilang;;III/a;01-04-2019;J-TIDAKADA;S1\n"
        f"{nip(2, '19800101', '200503')};Kembar;;III/a;01-04-2019;J-GURU;S1\n"))
    r = upload(c, "employees", bad)
    run = run_of(factory, a, r)
    assert run.status == "invalid"
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(Employee)) == 2  # only the two_tenants fixture's
    codes = {(e["row"], e["code"]) for e in run.errors}
    assert (7, "nip.birth_date") in codes
    assert (8, "cell.formula") in codes
    assert (9, "cell.rank") in codes
    assert (10, "ref.position_unknown") in codes
    assert (11, "row.duplicate_key") in codes
    page = c.text(c.get(f"/people/import/{run.id}"))
    assert "Tidak ada data yang diubah." in page
    assert "bukan tanggal lahir yang ada" in page and "Paste Special" in page and "NIP Baru" in page
    report = c.get(f"/people/import/{run.id}/report.csv")
    assert report.status_code == 200 and "Cara memperbaiki" in report.get_data(as_text=True)


def test_unrecognised_headers_go_through_the_mapping_step(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    data = f"Nomor Pegawai,Nama Pegawai Lengkap\n{nip(5, '19800101', '200503')},Budi Baru\n".encode()
    run = run_of(factory, a, upload(c, "employees", data))
    assert run.status == "mapping"
    page = c.text(c.get(f"/people/import/{run.id}"))
    assert "Petakan kolom" in page and "Nomor Pegawai" in page
    r = c.post(f"/people/import/{run.id}/mapping", {"col_nip": "0"})
    assert r.status_code == 422 and "nama" in c.text(r)
    r = c.post(f"/people/import/{run.id}/mapping", {"col_nip": "0", "col_full_name": "1"})
    assert r.status_code == 302
    run = factory.scalar(a, sa.select(ImportRun).where(ImportRun.id == run.id))
    assert run.status == "preview"
    c.post(f"/people/import/{run.id}/confirm", {"accept_warnings": "y"})
    run = factory.scalar(a, sa.select(ImportRun).where(ImportRun.id == run.id))
    assert run.status == "done"
    assert factory.scalar(a, sa.select(Employee.full_name).where(Employee.nip == nip(5, "19800101", "200503"))) \
        == "Budi Baru"


@pytest.mark.parametrize("name,data,code", [
    ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "file.not_spreadsheet"),
    ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "file.legacy_xls"),
    ("rusak.xlsx", b"PK\x03\x04 this is not a zip", "file.unreadable"),
    ("kosong.csv", b"", "file.empty"),
    ("judul.csv", b"nip,nama\n", "file.empty"),
    ("campur.csv", "nip,nama\n198609262015051001,Budi Sétiawan\n".encode() +
     b"198609262015051002,Dewi S\xe9tiawati\n", "file.mixed_encoding"),
])
def test_files_that_are_not_importable_get_a_clear_report_and_change_nothing(hr, factory, name, data, code):
    a, _, c = hr
    r = upload(c, "employees", data, name)
    assert r.status_code == 302
    run = run_of(factory, a, r)
    assert run.status == "invalid" and run.errors[0]["code"] == code
    assert c.get(f"/people/import/{run.id}").status_code == 200
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(Employee)) == 2


def test_a_file_with_too_many_rows_is_refused_before_anything_happens(hr, factory, app):
    a, _, c = hr
    app.config["PEOPLE_IMPORT_MAX_ROWS"] = 50
    try:
        run = run_of(factory, a, upload(c, "employees", employees_csv(60)))
    finally:
        app.config["PEOPLE_IMPORT_MAX_ROWS"] = 50_000
    assert run.status == "invalid" and run.errors[0]["code"] == "file.too_many_rows"


def test_windows_1252_csv_and_xlsx_files_import(hr, factory):
    import openpyxl

    a, _, c = hr
    setup_org(c, factory, a)
    data = f"nip;nama\n{nip(7, '19800101', '200503')};Budi Sétiawan\n".encode("cp1252")
    assert run_of(factory, a, applied(c, "employees", data)).status == "done"
    assert factory.scalar(a, sa.select(Employee.full_name).where(Employee.nip == nip(7, "19800101", "200503"))) \
        == "Budi Sétiawan"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIP", "Nama", "Golongan", "TMT Golongan", "Kode Jabatan"])
    import datetime as dt
    ws.append([nip(8, "19800101", "200503"), "Xena Excel", "3a", dt.datetime(2019, 4, 1), "J-GURU"])
    buf = io.BytesIO()
    wb.save(buf)
    run = run_of(factory, a, applied(c, "employees", buf.getvalue(), "data.xlsx"))
    assert run.status == "done", run.errors
    e = factory.scalar(a, sa.select(Employee).where(Employee.full_name == "Xena Excel"))
    assert e.rank_id == 9 and e.rank_tmt == dt.date(2019, 4, 1)


def test_xlsx_formulas_are_refused(hr, factory):
    import openpyxl

    a, _, c = hr
    setup_org(c, factory, a)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIP", "Nama"])
    ws.append([nip(9, "19800101", "200503"), "=CONCAT(\"a\",\"b\")"])
    buf = io.BytesIO()
    wb.save(buf)
    run = run_of(factory, a, upload(c, "employees", buf.getvalue(), "f.xlsx"))
    assert run.status == "invalid" and run.errors[0]["code"] == "cell.formula"


def test_skp_predicates_import_and_accounts_are_created_for_imported_employees(hr, factory, client_for):
    a, _, c = hr
    setup_org(c, factory, a)
    r = applied(c, "employees", employees_csv(2), create_accounts="y")
    assert run_of(factory, a, r).summary["accounts"] == 2
    # accounts with an email get their invitation through the outbox, with a single-use link
    invited = factory.scalar(a, sa.text(
        "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.recipient_user_id "
        "WHERE n.kind = 'account.invite' AND u.employee_id IS NOT NULL AND u.password_hash IS NULL"))
    with_email = factory.scalar(a, sa.text("SELECT count(*) FROM users WHERE employee_id IS NOT NULL "
                                           "AND password_hash IS NULL AND email IS NOT NULL"))
    assert invited == with_email
    assert factory.scalar(a, sa.text("SELECT count(*) FROM auth_tokens WHERE purpose = 'invite'")) == with_email
    with_mail = ("NIP Baru;Nama;Golongan;TMT Golongan;Kode Jabatan;Pendidikan;Email\n"
                 f"{nip(50, '19850505', '201001')};Sari Email;III/b;01-04-2019;J-GURU;S1;sari@contoh.go.id\n").encode()
    run = run_of(factory, a, applied(c, "employees", with_mail, create_accounts="y"))
    assert run.summary["accounts"] == 1
    assert factory.scalar(a, sa.text(
        "SELECT count(*) FROM notifications WHERE kind = 'account.invite' AND recipient_email = 'sari@contoh.go.id'")) == 1
    assert factory.scalar(a, sa.text("SELECT count(*) FROM auth_tokens t JOIN users u ON u.id = t.user_id "
                                     "WHERE t.purpose = 'invite' AND u.email = 'sari@contoh.go.id'")) == 1
    first = nip(2, "19800101", "200503")
    skp = f"nip,tahun,predikat\n{first},2023,Baik\n{first},2024,Sangat Baik\n".encode()
    run = run_of(factory, a, applied(c, "skp", skp))
    assert run.status == "done" and run.summary["created"] == 2
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(PerformanceRating)) == 2
    assert run_of(factory, a, applied(c, "skp", skp)).summary["unchanged"] == 2


def test_an_import_never_touches_another_tenant(hr, factory, client_for):
    a, b, c = hr
    setup_org(c, factory, a)
    b_nips = factory.scalar(b, sa.select(sa.func.array_agg(Employee.nip)))
    rows = "nip,nama\n" + "".join(f"{n},Dari A\n" for n in b_nips)
    run = run_of(factory, a, applied(c, "employees", rows.encode()))
    assert run.status == "done" and run.summary["created"] == 2  # new in A, same NIPs as B's
    names = factory.scalar(b, sa.select(sa.func.array_agg(Employee.full_name)))
    assert "Dari A" not in names
