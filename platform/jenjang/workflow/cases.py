"""Cases moving along their pinned definition version: start, transition, cancel, reassign.

Every transition is checked (the user is the step's actor, the action is allowed, required
documents are attached, blocking checks pass), written as an immutable history row, and
applied with an atomic compare-and-set on `lock_version` (locking.py): of two people acting on
the same step at the same moment exactly one wins; the other gets CaseMoved. Operations flush,
never commit.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from jenjang.core import audit
from jenjang.extensions import db
from jenjang.tenancy.models import utcnow
from jenjang.workflow.actors import actor_label, can_act, current_actor_label, user_label
from jenjang.workflow.errors import CaseMoved, ReassignRefused, TransitionRefused
from jenjang.workflow.escalation import escalate_if_nobody_acts
from jenjang.workflow.handlers import handler_of
from jenjang.workflow.locking import move_if_unchanged
from jenjang.workflow.models import WorkflowAttachment, WorkflowCase, WorkflowTransition
from jenjang.workflow.notify import cancel_step_reminders, notify_closed, notify_step
from jenjang.workflow.versions import definition_by_key, published_version
from jenjang.workflow.workdays import add_working_days


def _enter_step(case: WorkflowCase, now: dt.datetime) -> list[dict]:
    step = case.step
    case.step_entered_at = now
    case.assignee_user_id = None
    case.escalated_role = None
    case.step_due_at = add_working_days(now, step["sla_days"]) if step["sla_days"] else None
    checks = handler_of(case).evaluate_checks(case, list(step.get("checks") or []))
    case.last_checks = checks
    return checks


def start_case(definition_key: str, *, subject_type: str, subject_id: int, subject_employee_id: int | None,
               title: str, started_by=None) -> WorkflowCase:
    definition = definition_by_key(definition_key)
    version = published_version(definition) if definition else None
    if version is None or not version.steps:
        raise TransitionRefused(_("Alur persetujuan untuk ini belum diterbitkan. Minta admin menerbitkannya."))
    now = utcnow()
    case = WorkflowCase(definition_id=definition.id, version_id=version.id, subject_type=subject_type,
                        subject_id=subject_id, subject_employee_id=subject_employee_id, title=title[:300],
                        step_index=0, status="in_progress", lock_version=1,
                        started_by_user_id=getattr(started_by, "id", None))
    case.version = version
    db.session.add(case)
    db.session.flush()
    checks = _enter_step(case, now)
    db.session.add(WorkflowTransition(case_id=case.id, action="start", from_step=None, to_step=0,
                                      to_step_name=case.step["name"], checks=checks,
                                      actor_user_id=getattr(started_by, "id", None),
                                      actor_label=user_label(started_by), at=now))
    db.session.flush()
    escalate_if_nobody_acts(case, now)
    notify_step(case)
    return case


def missing_documents(case: WorkflowCase) -> list[dict]:
    step = case.step
    if not step or not step.get("documents"):
        return []
    have = set(db.session.scalars(sa.select(WorkflowAttachment.document_key).where(
        WorkflowAttachment.case_id == case.id)))
    return [d for d in step["documents"] if d["key"] not in have]


def failing_checks(case: WorkflowCase) -> list[dict]:
    return [c for c in case.last_checks or [] if c.get("passed") is False]


def _refuse_unless_allowed(case: WorkflowCase, user, action: str, comment: str | None, seen_lock: int) -> None:
    """Raise TransitionRefused (CaseMoved) unless `user` may apply `action` to the case now."""
    if not case.is_open or seen_lock != case.lock_version:
        raise CaseMoved(_("Kasus ini sudah berpindah langkah sejak Anda membukanya. Muat ulang untuk "
                          "melihat keadaan terbarunya."))
    if not can_act(user, case):
        raise TransitionRefused(_("Langkah ini menunggu %(actor)s; Anda tidak dapat bertindak di sini.",
                                  actor=actor_label(case.step)))
    step = case.step
    if action not in step["actions"]:
        raise TransitionRefused(_("Tindakan ini tidak diizinkan pada langkah %(step)s.", step=step["name"]))
    if action in ("reject", "return") and not comment:
        raise TransitionRefused(_("Tulis alasan di kolom catatan sebelum menolak atau mengembalikan."))
    if action == "approve":
        _refuse_unless_complete(case)


def _refuse_unless_complete(case: WorkflowCase) -> None:
    """Approval needs the step's documents attached and its blocking checks passed."""
    missing = missing_documents(case)
    if missing:
        raise TransitionRefused(_("Lampirkan dulu dokumen wajib: %(docs)s.",
                                  docs=", ".join(d["label"] for d in missing)))
    failing = failing_checks(case)
    if failing:
        raise TransitionRefused(_("Pemeriksaan otomatis belum terpenuhi: %(checks)s.",
                                  checks="; ".join(c.get("detail") or c["key"] for c in failing)))


def _destination(action: str, from_index: int, step_count: int) -> tuple[int, str]:
    """The step index and status an action leads to: approve moves on (or closes approved on the
    last step), return goes back to the first step, reject closes."""
    if action == "approve":
        return (from_index + 1, "in_progress") if from_index + 1 < step_count else (from_index, "approved")
    if action == "return":
        return 0, "in_progress"
    return from_index, "rejected"


