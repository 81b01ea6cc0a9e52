"""Enrolment's writes: a seat or a waitlist place in a session, approval through the tenant's
workflow, cancellation, and the waitlist moving up when a seat frees. Flush, never commit.

Seats are taken only by the conditional UPDATE in `_take_seat` (`seats_taken < capacity`): the
row lock it takes serialises simultaneous enrolments into one session, and PostgreSQL re-checks
the condition after the lock, so the capacity is never exceeded. The partial unique index on
(session, employee) refuses a second active enrolment even when two requests race; the seat and
the row are written in one savepoint so a refused insert gives the seat back.

    operations.enrol(session, employee, user=current_user, origin="self")   -> Enrolment
    operations.cancel(enrolment, user, reason)                                 (frees the seat)
    operations.free_seat(enrolment) / operations.seat_freed(session)           (for other parts)
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from jenjang.core import audit, clock
from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.notifications.api import announce
from jenjang.people.api import Employee
from jenjang.tenancy.models import utcnow
from jenjang.tenancy.operations import provisioner
from jenjang.training.enrolment.queries import (
    active_enrolment,
    case_of,
    overlapping,
    prerequisite_problems,
    priority_for,
    session_cost,
    settings_row,
    waitlist_query,
)
from jenjang.training.labels import status_label
from jenjang.training.models import Enrolment, Programme, TrainingSession
from jenjang.training.queries import employee_of, programme_of, session_of, user_ids_of
from jenjang.training.settings import get_settings
from jenjang.workflow import api as workflow
from jenjang.workflow.definitions import make_step

SUBJECT_TYPE = "training_enrolment"
DEFAULT_DEFINITION_KEY = "training_enrolment"


class EnrolmentRefused(Refusal):
    """Why an enrolment cannot be made; `code` names the rule (window, duplicate, overlap, …)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# --- the workflow ------------------------------------------------------------------------------

def default_steps() -> list[dict]:
    return [make_step(_("Persetujuan atasan langsung"), "relation:supervisor", actions=("approve", "reject"),
                      sla_days=3, key="atasan")]


@provisioner
def ensure_workflow() -> None:
    """The default approval definition (supervisor approves), and the settings row (idempotent)."""
    with force_locale("id"):
        if workflow.definition_by_key(DEFAULT_DEFINITION_KEY) is None:
            workflow.ensure_definition(DEFAULT_DEFINITION_KEY, "training", _("Persetujuan pendaftaran pelatihan"),
                                       default_steps(),
                                       description=_("Pendaftaran pelatihan disetujui atasan langsung pegawai."))
    get_settings()


def definition_key() -> str:
    row = settings_row()
    key = row.approval_definition_key if row else DEFAULT_DEFINITION_KEY
    if workflow.definition_by_key(key) is None:
        if key != DEFAULT_DEFINITION_KEY and workflow.definition_by_key(DEFAULT_DEFINITION_KEY) is not None:
            return DEFAULT_DEFINITION_KEY
        ensure_workflow()
        key = DEFAULT_DEFINITION_KEY
    return key


# --- checks ------------------------------------------------------------------------------------

def _check_window(session: TrainingSession, today: dt.date, now: dt.datetime) -> None:
    """Enrolment is open: the session has not started and today is inside its window."""
    if session.starts_at <= now:
        raise EnrolmentRefused("started", _("Sesi ini sudah dimulai; pendaftaran ditutup."))
    if today < session.enrol_opens_on:
        raise EnrolmentRefused("window", _("Pendaftaran sesi ini baru dibuka %(d)s.",
                                           d=session.enrol_opens_on.strftime("%d-%m-%Y")))
    if today > session.enrol_closes_on:
        raise EnrolmentRefused("window", _("Pendaftaran sesi ini sudah ditutup pada %(d)s.",
                                           d=session.enrol_closes_on.strftime("%d-%m-%Y")))


