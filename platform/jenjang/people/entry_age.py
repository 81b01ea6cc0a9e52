"""The maximum age at entry of a PNS, read from the NIP.

PP 11/2017 Pasal 23 ayat (1) huruf a, as amended by PP 17/2020: an applicant is at least 18 and at
most 35 years old *when applying*; ayat (2): for certain positions (jabatan tertentu, set by the
President) the maximum is 40. The NIP holds the birth date and the TMT CPNS (the month service
began), not the application date, which comes some months before the TMT. So a start of service
after the maximum age is a *warning* to check (a mistyped NIP, or an entry under an exception),
never a refusal.

The ages are the tenant's reference data with their citation (PeopleSettings); which positions are
"jabatan tertentu" is a per-position flag (Position.entry_age_exception) because the list is set
outside this regulation. PPPK are not checked: their number is not a NIP and their age limit is
another rule (PP 49/2018).

"At most 35" is read as: on the TMT the employee has not passed their 35th birthday (35 years and
0 days is still within; one day more is over), as the CASN announcements state it ("paling tinggi
35 tahun pada tanggal …").
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.people.models import (
    ENTRY_AGE_MAX,
    ENTRY_AGE_MAX_EXCEPTION,
    ENTRY_AGE_REGULATION,
    PPPK_TYPES,
    PeopleSettings,
)
from jenjang.people.nip import add_years
from jenjang.people.problems import Problem


@dataclass(frozen=True)
class EntryAgeRules:
    max_age: int = ENTRY_AGE_MAX
    max_age_exception: int = ENTRY_AGE_MAX_EXCEPTION
    regulation: str = ENTRY_AGE_REGULATION

    def limit(self, exception: bool) -> int:
        return self.max_age_exception if exception else self.max_age


def load_entry_age_rules() -> EntryAgeRules:
    row = db.session.scalar(sa.select(PeopleSettings))
    if row is None:
        return EntryAgeRules()
    return EntryAgeRules(row.entry_age_max, row.entry_age_max_exception, row.entry_age_regulation)


def age_on(birth: dt.date, day: dt.date) -> tuple[int, int, int]:
    """(years, months, days) completed on `day`."""
    months = (day.year - birth.year) * 12 + day.month - birth.month
    if day.day < birth.day:
        months -= 1
    anchor_year, anchor_month = divmod(birth.year * 12 + birth.month - 1 + months, 12)
    anchor = _clamped(anchor_year, anchor_month + 1, birth.day)
    return months // 12, months % 12, (day - anchor).days


def _clamped(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def entry_age_problem(birth: dt.date, tmt_cpns: dt.date, rules: EntryAgeRules, *, exception: bool = False,
                      employment_type: str = "PNS") -> Problem | None:
    """A warning when the TMT CPNS falls after the day the employee passed the maximum age."""
    if employment_type in PPPK_TYPES:
        return None
    limit = rules.limit(exception)
    if tmt_cpns <= add_years(birth, limit):
        return None
    years, months, days = age_on(birth, tmt_cpns)
    return Problem("nip.entry_age", tmt=tmt_cpns.strftime("%m-%Y"), years=years, months=months, days=days,
                   limit=limit, regulation=rules.regulation)


def employee_entry_age_problem(employee, position=None, rules: EntryAgeRules | None = None) -> Problem | None:
    """The warning for a stored employee (their NIP's birth date and TMT, their position's flag)."""
    if employee.birth_date is None or employee.tmt_cpns is None:
        return None
    return entry_age_problem(employee.birth_date, employee.tmt_cpns, rules or load_entry_age_rules(),
                             exception=bool(position is not None and position.entry_age_exception),
                             employment_type=employee.employment_type or "PNS")
