"""Maximum entry age from the NIP (issue 15 part 5c): PP 11/2017 Pasal 23 ayat (1) huruf a as
amended by PP 17/2020 allows applicants of at most 35 years (40 for jabatan tertentu, ayat (2)).
The NIP holds the birth date (digits 1–8) and the TMT CPNS (digits 9–14, yyyymm; the 1st of that
month): a start of service after the maximum age is a warning on the employee form and in the
import preview, never a refusal. Boundary cases worked by hand:

    born 01-03-1990, TMT 03-2025 → exactly 35 years 0 days on 01-03-2025   → no warning
    born 28-02-1990, TMT 03-2025 → 35 years 0 months 1 day                 → warning
    born 01-03-1990, TMT 04-2025 → 35 years 1 month 0 days                 → warning
    born 01-03-1985, TMT 03-2025 → exactly 40: fine for a jabatan tertentu, over 35 otherwise
"""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from jenjang.people.entry_age import EntryAgeRules, age_on, entry_age_problem
from jenjang.people.models import Employee, Position
from tests.people_support import confirm, hr_signed_in, nip, reload, run_of, setup_org, upload

D = dt.date
RULES = EntryAgeRules()


@pytest.mark.parametrize("birth,tmt,exception,warned", [
    (D(1990, 3, 1), D(2025, 3, 1), False, False),   # exactly 35 on the TMT
    (D(1990, 2, 28), D(2025, 3, 1), False, True),   # one day over
    (D(1990, 3, 1), D(2025, 4, 1), False, True),    # one month over
    (D(1990, 3, 2), D(2025, 3, 1), False, False),   # still 34
    (D(1985, 3, 1), D(2025, 3, 1), True, False),    # exactly 40, jabatan tertentu
    (D(1985, 2, 28), D(2025, 3, 1), True, True),    # 40 and a day
    (D(1985, 3, 1), D(2025, 3, 1), False, True),    # 40 in an ordinary position
])
def test_entry_age_boundaries(birth, tmt, exception, warned):
    problem = entry_age_problem(birth, tmt, RULES, exception=exception)
    assert (problem is not None) == warned
    if problem:
        assert problem.code == "nip.entry_age" and problem.params["limit"] == (40 if exception else 35)


def test_the_warning_says_the_age_on_the_tmt_and_the_regulation(app):
    problem = entry_age_problem(D(1990, 2, 28), D(2025, 3, 1), RULES)
    assert (problem.params["years"], problem.params["months"], problem.params["days"]) == (35, 0, 1)
    with app.test_request_context():
        assert "usia 35 tahun 0 bulan 1 hari" in problem.message
        assert "batas usia pelamar 35 tahun" in problem.message and "PP 17/2020" in problem.message
    assert age_on(D(1990, 3, 1), D(2025, 4, 1)) == (35, 1, 0)


def test_pppk_are_not_checked_against_the_pns_entry_age():
    assert entry_age_problem(D(1970, 1, 1), D(2025, 3, 1), RULES, employment_type="PPPK") is None


@pytest.fixture
def hr(two_tenants, factory, client_for):
    return hr_signed_in(two_tenants, factory, client_for)


def test_employee_form_saves_with_a_warning_above_the_entry_age(hr, factory):
    a, _, c = hr
    r = c.post("/people/new", {"nip": nip(7, "19900228", "202503"), "full_name": "Tua Sehari",
                               "employment_type": "PNS"})
    assert r.status_code == 302  # saved: a warning, not a refusal
    page = c.text(c.get(r.headers["Location"]))
    assert "Peringatan" in page and "usia 35 tahun 0 bulan 1 hari" in page and "batas usia pelamar 35 tahun" in page
    r = c.post("/people/new", {"nip": nip(8, "19900301", "202503"), "full_name": "Pas Tiga Puluh Lima",
                               "employment_type": "PNS"})
    assert r.status_code == 302
    assert "batas usia pelamar" not in c.text(c.get(r.headers["Location"]))
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(Employee).where(
        Employee.full_name.in_(["Tua Sehari", "Pas Tiga Puluh Lima"]))) == 2
    # editing the same employee warns again on save
    emp_id = factory.scalar(a, sa.select(Employee.id).where(Employee.full_name == "Tua Sehari"))
    r = c.post(f"/people/{emp_id}/edit", {"edit-nip": nip(7, "19900228", "202503"), "edit-full_name": "Tua Sehari",
                                          "edit-employment_type": "PNS"})
    assert r.status_code == 302
    assert "batas usia pelamar 35 tahun" in c.text(c.get(r.headers["Location"]))


