"""Changing 360 data: cycle setup, the questionnaire, rater assignments (generated in bulk,
adjusted by HR), launch, reminders, deadline extension, closing, peer nominations.
Flush, never commit. Bad input raises `FeedbackError` with a message that says what to do.
Answering lives in answering.py; the launch job and reminders in tasks.py."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.competency import national
from jenjang.competency.models import Competency, CompetencyLevel
from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.feedback.models import (
    FeedbackAssignment,
    FeedbackCycle,
    FeedbackDraftAnswer,
    FeedbackItem,
    FeedbackNomination,
)
from jenjang.people import bulk
from jenjang.people.models import POSITION_KINDS, Employee, Position
from jenjang.people.operations import actor_label
from jenjang.people.reporting import OrgIndex
from jenjang.tenancy.models import utcnow


class FeedbackError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _require_draft(cycle: FeedbackCycle) -> None:
    if not cycle.is_draft:
        raise FeedbackError(_("Siklus ini sudah diluncurkan: pengaturannya tidak dapat diubah lagi."))


# --- the cycle -------------------------------------------------------------------------------

SETTINGS = ("name", "period_start", "period_end", "deadline", "scope_unit_ids", "scope_position_kinds",
            "include_self", "include_supervisor", "peer_count", "include_subordinates", "subordinate_count",
            "anonymity_threshold", "allow_nominations", "report_to_employee", "report_to_supervisor",
            "reminder_days")


def _check_settings(values: dict, today: dt.date) -> dict:
    name = (values.get("name") or "").strip()
    if not name:
        raise FeedbackError(_("Nama siklus wajib diisi."), "name")
    start, end, deadline = values.get("period_start"), values.get("period_end"), values.get("deadline")
    if start is None or end is None:
        raise FeedbackError(_("Periode penilaian wajib diisi."), "period_start")
    if start > end:
        raise FeedbackError(_("Periode berakhir sebelum dimulai: periksa tanggalnya."), "period_end")
    if deadline is None or deadline < today:
        raise FeedbackError(_("Batas waktu harus hari ini atau sesudahnya."), "deadline")
    threshold = int(values.get("anonymity_threshold") or 3)
    if not 2 <= threshold <= 20:
        raise FeedbackError(_("Ambang anonimitas harus 2 sampai 20 penilai."), "anonymity_threshold")
    peers = int(values.get("peer_count") if values.get("peer_count") is not None else 3)
    if not 0 <= peers <= 20:
        raise FeedbackError(_("Jumlah rekan kerja harus 0 sampai 20."), "peer_count")
    subs = values.get("subordinate_count")
    if subs is not None and not 1 <= int(subs) <= 50:
        raise FeedbackError(_("Jumlah bawahan harus 1 sampai 50, atau kosong untuk semua bawahan."),
                            "subordinate_count")
    kinds = [k for k in (values.get("scope_position_kinds") or []) if k in POSITION_KINDS]
    units = [int(u) for u in (values.get("scope_unit_ids") or [])]
    out = dict(values, name=name[:200], anonymity_threshold=threshold, peer_count=peers,
               subordinate_count=int(subs) if subs is not None else None, scope_position_kinds=kinds,
               scope_unit_ids=units, reminder_days=int(values["reminder_days"]) if values.get("reminder_days") is not None else 3)
    if not 0 <= out["reminder_days"] <= 30:
        raise FeedbackError(_("Pengingat dikirim 0 sampai 30 hari sebelum batas waktu."), "reminder_days")
    return {k: out[k] for k in SETTINGS if k in out}


def create_cycle(**values) -> FeedbackCycle:
    clean = _check_settings(values, clock.today())
    defaults = {"scope_unit_ids": [], "scope_position_kinds": [], "include_self": True, "include_supervisor": True,
                "include_subordinates": True, "allow_nominations": False, "report_to_employee": True,
                "report_to_supervisor": True}
    cycle = FeedbackCycle(**(defaults | clean), status="draft", created_by=actor_label())
    db.session.add(cycle)
    db.session.flush()
    audit.record("feedback.cycle_created", cycle, after={"name": cycle.name})
    return cycle


def update_cycle(cycle: FeedbackCycle, **values) -> FeedbackCycle:
    _require_draft(cycle)
    clean = _check_settings(values, clock.today())
    for key, value in clean.items():
        setattr(cycle, key, value)
    db.session.flush()
    return cycle


# --- the questionnaire -----------------------------------------------------------------------

def _indicators(comp: Competency, level: int) -> list[tuple[str, str | None]]:
    """(Indonesian, English) behavioural indicators of one level of a competency."""
    if comp.is_national and comp.code in national.BY_CODE:
        lv = national.BY_CODE[comp.code].levels[level]
        return list(zip(lv.indicators["id"], lv.indicators["en"], strict=False)) or \
            [(lv.description["id"], lv.description["en"])]
    row = db.session.scalar(sa.select(CompetencyLevel).where(CompetencyLevel.competency_id == comp.id,
                                                             CompetencyLevel.level == level))
    if row is None:
        return []
    ids = [line.strip() for line in (row.indicators or "").splitlines() if line.strip()]
    ens = [line.strip() for line in (row.indicators_en or "").splitlines() if line.strip()]
    if not ids:
        return [(row.description, row.description_en)]
    return [(text, ens[i] if i < len(ens) else None) for i, text in enumerate(ids)]


def _next_position(cycle: FeedbackCycle) -> int:
    return (db.session.scalar(sa.select(sa.func.max(FeedbackItem.position)).where(
        FeedbackItem.cycle_id == cycle.id)) or 0) + 10


def add_competency(cycle: FeedbackCycle, competency_id: int | None, level) -> list[FeedbackItem]:
    """The behavioural indicators of `level` become scale items (replacing that competency's items)."""
    _require_draft(cycle)
    comp = db.session.scalar(sa.select(Competency).where(Competency.id == competency_id)) \
        if competency_id else None
    if comp is None or comp.is_retired:
        raise FeedbackError(_("Pilih kompetensi yang masih berlaku."), "competency_id")
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if not 1 <= level <= 5:
        raise FeedbackError(_("Level harus angka 1 sampai 5."), "level")
    lines = _indicators(comp, level)
    if not lines:
        raise FeedbackError(_("Kompetensi %(code)s belum punya indikator perilaku untuk level %(level)s: "
                              "lengkapi kamus kompetensi atau pilih level lain.", code=comp.code, level=level), "level")
    existing = db.session.scalars(sa.select(FeedbackItem).where(FeedbackItem.cycle_id == cycle.id,
                                                                FeedbackItem.competency_id == comp.id)).all()
    position = min((i.position for i in existing), default=None) or _next_position(cycle)
    for item in existing:
        db.session.delete(item)
    db.session.flush()
    items = [FeedbackItem(cycle_id=cycle.id, kind="scale", competency_id=comp.id, level=level, text=text,
                          text_en=text_en, position=position) for text, text_en in lines]
    db.session.add_all(items)
    db.session.flush()
    return items


def add_open_question(cycle: FeedbackCycle, text: str | None, text_en: str | None = None) -> FeedbackItem:
    _require_draft(cycle)
    text = (text or "").strip()
    if not text:
        raise FeedbackError(_("Tulis pertanyaannya."), "text")
    item = FeedbackItem(cycle_id=cycle.id, kind="open", text=text[:1000],
                        text_en=(text_en or "").strip()[:1000] or None, position=_next_position(cycle) + 100000)
    db.session.add(item)
    db.session.flush()
    return item


def remove_item(cycle: FeedbackCycle, item: FeedbackItem) -> None:
    _require_draft(cycle)
    db.session.delete(item)
    db.session.flush()


def default_questionnaire(cycle: FeedbackCycle, level: int = 2) -> int:
    """The eight managerial competencies and SK.01 at one level, and two open questions."""
    comps = db.session.scalars(sa.select(Competency).where(Competency.is_national.is_(True),
                                                           Competency.retired_at.is_(None))
                               .order_by(Competency.sort_order)).all()
    for comp in comps:
        add_competency(cycle, comp.id, level)
    add_open_question(cycle, "Apa yang paling baik dari cara kerja rekan ini dan perlu dipertahankan?",
                      "What is best in how this colleague works, and should be kept?")
    add_open_question(cycle, "Apa satu hal yang paling perlu ia kembangkan?",
                      "What one thing should they develop most?")
    return len(comps)


# --- who is evaluated, by whom ---------------------------------------------------------------

def subjects_query(cycle: FeedbackCycle) -> sa.Select:
    """The active employees this cycle evaluates (units include their sub-units)."""
    stmt = sa.select(Employee.id).where(Employee.status == "active")
    if cycle.scope_unit_ids:
        index = OrgIndex.load()
        children = index.children()
        units, todo = set(), list(cycle.scope_unit_ids)
        while todo:
            u = todo.pop()
            if u not in units:
                units.add(u)
                todo.extend(children.get(u, ()))
        stmt = stmt.where(Employee.unit_id.in_(units))
    if cycle.scope_position_kinds:
        stmt = stmt.where(Employee.position_id.in_(
            sa.select(Position.id).where(Position.kind.in_(cycle.scope_position_kinds))))
    return stmt


def _ring(members: list[int], start: int):
    """The unit's members after position `start`, wrapping round: taking the next n for each
    member means every member is rated by about n peers and rates about n peers (an even load)."""
    size = len(members)
    for j in range(1, size):
        yield members[(start + j) % size]


def planned_assignments(cycle: FeedbackCycle) -> list[tuple[int, int, str, str]]:
    """(subject, rater, relation, source) for every evaluated employee, computed from the
    organisation: supervisors from reporting lines, peers from the same unit with an even load,
    subordinates (all or the first N), approved nominations first among peers."""
    subjects = set(db.session.scalars(subjects_query(cycle)))
    rows = db.session.execute(sa.select(Employee.id, Employee.unit_id, Employee.position_id,
                                        Employee.supervisor_override_id)
                              .where(Employee.status == "active").order_by(Employee.id)).all()
    active = {r.id for r in rows}
    index = OrgIndex.load()
    supervisor: dict[int, int | None] = {}
    for r in rows:
        sid = r.supervisor_override_id if r.supervisor_override_id in active else None
        supervisor[r.id] = sid or index.derived_supervisor(r.id, r.unit_id, r.position_id)
    team: dict[int, list[int]] = defaultdict(list)
    for emp, sid in supervisor.items():
        if sid is not None:
            team[sid].append(emp)
    by_unit: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        if r.unit_id is not None:
            by_unit[r.unit_id].append(r.id)
    nominated: dict[int, list[int]] = defaultdict(list)
    for subject_id, peer_id in db.session.execute(sa.select(
            FeedbackNomination.subject_employee_id, FeedbackNomination.peer_employee_id).where(
            FeedbackNomination.cycle_id == cycle.id, FeedbackNomination.status == "approved")):
        if peer_id in active:
            nominated[subject_id].append(peer_id)
    place = {m: i for members in by_unit.values() for i, m in enumerate(members)}
    unit_of = {r.id: r.unit_id for r in rows}
    out: list[tuple[int, int, str, str]] = []
    for r in rows:
        s = r.id
        if s not in subjects:
            continue
        taken = {s}
        if cycle.include_self:
            out.append((s, s, "self", "auto"))
        sid = supervisor.get(s)
        if cycle.include_supervisor and sid is not None:
            out.append((s, sid, "supervisor", "auto"))
            taken.add(sid)
        if cycle.include_subordinates:
            subs = team.get(s, [])
            if cycle.subordinate_count:
                subs = subs[:cycle.subordinate_count]
            for sub in subs:
                if sub not in taken:
                    out.append((s, sub, "subordinate", "auto"))
                    taken.add(sub)
        if cycle.peer_count:
            chosen = 0
            for peer in nominated.get(s, []):
                if peer not in taken and chosen < cycle.peer_count:
                    out.append((s, peer, "peer", "nomination"))
                    taken.add(peer)
                    chosen += 1
            members = by_unit.get(unit_of.get(s), [])
            for peer in (_ring(members, place[s]) if members else ()):
                if chosen >= cycle.peer_count:
                    break
                if peer not in taken:
                    out.append((s, peer, "peer", "auto"))
                    taken.add(peer)
                    chosen += 1
    return out


def prepare_assignments(cycle: FeedbackCycle, progress=None) -> int:
    """(Re)generate the automatic and nominated assignments; those HR added by hand stay.
    Written with bulk INSERTs (people/bulk.py: one statement per 10,000 rows)."""
    if cycle.status not in ("draft", "launching"):
        raise FeedbackError(_("Penugasan hanya dapat disusun sebelum peluncuran."))
    db.session.execute(sa.delete(FeedbackAssignment).where(FeedbackAssignment.cycle_id == cycle.id,
                                                           FeedbackAssignment.source != "hr"))
    manual = set(db.session.execute(sa.select(FeedbackAssignment.subject_employee_id,
                                              FeedbackAssignment.rater_employee_id)
                                    .where(FeedbackAssignment.cycle_id == cycle.id)).all())
    planned = [p for p in planned_assignments(cycle) if (p[0], p[1]) not in manual]
    table = FeedbackAssignment.__table__
    step = 20000
    for start in range(0, len(planned), step):
        chunk = planned[start:start + step]
        bulk.insert_rows(table, [{"cycle_id": cycle.id, "subject_employee_id": s, "rater_employee_id": r,
                                  "relation": rel, "source": src} for s, r, rel, src in chunk])
        if progress:
            progress("assignments", min(start + step, len(planned)), len(planned))
    cycle.assignments_prepared_at = utcnow()
    db.session.flush()
    return len(planned)


def add_assignment(cycle: FeedbackCycle, subject_id: int | None, rater_id: int | None, relation: str) -> FeedbackAssignment:
    _require_draft(cycle)
    if relation not in ("supervisor", "peer", "subordinate"):
        raise FeedbackError(_("Pilih hubungan penilai: atasan, rekan kerja atau bawahan."), "relation")
    ids = {subject_id, rater_id} - {None}
    found = set(db.session.scalars(sa.select(Employee.id).where(Employee.id.in_(ids), Employee.status == "active")))
    if subject_id not in found or rater_id not in found:
        raise FeedbackError(_("Pilih pegawai aktif untuk yang dinilai dan penilainya."), "rater_id")
    if subject_id == rater_id:
        raise FeedbackError(_("Penilaian diri sendiri diatur di pengaturan siklus, bukan di sini."), "rater_id")
    exists = db.session.scalar(sa.select(FeedbackAssignment.id).where(
        FeedbackAssignment.cycle_id == cycle.id, FeedbackAssignment.subject_employee_id == subject_id,
        FeedbackAssignment.rater_employee_id == rater_id))
    if exists:
        raise FeedbackError(_("Penilai ini sudah ditugaskan untuk pegawai tersebut."), "rater_id")
    row = FeedbackAssignment(cycle_id=cycle.id, subject_employee_id=subject_id, rater_employee_id=rater_id,
                             relation=relation, source="hr")
    db.session.add(row)
    db.session.flush()
    audit.record("feedback.assignment_added", row, after={"relation": relation})
    return row


def remove_assignment(cycle: FeedbackCycle, assignment: FeedbackAssignment) -> None:
    _require_draft(cycle)
    audit.record("feedback.assignment_removed", assignment, before={"relation": assignment.relation})
    db.session.delete(assignment)
    db.session.flush()


# --- launch, deadline, close -----------------------------------------------------------------

def launch_problems(cycle: FeedbackCycle) -> list[str]:
    """Why this cycle cannot be launched (empty: it can)."""
    problems = []
    if not cycle.is_draft:
        problems.append(_("Siklus ini sudah diluncurkan."))
        return problems
    if not db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackItem).where(
            FeedbackItem.cycle_id == cycle.id, FeedbackItem.kind == "scale")):
        problems.append(_("Kuesioner belum punya pertanyaan berskala: tambahkan sedikitnya satu kompetensi."))
    if cycle.deadline < clock.today():
        problems.append(_("Batas waktu sudah lewat: ubah batas waktunya dulu."))
    if cycle.assignments_prepared_at is not None:
        has_raters = db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackAssignment).where(
            FeedbackAssignment.cycle_id == cycle.id))
    else:
        groups = cycle.include_self or cycle.include_supervisor or cycle.peer_count or cycle.include_subordinates
        has_raters = groups and db.session.scalar(sa.select(sa.func.count()).select_from(
            subjects_query(cycle).subquery()))
    if not has_raters:
        problems.append(_("Tidak ada penilai: tidak ada pegawai dalam cakupan atau tidak ada kelompok penilai "
                          "yang dipilih."))
    return problems


