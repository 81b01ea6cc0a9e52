"""The NIP (Nomor Induk Pegawai): 18 digits = YYYYMMDD birth date + YYYYMM TMT CPNS (start of
service) + G gender (1 male, 2 female) + NNN sequence, e.g. 19860926 201505 1 001.

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


@dataclass(frozen=True)
class NipParts:
    nip: str
    birth_date: dt.date
    tmt_cpns: dt.date
    gender: str  # "1" male, "2" female
    sequence: int = field(default=0)


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


def check_nip(raw: str | int | None, today: dt.date | None = None) -> Problem | None:
    """None when the NIP is valid, else the first problem found."""
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
    try:
        tmt = dt.date(int(nip[8:12]), int(nip[12:14]), 1)
    except ValueError:
        return Problem("nip.tmt_month", part=nip[8:14])
    if tmt < add_years(birth, ADULT_AGE):
        return Problem("nip.tmt_before_adult", tmt=tmt.strftime("%m-%Y"), birth=_fmt(birth))
    if tmt.year > today.year + 1:
        return Problem("nip.tmt_future", tmt=tmt.strftime("%m-%Y"))
    if nip[14] not in "12":
        return Problem("nip.gender", digit=nip[14])
    if nip[15:] == "000":
        return Problem("nip.sequence")
    return None


def parse_nip(raw: str | int | None, today: dt.date | None = None) -> NipParts:
    """The parts of a valid NIP; raises NipError with the problem otherwise."""
    problem = check_nip(raw, today)
    if problem is not None:
        raise NipError(problem)
    nip = normalise_nip(raw)
    return NipParts(nip=nip, birth_date=dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8])),
                    tmt_cpns=dt.date(int(nip[8:12]), int(nip[12:14]), 1), gender=nip[14],
                    sequence=int(nip[15:]))


def format_nip(nip: str) -> str:
    """The way NIPs are printed on decrees: 19860926 201505 1 001."""
    if len(nip) != 18:
        return nip
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


class NipError(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem
