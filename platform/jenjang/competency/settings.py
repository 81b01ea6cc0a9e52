"""The tenant's competency rules with their defaults and the regulation each comes from.

A tenant without a settings row uses DEFAULTS; saving the settings page writes the row. Nothing
here is a constant buried in code: DOMAIN.md's figures are only the starting values.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import sqlalchemy as sa

from jenjang.competency.labels import BOX_ACTIONS
from jenjang.competency.models import SOURCES, CompetencySettings
from jenjang.extensions import db
from jenjang.people.api import final_skp_years

KINERJA = ("atas", "sesuai", "bawah")  # di atas / sesuai / di bawah ekspektasi
POTENTIAL = ("tinggi", "menengah", "rendah")


@dataclass
class Rules:
    jpm_optimal_min: float = 90.0
    jpm_cukup_min: float = 78.0
    jpm_regulation: str = "Peraturan BKN 26/2019"
    test_ms_min: float = 80.0
    test_mms_min: float = 68.0
    test_regulation: str = "Peraturan BKN 26/2019"
    potential_source: str = "jpm"
    potential_high_min: float = 90.0
    potential_mid_min: float = 78.0
    talent_regulation: str = "PermenPANRB 3/2020 (diubah PermenPANRB 20/2025)"
    skp_mapping: dict = field(default_factory=lambda: {
        "sangat_baik": "atas", "baik": "sesuai", "butuh_perbaikan": "bawah", "kurang": "bawah",
        "sangat_kurang": "bawah"})
    skp_regulation: str = "PermenPANRB 6/2022"
    # Months an assessed level stays valid, per source (0 = no expiry).
    validity_months: dict = field(default_factory=lambda: {
        "assessment_center": 36, "competency_test": 36, "feedback_360": 24, "supervisor": 12})
    source_precedence: list = field(default_factory=lambda: list(SOURCES))
    # date_first: the most recent valid assessment wins, precedence breaks ties on the same date;
    # source_first: the valid assessment of the highest-precedence source wins, the newest of it.
    precedence_mode: str = "date_first"
    # The SKP of a year is final from this month/day of the next year (people/skp.py); the 9-box
    # places people on the SKP of the last `skp_recent_years` final years only, never an older one.
    skp_final_month: int = 1
    skp_final_day: int = 31
    skp_recent_years: int = 1
    # The tenant's recommended action per box, {"1": text, ...}; a box absent here shows the
    # default text (labels.BOX_ACTIONS, PermenPANRB 3/2020) in the reader's language.
    box_actions: dict = field(default_factory=dict)

    @property
    def skp_final_from(self) -> tuple[int, int]:
        return (int(self.skp_final_month), int(self.skp_final_day))

    def skp_years(self, today: dt.date) -> tuple[int, ...]:
        """The SKP years that may place someone on the 9-box on `today`, newest first."""
        return final_skp_years(today, int(self.skp_recent_years), self.skp_final_from)

    def box_action(self, box: int) -> str:
        return (self.box_actions or {}).get(str(box)) or str(BOX_ACTIONS[box])

    def box_action_texts(self) -> dict[int, str]:
        return {box: self.box_action(box) for box in range(1, 10)}

    def validity(self, source: str) -> int:
        return int(self.validity_months.get(source, 0) or 0)

    def precedence(self, source: str) -> int:
        try:
            return self.source_precedence.index(source) + 1
        except ValueError:
            return len(SOURCES) + 1

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULTS = Rules()
FIELDS = tuple(DEFAULTS.as_dict())


def load_rules() -> Rules:
    row = db.session.scalar(sa.select(CompetencySettings))
    if row is None:
        return Rules()
    values = {name: getattr(row, name) for name in FIELDS}
    for name in ("jpm_optimal_min", "jpm_cukup_min", "test_ms_min", "test_mms_min", "potential_high_min",
                 "potential_mid_min"):
        values[name] = float(values[name])
    merged = Rules(**values)
    merged.skp_mapping = {**DEFAULTS.skp_mapping, **(row.skp_mapping or {})}
    merged.validity_months = {**DEFAULTS.validity_months, **(row.validity_months or {})}
    merged.box_actions = {str(k): v for k, v in (row.box_actions or {}).items() if v}
    order = [s for s in (row.source_precedence or []) if s in SOURCES]
    merged.source_precedence = order + [s for s in SOURCES if s not in order]
    return merged


def box_action_overrides(texts: dict[int, str | None]) -> dict[str, str]:
    """The tenant's own texts: an empty box, or the default text in either language, means the
    default (so the default keeps following the reader's language)."""
    out = {}
    for box, text in texts.items():
        text = (text or "").strip()
        default = BOX_ACTIONS[box]
        if text and text not in (str(default), default._args[0] if hasattr(default, "_args") else None):
            out[str(box)] = text
    return out
