"""Every write of the mentoring module and its business rules. Functions flush, never commit;
a refusal raises MentoringError with the reason in the user's language before anything changes."""
from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.auth.models import User
from jenjang.auth.operations import hr_user_ids
from jenjang.competency.queries import competency_list
from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.mentoring import cohort, matching
from jenjang.mentoring.labels import REFUSALS
from jenjang.mentoring.models import (
    LIVE_PAIR_STATUSES,
    SESSION_MODES,
    MentoringFlag,
    MentoringGoal,
    MentoringPair,
    MentoringParticipant,
    MentoringProgramme,
    MentoringSession,
)
from jenjang.notifications.api import announce, cancel_reminder, schedule_reminder
from jenjang.people.models import Employee
from jenjang.tenancy.models import utcnow

INACTIVE_DAYS = 30


class MentoringError(ValueError):
    """A refused change; str(error) is the reason shown to the user."""


def _refuse(key_or_message) -> MentoringError:
    return MentoringError(str(REFUSALS.get(key_or_message, key_or_message)))


# --- helpers -------------------------------------------------------------------------------

def user_ids_of(employee_ids) -> dict[int, int]:
    ids = [e for e in employee_ids if e is not None]
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(User.employee_id, User.id)
                                   .where(User.employee_id.in_(ids), User.is_active.is_(True))).all())


def names_of(employee_ids) -> dict[int, str]:
    ids = [e for e in employee_ids if e is not None]
    return dict(db.session.execute(sa.select(Employee.id, Employee.full_name).where(Employee.id.in_(ids or [-1]))).all())


def employee(employee_id) -> Employee:
    """An employee of this tenant (the ORM wall hides every other tenant's)."""
    e = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id)) if employee_id else None
    if e is None:
        raise MentoringError(_("Pegawai tidak ditemukan."))
    return e


def programme_of(pair: MentoringPair) -> MentoringProgramme:
    return db.session.scalar(sa.select(MentoringProgramme).where(MentoringProgramme.id == pair.programme_id))


# --- programmes ----------------------------------------------------------------------------

PROGRAMME_FIELDS = ("name", "kind", "goal", "starts_on", "ends_on", "mentor_min_rank_id", "mentor_competency_id",
                    "mentor_min_level", "mentee_rule", "mentee_boxes", "focus_competency_ids", "capacity_per_mentor",
                    "expected_sessions", "allow_same_unit", "allow_reporting_line", "decline_days", "credit_mentor")


def _own_competencies(ids) -> list[int]:
    """The ids, sorted, if every one is a competency of this region (retired ones included: a
    programme may keep a focus that was retired since). The forms send ids back from the browser,
    so another region's id, or one that never existed, is refused here rather than stored."""
    wanted = sorted({int(c) for c in ids or ()})
    if wanted and not set(wanted) <= {c.id for c in competency_list(include_retired=True)}:
        raise MentoringError(_("Kompetensi yang dipilih tidak ada di wilayah ini."))
    return wanted


def save_programme(programme: MentoringProgramme | None, **values) -> MentoringProgramme:
    if "focus_competency_ids" in values:
        values["focus_competency_ids"] = _own_competencies(values["focus_competency_ids"])
    if values.get("mentor_competency_id"):
        _own_competencies([values["mentor_competency_id"]])
    if values["starts_on"] > values["ends_on"]:
        raise MentoringError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if bool(values.get("mentor_competency_id")) != bool(values.get("mentor_min_level")):
        raise MentoringError(_("Syarat kompetensi mentor memerlukan kompetensi dan level minimalnya."))
    if values["mentee_rule"] == "gap" and not values.get("focus_competency_ids"):
        raise MentoringError(_("Pilih kompetensi yang menjadi fokus untuk syarat kesenjangan."))
    if values["mentee_rule"] == "talent_pool" and not values.get("mentee_boxes"):
        values["mentee_boxes"] = [7, 8, 9]
    if programme is None:
        programme = MentoringProgramme(status="open", created_by=audit._actor()[1])
        db.session.add(programme)
    elif programme.status == "closed":
        raise MentoringError(_("Program yang sudah selesai tidak dapat diubah."))
    for key in PROGRAMME_FIELDS:
        if key in values:
            setattr(programme, key, values[key])
    db.session.flush()
    audit.record("mentoring.programme_saved", programme, after={"name": programme.name})
    return programme


