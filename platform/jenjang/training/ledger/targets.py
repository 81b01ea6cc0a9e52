"""Whose JP target is which: a PNS is held to the tenant's PNS target (at least 20 JP a year), a
PPPK or PPPK paruh waktu to the tenant's PPPK target (PP 49/2018 Pasal 40: at most 24 JP in a year
of the work agreement). The ledger's pages, the compliance report, its export and the reminder
campaign all read a person's target here, in Python or as one SQL expression.

    targets = current()                      # Targets(pns=20, pppk=24) from the tenant's settings
    targets.for_type("PPPK_PW")              # 24
    targets.column()                         # CASE employment_type … (for SQL aggregates)
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from jenjang.people.api import EMPLOYMENT_TYPES, Employee
from jenjang.training.settings import get_settings

# The kinds a report is split into: PNS, and PPPK (full-time and paruh waktu together).
PPPK_TYPES = tuple(t for t in EMPLOYMENT_TYPES if t != "PNS")
KIND_GROUPS = {"PNS": ("PNS",), "PPPK": PPPK_TYPES}
KIND_FILTERS = ("", "PNS", "PPPK")  # "" is everyone (Semua)
FILTER_LABELS = {"": _l("Semua"), "PNS": _l("PNS"), "PPPK": _l("PPPK")}
TYPE_LABELS = {"PNS": _l("PNS"), "PPPK": _l("PPPK"), "PPPK_PW": _l("PPPK Paruh Waktu")}


@dataclass(frozen=True)
class Targets:
    pns: int
    pppk: int

    @classmethod
    def of(cls, value: Targets | int) -> Targets:
        """A Targets as is, or one figure for everyone."""
        return value if isinstance(value, Targets) else cls(int(value), int(value))

    def for_type(self, employment_type: str | None) -> int:
        return self.pppk if employment_type in PPPK_TYPES else self.pns

    def for_group(self, group: str) -> int:
        return self.pppk if group == "PPPK" else self.pns

    def column(self, employment_type=Employee.employment_type) -> sa.ColumnElement:
        """The person's target as an SQL expression of their employment type."""
        if self.pns == self.pppk:
            return sa.literal(self.pns)
        return sa.case((employment_type.in_(PPPK_TYPES), self.pppk), else_=self.pns)


def current() -> Targets:
    row = get_settings()
    return Targets(row.target_jp, row.pppk_target_jp)


def target_for(employee) -> int:
    """The target of one employee (anything with an ``employment_type``)."""
    return current().for_type(getattr(employee, "employment_type", None))


def group_of(employment_type: str | None) -> str:
    return "PPPK" if employment_type in PPPK_TYPES else "PNS"


def parse_kind(raw) -> str:
    """The kind filter from the query string ("pns", "PPPK", …), "" (everyone) when absent or unknown."""
    value = (raw or "").strip().upper()
    return value if value in KIND_FILTERS else ""


def kind_clause(kind: str, employment_type=Employee.employment_type) -> sa.ColumnElement | None:
    """The WHERE clause of a kind filter, None for everyone."""
    return employment_type.in_(KIND_GROUPS[kind]) if kind else None
