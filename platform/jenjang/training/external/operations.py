"""External training: an employee records training done elsewhere with its certificate; HR
verifies it (its JP then go to the ledger) or rejects it with a reason.

The certificate must be a PDF, JPEG or PNG (checked by content, not by name) of at most 5 MB; it
is written to disk only after every field has passed, so a refused submission stores nothing.
A verified entry is closed to the employee; HR may reopen it, which takes its JP back out of the
ledger. Operations flush, never commit."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang import storage
from jenjang.auth.operations import hr_user_ids
from jenjang.core import audit, clock
from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.notifications.api import announce
from jenjang.people.api import Employee
from jenjang.tenancy.models import utcnow
from jenjang.training import ledger
from jenjang.training.external.models import MAX_EXTERNAL_JP, ExternalTraining
from jenjang.training.ledger.queries import fmt_jp
from jenjang.training.models import SIASN_KINDS
from jenjang.training.queries import user_ids_of

AREA = "training_external"
MAX_FILE = storage.MAX_UPLOAD  # 5 MB


class ExternalRefused(Refusal):
    """A refusal with the form field it concerns (None: the whole form)."""


def source_ref(item: ExternalTraining) -> str:
    return f"external:{item.id}"


def read_certificate(upload) -> tuple[bytes, str]:
    """The file's bytes and MIME type, or ExternalRefused with a message the employee can act on."""
    if upload is None or not getattr(upload, "filename", None):
        raise ExternalRefused(_("Lampirkan berkas sertifikat (PDF, JPG atau PNG)."), "certificate")
    data = upload.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise ExternalRefused(_("Berkas sertifikat terlalu besar: paling besar 5 MB."), "certificate")
    if not data:
        raise ExternalRefused(_("Berkas sertifikat kosong."), "certificate")
    kind = storage.sniff(data)
    if kind is None:
        raise ExternalRefused(_("Sertifikat harus berkas PDF, JPG atau PNG (isinya diperiksa, bukan hanya "
                                "namanya)."), "certificate")
    return data, kind[0]


def _check(title: str, kind_code: int, provider_name: str, starts_on: dt.date, ends_on: dt.date, jp,
           today: dt.date) -> Decimal:
    if not (title or "").strip():
        raise ExternalRefused(_("Tulis nama pelatihan."), "title")
    if kind_code not in SIASN_KINDS:
        raise ExternalRefused(_("Pilih jenis pengembangan kompetensi dari daftar."), "kind_code")
    if not (provider_name or "").strip():
        raise ExternalRefused(_("Tulis penyelenggara pelatihan."), "provider_name")
    if starts_on is None or ends_on is None:
        raise ExternalRefused(_("Isi tanggal mulai dan selesai."), "ends_on")
    if ends_on < starts_on:
        raise ExternalRefused(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), "ends_on")
    if ends_on > today:
        raise ExternalRefused(_("Pelatihan yang belum selesai belum dapat dicatat."), "ends_on")
    try:
        value = Decimal(str(jp))
    except (InvalidOperation, ValueError):
        raise ExternalRefused(_("Tulis JP sebagai angka."), "jp") from None
    if not Decimal(0) < value <= MAX_EXTERNAL_JP:
        raise ExternalRefused(_("JP harus lebih dari 0 dan paling banyak %(max)s.", max=MAX_EXTERNAL_JP), "jp")
    if value != value.quantize(Decimal("0.01")):
        raise ExternalRefused(_("JP paling banyak dua angka di belakang koma."), "jp")
    return value


def _store(item: ExternalTraining, upload_name: str, data: bytes, mime: str) -> None:
    storage.discard(AREA, item.storage_name)  # the file it replaces goes when this commits
    storage_name, digest = storage.save(AREA, data)
    item.file_name = (upload_name or "sertifikat")[-255:]
    item.file_mime = mime
    item.file_size = len(data)
    item.file_sha256 = digest
    item.storage_name = storage_name


def submit(employee_id: int, *, title: str, kind_code: int, provider_name: str, starts_on: dt.date,
           ends_on: dt.date, jp, certificate_number: str | None, upload, today: dt.date | None = None
           ) -> ExternalTraining:
    value = _check(title, kind_code, provider_name, starts_on, ends_on, jp, today or clock.today())
    data, mime = read_certificate(upload)
    item = ExternalTraining(employee_id=employee_id, title=title.strip()[:300], kind_code=kind_code,
                            classical=SIASN_KINDS[kind_code][1], provider_name=provider_name.strip()[:200],
                            starts_on=starts_on, ends_on=ends_on, jp=value,
                            certificate_number=(certificate_number or "").strip()[:100] or None,
                            status="submitted", submitted_at=utcnow())
    _store(item, upload.filename, data, mime)
    db.session.add(item)
    db.session.flush()
    audit.record("training.external_submitted", item, after={"title": item.title, "jp": str(value)})
    _tell_hr(item)
    return item