def transition(case: WorkflowCase, user, action: str, *, seen_lock: int, comment: str | None = None) -> str:
    """Apply `action`; returns the case's new status. Raises TransitionRefused / CaseMoved."""
    comment = (comment or "").strip() or None
    _refuse_unless_allowed(case, user, action, comment, seen_lock)
    steps = case.version.steps
    now = utcnow()
    from_index = case.step_index
    new_index, new_status = _destination(action, from_index, len(steps))
    still_open = new_status == "in_progress"
    if not move_if_unchanged(case, seen_lock, step_index=new_index, status=new_status, assignee_user_id=None,
                             escalated_role=None, closed_at=None if still_open else now):
        raise CaseMoved(_("Orang lain baru saja bertindak pada kasus ini. Muat ulang untuk melihat "
                          "keadaan terbarunya; tindakan Anda tidak disimpan."))
    cancel_step_reminders(case, seen_lock)
    checks = []
    if still_open:
        checks = _enter_step(case, now)
    else:
        case.step_due_at = None
    db.session.add(WorkflowTransition(
        case_id=case.id, action=action, from_step=from_index, to_step=new_index if still_open else None,
        from_step_name=steps[from_index]["name"], to_step_name=steps[new_index]["name"] if still_open else None,
        actor_user_id=user.id, actor_label=user_label(user), comment=comment, checks=checks, at=now))
    db.session.flush()
    if still_open:
        escalate_if_nobody_acts(case, now)
        notify_step(case)
    else:
        handler_of(case).on_closed(case, new_status)
        notify_closed(case, new_status)
    return new_status


def cancel_case(case: WorkflowCase, user, comment: str) -> None:
    if not case.is_open:
        raise CaseMoved(_("Kasus ini sudah selesai."))
    cancel_step_reminders(case)
    step_name = case.step["name"]
    case.status = "cancelled"
    case.closed_at = utcnow()
    case.lock_version += 1
    db.session.add(WorkflowTransition(case_id=case.id, action="cancel", from_step=case.step_index,
                                      from_step_name=step_name, actor_user_id=getattr(user, "id", None),
                                      actor_label=user_label(user), comment=comment))
    db.session.flush()
    handler_of(case).on_closed(case, "cancelled")


def reevaluate(case: WorkflowCase) -> list[dict]:
    """Run the current step's checks again (e.g. after HR corrected the data)."""
    handler = handler_of(case)
    case.last_checks = handler.evaluate_checks(case, list(case.step.get("checks") or [])) if case.step else []
    db.session.flush()
    return case.last_checks


def reassign(case: WorkflowCase, by_user, assignee, reason: str, *, seen_lock: int) -> None:
    """Give the open step to a named person (HR or an admin decides; the view checks that). The
    definition's actor can no longer act on it; the person sees it in "waiting for me"."""
    reason = (reason or "").strip()
    if not reason:
        raise ReassignRefused(_("Tulis alasan pengalihan."), field="reason")
    if not case.is_open or seen_lock != case.lock_version:
        raise CaseMoved(_("Kasus ini sudah berpindah langkah sejak Anda membukanya. Muat ulang untuk "
                          "melihat keadaan terbarunya."))
    if case.subject_employee_id is not None and assignee.employee_id == case.subject_employee_id:
        raise ReassignRefused(_("Pegawai yang diajukan tidak dapat memproses kasusnya sendiri. Pilih orang lain."))
    if case.assignee_user_id == assignee.id:
        raise ReassignRefused(_("Langkah ini sudah dialihkan kepada %(name)s.", name=assignee.display_name))
    before = {"actor": current_actor_label(case), "assignee_user_id": case.assignee_user_id,
              "escalated_role": case.escalated_role}
    now = utcnow()
    cancel_step_reminders(case)
    if not move_if_unchanged(case, seen_lock, assignee_user_id=assignee.id, escalated_role=None):
        raise CaseMoved(_("Orang lain baru saja bertindak pada kasus ini. Muat ulang untuk melihat "
                          "keadaan terbarunya; pengalihan tidak disimpan."))
    who = f"{assignee.display_name} ({assignee.email})" if assignee.email else assignee.display_name
    with force_locale("id"):  # the history is data, in the region's language
        comment = _("Kepada %(who)s. Alasan: %(reason)s", who=who, reason=reason)
    db.session.add(WorkflowTransition(
        case_id=case.id, action="reassign", from_step=case.step_index, to_step=case.step_index,
        from_step_name=case.step["name"], to_step_name=case.step["name"], actor_user_id=by_user.id,
        actor_label=user_label(by_user), comment=comment, at=now))
    db.session.flush()
    audit.record("workflow.reassigned", case, before=before,
                 after={"step": case.step["name"], "assignee_user_id": assignee.id, "assignee": who, "reason": reason})
    notify_step(case)


def history(case: WorkflowCase) -> list[WorkflowTransition]:
    return list(db.session.scalars(sa.select(WorkflowTransition).where(
        WorkflowTransition.case_id == case.id).order_by(WorkflowTransition.at, WorkflowTransition.id)))
