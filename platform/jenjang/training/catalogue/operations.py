"""The catalogue's writes: programmes (with their target competencies and prerequisites) and their
sessions. Flush, never commit; a refusal is a ``CatalogueError`` naming the form field.

    operations.save_programme(None, title=..., kind_code=3, jp=Decimal("24"), targets={comp_id: 3}, ...)
    operations.save_session(None, programme, name="Angkatan I", starts_at=..., ends_at=..., capacity=30, ...)
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.competency.models import Competency
from jenjang.core import audit
from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.people.api import PPPK_GRADES, RANKS, Employee
from jenjang.training.delivery.completion import reschedule_followups
from jenjang.training.enrolment.operations import seat_freed
from jenjang.training.models import (
    PROVIDERS,
    SESSION_MODES,
    SIASN_KINDS,
    WAITLIST_ORDERS,
    Programme,
    ProgrammeCompetency,
    TrainingSession,
)

MAX_JP = Decimal("9999")
MAX_CAPACITY = 100000


class CatalogueError(Refusal):
    """Refused with a message for the user; `field` names the form field when there is one."""


def _decimal(value, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError):
        raise CatalogueError(_("%(label)s harus berupa angka.", label=label), field) from None
    if not number.is_finite():
        raise CatalogueError(_("%(label)s harus berupa angka.", label=label), field)
    if number < 0:
        raise CatalogueError(_("%(label)s tidak boleh negatif.", label=label), field)
    return number


def _text(value: str | None, limit: int) -> str | None:
    """Stripped and cut to the column's length; empty is None."""
    return (value or "").strip()[:limit] or None


# --- programmes --------------------------------------------------------------------------------

def _kind(kind_code) -> int:
    try:
        kind_code = int(kind_code)
    except (TypeError, ValueError):
        kind_code = 0
    if kind_code not in SIASN_KINDS:
        raise CatalogueError(_("Pilih jenis pengembangan kompetensi dari daftar SIASN."), "kind_code")
    return kind_code


def _check_prerequisites(min_rank_id, prereq_competency_id, prereq_level, min_grade_id=None) -> None:
    if min_rank_id is not None and not 1 <= int(min_rank_id) <= len(RANKS):
        raise CatalogueError(_("Golongan minimal tidak dikenal."), "min_rank_id")
    if min_grade_id is not None and not 1 <= int(min_grade_id) <= len(PPPK_GRADES):
        raise CatalogueError(_("Golongan PPPK minimal tidak dikenal."), "min_grade_id")
    if (prereq_competency_id is None) != (prereq_level is None):
        raise CatalogueError(_("Syarat kompetensi perlu kompetensi dan levelnya sekaligus."), "prereq_level")
    if prereq_level is not None and not 1 <= int(prereq_level) <= 5:
        raise CatalogueError(_("Level kompetensi 1 sampai 5."), "prereq_level")


def _check_targets(targets: dict[int, int], prereq_competency_id) -> None:
    wanted = set(targets) | ({prereq_competency_id} if prereq_competency_id else set())
    if wanted:
        known = set(db.session.scalars(sa.select(Competency.id).where(Competency.id.in_(wanted))))
        if wanted - known:
            raise CatalogueError(_("Kompetensi tidak ada."), "targets")
    if any(not 1 <= level <= 5 for level in targets.values()):
        raise CatalogueError(_("Level sasaran 1 sampai 5."), "targets")


def _check_code(code: str | None, programme: Programme | None) -> str | None:
    code = (code or "").strip() or None
    if code and db.session.scalar(sa.select(Programme.id).where(
            Programme.code == code, Programme.id != (programme.id if programme else -1))) is not None:
        raise CatalogueError(_("Kode %(code)s sudah dipakai program lain.", code=code), "code")
    return code


def _replace_targets(programme: Programme, targets: dict[int, int]) -> None:
    existing = {t.competency_id: t for t in db.session.scalars(
        sa.select(ProgrammeCompetency).where(ProgrammeCompetency.programme_id == programme.id))}
    for cid, row in existing.items():
        if cid not in targets:
            db.session.delete(row)
    for cid, level in targets.items():
        if cid in existing:
            existing[cid].target_level = level
        else:
            db.session.add(ProgrammeCompetency(programme_id=programme.id, competency_id=cid, target_level=level))


