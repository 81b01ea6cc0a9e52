"""The instants CI replays the date-sensitive tests at (JENJANG_TEST_NOW), the next ones after the
real today so the replay is always in the app's future: 2 January 08:00 WIB, 31 December 23:30 WIT
and 29 February (of the next leap year) 09:00 WIB. Prints one ISO instant per line."""
from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from jenjang.core import clock


def next_date(today: dt.date, month: int, day: int) -> dt.date:
    year = today.year
    while True:
        if month != 2 or day != 29 or calendar.isleap(year):
            candidate = dt.date(year, month, day)
            if candidate > today:
                return candidate
        year += 1


def instants(today: dt.date) -> list[dt.datetime]:
    return [dt.datetime.combine(next_date(today, 1, 2), dt.time(8, 0), ZoneInfo("Asia/Jakarta")),
            dt.datetime.combine(next_date(today, 12, 31), dt.time(23, 30), ZoneInfo("Asia/Jayapura")),
            dt.datetime.combine(next_date(today, 2, 29), dt.time(9, 0), ZoneInfo("Asia/Jakarta"))]


if __name__ == "__main__":
    for moment in instants(clock.today(ZoneInfo("Asia/Jakarta"))):
        print(moment.isoformat())
