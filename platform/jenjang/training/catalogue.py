"""The catalogue: programmes (with their target competencies and prerequisites) and their
sessions — writes (flush, never commit) and the read side (search, "why it suits you").

    catalogue.save_programme(None, title=..., kind_code=3, jp=Decimal("24"), targets={comp_id: 3}, ...)
    catalogue.save_session(None, programme, name="Angkatan I", starts_at=..., ends_at=..., capacity=30, ...)
    catalogue.gaps_targeted(employee, [programme ids])  -> {programme_id: [GapHit, ...]}
    catalogue.search(q=..., employee=...)               -> list[ProgrammeRow]
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.people.models import RANKS, Employee, Position
from jenjang.training.models import (
    PROVIDERS,
    SESSION_MODES,
    SIASN_KINDS,
    WAITLIST_ORDERS,
    Enrolment,
    Programme,
    ProgrammeCompetency,
    TrainingSession,
)


class CatalogueError(ValueError):
    """Refused with a message for the user; `field` names the form field when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


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


# --- programmes --------------------------------------------------------------------------------

def save_programme(programme: Programme | None, *, title: str, kind_code: int, jp, provider: str = "internal",
                   classical: bool | None = None, code: str | None = None, provider_name: str | None = None,
                   description: str | None = None, cost_per_participant=0, allow_self_enrol: bool = True,
                   mandatory: bool = False, min_rank_id: int | None = None, position_kinds=(),
                   prereq_competency_id: int | None = None, prereq_level: int | None = None,
                   targets: dict[int, int] | None = None, active: bool = True, actor: str | None = None
                   ) -> Programme:
    """Create or update a programme. `classical` defaults from the SIASN kind. `targets`:
    competency id → level the programme brings a participant to (replaces the existing ones)."""
    from jenjang.competency.models import Competency

    title = (title or "").strip()
    if not title:
        raise CatalogueError(_("Tulis judul program."), "title")
    try:
        kind_code = int(kind_code)
    except (TypeError, ValueError):
        kind_code = 0
    if kind_code not in SIASN_KINDS:
        raise CatalogueError(_("Pilih jenis pengembangan kompetensi dari daftar SIASN."), "kind_code")
    jp = _decimal(jp, "jp", _("JP"))
    if jp > Decimal("9999"):
        raise CatalogueError(_("JP terlalu besar."), "jp")
    cost = _decimal(cost_per_participant, "cost_per_participant", _("Biaya per peserta"))
    if provider not in PROVIDERS:
        raise CatalogueError(_("Pilih penyelenggara."), "provider")
    if min_rank_id is not None and not 1 <= int(min_rank_id) <= len(RANKS):
        raise CatalogueError(_("Golongan minimal tidak dikenal."), "min_rank_id")
    if (prereq_competency_id is None) != (prereq_level is None):
        raise CatalogueError(_("Syarat kompetensi perlu kompetensi dan levelnya sekaligus."), "prereq_level")
    if prereq_level is not None and not 1 <= int(prereq_level) <= 5:
        raise CatalogueError(_("Level kompetensi 1 sampai 5."), "prereq_level")
    targets = {int(k): int(v) for k, v in (targets or {}).items()}
    wanted = set(targets) | ({prereq_competency_id} if prereq_competency_id else set())
    if wanted:
        known = set(db.session.scalars(sa.select(Competency.id).where(Competency.id.in_(wanted))))
        if wanted - known:
            raise CatalogueError(_("Kompetensi tidak ada."), "targets")
    if any(not 1 <= level <= 5 for level in targets.values()):
        raise CatalogueError(_("Level sasaran 1 sampai 5."), "targets")
    code = (code or "").strip() or None
    if code and db.session.scalar(sa.select(Programme.id).where(
            Programme.code == code, Programme.id != (programme.id if programme else -1))) is not None:
        raise CatalogueError(_("Kode %(code)s sudah dipakai program lain.", code=code), "code")
    before = _programme_json(programme) if programme else None
    if programme is None:
        programme = Programme(created_by=actor)
        db.session.add(programme)
    programme.title, programme.code, programme.kind_code, programme.jp = title[:250], code, kind_code, jp
    programme.classical = SIASN_KINDS[kind_code][1] if classical is None else bool(classical)
    programme.provider, programme.provider_name = provider, (provider_name or "").strip()[:200] or None
    programme.description = (description or "").strip() or None
    programme.cost_per_participant = cost
    programme.allow_self_enrol, programme.mandatory, programme.active = bool(allow_self_enrol), bool(mandatory), bool(active)
    programme.min_rank_id = int(min_rank_id) if min_rank_id else None
    programme.position_kinds = sorted({str(k) for k in position_kinds or ()})
    programme.prereq_competency_id = int(prereq_competency_id) if prereq_competency_id else None
    programme.prereq_level = int(prereq_level) if prereq_level else None
    db.session.flush()
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
    db.session.flush()
    audit.record("training.programme_saved", programme, before=before, after=_programme_json(programme))
    return programme


def _programme_json(p: Programme) -> dict:
    return {"title": p.title, "kind": p.kind_code, "jp": str(p.jp), "cost": str(p.cost_per_participant),
            "active": p.active}