def check_enrol(session: TrainingSession, programme: Programme, employee: Employee, *, origin: str = "self",
                today: dt.date | None = None, now: dt.datetime | None = None) -> None:
    """Raise EnrolmentRefused with the first reason this enrolment cannot be made."""
    today = today or clock.today()
    now = now or utcnow()
    if session.status != "scheduled":
        raise EnrolmentRefused("cancelled", _("Sesi ini dibatalkan atau sudah selesai."))
    if not programme.active:
        raise EnrolmentRefused("inactive", _("Program ini tidak lagi dibuka."))
    if employee.status != "active":
        raise EnrolmentRefused("archived", _("%(name)s sudah diarsipkan.", name=employee.display_name))
    _check_window(session, today, now)
    if origin == "self" and not programme.allow_self_enrol:
        raise EnrolmentRefused("nomination_only", _("Program ini hanya melalui usulan atasan atau BKPSDM."))
    existing = active_enrolment(session.id, employee.id)
    if existing is not None:
        raise EnrolmentRefused("duplicate", _("%(name)s sudah terdaftar di sesi ini (%(s)s).",
                                              name=employee.display_name, s=status_label(existing.status)))
    other = overlapping(session, employee.id)
    if other is not None:
        raise EnrolmentRefused("overlap", _("Waktunya bertabrakan dengan %(p)s — %(s)s (%(d)s) yang sudah diikuti.",
                                            p=other[1], s=other[0].name,
                                            d=other[0].starts_at.strftime("%d-%m-%Y")))
    problems = prerequisite_problems(programme, employee)
    if problems:
        raise EnrolmentRefused("prerequisites", _("Belum memenuhi syarat: %(p)s", p=" ".join(problems)))


# --- seats -------------------------------------------------------------------------------------

def _take_seat(session_id: int, *, lock_when_full: bool = False) -> bool:
    """The only way a seat is taken: atomic, never past the capacity.

    With `lock_when_full` (a new enrolment), a session found full is locked and checked once more
    before the caller waitlists: a cancellation gives its seat back with an UPDATE of the same row,
    so either it committed first (and the seat is taken here) or it waits for this transaction and
    then sees the new waitlisted row when it offers its seat. No seat stays free while someone
    waits."""
    take = (sa.update(TrainingSession)
            .where(TrainingSession.id == session_id, TrainingSession.seats_taken < TrainingSession.capacity,
                   TrainingSession.status == "scheduled")
            .values(seats_taken=TrainingSession.seats_taken + 1)
            .execution_options(synchronize_session=False))
    if db.session.execute(take).rowcount == 1:
        return True
    if not lock_when_full:
        return False
    # NO KEY UPDATE: the same lock an UPDATE of the counter takes, and compatible with the KEY SHARE
    # locks the enrolment inserts hold through their foreign key (FOR UPDATE would deadlock with them).
    db.session.execute(sa.select(TrainingSession.id).where(TrainingSession.id == session_id)
                       .with_for_update(key_share=True))  # renders FOR NO KEY UPDATE
    return db.session.execute(take).rowcount == 1


def _give_back_seat(session_id: int) -> None:
    db.session.execute(
        sa.update(TrainingSession).where(TrainingSession.id == session_id, TrainingSession.seats_taken > 0)
        .values(seats_taken=TrainingSession.seats_taken - 1).execution_options(synchronize_session=False))