def _require_open(programme: MentoringProgramme) -> None:
    if programme.status == "closed":
        raise MentoringError(_("Program ini sudah selesai."))


# --- joining ---------------------------------------------------------------------------------

def join(programme: MentoringProgramme, employee_id: int, role: str, *, text: str | None = None,
         competency_ids=(), capacity: int | None = None, by_hr: bool = False) -> MentoringParticipant:
    """Apply as mentee / volunteer as mentor (by_hr: HR nominates, accepted at once)."""
    _require_open(programme)
    if role not in ("mentor", "mentee"):
        raise MentoringError(_("Peran tidak dikenal."))
    person = employee(employee_id)
    existing = db.session.scalar(sa.select(MentoringParticipant).where(
        MentoringParticipant.programme_id == programme.id, MentoringParticipant.employee_id == person.id))
    if existing is not None and existing.status not in ("withdrawn", "rejected"):
        raise MentoringError(_("%(name)s sudah terdaftar dalam program ini.", name=person.full_name))
    # HR's nomination is judged on every rule at once; an employee's own application on every
    # rule but the talent pool's, which HR applies when reviewing it (see decide_participant), so
    # that nothing the employee sees depends on their potential.
    problem = cohort.ineligible(programme, role, [person.id], talent=by_hr).get(person.id)
    if problem:
        raise _refuse(problem)
    p = existing or MentoringParticipant(programme_id=programme.id, employee_id=person.id)
    p.role = role
    p.status = "accepted" if by_hr else "applied"
    p.source = "hr" if by_hr else "self"
    p.goals = text if role == "mentee" else None
    p.strengths = text if role == "mentor" else None
    p.competency_ids = _own_competencies(competency_ids)
    p.capacity = capacity if role == "mentor" else None
    if existing is None:
        db.session.add(p)
    db.session.flush()
    if by_hr:
        users = user_ids_of([person.id])
        if users:
            announce("mentoring.nominated", list(users.values()),
                     {"programme": programme.name, "role": role, "role_en": role},
                     f"mentoring.nominated:{p.id}:{role}", link=("mentoring.programme", {"cohort_id": programme.id}))
    audit.record("mentoring.joined", p, after={"role": role, "employee_id": person.id, "by_hr": by_hr})
    return p


def decide_participant(p: MentoringParticipant, accept: bool) -> None:
    programme = db.session.scalar(sa.select(MentoringProgramme).where(MentoringProgramme.id == p.programme_id))
    _require_open(programme)
    if p.status not in ("applied", "accepted", "rejected"):
        raise MentoringError(_("Pendaftaran ini sudah ditarik."))
    if not accept:
        live = db.session.scalar(sa.select(sa.func.count()).select_from(MentoringPair).where(
            MentoringPair.programme_id == p.programme_id, MentoringPair.status.in_(LIVE_PAIR_STATUSES),
            sa.or_(MentoringPair.mentor_id == p.employee_id, MentoringPair.mentee_id == p.employee_id)))
        if live:
            raise MentoringError(_("Peserta ini sudah memiliki pasangan; batalkan pasangannya terlebih dahulu."))
    if accept and p.status != "accepted":
        problem = cohort.ineligible(programme, p.role, [p.employee_id]).get(p.employee_id)
        if problem:
            raise _refuse(problem)  # to HR, who reviews; the applicant sees only the decision
    p.status = "accepted" if accept else "rejected"
    db.session.flush()


# --- matching --------------------------------------------------------------------------------

def room_left(programme: MentoringProgramme, mentors: list[matching.MentorProfile], *,
              statuses=("published",), except_pair_id: int | None = None) -> dict[int, int]:
    taken = dict(db.session.execute(
        sa.select(MentoringPair.mentor_id, sa.func.count())
        .where(MentoringPair.programme_id == programme.id, MentoringPair.status.in_(statuses),
               MentoringPair.id != (except_pair_id or -1))
        .group_by(MentoringPair.mentor_id)).all())
    return {m.id: m.capacity - taken.get(m.id, 0) for m in mentors}


def _new_pair(programme, mentee_id, mentor_id, s: matching.PairScore, *, manual=False, reproposal=False):
    pair = MentoringPair(programme_id=programme.id, mentee_id=mentee_id, mentor_id=mentor_id, status="proposed",
                         score=s.total, breakdown=s.as_json(), manual=manual, reproposal=reproposal)
    db.session.add(pair)
    return pair


