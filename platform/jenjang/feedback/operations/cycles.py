"""A cycle's life: its settings (created and changed while a draft), what stops it from launching,
the deadline extended while it runs, and closing it."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.auth.models import User
from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.feedback.models import FeedbackAssignment, FeedbackCycle, FeedbackDraftAnswer, FeedbackItem
from jenjang.feedback.operations.assignments import subjects_query
from jenjang.feedback.operations.common import FeedbackError, require_draft
from jenjang.notifications.api import announce
from jenjang.people.api import POSITION_KINDS, actor_label
from jenjang.tenancy.models import utcnow

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
    require_draft(cycle)
    clean = _check_settings(values, clock.today())
    for key, value in clean.items():
        setattr(cycle, key, value)
    db.session.flush()
    return cycle



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
    from jenjang.feedback import tasks  # circular: tasks launches cycles through these operations

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
        users = db.session.scalars(sa.select(User.id).where(User.employee_id.in_(
            sa.select(FeedbackAssignment.subject_employee_id).where(FeedbackAssignment.cycle_id == cycle.id)
            .distinct()))).all()
        announce("feedback.report_ready", users, {"cycle": cycle.name}, f"feedback.report_ready:{cycle.id}",
                 link=("feedback.my_reports", {}))
    audit.record("feedback.cycle_closed", cycle, after={"closed_at": cycle.closed_at.isoformat()})


