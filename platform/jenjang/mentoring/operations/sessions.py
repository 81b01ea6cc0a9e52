"""A pair working together: goals, sessions (logged by one side, confirmed by the other, with JP
credited to the training ledger under the monthly cap), ratings, problems flagged to HR and the
closing reflections."""
from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.auth.operations import hr_user_ids
from jenjang.competency.operations import CompetencyError, usable_competency
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.mentoring.models import (
    SESSION_MODES,
    MentoringFlag,
    MentoringGoal,
    MentoringPair,
    MentoringSession,
)
from jenjang.mentoring.operations.common import MentoringError, names_of, programme_of, user_ids_of
from jenjang.mentoring.operations.reminders import refresh_inactivity, stop_reminders
from jenjang.notifications.api import announce
from jenjang.tenancy.models import utcnow
from jenjang.training import ledger
from jenjang.training.api import conversion

# --- working together ---------------------------------------------------------------------------

def _member(pair: MentoringPair, employee_id: int | None) -> str:
    if employee_id == pair.mentor_id:
        return "mentor"
    if employee_id == pair.mentee_id:
        return "mentee"
    raise MentoringError(_("Hanya mentor dan mentee pasangan ini yang dapat melakukannya."))


def _require_active(pair: MentoringPair) -> None:
    if pair.status != "published":
        raise MentoringError(_("Pasangan ini tidak aktif."))


def add_goal(pair: MentoringPair, by_employee_id: int, *, title: str, competency_id: int | None,
             target_level: int | None) -> MentoringGoal:
    _member(pair, by_employee_id)
    _require_active(pair)
    title = (title or "").strip()
    if not title:
        raise MentoringError(_("Tuliskan sasaran yang ingin dicapai."))
    if competency_id:
        try:
            usable_competency(competency_id)
        except CompetencyError as exc:
            raise MentoringError(str(exc)) from exc
    if target_level is not None and not 1 <= target_level <= 5:
        raise MentoringError(_("Pilih level 1 sampai 5."))
    goal = MentoringGoal(pair_id=pair.id, title=title[:300], competency_id=competency_id or None,
                         target_level=target_level if competency_id else None)
    db.session.add(goal)
    db.session.flush()
    return goal


def set_goal_status(goal: MentoringGoal, pair: MentoringPair, by_employee_id: int, status: str) -> None:
    _member(pair, by_employee_id)
    if status not in ("open", "met", "not_met"):
        raise MentoringError(_("Status sasaran tidak dikenal."))
    if pair.status not in ("published", "closed"):
        raise MentoringError(_("Pasangan ini tidak aktif."))
    goal.status = status
    db.session.flush()


def log_session(pair: MentoringPair, by_employee_id: int, *, held_on: dt.date, duration_minutes: int, mode: str,
                topic: str, private_notes: str | None, today: dt.date | None = None) -> MentoringSession:
    today = today or clock.today()
    role = _member(pair, by_employee_id)
    _require_active(pair)
    programme = programme_of(pair)
    if held_on > today:
        raise MentoringError(_("Tanggal sesi tidak boleh di masa depan."))
    if held_on < programme.starts_on:
        raise MentoringError(_("Tanggal sesi tidak boleh sebelum program dimulai (%(d)s).",
                               d=programme.starts_on.strftime("%d-%m-%Y")))
    if held_on > programme.ends_on:
        raise MentoringError(_("Tanggal sesi tidak boleh setelah program berakhir (%(d)s).",
                               d=programme.ends_on.strftime("%d-%m-%Y")))
    if not 15 <= (duration_minutes or 0) <= 480:
        raise MentoringError(_("Durasi sesi antara 15 dan 480 menit."))
    if mode not in SESSION_MODES:
        raise MentoringError(_("Pilih cara pertemuan."))
    topic = (topic or "").strip()
    if not topic:
        raise MentoringError(_("Tuliskan topik sesi."))
    session = MentoringSession(pair_id=pair.id, held_on=held_on, duration_minutes=duration_minutes, mode=mode,
                               topic=topic[:300], private_notes=(private_notes or "").strip() or None,
                               logged_by=by_employee_id)
    db.session.add(session)
    db.session.flush()
    other = pair.mentee_id if role == "mentor" else pair.mentor_id
    users = user_ids_of([other])
    if users:
        announce("mentoring.session_logged", list(users.values()),
                 {"by": names_of([by_employee_id]).get(by_employee_id, ""), "held_on": held_on.isoformat(),
                  "topic": session.topic},
                 f"mentoring.session_logged:{session.id}", link=("mentoring.pair", {"pair_id": pair.id}))
    return session


