"""Current level selection (date, validity per source, precedence) and the XLSX import, which is
all or nothing with a per-row report."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import sqlalchemy as sa

from tests.competency_support import assess, cast, comp_ids, standard_region
from tests.helpers import local_today


def _current(factory, tenant, employee_id, code, rules=None):
    cid = comp_ids(factory, tenant)[code]

    def go():
        from jenjang.competency import queries
        from jenjang.competency.settings import load_rules
        from jenjang.extensions import db

        cur = queries.current_levels(rules or load_rules(), employee_ids=[employee_id])
        row = db.session.execute(sa.select(cur.c.level, cur.c.source).where(cur.c.competency_id == cid)).first()
        return tuple(row) if row else None

    return factory.run(tenant, go)


def _days(n):
    return local_today() - dt.timedelta(days=n)


def test_the_most_recent_valid_assessment_is_the_current_level(two_tenants, factory):
    a, _ = two_tenants
    org = standard_region(factory, a)
    assess(factory, a, org["kabid"], {"M.04": 2}, source="assessment_center", on=_days(400))
    assess(factory, a, org["kabid"], {"M.04": 4}, source="supervisor", on=_days(10))
    assert _current(factory, a, org["kabid"], "M.04") == (4, "supervisor")


def test_an_expired_assessment_no_longer_counts(two_tenants, factory):
    a, _ = two_tenants
    org = standard_region(factory, a)
    assess(factory, a, org["kabid"], {"M.04": 4}, source="supervisor", on=_days(500))  # 12 months valid
    assess(factory, a, org["kabid"], {"M.04": 2}, source="assessment_center", on=_days(900))  # 36 months
    assert _current(factory, a, org["kabid"], "M.04") == (2, "assessment_center")
    assess(factory, a, org["kabid"], {"M.05": 3}, source="feedback_360", on=_days(800))  # 24 months: expired
    assert _current(factory, a, org["kabid"], "M.05") is None


def test_zero_months_means_no_expiry(two_tenants, factory):
    from jenjang.competency.settings import Rules

    a, _ = two_tenants
    org = standard_region(factory, a)
    assess(factory, a, org["kabid"], {"M.05": 3}, source="feedback_360", on=_days(3000))
    rules = Rules()
    rules.validity_months = {**rules.validity_months, "feedback_360": 0}
    assert _current(factory, a, org["kabid"], "M.05", rules) == (3, "feedback_360")


def test_source_precedence_breaks_ties_on_the_same_date(two_tenants, factory):
    from jenjang.competency.settings import Rules

    a, _ = two_tenants
    org = standard_region(factory, a)
    assess(factory, a, org["kabid"], {"M.06": 2}, source="supervisor", on=_days(20))
    assess(factory, a, org["kabid"], {"M.06": 4}, source="assessment_center", on=_days(20))
    assert _current(factory, a, org["kabid"], "M.06") == (4, "assessment_center")
    assert _current(factory, a, org["kabid"], "M.06",
                    Rules(source_precedence=["supervisor", "assessment_center", "competency_test",
                                             "feedback_360"])) == (2, "supervisor")


def test_source_first_mode_prefers_the_higher_source_even_when_older(two_tenants, factory):
    from jenjang.competency.settings import Rules

    a, _ = two_tenants
    org = standard_region(factory, a)
    assess(factory, a, org["kabid"], {"M.07": 3}, source="assessment_center", on=_days(300))
    assess(factory, a, org["kabid"], {"M.07": 5}, source="supervisor", on=_days(5))
    assert _current(factory, a, org["kabid"], "M.07") == (5, "supervisor")
    assert _current(factory, a, org["kabid"], "M.07", Rules(precedence_mode="source_first")) == \
        (3, "assessment_center")


def test_sql_jpm_agrees_with_the_reference_formula(two_tenants, factory):
    a, _ = two_tenants
    org = standard_region(factory, a)
    assess(factory, a, org["analis"], {"M.01": 5})  # surplus, capped

    def go():
        from jenjang.competency import queries
        from jenjang.competency.settings import load_rules

        rules = load_rules()
        report = queries.gap_report(rules, org["analis"], org["staff_b_position"])
        return report.result.percent, report.result.surplus_total, queries.jpm_by_employee(rules, [org["analis"]])

    percent, surplus, by_sql = factory.run(a, go)
    assert percent == 77.78 and surplus == 3 and by_sql[org["analis"]] == 77.78


# --- import ---------------------------------------------------------------------------------

def _xlsx(rows, headers=("NIP", "Kode kompetensi", "Level", "Tanggal penilaian", "Sumber", "Asesor")):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def _count(factory, tenant):
    from jenjang.competency.models import CompetencyAssessment

    return factory.scalar(tenant, sa.select(sa.func.count()).select_from(CompetencyAssessment))


def _nip_of(factory, tenant, employee_id):
    from jenjang.people.models import Employee

    return factory.scalar(tenant, sa.select(Employee.nip).where(Employee.id == employee_id))


def _upload(c, data):
    return c.post("/competency/import", {"file": (data, "hasil-ac.xlsx"), "source": "assessment_center"},
                  content_type="multipart/form-data")


def test_import_applies_every_row_when_all_are_valid(two_tenants, factory, client_for):
    a, _ = two_tenants
    org = cast(factory, a)
    before = _count(factory, a)
    nip = _nip_of(factory, a, org["kabid"])
    c = client_for(a)
    c.login(f"hr@{a.slug}.demo")
    r = _upload(c, _xlsx([(nip, "M.01", 3, "2025-03-01", "assessment center", "Tim AC"),
                          (nip, "m.02", 4.0, dt.datetime(2025, 3, 1), None, "Tim AC"),
                          (nip, "SK.01", "2", "01-03-2025", "uji kompetensi", "")]))
    assert r.status_code == 302
    assert _count(factory, a) == before + 3
    assert _current(factory, a, org["kabid"], "M.02") == (4, "assessment_center")
    assert _current(factory, a, org["kabid"], "SK.01") == (2, "competency_test")


def test_import_is_all_or_nothing_with_a_message_per_row(two_tenants, factory, client_for):
    a, b = two_tenants
    org = cast(factory, a)
    b_org = standard_region(factory, b)
    from jenjang.competency import operations
    factory.run(a, lambda: operations.retire_competency(operations.save_competency(
        None, code="T.OLD", name="Lama", field="Umum")))
    nip = _nip_of(factory, a, org["kabid"])
    from jenjang.people import operations as people
    from tests.people_support import nip as make_nip

    b_nip = make_nip(77, "19870101", "201203")  # exists only in B
    factory.run(b, lambda: people.create_employee(nip=b_nip, full_name="Hanya di B"))
    assert b_org
    before = _count(factory, a)
    c = client_for(a)
    c.login(f"hr@{a.slug}.demo")
    r = _upload(c, _xlsx([
        (nip, "M.01", 3, "2025-03-01", None, ""),          # row 2: fine on its own
        (nip, "M.02", 6, "2025-03-01", None, ""),          # row 3: level outside 1–5
        ("199001012015031999", "M.01", 3, "2025-03-01", None, ""),  # row 4: unknown NIP
        (b_nip, "M.01", 3, "2025-03-01", None, ""),        # row 5: another tenant's NIP
        (nip, "T.OLD", 3, "2025-03-01", None, ""),         # row 6: retired competency
        (nip, "X.99", 3, "2025-03-01", None, ""),          # row 7: unknown competency
        (nip, "M.03", 3, "2099-01-01", None, ""),          # row 8: future date
        (nip, "M.04", 3, "2025-03-01", "ramalan", ""),     # row 9: unknown source
        (nip, "M.05", "=1+2", "2025-03-01", None, ""),     # row 10: a formula
    ]))
    assert r.status_code == 422
    page = c.text(r)
    assert _count(factory, a) == before
    assert "Tidak ada penilaian yang disimpan" in page
    for row, words in ((3, "Level &#34;6&#34; tidak valid"), (4, "tidak ada di wilayah ini"),
                       (5, f"NIP {b_nip} tidak ada di wilayah ini"), (6, "sudah dipensiunkan"),
                       (7, "X.99 tidak ada di kamus"), (8, "di luar rentang"), (9, "ramalan"), (10, "rumus")):
        assert f"<td>{row}</td>" in page and words in page, (row, words)
    assert "<td>2</td>" not in page


def test_import_without_required_columns_says_which(two_tenants, factory, client_for):
    a, _ = two_tenants
    cast(factory, a)
    c = client_for(a)
    c.login(f"hr@{a.slug}.demo")
    r = _upload(c, _xlsx([("x", "y")], headers=("NIP", "Catatan")))
    assert r.status_code == 422 and "Kolom wajib tidak ada: Kode kompetensi, Level, Tanggal penilaian" in c.text(r)
    assert c.get("/competency/import/template.xlsx").data.startswith(b"PK")


@pytest.mark.parametrize("level", ["0", "6", "2.5", "", "abc"])
def test_record_assessment_refuses_levels_outside_1_to_5(two_tenants, factory, level):
    from jenjang.competency import operations

    a, _ = two_tenants
    org = standard_region(factory, a)
    cid = comp_ids(factory, a)["M.01"]

    def go():
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        e = db.session.scalar(sa.select(Employee).where(Employee.id == org["analis"]))
        operations.record_assessment(e, competency_id=cid, level=level, source="supervisor",
                                     assessed_on=dt.date(2025, 1, 1))

    with pytest.raises(operations.CompetencyError, match="1 sampai 5"):
        factory.run(a, go)