def enrol(session: TrainingSession, employee: Employee, *, user=None, origin: str = "self",
          reason: str | None = None, today: dt.date | None = None) -> Enrolment:
    """Enrol the employee: a seat (pending approval) when one is free, else the waitlist."""
    programme = programme_of(session)
    # One employee's enrolments are serialised (duplicate and overlap checks stay true).
    db.session.execute(sa.select(Employee.id).where(Employee.id == employee.id).with_for_update())
    check_enrol(session, programme, employee, origin=origin, today=today)
    nominated_by = getattr(user, "email", None) if origin != "self" else None
    now = utcnow()
    priority = priority_for(programme, employee, origin)
    definition = definition_key()
    workflow.relation_employee_ids("supervisor", employee.id)  # warm the request's org index before the lock
    # Everything slow happens before the seat is taken: the session row stays locked from the
    # conditional UPDATE to the commit, so that part is kept short.
    try:
        with db.session.begin_nested():
            row = Enrolment(session_id=session.id, employee_id=employee.id, status="waitlisted", holds_seat=False,
                            origin=origin, nominated_by=nominated_by, reason=(reason or "").strip()[:2000] or None,
                            priority=priority, requested_at=now, waitlisted_at=now,
                            cost=session_cost(session, programme))
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        raise EnrolmentRefused("duplicate", _("%(name)s sudah terdaftar di sesi ini.",
                                              name=employee.display_name)) from None
    seated = _take_seat(session.id, lock_when_full=True)
    if seated:
        row.status, row.holds_seat, row.waitlisted_at = "pending", True, None
        db.session.flush()
    audit.record("training.enrolled", row, after={"session": session.id, "employee": employee.nip,
                                                  "status": row.status, "origin": origin})
    if seated:
        _start_approval(row, session, programme, employee, user, definition=definition)
    if origin != "self":
        _notify_nominated(row, session, programme, employee, user)
    return row


def _title(programme: Programme, session: TrainingSession, employee: Employee) -> str:
    return f"{programme.title} — {session.name} — {employee.display_name}"


def _start_approval(row: Enrolment, session: TrainingSession, programme: Programme, employee: Employee,
                    user=None, definition: str | None = None) -> None:
    """Open the approval case; a nominator who is the first step's actor approves it at once."""
    wcase = workflow.start_case(definition or definition_key(), subject_type=SUBJECT_TYPE, subject_id=row.id,
                                subject_employee_id=employee.id, title=_title(programme, session, employee),
                                started_by=user)
    row.workflow_case_id = wcase.id
    db.session.flush()
    if row.origin != "self" and user is not None and workflow.can_act(user, wcase):
        workflow.transition(wcase, user, "approve", seen_lock=wcase.lock_version,
                            comment=_("Diusulkan dan disetujui oleh %(who)s.", who=user.email or ""))


def decide(row: Enrolment, outcome: str) -> None:
    """The workflow case closed: approved keeps the seat, rejected or cancelled frees it."""
    if row.status != "pending":
        return
    row.decided_at = utcnow()
    if outcome == "approved":
        row.status = "approved"
        db.session.flush()
        return
    row.status, row.holds_seat = ("rejected" if outcome == "rejected" else "cancelled"), False
    if outcome != "rejected":
        row.cancelled_at = row.cancelled_at or utcnow()
    db.session.flush()
    _give_back_seat(row.session_id)
    seat_freed(session_of(row))


def seat_freed(session: TrainingSession | None, *, user=None) -> list[Enrolment]:
    """Give free seats to the first on the waitlist (in the session's order), start their approval
    and notify them. Returns the promoted enrolments."""
    promoted: list[Enrolment] = []
    if session is None or session.status != "scheduled" or session.starts_at <= utcnow():
        return promoted
    programme = programme_of(session)
    while True:
        nxt = db.session.scalar(waitlist_query(session).limit(1).with_for_update(skip_locked=True))
        if nxt is None or not _take_seat(session.id):
            break
        nxt.status, nxt.holds_seat, nxt.waitlisted_at = "pending", True, nxt.waitlisted_at
        db.session.flush()
        employee = employee_of(nxt)
        audit.record("training.waitlist_promoted", nxt, after={"session": session.id, "employee": employee.nip})
        _start_approval(nxt, session, programme, employee, None)
        _notify_promoted(nxt, session, programme, employee)
        promoted.append(nxt)
    return promoted


