"""Attendance per day of a session: every calendar day from the first to the last day of the session
(in the tenant's time zone) is a day the facilitator or HR can mark each participant present or absent.

Participants are the enrolments that hold a seat and were accepted (approved, completed, not
completed); pending and waitlisted enrolments are not on the list.

    days = session_days(session)
    set_attendance(session, enrolment_id, day, present=True, by="hr@x.demo")
    day_counts(session.id, days, day)   -> DayCounts(present, absent, unmarked, total)
    present_days(session.id)            -> {enrolment_id: days present}
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import insert

from jenjang.core import clock
from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.people.api import Employee, display_name
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import utcnow
from jenjang.training.delivery.models import Attendance
from jenjang.training.models import Enrolment, TrainingSession

ROSTER_STATUSES = ("approved", "completed", "not_completed")
MAX_DAYS = 400  # a session longer than this shows its first MAX_DAYS days (e-learning over a year)


class AttendanceError(Refusal):
    """A refused attendance mark (not a session day, a day to come, a participant not enrolled)."""


tenant_zone = clock.tenant_zone
local_date = clock.local_date
today = clock.today


def session_dates(session: TrainingSession, zone: ZoneInfo | None = None) -> tuple[dt.date, dt.date]:
    """The first and last calendar day of the session (local). A session ending at midnight ends the
    day before."""
    zone = zone or tenant_zone()
    first = local_date(session.starts_at, zone)
    end_local = session.ends_at.astimezone(zone)
    last = end_local.date()
    if end_local.time() == dt.time(0, 0) and last > first:
        last -= dt.timedelta(days=1)
    return first, max(first, last)


def session_days(session: TrainingSession, zone: ZoneInfo | None = None) -> list[dt.date]:
    first, last = session_dates(session, zone)
    count = min((last - first).days + 1, MAX_DAYS)
    return [first + dt.timedelta(days=i) for i in range(count)]


@dataclass
class Participant:
    enrolment_id: int
    employee_id: int
    name: str
    nip: str
    status: str
    score: object
    certificate_code: str | None
    completed_at: dt.datetime | None


def roster(session_id: int) -> list[Participant]:
    """The session's participants, by name (one query)."""
    rows = db.session.execute(
        sa.select(Enrolment.id, Enrolment.employee_id, Employee.full_name, Employee.front_title,
                  Employee.back_title, Employee.nip, Enrolment.status, Enrolment.score,
                  Enrolment.certificate_code, Enrolment.completed_at)
        .join(Employee, sa.and_(Employee.tenant_id == Enrolment.tenant_id, Employee.id == Enrolment.employee_id))
        .where(Enrolment.session_id == session_id, Enrolment.status.in_(ROSTER_STATUSES))
        .order_by(Employee.full_name, Enrolment.id)).all()
    return [Participant(r.id, r.employee_id, display_name(r), r.nip, r.status, r.score, r.certificate_code,
                        r.completed_at) for r in rows]


def marks(session_id: int, day: dt.date | None = None) -> dict[tuple[int, dt.date], bool]:
    """(enrolment id, day) → present, for the session's participants (one day or all days)."""
    q = (sa.select(Attendance.enrolment_id, Attendance.day, Attendance.present)
         .join(Enrolment, sa.and_(Enrolment.tenant_id == Attendance.tenant_id, Enrolment.id == Attendance.enrolment_id))
         .where(Enrolment.session_id == session_id, Enrolment.status.in_(ROSTER_STATUSES)))
    if day is not None:
        q = q.where(Attendance.day == day)
    return {(r.enrolment_id, r.day): r.present for r in db.session.execute(q)}


def present_days(session_id: int, days: list[dt.date] | None = None) -> dict[int, int]:
    """Enrolment id → number of days marked present (only days of the session count)."""
    q = (sa.select(Attendance.enrolment_id, sa.func.count())
         .join(Enrolment, sa.and_(Enrolment.tenant_id == Attendance.tenant_id, Enrolment.id == Attendance.enrolment_id))
         .where(Enrolment.session_id == session_id, Attendance.present.is_(True))
         .group_by(Attendance.enrolment_id))
    if days:
        q = q.where(Attendance.day >= days[0], Attendance.day <= days[-1])
    return dict(db.session.execute(q).all())


@dataclass
class DayCounts:
    present: int
    absent: int
    total: int

    @property
    def unmarked(self) -> int:
        return self.total - self.present - self.absent


def day_counts(session_id: int, day: dt.date) -> DayCounts:
    row = db.session.execute(
        sa.select(sa.func.count(Enrolment.id),
                  sa.func.count(Attendance.id).filter(Attendance.present.is_(True)),
                  sa.func.count(Attendance.id).filter(Attendance.present.is_(False)))
        .select_from(Enrolment)
        .outerjoin(Attendance, sa.and_(Attendance.tenant_id == Enrolment.tenant_id,
                                       Attendance.enrolment_id == Enrolment.id, Attendance.day == day))
        .where(Enrolment.session_id == session_id, Enrolment.status.in_(ROSTER_STATUSES))).one()
    return DayCounts(present=row[1], absent=row[2], total=row[0])


def set_attendance(session: TrainingSession, enrolment_id: int, day: dt.date, present: bool,
                   by: str | None = None) -> None:
    """Mark one participant present or absent on one day of the session (insert or update)."""
    zone = tenant_zone()
    days = session_days(session, zone)
    if day not in days:
        raise AttendanceError(_("Tanggal itu bukan hari pelaksanaan sesi ini."))
    if day > today(zone):
        raise AttendanceError(_("Kehadiran hari yang belum tiba belum dapat dicatat."))
    enrolment = db.session.scalar(sa.select(Enrolment).where(
        Enrolment.id == enrolment_id, Enrolment.session_id == session.id))
    if enrolment is None or enrolment.status not in ROSTER_STATUSES:
        raise AttendanceError(_("Peserta ini tidak terdaftar (disetujui) pada sesi ini."))
    stmt = insert(Attendance).values(tenant_id=require_tenant_id(), enrolment_id=enrolment_id, day=day,
                                     present=bool(present), recorded_by=by, recorded_at=utcnow())
    stmt = stmt.on_conflict_do_update(
        index_elements=["tenant_id", "enrolment_id", "day"],
        set_={"present": stmt.excluded.present, "recorded_by": stmt.excluded.recorded_by,
              "recorded_at": stmt.excluded.recorded_at})
    db.session.execute(stmt)


def mark_all(session: TrainingSession, day: dt.date, present: bool, by: str | None = None) -> int:
    """Mark every participant not yet marked on `day` (a shortcut: "semua hadir"); one statement."""
    zone = tenant_zone()
    if day not in session_days(session, zone):
        raise AttendanceError(_("Tanggal itu bukan hari pelaksanaan sesi ini."))
    if day > today(zone):
        raise AttendanceError(_("Kehadiran hari yang belum tiba belum dapat dicatat."))
    rows = sa.select(Enrolment.tenant_id, Enrolment.id, sa.literal(day, sa.Date), sa.literal(bool(present)),
                     sa.literal(by, sa.String), sa.literal(utcnow(), sa.DateTime(timezone=True))) \
        .where(Enrolment.session_id == session.id, Enrolment.status.in_(ROSTER_STATUSES))
    stmt = insert(Attendance).from_select(
        ["tenant_id", "enrolment_id", "day", "present", "recorded_by", "recorded_at"], rows) \
        .on_conflict_do_nothing(index_elements=["tenant_id", "enrolment_id", "day"]).returning(Attendance.id)
    return len(db.session.execute(stmt).all())
