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


# --- issue 15: which SKP years count --------------------------------------------------------

@pytest.mark.parametrize("as_of,years", [
    (dt.date(2026, 12, 1), [2025, 2024]),
    (dt.date(2027, 1, 1), [2025, 2024]),    # the January period: 2026 is not final yet
    (dt.date(2027, 1, 30), [2025, 2024]),   # the day before the final day
    (dt.date(2027, 1, 31), [2026, 2025]),   # the final day itself
    (dt.date(2027, 2, 1), [2026, 2025]),
    (dt.date(2028, 2, 29), [2027, 2026]),
])
def test_the_last_two_final_skp_years(ctx, as_of, years):
    from jenjang.promotion.settings import final_skp_years

    assert final_skp_years(as_of) == years


def test_a_tenant_final_day_moves_the_years(ctx):
    from jenjang.promotion.models import PromotionSettings
    from jenjang.promotion.settings import final_skp_years

    march = PromotionSettings(skp_final_month=3, skp_final_day=15)
    assert final_skp_years(dt.date(2027, 3, 14), settings=march) == [2025, 2024]
    assert final_skp_years(dt.date(2027, 3, 15), settings=march) == [2026, 2025]
    leap = PromotionSettings(skp_final_month=2, skp_final_day=29)  # a common year falls back to 28 February
    assert final_skp_years(dt.date(2027, 2, 28), settings=leap) == [2026, 2025]


def test_a_january_period_reads_the_two_final_years(ctx):
    """Before the fix the 1 January 2027 period asked for 2026, not final until 31 January."""
    s = subject(dt.date(2027, 1, 1), skp={2025: "baik", 2024: "baik"})
    result = rules.skp_two_years(s, {"min_predicate": "baik"})
    assert result.passed is True and result.inputs["years"] == [2025, 2024]
    assert "2025: Baik, 2024: Baik" in result.detail
    assert rules.skp_last_year(subject(dt.date(2027, 1, 1), skp={2025: "sangat_baik"}),
                               {"min_predicate": "sangat_baik"}).inputs["year"] == 2025


# --- issue 15: the diploma ceilings of PP 99/2000 Pasal 8 jo. PP 12/2002 -------------------------

CEILINGS = {"SD": "II/a", "SMP": "II/c", "SMA": "III/b", "D1": "III/b", "D2": "III/b", "D3": "III/c",
            "D4": "III/d", "S1": "III/d", "S2": "IV/a", "S3": "IV/b"}


@pytest.mark.parametrize("education,ceiling", sorted(CEILINGS.items()))
def test_each_diploma_reaches_its_ceiling_and_not_beyond(ctx, education, ceiling):
    from jenjang.people.models import RANK_IDS

    top = RANK_IDS[ceiling]
    at = rules.education_ceiling(subject(dt.date(2026, 12, 1), rank_id=top - 1, education=education), {})
    below = rules.education_ceiling(subject(dt.date(2026, 12, 1), rank_id=top - 2, education=education), {})
    beyond = rules.education_ceiling(subject(dt.date(2026, 12, 1), rank_id=top, education=education), {})
    assert (at.passed, below.passed, beyond.passed) == (True, True, False)
    assert at.inputs["ceiling"] == ceiling


# --- issue 15: pilihan struktural, penyesuaian ijazah, promosi jabatan ---------------------------

def structural(as_of, *, rank, rank_tmt, position_min, since, kind="pengawas"):
    from jenjang.people.models import RANK_IDS

    s = subject(as_of, rank_tmt=rank_tmt, rank_id=RANK_IDS[rank])
    s.employee.position_id = 7
    s.cache["position:7"] = SimpleNamespace(id=7, name="Kepala Seksi", kind=kind, min_rank_id=RANK_IDS[position_min])
    s.cache["positions"] = [SimpleNamespace(position_id=3, position_kind="pelaksana", tmt=dt.date(2010, 1, 1)),
                            SimpleNamespace(position_id=7, position_kind=kind, tmt=since)]
    return s


@pytest.mark.parametrize("rank,rank_tmt,since,passed", [
    # rank at the position's lowest: four years in rank
    ("III/c", dt.date(2022, 12, 1), dt.date(2020, 1, 2), True),    # the day of 4 years
    ("III/c", dt.date(2022, 12, 2), dt.date(2020, 1, 2), False),   # the day before
    # one step below the lowest (III/b under III/c): 1 year in rank and 1 year in the position
    ("III/b", dt.date(2025, 12, 1), dt.date(2025, 12, 1), True),   # both exactly one year
    ("III/b", dt.date(2025, 12, 1), dt.date(2025, 12, 2), False),  # a day short in the position
    ("III/b", dt.date(2025, 12, 2), dt.date(2025, 1, 2), False),   # a day short in rank
    # two steps below (III/a): the one-year path is for one step below only (PP 99/2000 Pasal 12)
    ("III/a", dt.date(2025, 12, 1), dt.date(2025, 1, 2), False),
])
def test_structural_choice_four_years_or_one_and_one(ctx, rank, rank_tmt, since, passed):
    s = structural(dt.date(2026, 12, 1), rank=rank, rank_tmt=rank_tmt, position_min="III/c", since=since)
    result = rules.structural_time(s, {"min_years": 4, "short_years_in_rank": 1, "short_years_in_position": 1})
    assert result.passed is passed, result.detail
    assert result.inputs["position_since"] == since.isoformat()