def targets_of(programme_ids: list[int]) -> dict[int, list]:
    """programme id → [(competency_id, code, name, target_level)], one query."""
    from jenjang.competency.models import Competency

    if not programme_ids:
        return {}
    out: dict[int, list] = {pid: [] for pid in programme_ids}
    rows = db.session.execute(
        sa.select(ProgrammeCompetency.programme_id, Competency.id, Competency.code, Competency.name,
                  ProgrammeCompetency.target_level)
        .join(Competency, sa.and_(Competency.tenant_id == ProgrammeCompetency.tenant_id,
                                  Competency.id == ProgrammeCompetency.competency_id))
        .where(ProgrammeCompetency.programme_id.in_(programme_ids))
        .order_by(Competency.sort_order, Competency.code)).all()
    for r in rows:
        out[r.programme_id].append(r)
    return out


# --- sessions ----------------------------------------------------------------------------------

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
    try:
        capacity = int(capacity)
    except (TypeError, ValueError):
        raise CatalogueError(_("Kapasitas harus berupa bilangan bulat."), "capacity") from None
    if capacity < 1:
        raise CatalogueError(_("Kapasitas paling sedikit 1 kursi."), "capacity")
    if capacity > 100000:
        raise CatalogueError(_("Kapasitas terlalu besar."), "capacity")
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
    cost = None if cost_per_participant in (None, "") else _decimal(cost_per_participant, "cost_per_participant",
                                                                     _("Biaya per peserta"))
    if waitlist_order not in (None, "", *WAITLIST_ORDERS):
        raise CatalogueError(_("Urutan daftar tunggu tidak dikenal."), "waitlist_order")
    if facilitator_employee_id and db.session.scalar(
            sa.select(Employee.id).where(Employee.id == facilitator_employee_id)) is None:
        raise CatalogueError(_("Fasilitator tidak ditemukan."), "facilitator_employee_id")
    grew = False
    if session is None:
        session = TrainingSession(programme_id=programme.id, seats_taken=0, status="scheduled")
        db.session.add(session)
    else:
        # Lock the row so the seats counted here are the seats the UPDATE compares against.
        taken = db.session.execute(sa.select(TrainingSession.seats_taken).where(
            TrainingSession.id == session.id).with_for_update()).scalar_one()
        if capacity < taken:
            raise CatalogueError(_("Kapasitas %(c)s lebih kecil dari %(n)s kursi yang sudah terisi. Batalkan "
                                   "peserta dulu atau pilih kapasitas paling sedikit %(n)s.", c=capacity, n=taken),
                                 "capacity")
        grew = capacity > session.capacity
    ends_moved = session.id is not None and session.ends_at != ends_at
    session.name, session.starts_at, session.ends_at, session.capacity = name[:120], starts_at, ends_at, capacity
    session.enrol_opens_on, session.enrol_closes_on, session.mode = enrol_opens_on, enrol_closes_on, mode
    session.place, session.online_url = place, online_url
    session.facilitator_employee_id = facilitator_employee_id or None
    session.facilitator_name = (facilitator_name or "").strip()[:200] or None
    session.cost_per_participant, session.waitlist_order = cost, waitlist_order or None
    db.session.flush()
    audit.record("training.session_saved", session, after={"programme": programme.id, "name": session.name,
                                                           "capacity": capacity,
                                                           "starts_at": starts_at.isoformat()})
    if grew:
        from jenjang.training import enrolment

        enrolment.seat_freed(session)
    if ends_moved:
        from jenjang.training import completion

        completion.reschedule_followups(session)  # the level-3 follow-ups are due N days after the end
    return session


def session_cost(session: TrainingSession, programme: Programme) -> Decimal:
    return session.cost_per_participant if session.cost_per_participant is not None else programme.cost_per_participant


# --- reading -----------------------------------------------------------------------------------

@dataclass
class GapHit:
    competency_id: int
    code: str
    name: str
    current: int
    required: int
    target_level: int

    @property
    def gap(self) -> int:
        return self.required - self.current


def employee_gaps(employee: Employee) -> dict[int, tuple[int, int]]:
    """competency id → (current level, required level) for the employee's gaps (one query)."""
    from jenjang.competency import queries as cq
    from jenjang.competency.settings import load_rules

    if employee is None or employee.position_id is None:
        return {}
    report = cq.gap_report(load_rules(), employee.id, employee.position_id)
    return {g.competency_id: (g.current or 0, g.required) for g in report.gaps}


def gaps_targeted(employee: Employee, programme_ids: list[int], *, gaps: dict | None = None
                  ) -> dict[int, list[GapHit]]:
    """Per programme, the employee's gaps it targets (largest first): "why it suits you"."""
    gaps = employee_gaps(employee) if gaps is None else gaps
    out: dict[int, list[GapHit]] = {pid: [] for pid in programme_ids}
    if not gaps or not programme_ids:
        return out
    for pid, rows in targets_of(programme_ids).items():
        for r in rows:
            if r.id in gaps:
                current, required = gaps[r.id]
                out[pid].append(GapHit(r.id, r.code, r.name, current, required, r.target_level))
        out[pid].sort(key=lambda h: -h.gap)
    return out