def extend_deadline(cycle: FeedbackCycle, deadline: dt.date | None) -> None:
    if not cycle.is_open:
        raise FeedbackError(_("Batas waktu hanya dapat diperpanjang selama siklus berjalan."), "deadline")
    if deadline is None or deadline <= cycle.deadline:
        raise FeedbackError(_("Batas waktu baru harus sesudah %(d)s.", d=cycle.deadline.isoformat()), "deadline")
    before = cycle.deadline
    cycle.deadline = deadline
    db.session.flush()
    from jenjang.feedback import tasks

    tasks.schedule_reminder(cycle)
    audit.record("feedback.deadline_extended", cycle, before={"deadline": before.isoformat()},
                 after={"deadline": deadline.isoformat()})


def close_cycle(cycle: FeedbackCycle) -> None:
    """Close: no more answers. Unsent drafts are deleted (they were never given), and the
    evaluated employees are told their report is ready when they may read it."""
    if not cycle.is_open:
        raise FeedbackError(_("Hanya siklus yang sedang berjalan yang dapat ditutup."))
    cycle.status = "closed"
    cycle.closed_at = utcnow()
    cycle.reminder_due_at = None
    db.session.execute(sa.delete(FeedbackDraftAnswer).where(FeedbackDraftAnswer.assignment_id.in_(
        sa.select(FeedbackAssignment.id).where(FeedbackAssignment.cycle_id == cycle.id))))
    db.session.flush()
    if cycle.report_to_employee:
        from jenjang.auth.models import User
        from jenjang.notifications.api import announce

        users = db.session.scalars(sa.select(User.id).where(User.employee_id.in_(
            sa.select(FeedbackAssignment.subject_employee_id).where(FeedbackAssignment.cycle_id == cycle.id)
            .distinct()))).all()
        announce("feedback.report_ready", users, {"cycle": cycle.name}, f"feedback.report_ready:{cycle.id}",
                 link=("feedback.my_reports", {}))
    audit.record("feedback.cycle_closed", cycle, after={"closed_at": cycle.closed_at.isoformat()})


