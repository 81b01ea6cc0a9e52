"""Recording contracts with their signed document, the tenant's contract settings, and opening and
deciding renewals. Flush, never commit; every write is audited."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from jenjang import storage
from jenjang.contracts import queries
from jenjang.contracts.labels import MIN_MONTHS_REGULATION
from jenjang.contracts.models import ContractRenewal, ContractSettings
from jenjang.core import audit, clock
from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.people.api import Employee, EmploymentContract, actor_label, grade_label
from jenjang.tenancy.models import utcnow
from jenjang.tenancy.operations import provisioner
from jenjang.workflow import api as workflow

AREA = "contracts"  # FILES_DIR/<tenant>/contracts/, like the training certificates' area
MAX_DOCUMENT = storage.MAX_UPLOAD  # 5 MB
SUBJECT_TYPE = "contracts.renewal"
WORKFLOW_KEY = "contracts.renewal"


class ContractError(Refusal):
    """A refused contract, renewal or settings change; `field` names the form field."""


# --- the renewal workflow's default definition ---------------------------------------------------

def default_steps() -> list[dict]:
    """The unit proposes, BKPSDM checks performance and need, the PPK decides (PP 49/2018 Pasal 37
    ayat (2)). Tenants edit it on Alur persetujuan like the promotion workflows."""
    return [
        workflow.make_step("Usulan unit kerja", "relation:unit_head", ("approve", "reject"), 5, key="usulan"),
        workflow.make_step("Pemeriksaan BKPSDM (kinerja dan formasi)", "role:hr", ("approve", "reject", "return"), 5,
                           key="pemeriksaan"),
        workflow.make_step("Keputusan PPK", "role:ppk", ("approve", "reject", "return"), 5, key="keputusan_ppk"),
    ]


@provisioner
def ensure_workflow() -> None:
    """Seed the renewal workflow when the tenant has none yet (idempotent)."""
    if workflow.definition_by_key(WORKFLOW_KEY) is None:
        with force_locale("id"):  # seeded names are data, in the region's language
            workflow.ensure_definition(WORKFLOW_KEY, "contracts", "Perpanjangan perjanjian kerja PPPK",
                                       default_steps(), description="PP 49/2018 Pasal 37")


# --- contracts ------------------------------------------------------------------------------------

def read_document(upload) -> tuple[bytes, str] | None:
    """The uploaded PDF's bytes and name; None when nothing was chosen; ContractError when it is not
    a PDF (by content) or too large."""
    if upload is None or not getattr(upload, "filename", None):
        return None
    data = upload.read(MAX_DOCUMENT + 1)
    if len(data) > MAX_DOCUMENT:
        raise ContractError(_("Berkas terlalu besar: paling besar 5 MB."), "document")
    if not data:
        raise ContractError(_("Berkas yang dipilih kosong."), "document")
    kind = storage.sniff(data)
    if kind is None or kind[0] != "application/pdf":
        raise ContractError(_("Dokumen perjanjian kerja harus berkas PDF (isinya diperiksa, bukan hanya namanya)."),
                            "document")
    name = (upload.filename or "perjanjian-kerja.pdf").replace("/", "_").replace("\\", "_")[-255:]
    return data, name


def refuse_unless_pppk(employee: Employee) -> None:
    if not employee.is_pppk:
        raise ContractError(_("%(name)s adalah %(kind)s. Perjanjian kerja hanya dicatat untuk PPPK (PP 49/2018); "
                              "PNS tidak memiliki perjanjian kerja.", name=employee.display_name,
                              kind=employee.employment_type))


def _check_period(employee: Employee, starts_on: dt.date, ends_on: dt.date, contract_id: int | None) -> None:
    if ends_on <= starts_on:
        raise ContractError(_("Tanggal berakhir harus sesudah tanggal mulai."), "ends_on")
    settings = queries.get_settings()
    if ends_on < queries.period_end(starts_on, settings.min_months):
        raise ContractError(_("Masa perjanjian kerja paling singkat %(n)s bulan (%(reg)s): dengan mulai %(start)s, "
                              "berakhir paling cepat %(end)s.", n=settings.min_months,
                              reg=settings.min_months_regulation, start=starts_on.strftime("%d-%m-%Y"),
                              end=queries.period_end(starts_on, settings.min_months).strftime("%d-%m-%Y")),
                              "ends_on")
    overlap = db.session.scalar(sa.select(EmploymentContract).where(
        EmploymentContract.employee_id == employee.id, EmploymentContract.starts_on <= ends_on,
        EmploymentContract.ends_on >= starts_on,
        EmploymentContract.id != (contract_id or 0)).limit(1))
    if overlap is not None:
        raise ContractError(_("Masa ini bertumpang tindih dengan perjanjian kerja %(number)s (%(start)s s.d. %(end)s).",
                              number=overlap.number, start=overlap.starts_on.strftime("%d-%m-%Y"),
                              end=overlap.ends_on.strftime("%d-%m-%Y")), "starts_on")


def _snapshot(c: EmploymentContract) -> dict:
    return {"number": c.number, "starts_on": c.starts_on.isoformat() if c.starts_on else None,
            "ends_on": c.ends_on.isoformat() if c.ends_on else None, "position": c.position_name,
            "grade": grade_label(None, c.grade_id), "document": c.document_name}


def save_contract(employee: Employee, contract: EmploymentContract | None, *, number: str, starts_on: dt.date,
                  ends_on: dt.date, position_id: int | None, grade_id: int | None, upload=None) -> EmploymentContract:
    """Add (contract None) or correct a contract of a PPPK, with its signed PDF (optional)."""
    refuse_unless_pppk(employee)
    if contract is None and not employee.is_active:
        raise ContractError(_("%(name)s sudah diarsipkan; perjanjian kerja baru tidak dapat dicatat.",
                              name=employee.display_name))
    number = (number or "").strip()
    if not number:
        raise ContractError(_("Isi nomor perjanjian kerja."), "number")
    if grade_id is not None and not 1 <= grade_id <= 17:
        raise ContractError(_("Golongan PPPK harus I sampai XVII."), "grade_id")
    _check_period(employee, starts_on, ends_on, contract.id if contract else None)
    document = read_document(upload)
    position = queries.position(position_id)
    if position_id is not None and position is None:
        raise ContractError(_("Jabatan tidak ditemukan."), "position_id")
    before = _snapshot(contract) if contract is not None else None
    if contract is None:
        contract = EmploymentContract(employee_id=employee.id)
        db.session.add(contract)
    contract.number = number[:100]
    contract.starts_on, contract.ends_on = starts_on, ends_on
    contract.position_id = position_id
    contract.position_name = position.name if position else None
    contract.grade_id = grade_id
    contract.recorded_by = actor_label()
    if document is not None:
        storage.discard(AREA, contract.document_stored)  # the file it replaces goes when this commits
        contract.document_stored, _digest = storage.save(AREA, document[0])
        contract.document_name = document[1]
    db.session.flush()
    audit.record("contracts.contract_saved" if before else "contracts.contract_recorded", contract,
                 before=before, after={"employee": employee.nip, **_snapshot(contract)})
    return contract


def document_path(contract: EmploymentContract):
    if not contract.document_stored:
        raise FileNotFoundError("no document")
    return storage.path_of(AREA, contract.document_stored)


def letter_path(renewal: ContractRenewal):
    if not renewal.letter_stored:
        raise FileNotFoundError("no letter")
    return storage.path_of(AREA, renewal.letter_stored)


# --- settings -------------------------------------------------------------------------------------

def parse_days(text: str) -> list[int]:
    """"90, 30" → [90, 30]; ContractError naming what is wrong."""
    days = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 365:
            raise ContractError(_("Hari pengingat harus bilangan 1 sampai 365, dipisah koma (mis. 90, 30)."),
                                "reminder_days")
        days.append(int(part))
    days = sorted(set(days), reverse=True)
    if not 1 <= len(days) <= 6:
        raise ContractError(_("Isi 1 sampai 6 hari pengingat, dipisah koma (mis. 90, 30)."), "reminder_days")
    return days


def _settings_snapshot(row: ContractSettings) -> dict:
    return {"min_months": row.min_months, "max_months": row.max_months, "reminder_days": list(row.reminder_days or ()),
            "min_months_regulation": row.min_months_regulation, "letter_number_prefix": row.letter_number_prefix,
            "letter_signatory": row.letter_signatory}


def save_settings(*, min_months: int, max_months: int, reminder_days: list[int], regulation: str,
                  letter_number_prefix: str | None, letter_signatory: str | None) -> ContractSettings:
    if not 1 <= min_months <= 120:
        raise ContractError(_("Masa paling singkat harus 1 sampai 120 bulan."), "min_months")
    if not min_months <= max_months <= 120:
        raise ContractError(_("Perpanjangan paling lama harus antara masa paling singkat dan 120 bulan."),
                            "max_months")
    with audit.settings_change(ContractSettings, "contracts.settings_saved", _settings_snapshot) as row:
        row.min_months, row.max_months, row.reminder_days = min_months, max_months, list(reminder_days)
        row.min_months_regulation = (regulation or "").strip()[:300] or MIN_MONTHS_REGULATION
        row.letter_number_prefix = (letter_number_prefix or "").strip()[:100] or None
        row.letter_signatory = (letter_signatory or "").strip()[:200] or None
    return row


# --- renewals -------------------------------------------------------------------------------------

def open_renewal(contract: EmploymentContract, *, months: int, note: str | None = None, user=None,
                 today: dt.date | None = None) -> ContractRenewal:
    """Propose extending `contract` by `months`: a case in the tenant's renewal workflow."""
    today = today or clock.today()
    employee = queries.employee(contract.employee_id)
    refuse_unless_pppk(employee)
    if not employee.is_active or contract.ended_at is not None:
        raise ContractError(_("Hubungan kerja %(name)s sudah berakhir; perjanjian kerja tidak dapat diperpanjang.",
                              name=employee.display_name))
    if contract.ends_on < today:
        raise ContractError(_("Perjanjian kerja ini sudah berakhir pada %(d)s.", d=contract.ends_on.strftime("%d-%m-%Y")))
    if queries.has_successor(contract):
        raise ContractError(_("Perjanjian kerja ini sudah diikuti perjanjian kerja berikutnya."))
    if queries.open_renewal(contract.id) is not None:
        raise ContractError(_("Perpanjangan perjanjian kerja ini sudah diusulkan dan sedang diproses."))
    settings = queries.get_settings()
    if not settings.min_months <= months <= settings.max_months:
        raise ContractError(_("Lama perpanjangan harus %(lo)s sampai %(hi)s bulan (%(reg)s).", lo=settings.min_months,
                              hi=settings.max_months, reg=settings.min_months_regulation), "months")
    ensure_workflow()
    renewal = ContractRenewal(contract_id=contract.id, employee_id=employee.id, months=months,
                              note=(note or "").strip()[:2000] or None, created_by_user_id=getattr(user, "id", None))
    db.session.add(renewal)
    db.session.flush()
    with force_locale("id"):
        title = _("Perpanjangan perjanjian kerja — %(name)s (%(n)s bulan)", name=employee.display_name, n=months)
    renewal.workflow_case = workflow.start_case(WORKFLOW_KEY, subject_type=SUBJECT_TYPE, subject_id=renewal.id,
                                                subject_employee_id=employee.id, title=title, started_by=user)
    db.session.flush()
    audit.record("contracts.renewal_opened", renewal, after={"employee": employee.nip, "contract": contract.number,
                                                              "months": months})
    wcase = renewal.workflow_case
    if user is not None and wcase.is_open and wcase.step_index == 0 and workflow.can_act(user, wcase):
        # the unit head who proposes has made the unit's proposal: their step is done with it (unless
        # the tenant's step asks for more, e.g. a document: then the case waits for it at that step)
        try:
            with db.session.begin_nested():
                workflow.transition(wcase, user, "approve", seen_lock=wcase.lock_version, comment=renewal.note)
        except workflow.TransitionRefused:
            db.session.refresh(wcase)
    return renewal


