"""JPM and its categories, as DOMAIN.md defines them: Σ min(achieved, required) ÷ Σ required × 100,
capped per competency, missing assessments count 0, no standard means no JPM."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jenjang.competency.jpm import jpm, jpm_category, potential_category, selection_category
from jenjang.competency.settings import Rules


@pytest.mark.parametrize("required,current,percent,surplus,missing", [
    ({1: 3, 2: 3, 3: 3}, {1: 3, 2: 3, 3: 3}, 100.0, 0, 0),            # exactly the standard
    ({1: 3, 2: 3, 3: 3}, {1: 5, 2: 5, 3: 5}, 100.0, 6, 0),            # surplus is capped, shown apart
    ({1: 3, 2: 3, 3: 3}, {1: 5, 2: 1, 3: 3}, 77.78, 2, 0),            # 3 + 1 + 3 = 7 of 9: no compensation
    ({1: 4, 2: 2}, {1: 3}, 50.0, 0, 1),                                # missing assessment counts as 0
    ({1: 2, 2: 2}, {}, 0.0, 0, 2),                                     # nothing assessed
    ({1: 5, 2: 5, 3: 4, 4: 4}, {1: 4, 2: 4, 3: 4, 4: 4}, 88.89, 0, 0),
    ({}, {1: 5}, None, 0, 0),                                          # a position with no standard
    ({1: 2}, {1: None}, 0.0, 0, 1),
])
def test_jpm_table(required, current, percent, surplus, missing):
    result = jpm(required, current)
    assert result.percent == percent
    assert result.surplus_total == surplus
    assert result.missing == missing
    assert result.has_standard == bool(required)


@pytest.mark.parametrize("percent,category", [
    (100, "optimal"), (90, "optimal"), (89.99, "cukup_optimal"), (78, "cukup_optimal"),
    (77.99, "kurang_optimal"), (0, "kurang_optimal"), (None, None),
])
def test_jpm_category_defaults(percent, category):
    assert jpm_category(percent, Rules()) == category


def test_jpm_category_follows_the_tenants_thresholds():
    rules = Rules(jpm_optimal_min=95, jpm_cukup_min=80)
    assert jpm_category(92, rules) == "cukup_optimal"
    assert jpm_category(79, rules) == "kurang_optimal"


@pytest.mark.parametrize("percent,category", [(80, "ms"), (79.9, "mms"), (68, "mms"), (67.9, "kms")])
def test_competency_test_categories(percent, category):
    assert selection_category(percent, Rules()) == category


@pytest.mark.parametrize("score,category", [(90, "tinggi"), (89.9, "menengah"), (78, "menengah"), (77, "rendah"),
                                            (None, None)])
def test_potential_cutoffs(score, category):
    assert potential_category(score, Rules()) == category


levels = st.integers(min_value=1, max_value=5)


@settings(deadline=None)
@given(st.dictionaries(st.integers(1, 20), levels, min_size=1),
       st.dictionaries(st.integers(1, 20), levels))
def test_jpm_is_between_0_and_100_and_full_only_when_every_standard_is_met(required, current):
    result = jpm(required, current)
    assert 0 <= result.percent <= 100
    met = all((current.get(k) or 0) >= v for k, v in required.items())
    assert (result.percent == 100) == met
