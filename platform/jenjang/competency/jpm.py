"""Job Person Match, as DOMAIN.md (PermenPANRB 38/2017 practice) defines it:

    JPM % = Σ min(achieved, required) ÷ Σ required × 100   over the position's competencies

Each achieved level is capped at the required one, so JPM is at most 100; what lies above the
standard is reported separately as surplus. A competency with no valid assessment counts as 0
achieved. A position with no standard has no JPM (None), never 0 or 100.

These pure functions are the reference; the SQL aggregates in queries.py compute the same sums.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

JPM_CATEGORIES = ("optimal", "cukup_optimal", "kurang_optimal")
TEST_CATEGORIES = ("ms", "mms", "kms")
CATEGORY_LABELS = {
    "optimal": _l("Optimal"), "cukup_optimal": _l("Cukup Optimal"), "kurang_optimal": _l("Kurang Optimal"),
    None: _l("Belum ada standar"),
}
TEST_LABELS = {"ms": _l("Memenuhi Syarat"), "mms": _l("Masih Memenuhi Syarat"),
               "kms": _l("Kurang Memenuhi Syarat")}


@dataclass(frozen=True)
class GapRow:
    competency_id: int
    required: int
    current: int | None  # None: no valid assessment

    @property
    def achieved(self) -> int:
        return min(self.current or 0, self.required)

    @property
    def gap(self) -> int:
        """How far below the standard (0 when met)."""
        return max(self.required - (self.current or 0), 0)

    @property
    def surplus(self) -> int:
        return max((self.current or 0) - self.required, 0)


@dataclass(frozen=True)
class JpmResult:
    percent: float | None
    required_total: int
    achieved_total: int
    surplus_total: int
    missing: int  # competencies with no valid assessment

    @property
    def has_standard(self) -> bool:
        return self.required_total > 0


def jpm(required: Mapping[int, int], current: Mapping[int, int | None]) -> JpmResult:
    """required: competency → required level; current: competency → current level (absent/None = 0)."""
    rows = [GapRow(cid, req, current.get(cid)) for cid, req in required.items() if req]
    return jpm_of_rows(rows)


def jpm_of_rows(rows: Iterable[GapRow]) -> JpmResult:
    rows = list(rows)
    req = sum(r.required for r in rows)
    got = sum(r.achieved for r in rows)
    surplus = sum(r.surplus for r in rows)
    missing = sum(1 for r in rows if r.current is None)
    percent = round(got * 100.0 / req, 2) if req else None
    return JpmResult(percent, req, got, surplus, missing)


def _band(value: float | None, high_min: float, mid_min: float, names: tuple[str, str, str]) -> str | None:
    """The high, middle or low name of ``value`` against two thresholds (None: no value)."""
    if value is None:
        return None
    if value >= high_min:
        return names[0]
    if value >= mid_min:
        return names[1]
    return names[2]


def jpm_category(percent: float | None, rules) -> str | None:
    """Optimal / Cukup Optimal / Kurang Optimal with the tenant's thresholds (None: no standard)."""
    return _band(percent, rules.jpm_optimal_min, rules.jpm_cukup_min, ("optimal", "cukup_optimal", "kurang_optimal"))


def selection_category(percent: float | None, rules) -> str | None:
    """Memenuhi Syarat / Masih Memenuhi Syarat / Kurang Memenuhi Syarat (competency tests)."""
    return _band(percent, rules.test_ms_min, rules.test_mms_min, ("ms", "mms", "kms"))


def potential_category(score: float | None, rules) -> str | None:
    return _band(score, rules.potential_high_min, rules.potential_mid_min, ("tinggi", "menengah", "rendah"))


# The 9-box of PermenPANRB 3/2020: (kinerja, potensial) → box.
NINE_BOX = {
    ("bawah", "rendah"): 1, ("sesuai", "rendah"): 2, ("bawah", "menengah"): 3, ("atas", "rendah"): 4,
    ("sesuai", "menengah"): 5, ("bawah", "tinggi"): 6, ("atas", "menengah"): 7, ("sesuai", "tinggi"): 8,
    ("atas", "tinggi"): 9,
}
BOX_AXES = {box: axes for axes, box in NINE_BOX.items()}
TALENT_POOL_BOXES = (7, 8, 9)


def box_of(kinerja: str | None, potential: str | None) -> int | None:
    if kinerja is None or potential is None:
        return None
    return NINE_BOX.get((kinerja, potential))