# --- nominations -----------------------------------------------------------------------------

def nominate(cycle: FeedbackCycle, subject_id: int, peer_id: int | None) -> FeedbackNomination:
    if not (cycle.is_draft and cycle.allow_nominations):
        raise FeedbackError(_("Usulan rekan penilai tidak dibuka untuk siklus ini."), "peer_id")
    if peer_id is None or peer_id == subject_id or not db.session.scalar(
            sa.select(Employee.id).where(Employee.id == peer_id, Employee.status == "active")):
        raise FeedbackError(_("Pilih rekan kerja aktif selain diri Anda sendiri."), "peer_id")
    count = db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackNomination).where(
        FeedbackNomination.cycle_id == cycle.id, FeedbackNomination.subject_employee_id == subject_id,
        FeedbackNomination.status != "rejected"))
    if count >= max(cycle.peer_count, 1):
        raise FeedbackError(_("Anda sudah mengusulkan %(n)s rekan, batas untuk siklus ini.", n=count), "peer_id")
    if db.session.scalar(sa.select(FeedbackNomination.id).where(
            FeedbackNomination.cycle_id == cycle.id, FeedbackNomination.subject_employee_id == subject_id,
            FeedbackNomination.peer_employee_id == peer_id)):
        raise FeedbackError(_("Rekan ini sudah Anda usulkan."), "peer_id")
    row = FeedbackNomination(cycle_id=cycle.id, subject_employee_id=subject_id, peer_employee_id=peer_id,
                             status="proposed")
    db.session.add(row)
    db.session.flush()
    return row


def decide_nomination(nomination: FeedbackNomination, approve: bool) -> None:
    if nomination.status != "proposed":
        raise FeedbackError(_("Usulan ini sudah diputuskan."))
    nomination.status = "approved" if approve else "rejected"
    nomination.decided_by = actor_label()
    db.session.flush()
