"""The eligibility rules as a table: dates at the edges, leap days, predicates, ceilings."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from jenjang.eligibility import Subject
from jenjang.promotion import rules


def subject(as_of, rank_tmt=None, rank_id=9, education="S1", skp=None):
    employee = SimpleNamespace(id=1, rank_id=rank_id, rank_tmt=rank_tmt, education_level=education, position_id=None)
    s = Subject(employee=employee, kind="reguler", as_of=as_of)
    s.cache["skp"] = skp or {}
    return s


@pytest.mark.parametrize("tmt,as_of,years,passed", [
    (dt.date(2022, 12, 1), dt.date(2026, 12, 1), 4, True),     # exactly four years
    (dt.date(2022, 12, 2), dt.date(2026, 12, 1), 4, False),    # one day short
    (dt.date(2022, 11, 30), dt.date(2026, 12, 1), 4, True),
    (dt.date(2020, 2, 29), dt.date(2024, 2, 29), 4, True),     # leap day to leap day
    (dt.date(2020, 2, 29), dt.date(2024, 2, 28), 4, False),
    (dt.date(2020, 2, 29), dt.date(2021, 2, 28), 1, True),     # 29 Feb + 1 year = 28 Feb
    (dt.date(2020, 2, 29), dt.date(2021, 2, 27), 1, False),
    (dt.date(2024, 12, 1), dt.date(2026, 12, 1), 2, True),     # functional: two years
    (dt.date(2025, 12, 1), dt.date(2026, 12, 1), 1, True),     # outstanding: one year
    (None, dt.date(2026, 12, 1), 4, False),                    # no TMT recorded
])
def test_years_in_rank(ctx, tmt, as_of, years, passed):
    result = rules.years_in_rank(subject(as_of, tmt), {"min_years": years})
    assert result.passed is passed
    if tmt:
        assert result.inputs["rank_tmt"] == tmt.isoformat() and result.inputs["min_years"] == years


@pytest.mark.parametrize("skp,minimum,passed", [
    ({2025: "baik", 2024: "baik"}, "baik", True),
    ({2025: "sangat_baik", 2024: "baik"}, "baik", True),
    ({2025: "baik", 2024: "butuh_perbaikan"}, "baik", False),
    ({2025: "baik"}, "baik", False),                                   # a year missing
    ({2025: "sangat_baik", 2024: "baik"}, "sangat_baik", False),
    ({2025: "kurang", 2024: "sangat_baik"}, "baik", False),
    ({2023: "baik", 2022: "baik"}, "baik", False),                     # old years do not count
])
def test_skp_in_each_of_the_last_two_years(ctx, skp, minimum, passed):
    result = rules.skp_two_years(subject(dt.date(2026, 12, 1), skp=skp), {"min_predicate": minimum})
    assert result.passed is passed
    assert result.inputs["years"] == [2025, 2024]


@pytest.mark.parametrize("skp,passed", [({2025: "sangat_baik"}, True), ({2025: "baik"}, False), ({}, False)])
def test_outstanding_performance_needs_sangat_baik_last_year(ctx, skp, passed):
    assert rules.skp_last_year(subject(dt.date(2026, 12, 1), skp=skp), {"min_predicate": "sangat_baik"}).passed is passed


@pytest.mark.parametrize("education,rank_code,passed", [
    ("S1", "III/c", True),    # III/c → III/d: at the S1 ceiling
    ("S1", "III/d", False),   # III/d → IV/a: above it
    ("S2", "III/d", True),
    ("S3", "IV/a", True),
    ("S3", "IV/b", False),
    ("SMA", "II/c", True),
    (None, "III/a", False),   # no education recorded
])
def test_rank_ceiling_by_diploma(ctx, education, rank_code, passed):
    from jenjang.people.models import RANK_IDS

    s = subject(dt.date(2026, 12, 1), rank_id=RANK_IDS[rank_code], education=education)
    assert rules.education_ceiling(s, {}).passed is passed
