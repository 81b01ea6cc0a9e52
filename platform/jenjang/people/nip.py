"""The NIP (Nomor Induk Pegawai): 18 digits = YYYYMMDD birth date + YYYYMM TMT CPNS (start of
service) + G gender (1 male, 2 female) + NNN sequence, e.g. 19860926 201505 1 001.

The NI PPPK (a PPPK's number, BKN) is also 18 digits: YYYYMMDD birth date + YYYY year of first
appointment as PPPK + a 2-digit code that is NOT a month (BKN: the work-agreement code; 21 on
full-time contracts, e.g. 24 on part-time ones) + G gender + NNN sequence, e.g.
19900101 2022 21 1 001. Which rule applies depends on the employee's kind, so a number of one shape
given for the other kind is refused with a message that says so.

`check_nip` returns the first thing wrong with a NIP as a `Problem` (a code, the parameters of
its message and a fix), so a form, the importer's report and the CLI all say the same precise
thing. (The +40 on the birth day for women is the NIK rule, not the NIP's: not applied here.)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jenjang.core import clock
from jenjang.people.problems import Problem

ADULT_AGE = 18


# The kinds whose number is an NI PPPK (people.models.PPPK_TYPES; not imported: models import
# nothing of this module and this module stays free of the ORM).
PPPK_KINDS = ("PPPK", "PPPK_PW")


@dataclass(frozen=True)
class NipParts:
    nip: str
    birth_date: dt.date
    tmt_cpns: dt.date | None  # PNS only
    gender: str  # "1" male, "2" female
    sequence: int = field(default=0)
    appointment_year: int = field(default=0)  # CPNS (PNS) or first appointment as PPPK
    code: str | None = field(default=None)  # NI PPPK digits 13–14


def normalise_nip(raw: str | int | None) -> str:
    """Drop the spaces, dots and dashes people type between the parts."""
    if raw is None:
        return ""
    text = str(raw).strip()
    if text.endswith(".0") and text[:-2].isdigit():  # a number cell read as a float
        text = text[:-2]
    return "".join(ch for ch in text if ch not in " .-\u00a0\t")


def _fmt(d: dt.date) -> str:
    return d.strftime("%d-%m-%Y")


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def check_nip(raw: str | int | None, today: dt.date | None = None, kind: str = "PNS") -> Problem | None:
    """None when the number is valid for an employee of this kind (PNS, PPPK, PPPK_PW), else the
    first problem found. A PNS has a NIP, a PPPK an NI PPPK (see the module docstring)."""
    today = today or clock.today()
    nip = normalise_nip(raw)
    if not nip:
        return Problem("nip.required")
    if not nip.isascii() or not nip.isdigit():
        return Problem("nip.not_digits", value=str(raw)[:40])
    if len(nip) != 18:
        return Problem("nip.length", n=len(nip))
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return Problem("nip.birth_date", part=nip[0:8])
    if birth.year < 1900 or birth > today:
        return Problem("nip.birth_range", date=_fmt(birth))
    problem = _check_pppk_middle(nip, birth, today) if kind in PPPK_KINDS else _check_pns_middle(nip, birth, today)
    if problem is not None:
        return problem
    if nip[14] not in "12":
        return Problem("nip.gender", digit=nip[14])
    if nip[15:] == "000":
        return Problem("nip.sequence")
    return None


def _check_pns_middle(nip: str, birth: dt.date, today: dt.date) -> Problem | None:
    """Digits 9–14 of a NIP: the month of TMT CPNS."""
    try:
        tmt = dt.date(int(nip[8:12]), int(nip[12:14]), 1)
    except ValueError:
        if int(nip[12:14]) > 12:  # e.g. 21: the work-agreement code of an NI PPPK, not a month
            return Problem("nip.tmt_month", part=nip[8:14], pppk=nip[12:14])
        return Problem("nip.tmt_month", part=nip[8:14])
    if tmt < add_years(birth, ADULT_AGE):
        return Problem("nip.tmt_before_adult", tmt=tmt.strftime("%m-%Y"), birth=_fmt(birth))
    if tmt.year > today.year + 1:
        return Problem("nip.tmt_future", tmt=tmt.strftime("%m-%Y"))
    return None


def _check_pppk_middle(nip: str, birth: dt.date, today: dt.date) -> Problem | None:
    """Digits 9–14 of an NI PPPK: the year of first appointment as PPPK and a 2-digit code that is
    not a month (21 on full-time contracts, e.g. 24 on part-time ones)."""
    year, code = int(nip[8:12]), nip[12:14]
    if code == "00":
        return Problem("nip.pppk_code", part=code)
    if int(code) <= 12:  # a month: this is the shape of a PNS's NIP
        return Problem("nip.pppk_looks_pns", part=nip[8:14])
    if year < birth.year + ADULT_AGE:
        return Problem("nip.pppk_year_before_adult", year=year, birth=_fmt(birth))
    if year > today.year + 1:
        return Problem("nip.pppk_year_future", year=year)
    return None


def parse_nip(raw: str | int | None, today: dt.date | None = None, kind: str = "PNS") -> NipParts:
    """The parts of a valid NIP / NI PPPK; raises NipError with the problem otherwise."""
    problem = check_nip(raw, today, kind)
    if problem is not None:
        raise NipError(problem)
    nip = normalise_nip(raw)
    pppk = kind in PPPK_KINDS
    return NipParts(nip=nip, birth_date=dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8])),
                    tmt_cpns=None if pppk else dt.date(int(nip[8:12]), int(nip[12:14]), 1), gender=nip[14],
                    sequence=int(nip[15:]), appointment_year=int(nip[8:12]),
                    code=nip[12:14] if pppk else None)


def format_nip(nip: str, kind: str = "PNS") -> str:
    """The way the numbers are printed on decrees: 19860926 201505 1 001 (NIP), 19900101 2022 21 1 001
    (NI PPPK)."""
    if len(nip) != 18:
        return nip
    if kind in PPPK_KINDS:
        return f"{nip[0:8]} {nip[8:12]} {nip[12:14]} {nip[14]} {nip[15:]}"
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


class NipError(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem
