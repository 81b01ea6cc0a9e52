"""Working days: the arithmetic SLAs and reminders use, and the national calendar every tenant gets.

A working day is Monday to Friday and not in the tenant's `holidays` table: national holidays
and cuti bersama (joint leave days), seeded from the joint decree (SKB) of the Minister of
Religious Affairs, the Minister of Manpower and the Minister of State Apparatus (PANRB) for each
year, and the region's own holidays, which the tenant adds. Dates are the tenant's local dates.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.tenancy.operations import provisioner
from jenjang.workflow.models import Holiday

KIND_LABELS = {"national": _l("Libur nasional"), "joint_leave": _l("Cuti bersama"),
               "regional": _l("Libur daerah")}

SKB_2026 = ("SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497 Tahun 2025, "
            "Nomor 2 Tahun 2025, Nomor 5 Tahun 2025 tentang Hari Libur Nasional dan Cuti Bersama Tahun 2026")
KEPPRES_FIXED = ("Keppres 8/2024 tentang Hari-Hari Libur (tanggal tetap); SKB hari libur nasional dan "
                 "cuti bersama 2027 belum ditemukan")

# (date, name, kind, source). 2026: the SKB signed 19 September 2025 (17 national holidays, 8 days
# of cuti bersama). 2027: its SKB could not be found when this was written, so only the holidays
# whose date Keppres 8/2024 fixes are seeded; the moveable ones (Idulfitri, Iduladha, Imlek,
# Nyepi, Waisak, Easter …) wait for the decree (see YEARS_INCOMPLETE).
NATIONAL_SEED: tuple[tuple[str, str, str, str], ...] = (
    ("2026-01-01", "Tahun Baru 2026 Masehi", "national", SKB_2026),
    ("2026-01-16", "Isra Mikraj Nabi Muhammad S.A.W.", "national", SKB_2026),
    ("2026-02-16", "Cuti bersama Tahun Baru Imlek 2577 Kongzili", "joint_leave", SKB_2026),
    ("2026-02-17", "Tahun Baru Imlek 2577 Kongzili", "national", SKB_2026),
    ("2026-03-18", "Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)", "joint_leave", SKB_2026),
    ("2026-03-19", "Hari Suci Nyepi (Tahun Baru Saka 1948)", "national", SKB_2026),
    ("2026-03-20", "Cuti bersama Idulfitri 1447 Hijriah", "joint_leave", SKB_2026),
    ("2026-03-21", "Idulfitri 1447 Hijriah", "national", SKB_2026),
    ("2026-03-22", "Idulfitri 1447 Hijriah (hari kedua)", "national", SKB_2026),
    ("2026-03-23", "Cuti bersama Idulfitri 1447 Hijriah", "joint_leave", SKB_2026),
    ("2026-03-24", "Cuti bersama Idulfitri 1447 Hijriah", "joint_leave", SKB_2026),
    ("2026-04-03", "Wafat Yesus Kristus", "national", SKB_2026),
    ("2026-04-05", "Kebangkitan Yesus Kristus (Paskah)", "national", SKB_2026),
    ("2026-05-01", "Hari Buruh Internasional", "national", SKB_2026),
    ("2026-05-14", "Kenaikan Yesus Kristus", "national", SKB_2026),
    ("2026-05-15", "Cuti bersama Kenaikan Yesus Kristus", "joint_leave", SKB_2026),
    ("2026-05-27", "Iduladha 1447 Hijriah", "national", SKB_2026),
    ("2026-05-28", "Cuti bersama Iduladha 1447 Hijriah", "joint_leave", SKB_2026),
    ("2026-05-31", "Hari Raya Waisak 2570 BE", "national", SKB_2026),
    ("2026-06-01", "Hari Lahir Pancasila", "national", SKB_2026),
    ("2026-06-16", "1 Muharam Tahun Baru Islam 1448 Hijriah", "national", SKB_2026),
    ("2026-08-17", "Proklamasi Kemerdekaan", "national", SKB_2026),
    ("2026-08-25", "Maulid Nabi Muhammad S.A.W.", "national", SKB_2026),
    ("2026-12-24", "Cuti bersama Kelahiran Yesus Kristus", "joint_leave", SKB_2026),
    ("2026-12-25", "Kelahiran Yesus Kristus", "national", SKB_2026),
    ("2027-01-01", "Tahun Baru 2027 Masehi", "national", KEPPRES_FIXED),
    ("2027-05-01", "Hari Buruh Internasional", "national", KEPPRES_FIXED),
    ("2027-06-01", "Hari Lahir Pancasila", "national", KEPPRES_FIXED),
    ("2027-08-17", "Proklamasi Kemerdekaan", "national", KEPPRES_FIXED),
    ("2027-12-25", "Kelahiran Yesus Kristus", "national", KEPPRES_FIXED),
)
# Years whose national calendar is only partly seeded: the page says so.
YEARS_INCOMPLETE = {2027: _l("SKB hari libur nasional dan cuti bersama tahun 2027 belum ditemukan saat "
                             "kalender ini diisi. Hanya hari libur bertanggal tetap (Keppres 8/2024) yang "
                             "tercantum; tambahkan hari libur lain dan cuti bersama setelah SKB terbit.")}


@provisioner
def ensure_national_holidays() -> None:
    """Seed the national holidays and cuti bersama the tenant does not have yet (idempotent;
    seeded rows are read-only, so a missing one was never there)."""
    have = set(db.session.execute(sa.select(Holiday.day, Holiday.name).where(Holiday.seeded.is_(True))).all())
    for day, name, kind, source in NATIONAL_SEED:
        when = dt.date.fromisoformat(day)
        if (when, name) not in have:
            db.session.add(Holiday(day=when, name=name, kind=kind, source=source, seeded=True))
    db.session.flush()


# --- the arithmetic ------------------------------------------------------------------------

def holiday_dates(first: dt.date, last: dt.date) -> set[dt.date]:
    return set(db.session.scalars(sa.select(Holiday.day).where(Holiday.day.between(first, last))))


def is_working_day(day: dt.date, off: set[dt.date]) -> bool:
    return day.weekday() < 5 and day not in off


def add_working_days(start: dt.datetime, days: int, zone: ZoneInfo | None = None) -> dt.datetime:
    """`days` working days after `start` (aware), at the same local time of day. The count starts
    the day after `start`; weekends and the tenant's holidays are skipped."""
    zone = zone or clock.tenant_zone()
    local = start.astimezone(zone)
    day, remaining = local.date(), days
    horizon, off = day, set()
    while remaining > 0:
        day += dt.timedelta(days=1)
        if day > horizon:  # load the calendar a stretch at a time (a year's holidays are few)
            horizon = day + dt.timedelta(days=2 * remaining + 60)
            off = holiday_dates(day, horizon)
        if is_working_day(day, off):
            remaining -= 1
    return dt.datetime.combine(day, local.time(), tzinfo=zone).astimezone(dt.UTC)
