"""Compliance with the JP target by unit (sub-units rolled up), the drill-down to who is behind,
the xlsx export, and the reminder campaign (idempotent per employee per year)."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import openpyxl
import pytest
import sqlalchemy as sa

from tests.helpers import local_today
from tests.org import build_region, nip
from tests.training_ledger_support import credit

YEAR = local_today().year


@dataclass
class Org:
    region: object
    dinas_id: int
    kasi_id: int  # placed directly in the Dinas (not in the bidang)
    dinkes_id: int
    nurse_id: int
    loose_id: int  # no unit


@pytest.fixture
def org(factory):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    region = build_region(factory, tenant)

    def make():
        from jenjang.extensions import db
        from jenjang.people import operations as people
        from jenjang.people.models import Unit

        dinas = db.session.scalar(sa.select(Unit).where(Unit.code == "DISDIK1"))
        kasi = people.create_employee(nip=nip("19880202", "201201", "2", 11), full_name="Sri Wahyuni",
                                      position_id=region.other_position_id)
        dinkes = people.save_unit(None, name="Dinas Kesehatan", kind="dinas", parent_id=None, code="DINKES")
        nurse = people.create_employee(nip=nip("19870303", "201101", "2", 12), full_name="Rina Marpaung",
                                       unit_id=dinkes.id)
        gone = people.create_employee(nip=nip("19600101", "198501", "1", 13), full_name="Pensiunan Lama",
                                      unit_id=dinkes.id)
        people.archive(gone, "retired")
        return dinas.id, kasi.id, dinkes.id, nurse.id

    dinas_id, kasi_id, dinkes_id, nurse_id = factory.run(tenant, make)
    factory.user(tenant, "lepas@pematangsiantar.demo", nip=nip("19890404", "201401", "1", 14), full_name="Tono Lepas")
    loose_id = factory.scalar(tenant, "SELECT id FROM employees WHERE full_name = 'Tono Lepas'")
    credit(factory, tenant, region.head_id, 25, dt.date(YEAR, 2, 1), source="training", ref="enrolment:1")
    credit(factory, tenant, region.staff_id, 12, dt.date(YEAR, 3, 1), source="training", ref="enrolment:2")
    credit(factory, tenant, region.staff_id, 8, dt.date(YEAR, 4, 1), source="external", ref="external:1")
    credit(factory, tenant, region.colleague_id, 10, dt.date(YEAR, 5, 1), source="mentoring", ref="m:1",
           classical=False)
    credit(factory, tenant, region.colleague_id, 40, dt.date(YEAR - 1, 5, 1), source="manual", ref="old:1")
    credit(factory, tenant, nurse_id, 30, dt.date(YEAR, 6, 1), source="training", ref="enrolment:3")
    credit(factory, tenant, loose_id, 5, dt.date(YEAR, 6, 1), source="manual", ref="manual:loose")
    return Org(region, dinas_id, kasi_id, dinkes_id, nurse_id, loose_id)


def _hr(client_for, org):
    c = client_for(org.region.tenant)
    c.login("hr@pematangsiantar.demo")
    return c


def _report(factory, org, parent_id=None):
    def go():
        from jenjang.training.ledger import compliance

        return compliance.unit_report(YEAR, parent_id, 20)

    return factory.run(org.region.tenant, go)


def test_compliance_rolls_sub_units_up_into_each_opd(org, factory):
    rows, total = _report(factory, org)
    by_name = {r.name if r.unit_id else "(none)": r for r in rows}
    pendidikan = by_name["Dinas Pendidikan"]
    assert (pendidikan.employees, pendidikan.compliant, pendidikan.share) == (4, 2, 50.0)
    assert float(pendidikan.average) == pytest.approx((25 + 20 + 10 + 0) / 4)
    kesehatan = by_name["Dinas Kesehatan"]
    assert (kesehatan.employees, kesehatan.compliant, kesehatan.share) == (1, 1, 100.0)  # the archived one not
    assert (by_name["(none)"].employees, by_name["(none)"].compliant) == (1, 0)
    assert (total.employees, total.compliant, total.share) == (6, 3, 50.0)
    rows, total = _report(factory, org, org.dinas_id)
    direct = [r for r in rows if r.direct]
    assert len(direct) == 1 and (direct[0].employees, direct[0].compliant) == (1, 0)
    bidang = [r for r in rows if r.name == "Bidang Pembinaan Guru"][0]
    assert (bidang.employees, bidang.compliant, bidang.share) == (3, 2, 66.7)
    assert (total.employees, total.compliant) == (4, 2)


def test_compliance_page_drills_down_to_who_is_behind(org, factory, client_for):
    c = _hr(client_for, org)
    page = c.text(c.get("/training/compliance"))
    assert "Kepatuhan target JP tahun" in page and "Dinas Pendidikan" in page and "Tanpa unit" in page
    assert 'data-testid="share">50%<' in page
    assert "Budi Santoso" in page and "Sri Wahyuni" in page and "Tono Lepas" in page
    assert "Dewi Lestari" not in page and "Pensiunan Lama" not in page
    unit_page = c.text(c.get(f"/training/compliance/units/{org.dinas_id}?year={YEAR}"))
    assert "Dinas Pendidikan (langsung)" in unit_page and "Bidang Pembinaan Guru" in unit_page
    assert unit_page.index("Sri Wahyuni") < unit_page.index("Budi Santoso")  # lowest JP first
    assert "Tono Lepas" not in unit_page and "Rina Marpaung" not in unit_page
    last_year = c.text(c.get(f"/training/compliance?year={YEAR - 1}"))
    assert 'data-testid="share">16,7%<' in last_year  # only the colleague's 40 JP of last year


def test_compliance_export_is_an_xlsx_with_units_and_people_behind(org, factory, client_for):
    c = _hr(client_for, org)
    r = c.get(f"/training/compliance/units/{org.dinas_id}/export.xlsx?year={YEAR}")
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    wb = openpyxl.load_workbook(io.BytesIO(r.data))
    units = [row for row in wb.worksheets[0].iter_rows(values_only=True) if row and row[0]]
    assert ("Bidang Pembinaan Guru", 3, 2, 1, 66.7, 18.33) in units
    assert ("Jumlah", 4, 2, 2, 50.0, 13.75) in units
    people = [row for row in wb.worksheets[1].iter_rows(values_only=True) if row and row[0]]
    names = [row[1] for row in people if row[1] not in (None, "Nama")]
    assert names[-2:] == ["Sri Wahyuni", "Budi Santoso"] or set(names) >= {"Sri Wahyuni", "Budi Santoso"}
    budi = [row for row in people if row[1] == "Budi Santoso"][0]
    assert budi[2] == "PNS" and budi[5] == 10 and budi[6] == 20 and budi[7] == 10


def test_only_hr_reads_compliance(org, client_for):
    staff = client_for(org.region.tenant)
    staff.login("pegawai@pematangsiantar.demo")
    assert staff.get("/training/compliance").status_code == 403
    assert staff.get("/training/compliance/export.xlsx").status_code == 403
    assert staff.post("/training/compliance/campaign", {"year": str(YEAR)}).status_code == 403


def test_campaign_reminds_each_employee_behind_once_a_year(org, factory, client_for):
    c = _hr(client_for, org)
    r = c.post("/training/compliance/campaign", {"year": str(YEAR)})
    assert r.status_code == 303
    page = c.text(c.get(r.headers["Location"]))
    assert "Pengingat dikirim ke 2 pegawai (dari 3 pegawai yang belum mencapai target; 1 tanpa akun)" in page
    recipients = factory.scalar(org.region.tenant, "SELECT array_agg(u.employee_id ORDER BY u.employee_id) FROM "
                                "notifications n JOIN users u ON u.id = n.recipient_user_id "
                                "WHERE n.kind = 'training.jp_reminder'")
    assert recipients == sorted([org.region.colleague_id, org.loose_id])
    payload = factory.scalar(org.region.tenant, "SELECT n.payload FROM notifications n JOIN users u ON "
                             f"u.id = n.recipient_user_id WHERE u.employee_id = {org.region.colleague_id}")
    assert payload == {"year": YEAR, "jp": "10", "target": 20, "missing": "10"}
    again = c.post("/training/compliance/campaign", {"year": str(YEAR)})
    assert "Tidak ada pengingat baru" in c.text(c.get(again.headers["Location"]))
    assert factory.scalar(org.region.tenant, "SELECT count(*) FROM notifications WHERE kind = "
                                             "'training.jp_reminder'") == 2

    def drop_staff():  # the staff member's external training is taken back: now behind too
        from jenjang.training import ledger

        ledger.revoke("external", "external:1")

    factory.run(org.region.tenant, drop_staff)
    c.post("/training/compliance/campaign", {"year": str(YEAR)})
    assert factory.scalar(org.region.tenant, "SELECT count(*) FROM notifications WHERE kind = "
                                             "'training.jp_reminder'") == 3
    assert factory.scalar(org.region.tenant, "SELECT array_agg(sent_count ORDER BY id) FROM "
                                             "training_jp_campaigns") == [2, 0, 1]
    page = c.text(c.get("/training/compliance"))
    assert "hr@pematangsiantar.demo" in page


def test_campaign_is_refused_for_a_past_year(org, factory, client_for):
    c = _hr(client_for, org)
    r = c.post("/training/compliance/campaign", {"year": str(YEAR - 1)})
    assert "hanya dapat dikirim untuk tahun berjalan" in c.text(c.get(r.headers["Location"]))
    assert factory.scalar(org.region.tenant, "SELECT count(*) FROM training_jp_campaigns") == 0
    assert factory.scalar(org.region.tenant, "SELECT count(*) FROM notifications") == 0


def test_compliance_page_keeps_a_constant_number_of_queries(org, factory, client_for, query_counter):
    c = _hr(client_for, org)

    def count() -> int:
        with query_counter:
            assert c.get("/training/compliance").status_code == 200
        return query_counter.count

    few = count()

    def grow():
        from jenjang.people import operations as people

        for i in range(5):
            u = people.save_unit(None, name=f"Kecamatan {i}", kind="kecamatan", parent_id=None, code=f"KEC{i}")
            for j in range(4):
                people.create_employee(nip=nip("19900505", "201501", "1", 100 + i * 10 + j),
                                       full_name=f"Staf {i}-{j}", unit_id=u.id)

    factory.run(org.region.tenant, grow)
    assert count() == few
