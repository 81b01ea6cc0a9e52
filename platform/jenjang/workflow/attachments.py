"""Documents attached to a case: PDF, JPG or PNG up to 5 MB, checked by content."""
from __future__ import annotations

from flask_babel import gettext as _

from jenjang import storage
from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.workflow.models import WorkflowAttachment, WorkflowCase

AREA = "workflow"


class AttachmentRefused(Refusal):
    """A refused attachment (a closed case, no file, a type or size not allowed)."""


def attach(case: WorkflowCase, upload, document_key: str | None, user) -> WorkflowAttachment:
    if not case.is_open:
        raise AttachmentRefused(_("Kasus sudah selesai; lampiran tidak dapat ditambah."))
    if upload is None or not upload.filename:
        raise AttachmentRefused(_("Pilih berkas yang akan dilampirkan."))
    data = upload.read(storage.MAX_UPLOAD + 1)
    if len(data) > storage.MAX_UPLOAD:
        raise AttachmentRefused(_("Berkas terlalu besar: paling besar 5 MB."))
    if not data:
        raise AttachmentRefused(_("Berkas kosong."))
    kind = storage.sniff(data)
    if kind is None:
        raise AttachmentRefused(_("Berkas harus PDF, JPG atau PNG (isinya diperiksa, bukan hanya namanya)."))
    step = case.step or {}
    valid_keys = {d["key"] for d in step.get("documents") or []}
    if document_key and document_key not in valid_keys:
        raise AttachmentRefused(_("Jenis dokumen tidak dikenal untuk langkah ini."))
    storage_name, digest = storage.save(AREA, data)
    attachment = WorkflowAttachment(
        case_id=case.id, document_key=document_key or None, step_index=case.step_index,
        filename=(upload.filename or "lampiran")[-255:], mime=kind[0], size=len(data), sha256=digest,
        storage_name=storage_name, uploaded_by_user_id=getattr(user, "id", None),
        uploaded_by_label=(getattr(user, "email", None) or getattr(user, "display_name", "?"))[:254])
    db.session.add(attachment)
    db.session.flush()
    return attachment


def file_path(attachment: WorkflowAttachment):
    return storage.path_of(AREA, attachment.storage_name)