def save_programme(programme: Programme | None, *, title: str, kind_code: int, jp, provider: str = "internal",
                   classical: bool | None = None, code: str | None = None, provider_name: str | None = None,
                   description: str | None = None, cost_per_participant=0, allow_self_enrol: bool = True,
                   mandatory: bool = False, min_rank_id: int | None = None, min_grade_id: int | None = None,
                   position_kinds=(),
                   prereq_competency_id: int | None = None, prereq_level: int | None = None,
                   targets: dict[int, int] | None = None, active: bool = True, actor: str | None = None
                   ) -> Programme:
    """Create or update a programme. `classical` defaults from the SIASN kind. `targets`:
    competency id → level the programme brings a participant to (replaces the existing ones)."""
    title = (title or "").strip()
    if not title:
        raise CatalogueError(_("Tulis judul program."), "title")
    kind_code = _kind(kind_code)
    jp = _decimal(jp, "jp", _("JP"))
    if jp > MAX_JP:
        raise CatalogueError(_("JP terlalu besar."), "jp")
    cost = _decimal(cost_per_participant, "cost_per_participant", _("Biaya per peserta"))
    if provider not in PROVIDERS:
        raise CatalogueError(_("Pilih penyelenggara."), "provider")
    _check_prerequisites(min_rank_id, prereq_competency_id, prereq_level, min_grade_id)
    targets = {int(k): int(v) for k, v in (targets or {}).items()}
    _check_targets(targets, prereq_competency_id)
    code = _check_code(code, programme)
    before = _programme_json(programme) if programme else None
    if programme is None:
        programme = Programme(created_by=actor)
        db.session.add(programme)
    programme.title, programme.code, programme.kind_code, programme.jp = title[:250], code, kind_code, jp
    programme.classical = SIASN_KINDS[kind_code][1] if classical is None else bool(classical)
    programme.provider, programme.provider_name = provider, _text(provider_name, 200)
    programme.description = (description or "").strip() or None
    programme.cost_per_participant = cost
    programme.allow_self_enrol, programme.mandatory, programme.active = bool(allow_self_enrol), bool(mandatory), bool(active)
    programme.min_rank_id = int(min_rank_id) if min_rank_id else None
    programme.min_grade_id = int(min_grade_id) if min_grade_id else None
    programme.position_kinds = sorted({str(k) for k in position_kinds or ()})
    programme.prereq_competency_id = int(prereq_competency_id) if prereq_competency_id else None
    programme.prereq_level = int(prereq_level) if prereq_level else None
    db.session.flush()
    _replace_targets(programme, targets)
    db.session.flush()
    audit.record("training.programme_saved", programme, before=before, after=_programme_json(programme))
    return programme


def _programme_json(p: Programme) -> dict:
    return {"title": p.title, "kind": p.kind_code, "jp": str(p.jp), "cost": str(p.cost_per_participant),
            "active": p.active}


# --- sessions ----------------------------------------------------------------------------------

def _check_dates(starts_at, ends_at, enrol_opens_on, enrol_closes_on) -> None:
    if starts_at is None or ends_at is None:
        raise CatalogueError(_("Isi tanggal dan jam mulai serta selesai."), "starts_at")
    if ends_at <= starts_at:
        raise CatalogueError(_("Sesi harus selesai setelah mulai."), "ends_at")
    if enrol_opens_on is None or enrol_closes_on is None:
        raise CatalogueError(_("Isi masa pendaftaran."), "enrol_opens_on")
    if enrol_closes_on < enrol_opens_on:
        raise CatalogueError(_("Pendaftaran harus ditutup setelah dibuka."), "enrol_closes_on")
    if enrol_opens_on > starts_at.date():
        raise CatalogueError(_("Pendaftaran harus dibuka sebelum sesi mulai."), "enrol_opens_on")


def _capacity(capacity) -> int:
    try:
        capacity = int(capacity)
    except (TypeError, ValueError):
        raise CatalogueError(_("Kapasitas harus berupa bilangan bulat."), "capacity") from None
    if capacity < 1:
        raise CatalogueError(_("Kapasitas paling sedikit 1 kursi."), "capacity")
    if capacity > MAX_CAPACITY:
        raise CatalogueError(_("Kapasitas terlalu besar."), "capacity")
    return capacity