def run_matching(programme: MentoringProgramme) -> dict:
    """Propose pairs for every accepted mentee without a published pair, optimising the cohort as
    a whole (matching.assign). Replaces the previous unpublished proposals."""
    _require_open(programme)
    db.session.execute(sa.delete(MentoringPair).where(MentoringPair.programme_id == programme.id,
                                                      MentoringPair.status == "proposed"))
    mentees, mentors = cohort.profiles(programme)
    paired = set(db.session.scalars(sa.select(MentoringPair.mentee_id).where(
        MentoringPair.programme_id == programme.id, MentoringPair.status == "published")))
    mentees = [m for m in mentees if m.id not in paired]
    bad = cohort.ineligible(programme, "mentor", [m.id for m in mentors])
    mentors = [m for m in mentors if m.id not in bad]
    bad = cohort.ineligible(programme, "mentee", [m.id for m in mentees])
    mentees = [m for m in mentees if m.id not in bad]
    room = room_left(programme, mentors)
    capacity = [max(0, room[m.id]) for m in mentors]
    rules = cohort.pair_rules(programme)
    result = matching.assign(matching.score_matrix(mentees, mentors, rules), capacity)
    made = 0
    for mentee, j in zip(mentees, result, strict=True):
        if j is None:
            continue
        mentor = mentors[j]
        _new_pair(programme, mentee.id, mentor.id, matching.score(mentee, mentor, rules))
        made += 1
    db.session.flush()
    audit.record("mentoring.matched", programme, after={"proposed": made, "unmatched": len(mentees) - made})
    return {"proposed": made, "unmatched": len(mentees) - made, "mentees": len(mentees), "mentors": len(mentors)}


def _pair_problem(programme, mentee_id: int, mentor_id: int, *, except_pair_id: int | None = None):
    """(refusal key, score) for a pair HR wants; the checks the matching applies, one by one."""
    if mentee_id == mentor_id:
        return "self", None
    parts = dict(db.session.execute(sa.select(MentoringParticipant.employee_id, MentoringParticipant.role).where(
        MentoringParticipant.programme_id == programme.id, MentoringParticipant.status == "accepted",
        MentoringParticipant.employee_id.in_([mentee_id, mentor_id]))).all())
    if parts.get(mentee_id) != "mentee":
        return _("Pegawai ini bukan mentee yang diterima dalam program ini."), None
    if parts.get(mentor_id) != "mentor":
        return _("Pegawai ini bukan mentor yang diterima dalam program ini."), None
    mentees, mentors = cohort.profiles(programme, mentee_ids=[mentee_id], mentor_ids=[mentor_id])
    if not mentees or not mentors:
        return "inactive", None
    problem = cohort.ineligible(programme, "mentor", [mentor_id]).get(mentor_id)
    if problem:
        return problem, None
    rules = cohort.pair_rules(programme)
    problem = matching.refusal(mentees[0], mentors[0], rules)
    if problem:
        return problem, None
    room = room_left(programme, mentors, statuses=LIVE_PAIR_STATUSES, except_pair_id=except_pair_id)
    if room[mentor_id] <= 0:
        return "capacity", None
    return None, matching.score(mentees[0], mentors[0], rules)


def add_pair(programme: MentoringProgramme, mentee_id: int, mentor_id: int) -> MentoringPair:
    """HR pairs by hand (a proposal, published with the others)."""
    _require_open(programme)
    employee(mentee_id), employee(mentor_id)
    live = db.session.scalar(sa.select(MentoringPair).where(
        MentoringPair.programme_id == programme.id, MentoringPair.mentee_id == mentee_id,
        MentoringPair.status.in_(LIVE_PAIR_STATUSES)))
    if live is not None:
        raise MentoringError(_("Mentee ini sudah memiliki pasangan dalam program ini."))
    problem, s = _pair_problem(programme, mentee_id, mentor_id)
    if problem:
        raise _refuse(problem)
    pair = _new_pair(programme, mentee_id, mentor_id, s, manual=True)
    db.session.flush()
    audit.record("mentoring.pair_added", pair, after={"mentee_id": mentee_id, "mentor_id": mentor_id})
    return pair