def _month(day: dt.date) -> tuple[dt.date, dt.date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _credit_capped(employee_id: int, source_ref: str, held_on: dt.date, per_session: Decimal, cap: Decimal,
                   title: str) -> Decimal:
    """Credit up to `per_session` JP without passing the monthly mentoring cap of the employee."""
    start, end = _month(held_on)
    already = ledger.source_total(employee_id, "mentoring", start, end, except_ref=source_ref)
    jp = max(Decimal(0), min(per_session, cap - already))
    if jp > 0:
        ledger.credit(employee_id, source="mentoring", source_ref=source_ref, jp=jp, occurred_on=held_on,
                      title=title, classical=False)
    return jp


def confirm_session(session: MentoringSession, pair: MentoringPair, by_employee_id: int) -> Decimal:
    """The other side confirms; the mentee (and, when the programme says so, the mentor) get JP."""
    _member(pair, by_employee_id)
    if by_employee_id == session.logged_by:
        raise MentoringError(_("Sesi dikonfirmasi oleh pihak lain dari pasangan, bukan oleh yang mencatat."))
    if session.confirmed_at is not None:
        raise MentoringError(_("Sesi ini sudah dikonfirmasi."))
    _require_active(pair)
    programme = programme_of(pair)
    # Serialise confirmations of the same pair so two at once cannot both pass the monthly cap.
    db.session.execute(sa.select(MentoringPair.id).where(MentoringPair.id == pair.id).with_for_update())
    per_session = Decimal(str(conversion("mentoring_session")))
    cap = Decimal(str(conversion("mentoring_monthly_cap")))
    title = f"Mentoring: {session.topic}"[:300]
    session.confirmed_by = by_employee_id
    session.confirmed_at = utcnow()
    session.jp_credited = _credit_capped(pair.mentee_id, f"mentoring_session:{session.id}", session.held_on,
                                         per_session, cap, title)
    if programme.credit_mentor:
        session.mentor_jp_credited = _credit_capped(pair.mentor_id, f"mentoring_session:{session.id}:mentor",
                                                    session.held_on, per_session, cap, title)
    if pair.last_session_on is None or session.held_on > pair.last_session_on:
        pair.last_session_on = session.held_on
    db.session.flush()
    refresh_inactivity(pair, programme)
    return session.jp_credited


def rate_session(session: MentoringSession, pair: MentoringPair, by_employee_id: int, rating: int,
                 comment: str | None) -> None:
    if by_employee_id != pair.mentee_id:
        raise MentoringError(_("Hanya mentee yang menilai sesi."))
    if not 1 <= (rating or 0) <= 5:
        raise MentoringError(_("Beri nilai 1 sampai 5."))
    session.rating = rating
    session.rating_comment = (comment or "").strip()[:500] or None
    db.session.flush()


def flag_problem(pair: MentoringPair, by_employee_id: int, reason: str) -> MentoringFlag:
    _member(pair, by_employee_id)
    reason = (reason or "").strip()
    if not reason:
        raise MentoringError(_("Jelaskan masalahnya agar pengelola kepegawaian dapat menindaklanjuti."))
    flag = MentoringFlag(pair_id=pair.id, raised_by=by_employee_id, reason=reason[:4000])
    db.session.add(flag)
    db.session.flush()
    programme = programme_of(pair)
    names = names_of([pair.mentor_id, pair.mentee_id])
    hr = hr_user_ids()
    if hr:
        announce("mentoring.flagged", hr,
                 {"programme": programme.name, "by": names.get(by_employee_id, ""),
                  "mentor": names.get(pair.mentor_id, ""), "mentee": names.get(pair.mentee_id, "")},
                 f"mentoring.flagged:{flag.id}", link=("mentoring.pair", {"pair_id": pair.id}))
    return flag


def resolve_flag(flag: MentoringFlag, resolution: str | None) -> None:
    if flag.resolved_at is not None:
        raise MentoringError(_("Laporan ini sudah ditindaklanjuti."))
    flag.resolved_at = utcnow()
    flag.resolution = (resolution or "").strip()[:500] or None
    db.session.flush()


# --- closing ---------------------------------------------------------------------------------

def write_reflection(pair: MentoringPair, by_employee_id: int, text: str) -> None:
    role = _member(pair, by_employee_id)
    if pair.status not in ("published", "closed"):
        raise MentoringError(_("Pasangan ini tidak aktif."))
    text = (text or "").strip()
    if not text:
        raise MentoringError(_("Tuliskan refleksi singkat Anda."))
    setattr(pair, f"{role}_reflection", text[:4000])
    if pair.mentor_reflection and pair.mentee_reflection and pair.status == "published":
        pair.status = "closed"
        pair.closed_at = utcnow()
        stop_reminders(pair)
    db.session.flush()


