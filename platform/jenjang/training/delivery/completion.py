"""Completion of a participant: the status, the score, the certificate code, the JP credit, and the
two requests of the post-training survey (level 1 at once to the participant; level 3 `followup_days` after the
session ends, to their supervisor, as a reminder that moves or goes with the completion).

Only an accepted enrolment that holds a seat (approved, or earlier marked not completed) can be
completed; a pending or waitlisted one cannot.

    complete(enrolment, score=Decimal("85"), by="hr@x.demo")
    mark_not_completed(enrolment)       # revokes the credit, cancels the follow-up
    undo(enrolment)                     # back to approved: revokes the credit, cancels the follow-up
    bulk_complete(session, min_percent=80)  -> how many were completed
    reschedule_followups(session)       # after the session's end date changed
"""
from __future__ import annotations

import datetime as dt
import secrets
from base64 import b32encode
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.notifications.api import announce, cancel_reminder, move_reminder, schedule_reminder
from jenjang.notifications.models import NotificationReminder
from jenjang.people.api import supervisor_id_of
from jenjang.tenancy.models import utcnow
from jenjang.training import ledger
from jenjang.training.delivery import attendance
from jenjang.training.delivery.models import TrainingFollowup
from jenjang.training.models import Enrolment, Programme, TrainingSession
from jenjang.training.queries import employee_of, programme_of, session_of, user_ids_of
from jenjang.training.settings import get_settings

COMPLETABLE = ("approved", "not_completed", "completed")
CODE_BYTES = 10  # 80 random bits → 16 base32 characters


class CompletionError(Refusal):
    """A refused completion of a participant (score, status)."""


def source_ref(enrolment_id: int) -> str:
    return f"enrolment:{enrolment_id}"


def followup_key(enrolment_id: int) -> str:
    return f"training.followup:{enrolment_id}"


def new_certificate_code() -> str:
    """16 characters of base32 (A–Z, 2–7): 80 random bits, not guessable; unique in the tenant."""
    for _attempt in range(10):
        code = b32encode(secrets.token_bytes(CODE_BYTES)).decode().rstrip("=")
        if db.session.scalar(sa.select(sa.func.count()).select_from(Enrolment)
                             .where(Enrolment.certificate_code == code)) == 0:
            return code
    raise RuntimeError("could not draw a unique certificate code")  # pragma: no cover


def parse_score(value) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        score = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise CompletionError(_("Nilai harus berupa angka 0–100.")) from None
    if not score.is_finite() or score < 0 or score > 100:
        raise CompletionError(_("Nilai harus berupa angka 0–100."))
    return score.quantize(Decimal("0.01"))


def complete(enrolment: Enrolment, score=None, *, by: str | None = None,
             session: TrainingSession | None = None, programme: Programme | None = None) -> Enrolment:
    """Mark the participant as having completed the session and credit the programme's JP."""
    if enrolment.status not in COMPLETABLE or not enrolment.holds_seat:
        raise CompletionError(_("Hanya peserta yang pendaftarannya sudah disetujui yang dapat dinyatakan selesai."))
    score = parse_score(score) if not isinstance(score, Decimal) else score
    if session is None or programme is None:
        session = session_of(enrolment)
        programme = programme_of(session)
    zone = attendance.tenant_zone()
    first, last = attendance.session_dates(session, zone)
    if attendance.today(zone) < first:
        raise CompletionError(_("Sesi belum dimulai; peserta belum dapat dinyatakan selesai."))
    was_completed = enrolment.status == "completed"
    enrolment.status = "completed"
    enrolment.holds_seat = True
    enrolment.score = score
    enrolment.completed_at = enrolment.completed_at or utcnow()
    if not enrolment.certificate_code:
        enrolment.certificate_code = new_certificate_code()
    enrolment.certificate_issued_at = enrolment.certificate_issued_at or utcnow()
    db.session.flush()
    ledger.credit(enrolment.employee_id, source="training", source_ref=source_ref(enrolment.id),
                  jp=programme.jp, occurred_on=last, title=programme.title, classical=programme.classical)
    if not was_completed:  # saving a new score asks nobody twice
        _ask_for_survey(enrolment, session, programme)
    return enrolment