def test_import_preview_shows_the_entry_age_warning_and_a_jabatan_tertentu_lifts_it(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    rows = (f"nip,nama,kode_jabatan\n"
            f"{nip(1, '19900301', '202504')},Lewat Sebulan,J-GURU\n"
            f"{nip(2, '19900301', '202503')},Tepat Waktu,J-GURU\n")
    run = run_of(factory, a, upload(c, "employees", rows.encode()))
    assert run.status == "preview"
    assert {(w["row"], w["code"]) for w in run.summary["warnings"]} == {(2, "nip.entry_age")}
    page = c.text(c.get(f"/people/import/{run.id}"))
    assert "1 peringatan" in page and "usia 35 tahun 1 bulan 0 hari" in page
    assert confirm(c, run).status_code == 422  # the officer must accept the warning
    assert confirm(c, run, accept_warnings="y").status_code == 302
    assert reload(factory, a, run).status == "done"

    def flag():
        from jenjang.extensions import db
        db.session.execute(sa.update(Position).where(Position.code == "J-GURU").values(entry_age_exception=True))

    factory.run(a, flag)
    run = run_of(factory, a, upload(c, "employees", rows.encode()))
    assert "nip.entry_age" not in {w["code"] for w in (run.summary or {}).get("warnings", [])}


def test_the_entry_ages_are_tenant_reference_data_with_their_citation(hr, factory, client_for):
    a, b, c = hr
    page = c.text(c.get("/people/settings"))
    assert "PP 11/2017 Pasal 23" in page and "PP 17/2020" in page and 'value="35"' in page and 'value="40"' in page
    r = c.post("/people/settings", {"entry_age_max": "36", "entry_age_max_exception": "35",
                                    "entry_age_regulation": "PP 11/2017 jo. PP 17/2020"})
    assert r.status_code == 422
    assert "Batas usia jabatan tertentu tidak boleh di bawah batas usia umum." in c.text(r)
    r = c.post("/people/settings", {"entry_age_max": "17", "entry_age_max_exception": "40",
                                    "entry_age_regulation": "x"})
    assert r.status_code == 422 and "Batas usia 18 sampai 60 tahun." in c.text(r)
    assert c.post("/people/settings", {"entry_age_max": "36", "entry_age_max_exception": "40",
                                       "entry_age_regulation": "Perkada 1/2026"}).status_code == 302
    # 35 years and a month is within 36: no warning now
    r = c.post("/people/new", {"nip": nip(9, "19900301", "202504"), "full_name": "Di Bawah 36",
                               "employment_type": "PNS"})
    assert "batas usia pelamar" not in c.text(c.get(r.headers["Location"]))
    from jenjang.core.models import AuditEntry
    entry = factory.scalar(a, sa.select(AuditEntry).where(AuditEntry.action == "people.settings_changed"))
    assert entry.after["entry_age_max"] == 36
    # the other region keeps the default and cannot see this one's row
    factory.user(b, f"hr@{b.slug}.demo", roles=["hr"])
    cb = client_for(b)
    cb.login(f"hr@{b.slug}.demo")
    other = cb.text(cb.get("/people/settings"))
    assert 'value="35"' in other and "Perkada 1/2026" not in other


def test_position_form_flags_a_jabatan_tertentu(hr, factory):
    a, _, c = hr
    setup_org(c, factory, a)
    pid, unit_id = factory.run(a, lambda: _position_ids("J-GURU"))
    r = c.post(f"/org/positions/{pid}/edit", {"name": "Guru Ahli Pertama", "kind": "fungsional",
                                              "functional_level": "ahli_pertama", "unit_id": str(unit_id),
                                              "quota": "5", "code": "J-GURU", "entry_age_exception": "y"})
    assert r.status_code == 302
    assert factory.scalar(a, sa.select(Position.entry_age_exception).where(Position.id == pid)) is True


def _position_ids(code):
    from jenjang.extensions import db
    row = db.session.execute(sa.select(Position.id, Position.unit_id).where(Position.code == code)).one()
    return row.id, row.unit_id