def free_seat(row: Enrolment, *, status: str = "cancelled", reason: str | None = None, user=None) -> None:
    """End an enrolment (cancel/reject); a held seat goes back and the waitlist moves up."""
    if row.status in ("cancelled", "rejected", "completed", "not_completed"):
        return
    held = row.holds_seat
    row.status, row.holds_seat = status, False
    row.cancelled_at = utcnow() if status == "cancelled" else row.cancelled_at
    row.cancel_reason = (reason or "").strip()[:2000] or row.cancel_reason
    db.session.flush()
    if row.workflow_case_id:
        wcase = case_of(row)
        if wcase is not None and wcase.is_open:
            workflow.cancel_case(wcase, user, reason or _("Pendaftaran dibatalkan."))
    if held:
        _give_back_seat(row.session_id)
        seat_freed(session_of(row))


def cancel(row: Enrolment, user=None, reason: str | None = None, *, now: dt.datetime | None = None) -> None:
    """Cancel before the session starts (the employee, their nominator or HR)."""
    session = session_of(row)
    if row.status not in ("pending", "approved", "waitlisted"):
        raise EnrolmentRefused("not_active", _("Pendaftaran ini sudah %(s)s.", s=status_label(row.status)))
    if session.starts_at <= (now or utcnow()):
        raise EnrolmentRefused("started", _("Sesi sudah dimulai; pendaftaran tidak dapat dibatalkan lagi."))
    audit.record("training.enrolment_cancelled", row, before={"status": row.status},
                 after={"reason": (reason or "").strip()[:200]})
    free_seat(row, status="cancelled", reason=reason, user=user)


def cancel_session(session: TrainingSession, user=None, reason: str | None = None) -> int:
    """HR cancels a session: every active enrolment is cancelled and told. Returns how many."""
    if session.status != "scheduled":
        raise EnrolmentRefused("cancelled", _("Sesi ini sudah dibatalkan atau selesai."))
    session.status = "cancelled"
    db.session.flush()
    rows = list(db.session.scalars(sa.select(Enrolment).where(
        Enrolment.session_id == session.id, Enrolment.status.in_(("pending", "approved", "waitlisted")))))
    programme = programme_of(session)
    for row in rows:
        free_seat(row, status="cancelled", reason=reason or _("Sesi dibatalkan penyelenggara."), user=user)
    db.session.execute(sa.update(TrainingSession).where(TrainingSession.id == session.id)
                       .values(seats_taken=0).execution_options(synchronize_session=False))
    users = user_ids_of([r.employee_id for r in rows])
    if users:
        announce("training.session_cancelled", users,
                 {"programme": programme.title, "session": session.name, "reason": reason or ""},
                 f"training.session_cancelled:{session.id}", link=("training.mine", {}))
    audit.record("training.session_cancelled", session, after={"enrolments": len(rows)})
    return len(rows)


# --- notifications -----------------------------------------------------------------------------

def _when(session: TrainingSession) -> str:
    return session.starts_at.strftime("%d-%m-%Y %H:%M")


def _notify_promoted(row: Enrolment, session, programme, employee) -> None:
    users = user_ids_of([employee.id])
    if users:
        announce("training.seat_offered", users,
                 {"programme": programme.title, "session": session.name, "starts": _when(session)},
                 f"training.seat_offered:{row.id}", link=("training.enrolment_detail", {"enrolment_id": row.id}))


def _notify_nominated(row: Enrolment, session, programme, employee, user) -> None:
    users = user_ids_of([employee.id])
    if users:
        announce("training.nominated", users,
                 {"programme": programme.title, "session": session.name, "starts": _when(session),
                  "by": getattr(user, "full_name", None) or getattr(user, "email", "") or "",
                  "waitlisted": row.status == "waitlisted"},
                 f"training.nominated:{row.id}", link=("training.enrolment_detail", {"enrolment_id": row.id}))
