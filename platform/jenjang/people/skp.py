"""Which SKP years are final. The SKP (Sasaran Kinerja Pegawai, PermenPANRB 6/2022) of a year is
rated after the year ends and is final only from a date in the next year (by default 31 January,
a tenant setting: DOMAIN.md). Before that date last year's predicate may still be missing or
change, so readers use the year before.

Shared by the 9-box (competency/talent.py) and promotion: one rule, one place.
"""
from __future__ import annotations

import calendar
import datetime as dt

DEFAULT_FINAL_FROM = (1, 31)  # (month, day): 31 January of the next year


def final_from_date(year: int, final_from_month_day: tuple[int, int] = DEFAULT_FINAL_FROM) -> dt.date:
    """The day from which the SKP of `year` is final (in year + 1). A 29 February setting falls
    back to 28 February in common years."""
    month, day = final_from_month_day
    return dt.date(year + 1, month, min(day, calendar.monthrange(year + 1, month)[1]))


def last_final_skp_year(today: dt.date, final_from_month_day: tuple[int, int] = DEFAULT_FINAL_FROM) -> int:
    """The latest year whose SKP is final on `today`: last year from its final date on, the year
    before last until then. On 30 January 2027 (default setting) it is 2025; on 31 January, 2026."""
    last = today.year - 1
    return last if today >= final_from_date(last, final_from_month_day) else last - 1


def final_skp_years(today: dt.date, count: int,
                    final_from_month_day: tuple[int, int] = DEFAULT_FINAL_FROM) -> tuple[int, ...]:
    """The last `count` final years, newest first."""
    last = last_final_skp_year(today, final_from_month_day)
    return tuple(last - n for n in range(max(count, 1)))
