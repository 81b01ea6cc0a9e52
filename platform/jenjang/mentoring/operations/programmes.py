"""Programmes (cohorts): saving one, joining it as mentor or mentee, HR's decision on an
application, and closing it."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.competency.queries import competency_list
from jenjang.core import audit
from jenjang.extensions import db
from jenjang.mentoring import cohort
from jenjang.mentoring.models import (
    LIVE_PAIR_STATUSES,
    MentoringPair,
    MentoringParticipant,
    MentoringProgramme,
)
from jenjang.mentoring.operations.common import MentoringError, employee, refuse, require_open, user_ids_of
from jenjang.mentoring.operations.reminders import stop_reminders
from jenjang.notifications.api import announce
from jenjang.tenancy.models import utcnow

PROGRAMME_FIELDS = ("name", "kind", "goal", "starts_on", "ends_on", "mentor_min_rank_id", "mentor_min_grade_id",
                    "mentor_competency_id",
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


# --- joining ---------------------------------------------------------------------------------

def join(programme: MentoringProgramme, employee_id: int, role: str, *, text: str | None = None,
         competency_ids=(), capacity: int | None = None, by_hr: bool = False) -> MentoringParticipant:
    """Apply as mentee / volunteer as mentor (by_hr: HR nominates, accepted at once)."""
    require_open(programme)
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
        raise refuse(problem)
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
    require_open(programme)
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
            raise refuse(problem)  # to HR, who reviews; the applicant sees only the decision
    p.status = "accepted" if accept else "rejected"
    db.session.flush()


def close_programme(programme: MentoringProgramme) -> int:
    """HR closes the programme: every pair still running closes; proposals are dropped."""
    require_open(programme)
    db.session.execute(sa.delete(MentoringPair).where(MentoringPair.programme_id == programme.id,
                                                      MentoringPair.status == "proposed"))
    pairs = db.session.scalars(sa.select(MentoringPair).where(MentoringPair.programme_id == programme.id,
                                                              MentoringPair.status == "published")).all()
    for pair in pairs:
        pair.status = "closed"
        pair.closed_at = utcnow()
        stop_reminders(pair)
    programme.status = "closed"
    programme.closed_at = utcnow()
    db.session.flush()
    audit.record("mentoring.closed", programme, after={"pairs": len(pairs)})
    return len(pairs)