def test_structural_choice_needs_a_structural_position(ctx):
    s = structural(dt.date(2026, 12, 1), rank="III/c", rank_tmt=dt.date(2020, 1, 1), position_min="II/a",
                   since=dt.date(2020, 1, 1), kind="pelaksana")
    result = rules.structural_time(s, {"min_years": 4})
    assert result.passed is False and "jabatan struktural" in result.detail


@pytest.mark.parametrize("education,rank,target,passed", [
    ("S1", "II/d", None, True),       # S1 enters at III/a: from II/d straight to it
    ("S1", "II/b", None, True),       # from further below, also to III/a
    ("S1", "III/a", None, False),     # already at the entry rank
    ("S1", "II/d", "III/b", False),   # the target must be the entry rank
    ("D3", "II/b", None, True),       # D-III enters at II/c
    ("S2", "III/a", None, True),      # S2 enters at III/b
    ("SMA", "I/d", None, True),       # SLTA enters at II/a
    ("SD", "I/a", None, False),       # no entry rank by SD
])
def test_diploma_adjustment_goes_to_the_new_diplomas_entry_rank(ctx, education, rank, target, passed):
    from jenjang.people.models import RANK_IDS

    s = subject(dt.date(2026, 12, 1), rank_id=RANK_IDS[rank], education=education)
    s.target_rank_id = RANK_IDS[target] if target else None
    assert rules.diploma_adjustment(s, {}).passed is passed


def promotion_to(kind, education, history, as_of=dt.date(2026, 12, 1)):
    s = subject(as_of, education=education)
    s.kind, s.target_position_id = "promosi_jabatan", 9
    s.cache["position:9"] = SimpleNamespace(id=9, name="Kepala Bagian", kind=kind, min_rank_id=None)
    s.cache["positions"] = [SimpleNamespace(position_id=i, position_kind=k, tmt=t) for i, (k, t) in enumerate(history)]
    return s


@pytest.mark.parametrize("since,passed", [(dt.date(2023, 12, 1), True), (dt.date(2023, 12, 2), False)])
def test_administrator_needs_three_years_as_pengawas(ctx, since, passed):
    s = promotion_to("administrator", "S1", [("pelaksana", dt.date(2012, 1, 1)), ("pengawas", since)])
    result = rules.administrator_experience(s, {"min_years": 3})
    assert result.passed is passed, result.detail


@pytest.mark.parametrize("again,passed", [(dt.date(2025, 12, 1), True), (dt.date(2026, 1, 1), False)])
def test_administrator_experience_adds_up_pengawas_spells(ctx, again, passed):
    # 761 days as pengawas, a functional spell, then pengawas again from `again` to 1 December 2026:
    # 761 + 365 = 1,126 days ≥ the 1,096 days of the three years before 1 December 2026; 761 + 334 is short
    s = promotion_to("administrator", "S1", [("pengawas", dt.date(2021, 11, 1)), ("fungsional", dt.date(2023, 12, 1)),
                                             ("pengawas", again)])
    result = rules.administrator_experience(s, {"min_years": 3})
    assert result.passed is passed and result.inputs["required_days"] == 1096


@pytest.mark.parametrize("education,passed", [("S1", True), ("D4", True), ("D3", False), ("S2", True)])
def test_administrator_needs_at_least_s1(ctx, education, passed):
    s = promotion_to("administrator", education, [])
    assert rules.administrator_education(s, {"min_education": "S1"}).passed is passed


@pytest.mark.parametrize("education,since,passed", [
    ("D3", dt.date(2022, 12, 1), True), ("D3", dt.date(2022, 12, 2), False), ("SMA", dt.date(2010, 1, 1), None)])
def test_pengawas_needs_d3_and_four_years_as_pelaksana(ctx, education, since, passed):
    s = promotion_to("pengawas", education, [("pelaksana", since)])
    experience = rules.pengawas_experience(s, {"min_years": 4})
    education_ok = rules.pengawas_education(s, {"min_education": "D3"})
    if passed is None:
        assert education_ok.passed is False and experience.passed is True
    else:
        assert experience.passed is passed and education_ok.passed is True


def test_managerial_conditions_do_not_apply_to_other_targets(ctx):
    s = promotion_to("fungsional", "SMA", [])
    assert rules.administrator_education(s, {}).passed is None
    assert rules.pengawas_experience(s, {}).passed is None