def _ask_for_survey(enrolment: Enrolment, session: TrainingSession, programme: Programme) -> None:
    employee = employee_of(enrolment)
    payload = {"programme": programme.title, "session": session.name, "jp": str(programme.jp.normalize()),
               "participant": employee.display_name}
    participant_users = user_ids_of([employee.id])
    if participant_users:
        announce("training.completed", participant_users, payload, f"training.completed:{enrolment.id}",
                 link=("training.certificate_page", {"enrolment_id": enrolment.id}))
    supervisor_users = user_ids_of([supervisor_id_of(employee)])  # none, or the one account (unique)
    if supervisor_users and not _followup_settled(enrolment.id):
        due = session.ends_at + dt.timedelta(days=get_settings().followup_days)
        schedule_reminder("training.followup_due", supervisor_users, payload, key=followup_key(enrolment.id),
                          due_at=due, link=("training.followup_form", {"enrolment_id": enrolment.id}))


def _followup_settled(enrolment_id: int) -> bool:
    """The level-3 follow-up was already sent (its reminder fired) or answered: never ask again."""
    fired = db.session.scalar(sa.select(sa.func.count()).select_from(NotificationReminder).where(
        NotificationReminder.key == followup_key(enrolment_id), NotificationReminder.status == "fired"))
    answered = db.session.scalar(sa.select(sa.func.count()).select_from(TrainingFollowup).where(
        TrainingFollowup.enrolment_id == enrolment_id))
    return bool(fired or answered)


def _withdraw(enrolment: Enrolment, status: str, score: Decimal | None) -> Enrolment:
    """Set the enrolment back to `status` (not completed, or approved): no completion date, the
    ledger credit and the follow-up go."""
    enrolment.status = status
    enrolment.score = score
    enrolment.completed_at = None
    db.session.flush()
    ledger.revoke("training", source_ref(enrolment.id))
    cancel_reminder(followup_key(enrolment.id))
    return enrolment


def mark_not_completed(enrolment: Enrolment, score=None) -> Enrolment:
    if enrolment.status not in COMPLETABLE or not enrolment.holds_seat:
        raise CompletionError(_("Hanya peserta yang pendaftarannya sudah disetujui yang dapat dinilai."))
    return _withdraw(enrolment, "not_completed", parse_score(score) if not isinstance(score, Decimal) else score)


def undo(enrolment: Enrolment) -> Enrolment:
    """Back to approved (as if not yet assessed): the credit and the follow-up go. The certificate
    code stays on the row (a later completion reuses it) but verifies only while completed."""
    if enrolment.status not in ("completed", "not_completed"):
        raise CompletionError(_("Tidak ada penilaian yang dapat dibatalkan untuk peserta ini."))
    return _withdraw(enrolment, "approved", None)


def reschedule_followups(session: TrainingSession) -> int:
    """The session's end moved (or the tenant changed followup_days): move the level-3 follow-ups
    still waiting. For the session editor to call after saving new dates; returns how many moved."""
    due = session.ends_at + dt.timedelta(days=get_settings().followup_days)
    ids = db.session.scalars(sa.select(Enrolment.id).where(Enrolment.session_id == session.id,
                                                           Enrolment.status == "completed")).all()
    return sum(1 for eid in ids if move_reminder(followup_key(eid), due))


def bulk_complete(session: TrainingSession, min_percent: int, *, by: str | None = None) -> int:
    """Complete every approved participant present on at least `min_percent` % of the session's days."""
    if not 0 <= min_percent <= 100:
        raise CompletionError(_("Ambang kehadiran harus 0–100%."))
    programme = programme_of(session)
    days = attendance.session_days(session)
    present = attendance.present_days(session.id, days)
    candidates = db.session.scalars(sa.select(Enrolment).where(
        Enrolment.session_id == session.id, Enrolment.status == "approved").order_by(Enrolment.id)).all()
    done = 0
    for enrolment in candidates:
        if present.get(enrolment.id, 0) * 100 >= min_percent * len(days):
            complete(enrolment, enrolment.score, by=by, session=session, programme=programme)
            done += 1
    return done
