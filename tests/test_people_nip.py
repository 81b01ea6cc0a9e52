"""The NIP validator, as a specification: every valid NIP is accepted and its parts read back;
every mutation of a date part (and every bad length or gender digit) is refused with a precise
message."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jenjang.people.nip import add_years, check_nip, format_nip, normalise_nip, parse_nip

TODAY = dt.date(2026, 6, 1)


@st.composite
def valid_nips(draw):
    birth = draw(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2007, 12, 31)))
    adult = add_years(birth, 18)
    first_month = dt.date(adult.year, adult.month, 1)
    if first_month < adult:  # TMT is the first of a month, on or after the 18th birthday
        first_month = dt.date(first_month.year + (first_month.month == 12), first_month.month % 12 + 1, 1)
    assume(first_month <= TODAY)
    months = (TODAY.year - first_month.year) * 12 + TODAY.month - first_month.month
    k = draw(st.integers(0, months))
    y, m = divmod(first_month.month - 1 + k, 12)
    tmt = dt.date(first_month.year + y, m + 1, 1)
    gender = draw(st.sampled_from("12"))
    seq = draw(st.integers(1, 999))
    return f"{birth:%Y%m%d}{tmt:%Y%m}{gender}{seq:03d}", birth, tmt, gender


@settings(max_examples=400, deadline=None)
@given(valid_nips())
def test_every_valid_nip_is_accepted_and_its_parts_read_back(case):
    nip, birth, tmt, gender = case
    assert check_nip(nip, TODAY) is None
    parts = parse_nip(nip, TODAY)
    assert (parts.birth_date, parts.tmt_cpns, parts.gender) == (birth, tmt, gender)
    assert check_nip(format_nip(nip), TODAY) is None  # "19860926 201505 1 001" is the same NIP


def _replace(nip: str, start: int, text: str) -> str:
    return nip[:start] + text + nip[start + len(text):]


@settings(max_examples=300, deadline=None)
@given(valid_nips(), st.integers(13, 99))
def test_an_impossible_birth_month_is_refused(case, month):
    nip = _replace(case[0], 4, f"{month:02d}")
    assert check_nip(nip, TODAY).code == "nip.birth_date"


@settings(max_examples=300, deadline=None)
@given(valid_nips(), st.integers(32, 99))
def test_an_impossible_birth_day_is_refused(case, day):
    nip = _replace(case[0], 6, f"{day:02d}")
    assert check_nip(nip, TODAY).code == "nip.birth_date"


@settings(max_examples=300, deadline=None)
@given(valid_nips(), st.sampled_from(["00", "13", "20", "45", "99"]))
def test_an_impossible_tmt_month_is_refused(case, month):
    nip = _replace(case[0], 12, month)
    assert check_nip(nip, TODAY).code == "nip.tmt_month"


@settings(max_examples=300, deadline=None)
@given(valid_nips(), st.integers(1, 17))
def test_a_tmt_before_the_18th_birthday_is_refused(case, age):
    nip, birth, _tmt, _g = case
    year = birth.year + age
    nip = _replace(nip, 8, f"{year:04d}{birth.month:02d}")
    problem = check_nip(nip, TODAY)
    assert problem is not None and problem.code in ("nip.tmt_before_adult",)


@settings(max_examples=200, deadline=None)
@given(valid_nips(), st.sampled_from("03456789"))
def test_a_gender_digit_other_than_1_or_2_is_refused(case, digit):
    nip = _replace(case[0], 14, digit)
    problem = check_nip(nip, TODAY)
    assert problem.code == "nip.gender" and problem.params["digit"] == digit


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=30).filter(lambda s: len(s) != 18))
def test_a_wrong_length_says_how_many_digits_were_written(digits):
    problem = check_nip(digits, TODAY)
    assert problem.code == "nip.length" and problem.params["n"] == len(digits)


@pytest.mark.parametrize("raw,code", [
    ("", "nip.required"), ("1986O9262015051001", "nip.not_digits"), ("198609262015051000", "nip.sequence"),
    ("19860231 201505 1 001", "nip.birth_date"), ("198609262015131001", "nip.tmt_month"),
    ("203001012050011001", "nip.birth_range"),
])
def test_examples_of_refused_nips(raw, code):
    assert check_nip(raw, TODAY).code == code


def test_messages_are_precise(app):
    with app.test_request_context():
        _check_messages()


def _check_messages():
    assert check_nip("19860926201505100", TODAY).message == "NIP harus 18 digit; yang ditulis 17 digit."
    assert "(19861332)" in check_nip("198613322015051001", TODAY).message
    msg = check_nip("198609262000051001", TODAY).message
    assert "05-2000" in msg and "26-09-1986" in msg and "18 tahun" in msg


def test_separators_and_number_cells_are_normalised():
    assert normalise_nip("19860926 201505 1 001") == "198609262015051001"
    assert normalise_nip("19860926.201505.1.001") == "198609262015051001"
    assert normalise_nip(198609262015051001) == "198609262015051001"