def _tell_hr(item: ExternalTraining) -> None:
    """HR hears of each submission (and each corrected resubmission) waiting for them."""
    name = db.session.scalar(sa.select(Employee.full_name).where(Employee.id == item.employee_id)) or ""
    announce("training.external_submitted", hr_user_ids(),
             {"employee": name, "title": item.title, "jp": fmt_jp(item.jp)},
             f"training.external_submitted:{item.id}:{item.submitted_at.timestamp() * 1e6:.0f}",
             link=("training.external_review", {"external_id": item.id}))


def update(item: ExternalTraining, *, title: str, kind_code: int, provider_name: str, starts_on: dt.date,
           ends_on: dt.date, jp, certificate_number: str | None, upload=None, today: dt.date | None = None
           ) -> ExternalTraining:
    """The employee corrects a submitted or rejected entry; it goes back to HR's queue."""
    db.session.refresh(item, with_for_update=True)
    if item.status == "verified":
        raise ExternalRefused(_("Pelatihan ini sudah diverifikasi dan tidak dapat diubah lagi."))
    value = _check(title, kind_code, provider_name, starts_on, ends_on, jp, today or clock.today())
    new_file = None
    if upload is not None and getattr(upload, "filename", None):
        new_file = read_certificate(upload)
    item.title = title.strip()[:300]
    item.kind_code = kind_code
    item.classical = SIASN_KINDS[kind_code][1]
    item.provider_name = provider_name.strip()[:200]
    item.starts_on, item.ends_on, item.jp = starts_on, ends_on, value
    item.certificate_number = (certificate_number or "").strip()[:100] or None
    if new_file is not None:
        _store(item, upload.filename, *new_file)
    item.status = "submitted"
    item.submitted_at = utcnow()
    item.reviewed_at = item.reviewer_user_id = item.reviewer_label = item.review_note = None
    db.session.flush()
    audit.record("training.external_resubmitted", item, after={"title": item.title, "jp": str(value)})
    _tell_hr(item)
    return item


def _reviewer(item: ExternalTraining, user) -> None:
    item.reviewed_at = utcnow()
    item.reviewer_user_id = getattr(user, "id", None)
    item.reviewer_label = ((getattr(user, "email", None) or getattr(user, "display_name", None)) or "system")[:254]


def verify(item: ExternalTraining, user) -> None:
    db.session.refresh(item, with_for_update=True)
    if item.status != "submitted":
        raise ExternalRefused(_("Hanya pengajuan yang menunggu verifikasi yang dapat diverifikasi."))
    item.status = "verified"
    item.review_note = None
    _reviewer(item, user)
    ledger.credit(item.employee_id, source="external", source_ref=source_ref(item), jp=item.jp,
                  occurred_on=item.ends_on, title=item.title, classical=item.classical)
    db.session.flush()
    audit.record("training.external_verified", item, after={"jp": str(item.jp)})
    announce("training.external_verified", user_ids_of([item.employee_id]),
             {"title": item.title, "jp": fmt_jp(item.jp), "year": item.ends_on.year},
             f"training.external_verified:{item.id}:{item.reviewed_at.timestamp():.0f}",
             link=("training.my_jp", {"year": item.ends_on.year}))


def reject(item: ExternalTraining, user, reason: str) -> None:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ExternalRefused(_("Tulis alasan penolakan (paling sedikit 5 karakter) agar pegawai dapat "
                                "memperbaikinya."), "reason")
    db.session.refresh(item, with_for_update=True)
    if item.status != "submitted":
        raise ExternalRefused(_("Hanya pengajuan yang menunggu verifikasi yang dapat ditolak."))
    item.status = "rejected"
    item.review_note = reason[:2000]
    _reviewer(item, user)
    db.session.flush()
    audit.record("training.external_rejected", item, after={"reason": item.review_note})
    announce("training.external_rejected", user_ids_of([item.employee_id]),
             {"title": item.title, "reason": item.review_note},
             f"training.external_rejected:{item.id}:{item.reviewed_at.timestamp():.0f}",
             link=("training.external_edit", {"external_id": item.id}))


def reopen(item: ExternalTraining, user) -> None:
    """HR takes a verification back (e.g. a certificate found to be wrong): the JP leave the ledger."""
    db.session.refresh(item, with_for_update=True)
    if item.status != "verified":
        raise ExternalRefused(_("Hanya pelatihan yang sudah diverifikasi yang dapat dibuka kembali."))
    ledger.revoke("external", source_ref(item))
    item.status = "submitted"
    _reviewer(item, user)
    db.session.flush()
    audit.record("training.external_reopened", item, before={"status": "verified"}, after={"status": "submitted"})


def file_path(item: ExternalTraining):
    return storage.path_of(AREA, item.storage_name)
