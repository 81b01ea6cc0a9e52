"""The NI PPPK (a PPPK's number), as a specification beside the NIP's: 18 digits = YYYYMMDD birth
date + YYYY year of first appointment as PPPK + a 2-digit code that is not a month (21, or e.g. 24
for paruh waktu) + gender + sequence. Which rule applies depends on the employee's kind, and a
number of one shape given for the other kind says so."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jenjang.people.nip import check_nip, format_nip, parse_nip

TODAY = dt.date(2026, 6, 1)
EXAMPLE = "199001012022211001"


@st.composite
def valid_ni_pppk(draw):
    birth = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2008, 12, 31)))
    year = draw(st.integers(birth.year + 18, TODAY.year + 1))
    code = draw(st.integers(13, 99))
    gender = draw(st.sampled_from("12"))
    seq = draw(st.integers(1, 999))
    return f"{birth:%Y%m%d}{year:04d}{code:02d}{gender}{seq:03d}", birth, year, gender


@settings(max_examples=300, deadline=None)
@given(valid_ni_pppk(), st.sampled_from(["PPPK", "PPPK_PW"]))
def test_every_valid_ni_pppk_is_accepted_and_its_parts_read_back(case, kind):
    nip, birth, year, gender = case
    assert check_nip(nip, TODAY, kind=kind) is None
    parts = parse_nip(nip, TODAY, kind=kind)
    assert (parts.birth_date, parts.appointment_year, parts.gender, parts.tmt_cpns) == (birth, year, gender, None)
    assert check_nip(format_nip(nip, kind), TODAY, kind=kind) is None


def test_the_example_ni_pppk_is_valid_and_printed_in_five_parts():
    assert check_nip(EXAMPLE, TODAY, kind="PPPK") is None
    parts = parse_nip(EXAMPLE, TODAY, kind="PPPK")
    assert parts.birth_date == dt.date(1990, 1, 1) and parts.appointment_year == 2022 and parts.code == "21"
    assert parts.gender == "1" and parts.sequence == 1 and parts.tmt_cpns is None
    assert format_nip(EXAMPLE, "PPPK") == "19900101 2022 21 1 001"
    assert format_nip("198609262015051001") == "19860926 201505 1 001"  # a PNS's NIP as before
    assert check_nip("19900101 2022 24 2 017", TODAY, kind="PPPK_PW") is None  # paruh waktu code


@pytest.mark.parametrize("raw,code", [
    ("", "nip.required"),
    ("19900101202221100", "nip.length"),
    ("1990010120222110x1", "nip.not_digits"),
    # 29 February: only in a leap year
    ("199602292022211001", None),
    ("199502292022211001", "nip.birth_date"),
    ("200002292022211001", None),  # 2000 is a leap year (divisible by 400)
    ("190002292022211001", "nip.birth_date"),  # 1900 is not
    ("199013012022211001", "nip.birth_date"),
    ("203001012050211001", "nip.birth_range"),
    # digits 13–14: 13 is the first that is not a month; 12 and 01 are months (a PNS shape); 00 no code
    ("199001012022131001", None),
    ("199001012022121001", "nip.pppk_looks_pns"),
    ("199001012022011001", "nip.pppk_looks_pns"),
    ("199001012022001001", "nip.pppk_code"),
    ("199001012022991001", None),
    # the year of appointment: from the year of the 18th birthday to next year
    ("199012312008211001", None),  # 18th birthday on 31-12-2008: the year itself passes
    ("199012312007211001", "nip.pppk_year_before_adult"),
    ("199001012027211001", None),  # next year (TODAY is 2026)
    ("199001012028211001", "nip.pppk_year_future"),
    # gender and sequence
    ("199001012022213001", "nip.gender"),
    ("199001012022210001", "nip.gender"),
    ("199001012022211000", "nip.sequence"),
    ("199001012022212999", None),
])
def test_ni_pppk_edge_cases(raw, code):
    problem = check_nip(raw, TODAY, kind="PPPK")
    assert (problem.code if problem else None) == code


def test_the_year_of_the_18th_birthday_is_accepted():
    assert check_nip("199012312008211001", TODAY, kind="PPPK") is None  # the NI PPPK holds no month
    assert check_nip("199001012007211001", TODAY, kind="PPPK").code == "nip.pppk_year_before_adult"
    assert check_nip("199001012008211001", TODAY, kind="PPPK") is None  # 18 on 1 January 2008


def test_year_boundaries_follow_the_clock():
    assert check_nip("199001012027211001", dt.date(2026, 12, 31), kind="PPPK") is None
    assert check_nip("199001012027211001", dt.date(2025, 12, 31), kind="PPPK").code == "nip.pppk_year_future"
    assert check_nip("199001012027211001", dt.date(2026, 1, 1), kind="PPPK") is None


def test_a_real_ni_pppk_given_for_a_pns_says_it_looks_like_an_ni_pppk(app):
    problem = check_nip(EXAMPLE, TODAY, kind="PNS")
    assert problem.code == "nip.tmt_month" and problem.params["pppk"] == "21"
    with app.test_request_context():
        assert "tampak seperti NI PPPK" in problem.message and "pilih jenis kepegawaian PPPK" in problem.fix
        # month 00 is no month and no PPPK code either: the plain message
        plain = check_nip("198609262015001001", TODAY, kind="PNS")
        assert plain.code == "nip.tmt_month" and "NI PPPK" not in plain.message


def test_a_pns_nip_given_for_a_pppk_says_it_looks_like_a_pns_nip(app):
    problem = check_nip("198609262015051001", TODAY, kind="PPPK")
    assert problem.code == "nip.pppk_looks_pns"
    with app.test_request_context():
        assert "NIP PNS" in problem.message and "pilih jenis kepegawaian PNS" in problem.fix
        year = check_nip("199012312007211001", TODAY, kind="PPPK_PW")
        assert "2007" in year.message and "31-12-1990" in year.message


def test_month_12_and_13_on_a_pns_nip():
    assert check_nip("198609262015121001", TODAY) is None
    assert check_nip("198609262015131001", TODAY).params.get("pppk") == "13"


def test_the_database_derives_birth_date_gender_and_year_for_a_stored_pppk(factory):
    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.people.models import Employee

    tenant = factory.tenant("nipdb")

    def store():
        db.session.add_all([Employee(nip="199602292022212007", full_name="Sri PPPK", employment_type="PPPK"),
                            Employee(nip="198609262015051001", full_name="Budi PNS")])
        db.session.flush()

    factory.run(tenant, store)
    cols = (Employee.birth_date, Employee.gender, Employee.appointment_year, Employee.tmt_cpns)
    rows = factory.run(tenant, lambda: {e.full_name: (tuple(getattr(e, c.key) for c in cols), e.service_start)
                                        for e in db.session.scalars(sa.select(Employee))})
    assert rows["Sri PPPK"] == ((dt.date(1996, 2, 29), "2", 2022, None), dt.date(2022, 1, 1))
    assert rows["Budi PNS"] == ((dt.date(1986, 9, 26), "1", 2015, dt.date(2015, 5, 1)), dt.date(2015, 5, 1))
