"""External training: the employee submits with a certificate (PDF/JPEG/PNG by content, ≤ 5 MB);
bad files are refused with a clear message and nothing is stored; HR verifies (→ ledger, and the
employee is notified) or rejects with a reason; a verified entry is closed to the employee."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import local_today
from tests.org import build_region
from tests.training_ledger_support import PDF, PNG, submit_external, upload

DONE = local_today() - dt.timedelta(days=5)


@pytest.fixture
def files_dir(app, tmp_path):
    before = app.config["FILES_DIR"]
    app.config["FILES_DIR"] = str(tmp_path / "files")
    yield Path(app.config["FILES_DIR"])
    app.config["FILES_DIR"] = before


@pytest.fixture
def region(factory, files_dir):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    return build_region(factory, tenant)


def _form(**over) -> dict:
    form = {"title": "Kursus Analisis Kebijakan", "kind_code": "11", "provider_name": "LAN RI",
            "starts_on": (DONE - dt.timedelta(days=2)).isoformat(), "ends_on": DONE.isoformat(), "jp": "12",
            "certificate_number": "LAN/2026/77", "certificate": upload(PDF, "sertifikat.pdf")}
    form.update(over)
    return form


def _stored_files(files_dir: Path) -> list[Path]:
    return [p for p in files_dir.rglob("*") if p.is_file()]


def test_employee_submits_external_training_with_a_pdf(region, factory, client_for, files_dir):
    c = client_for(region.tenant)
    c.login(f"pegawai@{region.tenant.slug}.demo")
    assert "Berkas sertifikat" in c.text(c.get("/training/external/new"))
    r = c.post("/training/external/new", _form(), content_type="multipart/form-data")
    assert r.status_code == 302, c.text(r)
    row = factory.scalar(region.tenant, "SELECT row_to_json(x) FROM training_external x")
    assert row["status"] == "submitted" and Decimal(str(row["jp"])) == 12 and row["file_mime"] == "application/pdf"
    assert row["classical"] is True and row["employee_id"] == region.staff_id
    assert len(_stored_files(files_dir)) == 1
    page = c.text(c.get("/training/external"))
    assert "Kursus Analisis Kebijakan" in page and "Menunggu verifikasi" in page
    cert = c.get(f"/training/external/{row['id']}/certificate")
    assert cert.status_code == 200 and cert.data == PDF
    assert factory.scalar(region.tenant, "SELECT count(*) FROM jp_entries") == 0  # not before HR verifies
    told = factory.scalar(region.tenant, "SELECT array_agg(u.email) FROM notifications n JOIN users u "
                                         "ON u.tenant_id = n.tenant_id AND u.id = n.recipient_user_id "
                                         "WHERE n.kind = 'training.external_submitted'")
    assert told == [f"hr@{region.tenant.slug}.demo"]  # HR hears that a certificate waits for them


@pytest.mark.parametrize("data,name,message", [
    (b"MZ\x90\x00 not a certificate", "sertifikat.pdf", "Sertifikat harus berkas PDF, JPG atau PNG"),
    (b"<html><script>alert(1)</script></html>", "sertifikat.png", "Sertifikat harus berkas PDF, JPG atau PNG"),
    (b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "besar.pdf", "terlalu besar: paling besar 5 MB"),
    (b"", "kosong.pdf", "Berkas sertifikat kosong"),
])
def test_bad_certificate_files_are_refused_and_nothing_is_stored(region, factory, client_for, files_dir, data, name,
                                                                  message):
    c = client_for(region.tenant)
    c.login(f"pegawai@{region.tenant.slug}.demo")
    r = c.post("/training/external/new", _form(certificate=upload(data, name)), content_type="multipart/form-data")
    assert r.status_code == 422 and message in c.text(r)
    assert factory.scalar(region.tenant, "SELECT count(*) FROM training_external") == 0
    assert _stored_files(files_dir) == []


@pytest.mark.parametrize("over,message", [
    ({"ends_on": (DONE - dt.timedelta(days=9)).isoformat()}, "Tanggal selesai tidak boleh sebelum tanggal mulai"),
    ({"ends_on": (local_today() + dt.timedelta(days=3)).isoformat()}, "belum selesai belum dapat dicatat"),
    ({"jp": "-2"}, "Isi lebih dari 0 sampai 500 JP"),
    ({"jp": "0"}, "Isi lebih dari 0 sampai 500 JP"),
    ({"kind_code": "99"}, "Pilih jenis pengembangan kompetensi dari daftar"),
    ({"title": ""}, "Wajib diisi"),
])
def test_bad_fields_are_refused_with_a_clear_message(region, factory, client_for, files_dir, over, message):
    c = client_for(region.tenant)
    c.login(f"pegawai@{region.tenant.slug}.demo")
    r = c.post("/training/external/new", _form(**over), content_type="multipart/form-data")
    assert r.status_code == 422 and message in c.text(r)
    assert factory.scalar(region.tenant, "SELECT count(*) FROM training_external") == 0
    assert _stored_files(files_dir) == []


def test_hr_verifies_then_the_jp_reach_the_ledger_and_the_employee_is_told(region, factory, client_for):
    xid = submit_external(factory, region.tenant, region.staff_id, jp="7.5", kind_code=16, ends_on=DONE)
    hr = client_for(region.tenant)
    hr.login(f"hr@{region.tenant.slug}.demo")
    queue = hr.text(hr.get("/training/external/review"))
    assert "Kursus Analisis Kebijakan" in queue and "Dewi Lestari" in queue
    review = hr.text(hr.get(f"/training/external/{xid}/review"))
    assert "Verifikasi dan tambahkan 7,5 JP" in review and "E-Learning" in review
    r = hr.post(f"/training/external/{xid}/verify")
    assert r.status_code == 303
    entry = factory.scalar(region.tenant, "SELECT row_to_json(j) FROM jp_entries j")
    assert entry["source"] == "external" and entry["source_ref"] == f"external:{xid}"
    assert Decimal(str(entry["jp"])) == Decimal("7.5") and entry["classical"] is False
    assert entry["occurred_on"] == DONE.isoformat()
    assert factory.scalar(region.tenant, "SELECT count(*) FROM notifications WHERE kind = 'training.external_verified' "
                                         "AND recipient_user_id = (SELECT id FROM users WHERE employee_id = "
                                         f"{region.staff_id})") == 1
    again = hr.post(f"/training/external/{xid}/verify")  # a second click changes nothing
    assert again.status_code == 303
    assert factory.scalar(region.tenant, "SELECT count(*) FROM jp_entries") == 1
    staff = client_for(region.tenant)
    staff.login(f"pegawai@{region.tenant.slug}.demo")
    assert "7,5" in staff.text(staff.get(f"/training/jp?year={DONE.year}"))  # the year it was done
    assert staff.get(f"/training/external/{xid}/edit").status_code == 403  # verified: closed to the employee
    assert staff.post(f"/training/external/{xid}/edit", _form(jp="40"), content_type="multipart/form-data"
                      ).status_code == 403
    assert factory.scalar(region.tenant, "SELECT jp FROM training_external") == Decimal("7.5")
    reopened = hr.post(f"/training/external/{xid}/reopen")
    assert reopened.status_code == 303
    assert factory.scalar(region.tenant, "SELECT count(*) FROM jp_entries") == 0
    assert factory.scalar(region.tenant, "SELECT status FROM training_external") == "submitted"


def test_hr_rejects_with_a_reason_and_the_employee_corrects_and_resubmits(region, factory, client_for, files_dir):
    xid = submit_external(factory, region.tenant, region.staff_id)
    hr = client_for(region.tenant)
    hr.login(f"hr@{region.tenant.slug}.demo")
    empty = hr.post(f"/training/external/{xid}/reject", {"reason": ""})
    assert empty.status_code == 422 and "Wajib diisi" in hr.text(empty)
    assert factory.scalar(region.tenant, "SELECT status FROM training_external") == "submitted"
    r = hr.post(f"/training/external/{xid}/reject", {"reason": "Sertifikat tidak terbaca, unggah ulang."})
    assert r.status_code == 303
    assert factory.scalar(region.tenant, "SELECT count(*) FROM notifications WHERE kind = "
                                         "'training.external_rejected'") == 1
    assert factory.scalar(region.tenant, "SELECT count(*) FROM jp_entries") == 0
    staff = client_for(region.tenant)
    staff.login(f"pegawai@{region.tenant.slug}.demo")
    assert "Sertifikat tidak terbaca" in staff.text(staff.get("/training/external"))
    page = staff.get(f"/training/external/{xid}/edit")
    assert page.status_code == 200 and "Ditolak BKPSDM" in staff.text(page)
    fixed = staff.post(f"/training/external/{xid}/edit", _form(jp="10", certificate=upload(PNG, "scan.png")),
                       content_type="multipart/form-data")
    assert fixed.status_code == 302, staff.text(fixed)
    row = factory.scalar(region.tenant, "SELECT row_to_json(x) FROM training_external x")
    assert row["status"] == "submitted" and row["review_note"] is None and row["file_mime"] == "image/png"
    assert [p.read_bytes() for p in _stored_files(files_dir)] == [PNG]  # the replaced PDF is gone
    assert factory.scalar(region.tenant, "SELECT count(*) FROM notifications "
                                         "WHERE kind = 'training.external_submitted'") == 2  # and the resubmission


def test_a_certificate_written_in_a_transaction_that_rolls_back_is_removed(region, app, files_dir):
    from jenjang import storage
    from jenjang.extensions import db
    from jenjang.tenancy.context import tenant_context

    with app.app_context(), tenant_context(region.tenant.id):
        kept, _digest = storage.save("training_external", PDF)
        db.session.commit()
        storage.save("training_external", PNG)
        storage.discard("training_external", kept)
        assert len(_stored_files(files_dir)) == 2
        db.session.rollback()  # neither the new file nor the removal happened
        assert [p.read_bytes() for p in _stored_files(files_dir)] == [PDF]
        storage.discard("training_external", kept)
        db.session.commit()
    assert _stored_files(files_dir) == []


def test_only_the_owner_and_hr_see_a_certificate(region, factory, client_for):
    xid = submit_external(factory, region.tenant, region.staff_id)
    colleague = client_for(region.tenant)
    colleague.login(f"rekan@{region.tenant.slug}.demo")
    assert colleague.get(f"/training/external/{xid}/certificate").status_code == 404
    assert colleague.get(f"/training/external/{xid}/edit").status_code == 404
    assert colleague.get("/training/external/review").status_code == 403
    assert colleague.post(f"/training/external/{xid}/verify").status_code == 403
    assert "Kursus Analisis Kebijakan" not in colleague.text(colleague.get("/training/external"))
    hr = client_for(region.tenant)
    hr.login(f"hr@{region.tenant.slug}.demo")
    cert = hr.get(f"/training/external/{xid}/certificate")
    assert cert.status_code == 200 and cert.headers["Content-Type"] == "application/pdf"
    assert "sandbox" in cert.headers["Content-Security-Policy"]
