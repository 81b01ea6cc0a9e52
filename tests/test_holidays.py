"""The holiday calendar and working days: national holidays and cuti bersama seeded from the SKB
for every tenant, regional holidays kept by the BKPSDM (with a source, clear form errors, isolated
per tenant), and SLA deadlines that skip weekends and holidays (a step due over Idul Fitri)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")


@pytest.fixture
def tenant(factory):
    t = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    factory.user(t, "admin@pematangsiantar.demo", roles=["admin"], nip=factory.nip(t, 1))
    factory.user(t, "hr@pematangsiantar.demo", roles=["hr"], nip=factory.nip(t, 2))
    factory.user(t, "pegawai@pematangsiantar.demo", nip=factory.nip(t, 3))
    return t


def _login(client_for, tenant, email="hr@pematangsiantar.demo"):
    c = client_for(tenant)
    c.login(email)
    return c


def _add(c, **fields):
    data = {"day": "2026-04-17", "name": "Hari Jadi Kota Pematangsiantar", "kind": "regional",
            "source": "Keputusan Wali Kota Pematangsiantar Nomor 003/2026"} | fields
    return c.post("/admin/holidays?year=2026", data)


def _after(factory, tenant, start: dt.datetime, days: int, zone=WIB) -> dt.datetime:
    from jenjang.workflow.workdays import add_working_days

    return factory.run(tenant, lambda: add_working_days(start, days, zone)).astimezone(zone)


# --- the seed -----------------------------------------------------------------------------------

def test_a_new_tenant_has_the_2026_skb_holidays_and_the_fixed_2027_ones(tenant, factory):
    counts = factory.scalar(tenant, "SELECT string_agg(k, ',' ORDER BY k) FROM (SELECT extract(year FROM day)::int "
                                    "|| ':' || kind || '=' || count(*) AS k FROM holidays GROUP BY extract(year FROM day), kind) x")
    # SKB 1497/2025, 2/2025, 5/2025: 17 national holidays and 8 days of cuti bersama in 2026
    assert counts == "2026:joint_leave=8,2026:national=17,2027:national=5"
    lebaran = factory.scalar(tenant, "SELECT string_agg(day::text || ' ' || kind, ', ' ORDER BY day) FROM holidays "
                                     "WHERE day BETWEEN '2026-03-18' AND '2026-03-24'")
    assert lebaran == ("2026-03-18 joint_leave, 2026-03-19 national, 2026-03-20 joint_leave, 2026-03-21 national, "
                       "2026-03-22 national, 2026-03-23 joint_leave, 2026-03-24 joint_leave")
    assert factory.scalar(tenant, "SELECT bool_and(seeded AND source LIKE '%Nomor 1497 Tahun 2025%') FROM holidays "
                                  "WHERE extract(year FROM day) = 2026")


def test_provisioning_again_adds_nothing_twice(tenant, factory):
    from jenjang.extensions import db
    from jenjang.tenancy import operations as ops
    from jenjang.tenancy.models import Tenant

    before = factory.scalar(tenant, "SELECT count(*) FROM holidays")
    factory.run(tenant, lambda: ops.provision(db.session.get(Tenant, tenant.id)))
    assert factory.scalar(tenant, "SELECT count(*) FROM holidays") == before == 30


def test_the_page_lists_the_year_with_sources_and_says_2027_is_incomplete(tenant, client_for):
    c = _login(client_for, tenant)
    page = c.text(c.get("/admin/holidays?year=2026"))
    assert "Idulfitri 1447 Hijriah" in page and "Cuti bersama Idulfitri 1447 Hijriah" in page
    assert "Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025" in page
    assert "dari SKB" in page
    page = c.text(c.get("/admin/holidays?year=2027"))
    assert "SKB hari libur nasional dan cuti bersama tahun 2027 belum ditemukan" in page
    assert "Proklamasi Kemerdekaan" in page


# --- regional holidays ------------------------------------------------------------------------------

def test_hr_adds_edits_and_deletes_a_regional_holiday_with_its_source(tenant, factory, client_for):
    c = _login(client_for, tenant)
    r = _add(c)
    assert r.status_code == 302
    row = factory.scalar(tenant, "SELECT day || '|' || kind || '|' || source || '|' || seeded FROM holidays "
                                 "WHERE name = 'Hari Jadi Kota Pematangsiantar'")
    assert row == "2026-04-17|regional|Keputusan Wali Kota Pematangsiantar Nomor 003/2026|false"
    hid = factory.scalar(tenant, "SELECT id FROM holidays WHERE name = 'Hari Jadi Kota Pematangsiantar'")
    page = c.text(c.get("/admin/holidays?year=2026"))
    assert "Hari Jadi Kota Pematangsiantar" in page and f"/admin/holidays/{hid}" in page
    r = c.post(f"/admin/holidays/{hid}", {"day": "2026-04-24", "name": "Hari Jadi Kota Pematangsiantar ke-155",
                                          "kind": "regional", "source": "Keputusan Wali Kota Nomor 004/2026"})
    assert r.status_code == 302
    assert factory.scalar(tenant, f"SELECT day::text FROM holidays WHERE id = {hid}") == "2026-04-24"
    assert c.post(f"/admin/holidays/{hid}/delete").status_code == 302
    assert factory.scalar(tenant, f"SELECT count(*) FROM holidays WHERE id = {hid}") == 0
    actions = factory.scalar(tenant, "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log "
                                     "WHERE action LIKE 'holiday.%'")
    assert actions == "holiday.added,holiday.changed,holiday.deleted"


@pytest.mark.parametrize("fields, field_message", [
    ({"day": "2026-02-30"}, "Tanggal tidak valid. Tulis seperti 2026-08-17."),
    ({"day": "17-04-2026"}, "Tanggal tidak valid. Tulis seperti 2026-08-17."),
    ({"day": ""}, "Wajib diisi."),
    ({"source": ""}, "Wajib diisi."),
    ({"source": "   "}, "Isi dasar penetapannya"),
    ({"name": ""}, "Wajib diisi."),
    ({"kind": "libur"}, "Not a valid choice"),
    ({"day": "1999-12-31"}, "Tanggal harus antara tahun 2000 dan 2100."),
    ({"day": "2026-03-21", "name": "idulfitri 1447 hijriah"}, "sudah ada di kalender"),
])
def test_bad_input_gets_a_form_error_and_changes_nothing(tenant, factory, client_for, fields, field_message):
    c = _login(client_for, tenant)
    before = factory.scalar(tenant, "SELECT count(*) FROM holidays")
    r = _add(c, **fields)
    assert r.status_code == 422
    text = c.text(r)
    assert 'class="field-error"' in text
    if field_message != "Not a valid choice":
        assert field_message in text
    assert factory.scalar(tenant, "SELECT count(*) FROM holidays") == before


def test_seeded_national_holidays_cannot_be_edited_or_deleted(tenant, factory, client_for):
    c = _login(client_for, tenant)
    hid = factory.scalar(tenant, "SELECT id FROM holidays WHERE name = 'Idulfitri 1447 Hijriah'")
    assert f"/admin/holidays/{hid}" not in c.text(c.get("/admin/holidays?year=2026"))
    r = c.post(f"/admin/holidays/{hid}", {"day": "2026-03-25", "name": "x", "kind": "national", "source": "x"})
    assert r.status_code == 302
    assert c.post(f"/admin/holidays/{hid}/delete").status_code == 302
    assert "tidak dapat diubah atau dihapus" in c.text(c.get("/admin/holidays?year=2026"))
    assert factory.scalar(tenant, f"SELECT day::text FROM holidays WHERE id = {hid}") == "2026-03-21"


def test_an_employee_cannot_see_or_change_the_calendar(tenant, factory, client_for):
    c = _login(client_for, tenant, "pegawai@pematangsiantar.demo")
    assert c.get("/admin/holidays").status_code == 403
    assert _add(c).status_code == 403
    assert factory.scalar(tenant, "SELECT count(*) FROM holidays WHERE NOT seeded") == 0


def test_another_tenants_holiday_is_a_404(tenant, factory, client_for):
    other = factory.tenant("palangkaraya", name="Pemerintah Kota Palangka Raya")
    factory.user(other, "hr@palangkaraya.demo", roles=["hr"])
    theirs = factory.run(other, _regional_holiday)
    c = _login(client_for, tenant)
    for method, path in (("get", f"/admin/holidays/{theirs}"), ("post", f"/admin/holidays/{theirs}"),
                         ("post", f"/admin/holidays/{theirs}/delete")):
        r = getattr(c, method)(path) if method == "get" else c.post(path, {"day": "2026-05-05", "name": "x",
                                                                              "kind": "regional", "source": "x"})
        assert r.status_code == 404, path
    assert factory.scalar(other, f"SELECT name FROM holidays WHERE id = {theirs}") == "Hari Jadi Kota Palangka Raya"
    assert "Hari Jadi Kota Palangka Raya" not in c.text(c.get("/admin/holidays?year=2026"))


def _regional_holiday() -> int:
    from jenjang.workflow import holidays

    return holidays.add_holiday(holidays.HolidayInput(dt.date(2026, 7, 17), "Hari Jadi Kota Palangka Raya",
                                                      "regional", "Perda Kota Palangka Raya"), "test").id


# --- working days -----------------------------------------------------------------------------------

def test_working_days_skip_nyepi_lebaran_and_cuti_bersama_2026(tenant, factory):
    at = lambda d, h=9: dt.datetime.combine(d, dt.time(h), WIB)  # noqa: E731
    # Monday 16 March + 1: Tuesday 17 March, the last working day before the holidays
    assert _after(factory, tenant, at(dt.date(2026, 3, 16)), 1) == at(dt.date(2026, 3, 17))
    # Tuesday 17 March + 1: 18 (cuti Nyepi), 19 (Nyepi), 20 (cuti Idulfitri), 21-22 (Idulfitri, a weekend),
    # 23-24 (cuti Idulfitri) are off: Wednesday 25 March
    assert _after(factory, tenant, at(dt.date(2026, 3, 17)), 1) == at(dt.date(2026, 3, 25))
    # Friday 13 March + 3: Monday 16, Tuesday 17, Wednesday 25
    assert _after(factory, tenant, at(dt.date(2026, 3, 13)), 3) == at(dt.date(2026, 3, 25))
    # a start on a holiday counts from the next working day: Saturday 21 March + 1 = Wednesday 25
    assert _after(factory, tenant, at(dt.date(2026, 3, 21)), 1) == at(dt.date(2026, 3, 25))
    # Thursday 24 December + 1: 25 (Natal) is off, 26-27 a weekend: Monday 28 December
    assert _after(factory, tenant, at(dt.date(2026, 12, 23)), 1) == at(dt.date(2026, 12, 28))


def test_a_regional_holiday_moves_the_deadline_a_day(tenant, factory):
    from jenjang.workflow import holidays

    factory.run(tenant, lambda: holidays.add_holiday(holidays.HolidayInput(
        dt.date(2026, 3, 25), "Libur daerah uji", "regional", "Keputusan Wali Kota uji"), "test"))
    start = dt.datetime(2026, 3, 17, 9, tzinfo=WIB)
    assert _after(factory, tenant, start, 1).date() == dt.date(2026, 3, 26)


def test_working_days_are_counted_in_the_tenants_own_dates(tenant, factory):
    # 23:30 WIT on Tuesday 17 March is 21:30 WIB the same day, 14:30 UTC: Wednesday 25 March in Jayapura
    start = dt.datetime(2026, 3, 17, 23, 30, tzinfo=WIT)
    due = _after(factory, tenant, start, 1, WIT)
    assert due == dt.datetime(2026, 3, 25, 23, 30, tzinfo=WIT)


def test_a_step_due_over_idul_fitri_lands_after_lebaran_and_cuti_bersama(factory, clock):
    """A promotion case opened on Tuesday 17 March 2026, 09:00 WIB: its first step has an SLA of 5
    working days. Counted Monday to Friday only it would be due Tuesday 24 March (a cuti bersama
    day); with the SKB calendar the days 18-24 March are off and it is due Tuesday 31 March
    (25, 26, 27, 30, 31). The SLA reminder is scheduled then, the admin's a working day later."""
    from tests.org import build_region

    clock.set("2026-03-17T09:00", tick=False)
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    region = build_region(factory, tenant)

    def run():
        from jenjang.extensions import db
        from jenjang.people.models import Employee
        from jenjang.promotion import operations

        e = db.session.scalar(sa.select(Employee).where(Employee.id == region.staff_id))
        return operations.open_case(e, "reguler", dt.date(2026, 4, 1), today=dt.date(2026, 3, 17)).workflow_case_id

    wid = factory.run(tenant, run)
    due = factory.scalar(tenant, f"SELECT step_due_at FROM workflow_cases WHERE id = {wid}")
    assert due.astimezone(WIB) == dt.datetime(2026, 3, 31, 9, 0, tzinfo=WIB)
    reminder = factory.scalar(tenant, f"SELECT due_at FROM notification_reminders WHERE key = 'workflow.sla:{wid}:1'")
    assert reminder == due
    admin = factory.scalar(tenant, f"SELECT due_at FROM notification_reminders WHERE key = 'workflow.sla-admin:{wid}:1'")
    assert admin.astimezone(WIB) == dt.datetime(2026, 4, 1, 9, 0, tzinfo=WIB)