def change_mentor(pair: MentoringPair, mentor_id: int) -> MentoringPair:
    """HR adjusts a proposal: another mentor for the same mentee."""
    programme = programme_of(pair)
    _require_open(programme)
    if pair.status != "proposed":
        raise MentoringError(_("Hanya usulan yang belum diterbitkan yang dapat diubah."))
    employee(mentor_id)
    problem, s = _pair_problem(programme, pair.mentee_id, mentor_id, except_pair_id=pair.id)
    if problem:
        raise _refuse(problem)
    before = {"mentor_id": pair.mentor_id}
    pair.mentor_id, pair.score, pair.breakdown, pair.manual = mentor_id, s.total, s.as_json(), True
    db.session.flush()
    audit.record("mentoring.pair_changed", pair, before=before, after={"mentor_id": mentor_id})
    return pair


def drop_proposal(pair: MentoringPair) -> None:
    if pair.status != "proposed":
        raise MentoringError(_("Hanya usulan yang belum diterbitkan yang dapat dihapus."))
    db.session.delete(pair)
    db.session.flush()


def _due(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=clock.tenant_zone())  # 08:00 in the region


def refresh_inactivity(pair: MentoringPair, programme: MentoringProgramme) -> None:
    """The 30-days-without-a-session reminder (to the pair) and at-risk alert (to HR), moved
    forward at every session."""
    since = pair.last_session_on or (clock.local_date(pair.published_at) if pair.published_at else clock.today())
    due = _due(since + dt.timedelta(days=INACTIVE_DAYS))
    names = names_of([pair.mentor_id, pair.mentee_id])
    payload = {"programme": programme.name, "mentor": names.get(pair.mentor_id, ""),
               "mentee": names.get(pair.mentee_id, "")}
    link = ("mentoring.pair", {"pair_id": pair.id})
    users = user_ids_of([pair.mentor_id, pair.mentee_id])
    if users:
        schedule_reminder("mentoring.inactive", list(users.values()), payload, key=f"mentoring.inactive:{pair.id}",
                          due_at=due, link=link)
    hr = hr_user_ids()
    if hr:
        schedule_reminder("mentoring.at_risk", hr, payload, key=f"mentoring.at_risk:{pair.id}", due_at=due, link=link)


def _stop_reminders(pair: MentoringPair) -> None:
    cancel_reminder(f"mentoring.inactive:{pair.id}")
    cancel_reminder(f"mentoring.at_risk:{pair.id}")


def _announce_pair(pair: MentoringPair, programme: MentoringProgramme) -> None:
    names = names_of([pair.mentor_id, pair.mentee_id])
    users = user_ids_of([pair.mentor_id, pair.mentee_id])
    deadline = pair.decline_deadline.isoformat() if pair.decline_deadline else ""
    for role, who, other in (("mentor", pair.mentor_id, pair.mentee_id), ("mentee", pair.mentee_id, pair.mentor_id)):
        if who in users:
            announce("mentoring.matched", [users[who]],
                     {"programme": programme.name, "role": role, "role_en": role, "other": names.get(other, ""),
                      "deadline": deadline},
                     f"mentoring.matched:{pair.id}:{role}", link=("mentoring.pair", {"pair_id": pair.id}))


def publish(programme: MentoringProgramme, *, today: dt.date | None = None) -> int:
    """Publish every proposal: both sides are notified; the mentor may decline until the deadline."""
    _require_open(programme)
    today = today or clock.today()
    pairs = db.session.scalars(sa.select(MentoringPair).where(MentoringPair.programme_id == programme.id,
                                                              MentoringPair.status == "proposed")).all()
    if not pairs:
        raise MentoringError(_("Tidak ada usulan pasangan untuk diterbitkan. Jalankan pencocokan terlebih dahulu."))
    now = utcnow()
    for pair in pairs:
        pair.status = "published"
        pair.published_at = now
        pair.decline_deadline = today + dt.timedelta(days=programme.decline_days)
    programme.status = "running"
    programme.published_at = programme.published_at or now
    db.session.flush()
    for pair in pairs:
        _announce_pair(pair, programme)
        refresh_inactivity(pair, programme)
    audit.record("mentoring.published", programme, after={"pairs": len(pairs)})
    return len(pairs)


