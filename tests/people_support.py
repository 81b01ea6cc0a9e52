"""Builders for people data in tests: a small organisation per tenant, made through the
module's own operations (and so with history rows, audit entries and the tenant wall)."""
from __future__ import annotations

import datetime as dt
import io

import sqlalchemy as sa

from jenjang.people.models import RANK_IDS, ImportRun


def nip(n: int, birth: str = "19860926", tmt: str = "201505", gender: str = "1") -> str:
    return f"{birth}{tmt}{gender}{n:03d}"


def make_org(factory, tenant) -> dict:
    """Dinas → Bidang (head filled) → Seksi (head VACANT) with staff; returns ids by name."""
    from jenjang.people import operations as ops

    def build():
        dinas = ops.save_unit(None, name="Dinas Pendidikan", kind="dinas", parent_id=None, code="DISDIK")
        bidang = ops.save_unit(None, name="Bidang SD", kind="bidang", parent_id=dinas.id, code="DISDIK-SD")
        seksi = ops.save_unit(None, name="Seksi Kurikulum", kind="seksi", parent_id=bidang.id, code="DISDIK-SD-KUR")
        other = ops.save_unit(None, name="Dinas Kesehatan", kind="dinas", parent_id=None, code="DINKES")

        def pos(unit, name, kind, lo, hi, head=False, level=None, code=None):
            return ops.save_position(None, unit_id=unit.id, name=name, kind=kind, functional_level=level,
                                     min_rank_id=RANK_IDS[lo], max_rank_id=RANK_IDS[hi], job_class=9,
                                     is_head=head, quota=1 if head else 10, code=code)

        kadis = pos(dinas, "Kepala Dinas Pendidikan", "jpt_pratama", "IV/c", "IV/d", True, code="P-KADIS")
        kabid = pos(bidang, "Kepala Bidang SD", "administrator", "III/d", "IV/b", True, code="P-KABID")
        kasi = pos(seksi, "Kepala Seksi Kurikulum", "pengawas", "III/b", "III/d", True, code="P-KASI")
        staff_b = pos(bidang, "Analis Kebijakan Ahli Pertama", "fungsional", "III/a", "III/b", level="ahli_pertama",
                      code="P-ANALIS")
        staff_s = pos(seksi, "Pengadministrasi Perkantoran", "pelaksana", "II/a", "III/b", code="P-ADM")
        kadinkes = pos(other, "Kepala Dinas Kesehatan", "jpt_pratama", "IV/c", "IV/d", True, code="P-KADINKES")
        staff_o = pos(other, "Perawat Terampil", "fungsional", "II/b", "II/d", level="terampil", code="P-PERAWAT")

        def emp(n, name, position, rank, birth="19800101", tmt="200503", gender="1"):
            return ops.create_employee(nip=nip(n, birth, tmt, gender), full_name=name, position_id=position.id,
                                       position_tmt=dt.date(2020, 1, 2), rank_id=RANK_IDS[rank],
                                       rank_tmt=dt.date(2019, 4, 1), email=f"{name.split()[0].lower()}@contoh.go.id")

        ids = {
            "kadis": emp(11, "Hendra Kadis", kadis, "IV/c", "19700101", "199503").id,
            "kabid": emp(12, "Budi Kabid", kabid, "IV/a", "19750101", "200003").id,
            "analis": emp(13, "Ani Analis", staff_b, "III/a", "19900101", "201503", "2").id,
            "staf_seksi": emp(14, "Sari Staf", staff_s, "II/c", "19920101", "201503", "2").id,
            "kadinkes": emp(15, "Rina Kadinkes", kadinkes, "IV/c", "19710101", "199603", "2").id,
            "perawat": emp(16, "Wati Perawat", staff_o, "II/c", "19930101", "201603", "2").id,
        }
        ids.update(dinas=dinas.id, bidang=bidang.id, seksi=seksi.id, other=other.id, kasi_position=kasi.id,
                   kabid_position=kabid.id, staff_b_position=staff_b.id, staff_s_position=staff_s.id)
        return ids

    return factory.run(tenant, build)


def link_user(factory, tenant, email: str, employee_id: int, roles=()) -> int:
    from jenjang.auth import operations as auth_ops
    from jenjang.people.models import Employee
    from tests.helpers import PASSWORD

    def go():
        from jenjang.extensions import db

        employee = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))
        return auth_ops.create_user(full_name=employee.full_name, email=email, roles=list(roles), employee=employee,
                                    password=PASSWORD).id

    return factory.run(tenant, go)