def next_letter_number(today: dt.date) -> str:
    settings = queries.get_settings()
    count = db.session.scalar(sa.select(sa.func.count()).select_from(ContractRenewal).where(
        ContractRenewal.letter_number.is_not(None), sa.extract("year", ContractRenewal.letter_date) == today.year)) or 0
    prefix = settings.letter_number_prefix or "800.1.2.5"
    return f"{prefix}/{count + 1:04d}/PPPK/{today.year}"


def renew(renewal: ContractRenewal, today: dt.date | None = None) -> EmploymentContract:
    """The approved renewal's new contract: from the day after the old one ends, `months` long, in the
    employee's current position and grade."""
    today = today or clock.today()
    old = renewal.contract
    employee = queries.employee(renewal.employee_id)
    if queries.has_successor(old):
        raise workflow.TransitionRefused(_("Perjanjian kerja ini sudah diikuti perjanjian kerja berikutnya; "
                                           "perpanjangan tidak dapat ditetapkan dua kali."))
    starts_on = old.ends_on + dt.timedelta(days=1)
    renewal.letter_number, renewal.letter_date = next_letter_number(today), today
    position = queries.position(employee.position_id) if employee.position_id else None
    new = EmploymentContract(employee_id=employee.id, number=renewal.letter_number, starts_on=starts_on,
                             ends_on=queries.period_end(starts_on, renewal.months),
                             position_id=position.id if position else old.position_id,
                             position_name=position.name if position else old.position_name,
                             grade_id=employee.grade_id or old.grade_id, previous_id=old.id,
                             recorded_by=actor_label())
    db.session.add(new)
    db.session.flush()
    renewal.new_contract_id = new.id
    audit.record("contracts.renewed", new, after={"employee": employee.nip, "previous": old.number,
                                                  **_snapshot(new)})
    return new


def close_renewal(renewal: ContractRenewal, outcome: str) -> None:
    renewal.status = outcome
    renewal.closed_at = utcnow()
    db.session.flush()
    audit.record(f"contracts.renewal_{outcome}", renewal, after={"contract_id": renewal.contract_id,
                                                                  "months": renewal.months})