def _where(mode: str, place: str | None, online_url: str | None) -> tuple[str | None, str | None]:
    """(place, online URL) as stored, checked against the mode."""
    if mode not in SESSION_MODES:
        raise CatalogueError(_("Pilih bentuk sesi."), "mode")
    online_url = (online_url or "").strip() or None
    place = (place or "").strip() or None
    if online_url and not online_url.lower().startswith(("https://", "http://")):
        raise CatalogueError(_("Tautan daring harus diawali https://"), "online_url")
    if mode in ("online", "blended") and not online_url:
        raise CatalogueError(_("Sesi daring perlu tautan."), "online_url")
    if mode in ("in_person", "blended") and not place:
        raise CatalogueError(_("Sesi tatap muka perlu tempat."), "place")
    return place, online_url


def _check_facilitator(facilitator_employee_id: int | None) -> None:
    if facilitator_employee_id and db.session.scalar(
            sa.select(Employee.id).where(Employee.id == facilitator_employee_id)) is None:
        raise CatalogueError(_("Fasilitator tidak ditemukan."), "facilitator_employee_id")


def _capacity_grows(session: TrainingSession, capacity: int) -> bool:
    """An existing session's new capacity: refused below the seats taken; True when it grows."""
    # Lock the row so the seats counted here are the seats the UPDATE compares against.
    taken = db.session.execute(sa.select(TrainingSession.seats_taken).where(
        TrainingSession.id == session.id).with_for_update()).scalar_one()
    if capacity < taken:
        raise CatalogueError(_("Kapasitas %(c)s lebih kecil dari %(n)s kursi yang sudah terisi. Batalkan "
                               "peserta dulu atau pilih kapasitas paling sedikit %(n)s.", c=capacity, n=taken),
                             "capacity")
    return capacity > session.capacity


def save_session(session: TrainingSession | None, programme: Programme, *, name: str, starts_at: dt.datetime,
                 ends_at: dt.datetime, capacity, enrol_opens_on: dt.date, enrol_closes_on: dt.date,
                 mode: str = "in_person", place: str | None = None, online_url: str | None = None,
                 facilitator_employee_id: int | None = None, facilitator_name: str | None = None,
                 cost_per_participant=None, waitlist_order: str | None = None) -> TrainingSession:
    """Create or update a session. Capacity below the seats already taken, an end before the start
    or a closed window after the start are refused; a larger capacity offers the new seats to the
    waitlist at once."""
    name = (name or "").strip()
    if not name:
        raise CatalogueError(_("Tulis nama sesi, misalnya \"Angkatan I\"."), "name")
    _check_dates(starts_at, ends_at, enrol_opens_on, enrol_closes_on)
    capacity = _capacity(capacity)
    place, online_url = _where(mode, place, online_url)
    cost = None if cost_per_participant in (None, "") else _decimal(cost_per_participant, "cost_per_participant",
                                                                     _("Biaya per peserta"))
    if waitlist_order not in (None, "", *WAITLIST_ORDERS):
        raise CatalogueError(_("Urutan daftar tunggu tidak dikenal."), "waitlist_order")
    _check_facilitator(facilitator_employee_id)
    grew = False
    if session is None:
        session = TrainingSession(programme_id=programme.id, seats_taken=0, status="scheduled")
        db.session.add(session)
    else:
        grew = _capacity_grows(session, capacity)
    ends_moved = session.id is not None and session.ends_at != ends_at
    session.name, session.starts_at, session.ends_at, session.capacity = name[:120], starts_at, ends_at, capacity
    session.enrol_opens_on, session.enrol_closes_on, session.mode = enrol_opens_on, enrol_closes_on, mode
    session.place, session.online_url = place, online_url
    session.facilitator_employee_id = facilitator_employee_id or None
    session.facilitator_name = _text(facilitator_name, 200)
    session.cost_per_participant, session.waitlist_order = cost, waitlist_order or None
    db.session.flush()
    audit.record("training.session_saved", session, after={"programme": programme.id, "name": session.name,
                                                           "capacity": capacity,
                                                           "starts_at": starts_at.isoformat()})
    if grew:
        seat_freed(session)
    if ends_moved:
        reschedule_followups(session)  # the level-3 follow-ups are due N days after the end
    return session