@dataclass
class ProgrammeRow:
    programme: Programme
    next_session: TrainingSession | None
    open_sessions: int
    targets: list = field(default_factory=list)
    hits: list = field(default_factory=list)


def search(*, q: str = "", kind_code: int | None = None, provider: str | None = None, classical: bool | None = None,
           employee: Employee | None = None, suits_only: bool = False, include_inactive: bool = False,
           limit: int = 60, today: dt.date | None = None) -> list[ProgrammeRow]:
    """Programmes matching the filters, with their next open session and the employee's gaps they
    target; programmes that suit the employee first. A fixed number of queries."""
    today = today or clock.today()
    stmt = sa.select(Programme)
    if not include_inactive:
        stmt = stmt.where(Programme.active.is_(True))
    for token in (q or "").lower().split()[:6]:
        like = f"%{token.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(sa.or_(sa.func.lower(Programme.title).like(like),
                                 sa.func.lower(sa.func.coalesce(Programme.description, "")).like(like),
                                 sa.func.lower(sa.func.coalesce(Programme.code, "")).like(like),
                                 sa.func.lower(sa.func.coalesce(Programme.provider_name, "")).like(like)))
    if kind_code:
        stmt = stmt.where(Programme.kind_code == kind_code)
    if provider:
        stmt = stmt.where(Programme.provider == provider)
    if classical is not None:
        stmt = stmt.where(Programme.classical.is_(classical))
    gaps = employee_gaps(employee) if employee is not None else {}
    if suits_only:
        if not gaps:
            return []
        stmt = stmt.where(Programme.id.in_(sa.select(ProgrammeCompetency.programme_id).where(
            ProgrammeCompetency.competency_id.in_(list(gaps)))))
    programmes = list(db.session.scalars(stmt.order_by(Programme.title, Programme.id).limit(limit)))
    ids = [p.id for p in programmes]
    upcoming = upcoming_sessions(ids, today=today)
    counts: dict[int, int] = {}
    for s in upcoming:
        counts[s.programme_id] = counts.get(s.programme_id, 0) + 1
    first = {}
    for s in upcoming:
        first.setdefault(s.programme_id, s)
    targets = targets_of(ids)
    hits = gaps_targeted(employee, ids, gaps=gaps) if employee is not None else {}
    rows = [ProgrammeRow(p, first.get(p.id), counts.get(p.id, 0), targets.get(p.id, []), hits.get(p.id, []))
            for p in programmes]
    rows.sort(key=lambda r: (-(max((h.gap for h in r.hits), default=0)), r.next_session is None))
    return rows


def upcoming_sessions(programme_ids: list[int], *, today: dt.date | None = None) -> list[TrainingSession]:
    """Scheduled sessions not yet started, whose window has not closed, by start."""
    if not programme_ids:
        return []
    today = today or clock.today()
    return list(db.session.scalars(sa.select(TrainingSession).where(
        TrainingSession.programme_id.in_(programme_ids), TrainingSession.status == "scheduled",
        TrainingSession.enrol_closes_on >= today, sa.func.date(TrainingSession.starts_at) >= today)
        .order_by(TrainingSession.starts_at, TrainingSession.id)))


def sessions_of(programme_id: int) -> list[TrainingSession]:
    return list(db.session.scalars(sa.select(TrainingSession).where(TrainingSession.programme_id == programme_id)
                                   .order_by(TrainingSession.starts_at.desc(), TrainingSession.id.desc())))


def waitlist_counts(session_ids: list[int]) -> dict[int, int]:
    if not session_ids:
        return {}
    return dict(db.session.execute(sa.select(Enrolment.session_id, sa.func.count()).where(
        Enrolment.session_id.in_(session_ids), Enrolment.status == "waitlisted").group_by(Enrolment.session_id)).all())


def session_list(*, when: str = "upcoming", programme_id: int | None = None, limit: int = 200,
                 now: dt.datetime | None = None) -> list:
    """(TrainingSession, Programme title, waitlisted count) for HR's list."""
    now = now or clock.now()
    waiting = (sa.select(sa.func.count()).where(Enrolment.session_id == TrainingSession.id,
                                                Enrolment.status == "waitlisted")
               .correlate(TrainingSession).scalar_subquery())
    stmt = (sa.select(TrainingSession, Programme.title, Programme.jp, waiting.label("waiting"))
            .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                     Programme.id == TrainingSession.programme_id)))
    if when == "upcoming":
        stmt = stmt.where(TrainingSession.ends_at >= now).order_by(TrainingSession.starts_at, TrainingSession.id)
    else:
        stmt = stmt.where(TrainingSession.ends_at < now).order_by(TrainingSession.starts_at.desc(),
                                                                  TrainingSession.id.desc())
    if programme_id:
        stmt = stmt.where(TrainingSession.programme_id == programme_id)
    return db.session.execute(stmt.limit(limit)).all()


def position_kind_of(employee: Employee) -> str | None:
    if employee.position_id is None:
        return None
    return db.session.scalar(sa.select(Position.kind).where(Position.id == employee.position_id))
