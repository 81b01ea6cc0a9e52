"""Imports with PNS and PPPK mixed: a SIASN-style spreadsheet maps itself and imports cleanly, each
row is checked by its own kind (NIP or NI PPPK, golongan III/b or IX), a PPPK row may carry its
current contract, and a value of the other kind is a row error that names the kind."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from jenjang.people.imports.columns import COLUMNS, STATUS_NAMES, STATUS_SPELLING, CellError
from jenjang.people.models import ARCHIVE_REASONS, Employee, EmploymentContract, Position, RankHistory
from tests.people_support import applied, hr_signed_in, nip, run_of, setup_org, upload

SIASN_HEADER = ("NIP BARU;NAMA;GELAR DEPAN;GELAR BELAKANG;JENIS PEGAWAI;GOL AKHIR;TMT GOLONGAN;JABATAN NAMA;"
                "UNOR NAMA;TINGKAT PENDIDIKAN NAMA;EMAIL;NOMOR HP;NOMOR PERJANJIAN;TMT PERJANJIAN;AKHIR PERJANJIAN")
PNS_NIP = nip(1, "19800101", "200503")
PPPK_NIP = "199001012022211001"
PW_NIP = "199505052024242003"
GOL_X_NIP = "198807072023212004"


def _mixed() -> bytes:
    rows = [
        f"{PNS_NIP};Budi Santoso;;S.Pd.;PNS;III/a;01-04-2019;Guru Ahli Pertama;Bidang SD;S1;budi@contoh.go.id;"
        "0812345;;;",
        f"{PPPK_NIP};Sari Dewi;;S.Kom.;P3K;IX;01-03-2022;Guru Ahli Pertama;Bidang SD;S1;;;800/PK/2022/001;"
        "01-03-2022;28-02-2027",
        f"{PW_NIP};Wati Paruh;;;PPPK PARUH WAKTU;;;Guru Ahli Pertama;Bidang SD;SLTA;;;800/PKPW/2025/3;"
        "01-01-2025;31-12-2025",
        f"{GOL_X_NIP};Dr. Yanto;;M.Pd.;PPPK;Gol. X;01-01-2023;Guru Ahli Pertama;Bidang SD;S2;;;;;",
    ]
    return (SIASN_HEADER + "\n" + "\n".join(rows) + "\n").encode()


@pytest.fixture
def hr(two_tenants, factory, client_for):
    return hr_signed_in(two_tenants, factory, client_for)


def _employees(factory, tenant) -> dict:
    rows = factory.scalar(tenant, sa.select(sa.func.json_agg(sa.func.json_build_object(
        "nip", Employee.nip, "type", Employee.employment_type, "rank", Employee.rank_id, "grade", Employee.grade_id,
        "tmt_cpns", Employee.tmt_cpns, "year", Employee.appointment_year, "position", Employee.position_id))))
    return {r["nip"]: r for r in rows}


def test_a_siasn_style_spreadsheet_mixing_pns_and_pppk_maps_itself_and_imports_cleanly(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    run = run_of(factory, a, applied(c, "employees", _mixed(), "siasn.csv"))
    assert run.status == "done", run.errors
    assert run.summary["created"] == 4 and run.summary["contracts"] == 2
    assert set(run.mapping) >= {"nip", "full_name", "front_title", "back_title", "employment_type", "rank_id",
                                "rank_tmt", "position_name", "unit_name", "education_level", "email", "phone",
                                "contract_number", "contract_start", "contract_end"}
    people = _employees(factory, a)
    guru = factory.scalar(a, sa.select(Position.id).where(Position.code == "J-GURU"))
    assert (people[PNS_NIP]["type"], people[PNS_NIP]["rank"], people[PNS_NIP]["grade"]) == ("PNS", 9, None)
    assert people[PNS_NIP]["tmt_cpns"] == "2005-03-01"
    assert (people[PPPK_NIP]["type"], people[PPPK_NIP]["rank"], people[PPPK_NIP]["grade"]) == ("PPPK", None, 9)
    assert people[PPPK_NIP]["tmt_cpns"] is None and people[PPPK_NIP]["year"] == 2022
    # paruh waktu, no golongan given: the entry grade of SLTA (SMA) is V
    assert (people[PW_NIP]["type"], people[PW_NIP]["grade"]) == ("PPPK_PW", 5)
    assert people[GOL_X_NIP]["grade"] == 10
    assert {people[n]["position"] for n in (PNS_NIP, PPPK_NIP, PW_NIP, GOL_X_NIP)} == {guru}
    contracts = factory.scalar(a, sa.select(sa.func.json_agg(sa.func.json_build_array(
        EmploymentContract.number, EmploymentContract.starts_on, EmploymentContract.ends_on,
        EmploymentContract.grade_id, EmploymentContract.position_name))))
    assert sorted(map(tuple, contracts)) == [
        ("800/PK/2022/001", "2022-03-01", "2027-02-28", 9, "Guru Ahli Pertama"),
        ("800/PKPW/2025/3", "2025-01-01", "2025-12-31", 5, "Guru Ahli Pertama")]
    grades = factory.scalar(a, sa.select(sa.func.count()).select_from(RankHistory).where(
        RankHistory.grade_id.is_not(None), RankHistory.rank_id.is_(None)))
    assert grades == 3
    # the same file again changes nothing, contracts included
    again = run_of(factory, a, applied(c, "employees", _mixed(), "siasn.csv"))
    assert again.status == "done" and again.summary["unchanged"] == 4 and again.summary["created"] == 0
    assert not again.summary.get("contracts")
    # a corrected contract end updates that contract, nothing else
    fixed = _mixed().replace(b"28-02-2027", b"29-02-2028")
    third = run_of(factory, a, applied(c, "employees", fixed, "siasn.csv"))
    assert third.status == "done" and third.summary["contracts"] == 1
    assert factory.scalar(a, sa.select(EmploymentContract.ends_on).where(
        EmploymentContract.number == "800/PK/2022/001")) == dt.date(2028, 2, 29)
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(EmploymentContract)) == 2


def _bad_rows() -> bytes:
    header = ("nip;nama;jenis_kepegawaian;golongan;golongan_pppk;kode_jabatan;nomor_perjanjian;tmt_perjanjian;"
              "akhir_perjanjian")
    rows = [
        f"{PPPK_NIP};PPPK Bergolongan PNS;PPPK;III/b;;J-GURU;;;",                       # 2 rank.pppk
        f"{nip(2, '19900101', '201503')};PPPK Ber-NIP PNS;PPPK;;IX;J-GURU;;;",          # 3 nip.pppk_looks_pns
        f"{PW_NIP};PNS Ber-NI PPPK;PNS;III/a;;J-GURU;;;",                             # 4 nip.tmt_month (PPPK)
        f"{nip(4, '19900101', '201503')};PNS Golongan PPPK;PNS;IX;;J-GURU;;;",          # 5 grade.pns
        f"{nip(5, '19900101', '201503')};PNS Berkontrak;PNS;III/a;;J-GURU;800/1;01-01-2024;31-12-2028",  # 6
        f"{GOL_X_NIP};Kontrak Terbalik;PPPK;;X;J-GURU;800/2;01-01-2029;31-12-2024",      # 7 period_order
        "199202022023212005;Kontrak Separuh;PPPK;;X;J-GURU;800/3;;",                   # 8 incomplete
        "199303032023211006;PPPK Di Jabatan PNS;PPPK;;IX;J-KABID;;;",                  # 9 kind_not_allowed
        "199404042023212007;Golongan Asing;PPPK;;XVIII;J-GURU;;;",                     # 10 cell.pppk_grade
        f"{nip(6, '19900101', '201503')};PNS Golongan PPPK Kolom;PNS;;IX;J-GURU;;;",    # 11 grade.pns
    ]
    return (header + "\n" + "\n".join(rows) + "\n").encode()


def test_a_value_of_the_other_kind_is_a_row_error_that_names_the_kind(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    before = factory.scalar(a, sa.select(sa.func.count()).select_from(Employee))
    run = run_of(factory, a, upload(c, "employees", _bad_rows()))
    assert run.status == "invalid"
    codes = {(e["row"], e["code"]) for e in run.errors}
    assert codes == {(2, "rank.pppk"), (3, "nip.pppk_looks_pns"), (4, "nip.tmt_month"), (5, "grade.pns"),
                     (6, "contract.pns"), (7, "contract.period_order"), (8, "contract.incomplete"),
                     (9, "position.kind_not_allowed"), (10, "cell.pppk_grade"), (11, "grade.pns")}
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(Employee)) == before
    page = c.text(c.get(f"/people/import/{run.id}"))
    for text in ("Pegawai PPPK tidak memiliki golongan/ruang PNS", "tampak seperti NIP PNS",
                 "tampak seperti NI PPPK", "Pegawai PNS tidak memiliki golongan PPPK",
                 "Pegawai PNS tidak memiliki perjanjian kerja", "harus sesudah mulainya",
                 "hanya untuk PNS; pegawai ini PPPK", "bukan golongan PPPK yang dikenal"):
        assert text in page, text


@pytest.mark.parametrize("written,kind", [
    ("PNS", "PNS"), ("CPNS", "PNS"), ("PPPK", "PPPK"), ("P3K", "PPPK"), ("pppk", "PPPK"), ("ASN PPPK", "PPPK"),
    ("PPPK PARUH WAKTU", "PPPK_PW"), ("PPPK PW", "PPPK_PW"), ("P3K Paruh Waktu", "PPPK_PW"),
    ("PPPK Paruh Waktu", "PPPK_PW"),
])
def test_kind_spellings(written, kind):
    column = next(c for c in COLUMNS["employees"] if c.key == "employment_type")
    assert column.parse(written) == kind


@pytest.mark.parametrize("written,grade", [("IX", 9), ("9", 9), ("Gol. IX", 9), ("Golongan XVII", 17), ("i", 1),
                                           (9.0, 9), ("IX (PPPK)", 9)])
def test_pppk_grade_spellings(written, grade):
    column = next(c for c in COLUMNS["employees"] if c.key == "grade_id")
    assert column.parse(written) == grade


@pytest.mark.parametrize("written", ["0", "18", "XVIII", "III/b", "Gol. IIX"])
def test_unknown_pppk_grades_are_refused(written):
    column = next(c for c in COLUMNS["employees"] if c.key == "grade_id")
    with pytest.raises(CellError) as caught:
        column.parse(written)
    assert caught.value.problem.code == "cell.pppk_grade"


def test_template_and_export_carry_kind_grade_and_contract_and_read_back_unchanged(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    template = c.get("/people/import/template/employees.csv").get_data(as_text=True)
    for header in ("jenis_kepegawaian", "golongan_pppk", "nomor_perjanjian", "tmt_perjanjian", "akhir_perjanjian"):
        assert header in template
    assert "pemangku" in c.get("/people/import/template/positions.csv").get_data(as_text=True)
    assert run_of(factory, a, applied(c, "employees", _mixed())).status == "done"
    exported = c.get("/people/export.csv?employment=PPPK").get_data(as_text=True)
    lines = exported.lstrip("\ufeff").splitlines()
    assert len(lines) == 3  # the header and the two full-time PPPK
    header = lines[0].split(",")
    row = dict(zip(header, next(line for line in lines if PPPK_NIP in line).split(","), strict=True))
    assert (row["jenis_kepegawaian"], row["golongan"], row["golongan_pppk"]) == ("PPPK", "", "IX")
    assert (row["nomor_perjanjian"], row["tmt_perjanjian"], row["akhir_perjanjian"]) == (
        "800/PK/2022/001", "2022-03-01", "2027-02-28")
    everyone = c.get("/people/export.csv").get_data()
    assert "PPPK Paruh Waktu" in everyone.decode("utf-8-sig")
    back = run_of(factory, a, applied(c, "employees", everyone, "ekspor.csv"))
    assert back.status == "done", back.errors
    assert back.summary["created"] == 0 and back.summary["updated"] == 0 and not back.summary.get("contracts")


def test_positions_import_says_who_may_hold_them(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    data = (b"kode_jabatan,nama_jabatan,jenis_jabatan,kode_unit,pemangku\n"
            b"J-P3K,Penata Layanan Operasional,Pelaksana,DISDIK-SD,PPPK saja\n"
            b"J-KASUB,Kepala Subbagian,Pengawas,DISDIK-SD,\n"
            b"J-PELAKSANA,Pengadministrasi,Pelaksana,DISDIK-SD,\n")
    run = run_of(factory, a, applied(c, "positions", data))
    assert run.status == "done", run.errors
    kinds = dict(factory.scalar(a, sa.select(sa.func.json_agg(sa.func.json_build_array(
        Position.code, Position.holder_kinds)))))
    assert (kinds["J-P3K"], kinds["J-KASUB"], kinds["J-PELAKSANA"], kinds["J-KABID"]) == ("PPPK", "PNS", "ASN", "PNS")
    rows = f"nip,nama,kode_jabatan\n{nip(8, '19900101', '201503')},PNS Di Jabatan PPPK,J-P3K\n".encode()
    refused = run_of(factory, a, upload(c, "employees", rows))
    assert refused.status == "invalid"
    assert [e["code"] for e in refused.errors] == ["position.kind_not_allowed"]


def test_every_status_is_written_and_read_back_including_an_ended_contract():
    """The export writes each status with STATUS_SPELLING and the import reads it back with
    STATUS_NAMES: an employee archived because their contract ended must survive the round trip."""
    assert set(STATUS_SPELLING) == {"active", *ARCHIVE_REASONS}
    for status, spelling in STATUS_SPELLING.items():
        assert STATUS_NAMES[spelling] == status
    assert STATUS_SPELLING["contract_ended"] == "kontrak berakhir"
