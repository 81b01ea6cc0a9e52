"""The four imports (units, positions, employees, SKP predicates): what each checks against the
database and the rest of the file, and how it writes. Keys are the region's own: unit and
position codes, the NIP. A row equal to what is stored changes nothing, so importing the same
file twice is harmless; rank and position changes are appended to history. A code that names
no unit or position is an error that suggests the closest known code; a row that would leave
an active employee without a position (or without a unit) is a warning the officer accepts.
Writes go through `self.out`, which writes nothing when the import is only being previewed.

This module holds what the four share; each kind has its own module beside it."""
from __future__ import annotations

import datetime as dt

from jenjang.people.imports.run import closest
from jenjang.people.models import PPPK_TYPES, RANKS

IMPORT_LABEL = "impor"


def nip_tmt_cpns(nip: str) -> dt.date:
    """Digits 9–14 of an already validated NIP (a PNS's)."""
    return dt.date(int(nip[8:12]), int(nip[12:14]), 1)


def nip_service_start(nip: str, employment_type: str = "PNS") -> dt.date:
    """Where service began, as Employee.service_start gives it: the TMT CPNS of a PNS, 1 January
    of the year of appointment of a PPPK (an NI PPPK holds no month)."""
    if employment_type in PPPK_TYPES:
        return dt.date(int(nip[8:12]), 1, 1)
    return nip_tmt_cpns(nip)


def nip_birth_date(nip: str) -> dt.date:
    """Digits 1–8 of an already validated NIP."""
    return dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))


def dirty(current: dict, target: dict) -> bool:
    return any(current.get(k) != v for k, v in target.items())


def suggest(value: str, known) -> dict:
    """{"suggestion": nearest known code} for a problem's parameters, or nothing."""
    near = closest(value, known)
    return {"suggestion": near} if near else {}


def label_of(labels: dict, key):
    return str(labels[key]) if key in labels else key


def rank_text(rank_id):
    return RANKS[rank_id - 1][0] if rank_id else None