def decline(pair: MentoringPair, by_employee_id: int, reason: str | None, *,
            today: dt.date | None = None) -> MentoringPair | None:
    """The mentor declines before the deadline; the system proposes the next best mentor for the
    mentee (a proposal HR publishes). Returns the new proposal, if any."""
    today = today or clock.today()
    programme = programme_of(pair)
    _require_open(programme)
    if by_employee_id != pair.mentor_id:
        raise MentoringError(_("Hanya mentor yang dapat menolak pasangan ini."))
    if pair.status != "published":
        raise MentoringError(_("Pasangan ini tidak dalam status aktif."))
    if pair.decline_deadline is None or today > pair.decline_deadline:
        raise MentoringError(_("Batas waktu untuk menolak sudah lewat. Hubungi pengelola kepegawaian bila ada kendala."))
    if db.session.scalar(sa.select(sa.func.count()).select_from(MentoringSession).where(
            MentoringSession.pair_id == pair.id)):
        raise MentoringError(_("Pasangan yang sudah mencatat sesi tidak dapat ditolak; laporkan masalahnya ke pengelola kepegawaian."))
    pair.status = "declined"
    pair.declined_at = utcnow()
    pair.decline_reason = (reason or "").strip()[:500] or None
    _stop_reminders(pair)
    db.session.flush()
    mentees, mentors = cohort.profiles(programme, mentee_ids=[pair.mentee_id])
    proposal = None
    if mentees:
        bad = cohort.ineligible(programme, "mentor", [m.id for m in mentors])
        mentors = [m for m in mentors if m.id not in bad]
        room = room_left(programme, mentors, statuses=LIVE_PAIR_STATUSES)
        best = matching.best_for_one(mentees[0], mentors, cohort.pair_rules(programme), room)
        if best is not None:
            proposal = _new_pair(programme, pair.mentee_id, best[0].id, best[1], reproposal=True)
            db.session.flush()
    names = names_of([pair.mentor_id, pair.mentee_id, proposal.mentor_id if proposal else None])
    hr = hr_user_ids()
    if hr:
        announce("mentoring.declined", hr,
                 {"programme": programme.name, "mentor": names.get(pair.mentor_id, ""),
                  "mentee": names.get(pair.mentee_id, ""),
                  "proposed": names.get(proposal.mentor_id, "") if proposal else ""},
                 f"mentoring.declined:{pair.id}", link=("mentoring.matching", {"cohort_id": programme.id}))
    audit.record("mentoring.declined", pair, after={"reproposed": proposal.mentor_id if proposal else None})
    return proposal


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
        from jenjang.competency.operations import CompetencyError, usable_competency

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
    from jenjang.training import ledger
    from jenjang.training.models import JpEntry

    start, end = _month(held_on)
    already = Decimal(db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(JpEntry.jp), 0))
        .where(JpEntry.employee_id == employee_id, JpEntry.source == "mentoring", JpEntry.source_ref != source_ref,
               JpEntry.occurred_on >= start, JpEntry.occurred_on <= end)))
    jp = max(Decimal(0), min(per_session, cap - already))
    if jp > 0:
        ledger.credit(employee_id, source="mentoring", source_ref=source_ref, jp=jp, occurred_on=held_on,
                      title=title, classical=False)
    return jp


def confirm_session(session: MentoringSession, pair: MentoringPair, by_employee_id: int) -> Decimal:
    """The other side confirms; the mentee (and, when the programme says so, the mentor) get JP."""
    from jenjang.training.settings import conversion

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
        _stop_reminders(pair)
    db.session.flush()


def close_programme(programme: MentoringProgramme) -> int:
    """HR closes the programme: every pair still running closes; proposals are dropped."""
    _require_open(programme)
    db.session.execute(sa.delete(MentoringPair).where(MentoringPair.programme_id == programme.id,
                                                      MentoringPair.status == "proposed"))
    pairs = db.session.scalars(sa.select(MentoringPair).where(MentoringPair.programme_id == programme.id,
                                                              MentoringPair.status == "published")).all()
    for pair in pairs:
        pair.status = "closed"
        pair.closed_at = utcnow()
        _stop_reminders(pair)
    programme.status = "closed"
    programme.closed_at = utcnow()
    db.session.flush()
    audit.record("mentoring.closed", programme, after={"pairs": len(pairs)})
    return len(pairs)