# --- for the isolation suite (ID_FACTORIES) ------------------------------------------------

def _b_org(factory, b) -> dict:
    cache = factory.__dict__.setdefault("_people_orgs", {})
    if b.id not in cache:
        cache[b.id] = make_org(factory, b)
    return cache[b.id]


def b_employee(factory, b) -> int:
    return _b_org(factory, b)["analis"]


def b_unit(factory, b) -> int:
    return _b_org(factory, b)["bidang"]


def b_position(factory, b) -> int:
    return _b_org(factory, b)["staff_b_position"]


def b_import(factory, b) -> int:
    from jenjang.people.models import ImportRun

    def go():
        from jenjang.extensions import db

        run = ImportRun(kind="employees", status="invalid", original_name="b.csv", stored_name="x.upload",
                        file_format="csv", headers=["nip"], mapping={}, errors=[], summary={}, error_count=0,
                        create_accounts=False)
        db.session.add(run)
        db.session.flush()
        return run.id

    return factory.run(b, go)


# --- the import, as the officer does it ---------------------------------------------------

def hr_signed_in(two_tenants, factory, client_for):
    """(tenant A, tenant B, a client signed in as A's HR officer): the ``hr`` fixture of the people tests."""
    a, b = two_tenants
    factory.user(a, "hr@pematangsiantar.demo", roles=["hr"])
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    return a, b, c


def upload(c, kind: str, data: bytes, name: str = "data.csv", **extra):
    return c.post("/people/import", {"kind": kind, "file": (io.BytesIO(data), name), **extra},
                  content_type="multipart/form-data")


def run_of(factory, tenant, response) -> ImportRun:
    run_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    return factory.scalar(tenant, sa.select(ImportRun).where(ImportRun.id == run_id))


def applied(c, kind: str, data: bytes, name: str = "data.csv", **extra):
    """Upload, then confirm the preview (accepting its warnings) as the officer would; the
    response names the run, as the upload's does. A file with errors stops at the upload."""
    r = upload(c, kind, data, name, **extra)
    if r.status_code == 302 and "/people/import/" in r.headers["Location"]:
        c.post(r.headers["Location"].rstrip("/") + "/confirm", {"accept_warnings": "y"})
    return r


UNITS = "kode_unit,nama_unit,jenis_unit,kode_induk\nDISDIK,Dinas Pendidikan,Dinas,\nDISDIK-SD,Bidang SD,Bidang,DISDIK\n"
POSITIONS = ("kode_jabatan,nama_jabatan,jenis_jabatan,jenjang_fungsional,kode_unit,golongan_terendah,"
             "golongan_tertinggi,kelas_jabatan,kepala_unit\n"
             "J-KABID,Kepala Bidang SD,Administrator,,DISDIK-SD,III/d,IV/b,11,ya\n"
             "J-GURU,Guru Ahli Pertama,Fungsional,Ahli Pertama,DISDIK-SD,,,8,tidak\n")


def employees_csv(n: int, start: int = 1, extra_rows: str = "") -> bytes:
    lines = ["NIP Baru;Nama;Gelar Belakang;Golongan;TMT Golongan;Kode Jabatan;Pendidikan"]
    for i in range(start, start + n):
        lines.append(f"{nip(i % 999 + 1, f'{1980 + i // 999:04d}0101', '200503')};Pegawai {i};S.Pd.;III/a;"
                     f"01-04-2019;J-GURU;S1")
    return ("\n".join(lines) + "\n" + extra_rows).encode("utf-8")


def reload(factory, tenant, run) -> ImportRun:
    return factory.scalar(tenant, sa.select(ImportRun).where(ImportRun.id == run.id))


def confirm(c, run, **form):
    return c.post(f"/people/import/{run.id}/confirm", form)


def count(factory, tenant, model) -> int:
    return factory.scalar(tenant, sa.select(sa.func.count()).select_from(model))


def setup_org(c, factory, tenant):
    for kind, data in (("units", UNITS), ("positions", POSITIONS)):
        run = run_of(factory, tenant, upload(c, kind, data.encode()))
        assert run.status == "preview", run.errors
        assert confirm(c, run).status_code == 302
        assert reload(factory, tenant, run).status == "done"
