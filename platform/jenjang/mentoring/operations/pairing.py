"""Pairs: the cohort's matching, HR's adjustments by hand, publishing the proposals and a
mentor's decline (with the next best mentor proposed in their place)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.auth.operations import hr_user_ids
from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.mentoring import cohort, matching
from jenjang.mentoring.models import (
    LIVE_PAIR_STATUSES,
    MentoringPair,
    MentoringParticipant,
    MentoringProgramme,
    MentoringSession,
)
from jenjang.mentoring.operations.common import (
    MentoringError,
    employee,
    names_of,
    programme_of,
    refuse,
    require_open,
    user_ids_of,
)
from jenjang.mentoring.operations.reminders import refresh_inactivity, stop_reminders
from jenjang.notifications.api import announce
from jenjang.tenancy.models import utcnow

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
    require_open(programme)
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
    require_open(programme)
    employee(mentee_id), employee(mentor_id)
    live = db.session.scalar(sa.select(MentoringPair).where(
        MentoringPair.programme_id == programme.id, MentoringPair.mentee_id == mentee_id,
        MentoringPair.status.in_(LIVE_PAIR_STATUSES)))
    if live is not None:
        raise MentoringError(_("Mentee ini sudah memiliki pasangan dalam program ini."))
    problem, s = _pair_problem(programme, mentee_id, mentor_id)
    if problem:
        raise refuse(problem)
    pair = _new_pair(programme, mentee_id, mentor_id, s, manual=True)
    db.session.flush()
    audit.record("mentoring.pair_added", pair, after={"mentee_id": mentee_id, "mentor_id": mentor_id})
    return pair


def change_mentor(pair: MentoringPair, mentor_id: int) -> MentoringPair:
    """HR adjusts a proposal: another mentor for the same mentee."""
    programme = programme_of(pair)
    require_open(programme)
    if pair.status != "proposed":
        raise MentoringError(_("Hanya usulan yang belum diterbitkan yang dapat diubah."))
    employee(mentor_id)
    problem, s = _pair_problem(programme, pair.mentee_id, mentor_id, except_pair_id=pair.id)
    if problem:
        raise refuse(problem)
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
    require_open(programme)
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
    require_open(programme)
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
    stop_reminders(pair)
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


