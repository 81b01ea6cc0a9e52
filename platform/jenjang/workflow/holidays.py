"""The region's holiday calendar as the BKPSDM keeps it: the days it adds, edits and deletes (the
seeded national holidays and cuti bersama stay as the SKB has them), and what the calendar page
reads. The working-day arithmetic that counts against this calendar is in workdays.py."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.core import audit
from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.tenancy.models import utcnow
from jenjang.workflow.models import HOLIDAY_KINDS, Holiday


class HolidayError(Refusal):
    """Bad input; `field` names the form field the message belongs to."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field)


@dataclass
class HolidayInput:
    day: dt.date
    name: str
    kind: str
    source: str


def holidays_of(year: int) -> list[Holiday]:
    return list(db.session.scalars(sa.select(Holiday).where(
        Holiday.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31))).order_by(Holiday.day, Holiday.name)))


def years_shown(today: dt.date) -> list[int]:
    stored = set(db.session.scalars(sa.select(sa.extract("year", Holiday.day).cast(sa.Integer)).distinct()))
    return sorted(stored | {today.year, today.year + 1})


def _check(data: HolidayInput, holiday: Holiday | None) -> HolidayInput:
    name, source = (data.name or "").strip(), (data.source or "").strip()
    if not name:
        raise HolidayError("name", _("Isi nama hari libur."))
    if not source:
        raise HolidayError("source", _("Isi dasar penetapannya, misalnya nomor keputusan kepala daerah."))
    if data.kind not in HOLIDAY_KINDS:
        raise HolidayError("kind", _("Pilih jenis hari libur."))
    if not 2000 <= data.day.year <= 2100:
        raise HolidayError("day", _("Tanggal harus antara tahun 2000 dan 2100."))
    clash = sa.select(Holiday.id).where(Holiday.day == data.day, sa.func.lower(Holiday.name) == name.lower())
    if holiday is not None:
        clash = clash.where(Holiday.id != holiday.id)
    if db.session.scalar(clash) is not None:
        raise HolidayError("name", _("%(name)s pada %(day)s sudah ada di kalender.", name=name,
                                     day=data.day.isoformat()))
    return HolidayInput(data.day, name, data.kind, source)


def _snapshot(h: Holiday) -> dict:
    return {"day": h.day.isoformat(), "name": h.name, "kind": h.kind, "source": h.source}


def _refuse_seeded(holiday: Holiday) -> None:
    if holiday.seeded:
        raise HolidayError("name", _("Hari libur nasional dari SKB tidak dapat diubah atau dihapus di sini."))


def add_holiday(data: HolidayInput, by: str) -> Holiday:
    clean = _check(data, None)
    holiday = Holiday(day=clean.day, name=clean.name, kind=clean.kind, source=clean.source, seeded=False,
                      updated_at=utcnow(), updated_by=by[:254])
    db.session.add(holiday)
    db.session.flush()
    audit.record("holiday.added", holiday, after=_snapshot(holiday))
    return holiday


def update_holiday(holiday: Holiday, data: HolidayInput, by: str) -> Holiday:
    _refuse_seeded(holiday)
    clean = _check(data, holiday)
    before = _snapshot(holiday)
    holiday.day, holiday.name, holiday.kind, holiday.source = clean.day, clean.name, clean.kind, clean.source
    holiday.updated_at, holiday.updated_by = utcnow(), by[:254]
    db.session.flush()
    old, new = audit.diff(before, _snapshot(holiday))
    if new:
        audit.record("holiday.changed", holiday, before=old, after=new)
    return holiday


def delete_holiday(holiday: Holiday) -> None:
    _refuse_seeded(holiday)
    audit.record("holiday.deleted", holiday, before=_snapshot(holiday))
    db.session.delete(holiday)
    db.session.flush()
