"""The clock is an input: the application reads the time only through core/clock.py, SQL gets
business dates as parameters, tests and developers can set "now", production refuses that."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jenjang.core import clock as app_clock

ROOT = Path(__file__).resolve().parents[1]
CODE = ROOT / "platform" / "jenjang"
WIB, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Jayapura")

PYTHON_CLOCK = re.compile(r"\b(?:date\.today|datetime\.(?:now|utcnow|today))\(")
SQL_CLOCK = re.compile(r"current_date|current_timestamp|localtimestamp|\bnow\(\)|func\.now\(", re.I)
# Write timestamps the database may fill itself: never compared with the application's now.
SQL_CLOCK_ALLOWED = {
    ("people/models.py", "server_default=sa.func.now()"),  # a fallback for rows written by raw SQL
    ("notifications/tasks.py", "sent_at = now()"),  # when the SMTP server accepted it
}


def _code_lines():
    for path in sorted(CODE.rglob("*.py")):
        rel = path.relative_to(CODE).as_posix()
        for number, line in enumerate(path.read_text().splitlines(), 1):
            yield rel, number, line


def test_no_code_reads_the_real_clock_outside_core_clock():
    offenders = [f"{rel}:{n}: {line.strip()}" for rel, n, line in _code_lines()
                 if rel != "core/clock.py" and PYTHON_CLOCK.search(line)]
    assert not offenders, "read the time through jenjang.core.clock:\n" + "\n".join(offenders)


def test_sql_gets_business_dates_as_parameters_not_from_the_server():
    offenders = []
    for rel, n, line in _code_lines():
        if rel == "core/clock.py" or not SQL_CLOCK.search(line):
            continue
        if any(rel == f and allowed in line for f, allowed in SQL_CLOCK_ALLOWED):
            continue
        if re.search(r"(clock|utc|local|_system)\.?now\(\)|def now\(", line):  # the application's clock
            continue
        offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "pass the date from jenjang.core.clock as a parameter:\n" + "\n".join(offenders)


def test_set_clock_moves_today_in_every_tenant_zone(clock):
    clock.set("2026-12-31T23:30", tz="WIT")
    assert app_clock.today(WIT) == dt.date(2026, 12, 31)
    assert app_clock.today(WIB) == dt.date(2026, 12, 31)  # 21:30 in Jakarta
    assert app_clock.now().utcoffset() == dt.timedelta(0)
    clock.set("2027-01-01T00:30", tz="WIT")
    assert app_clock.today(WIT) == dt.date(2027, 1, 1)  # a new JP year in Jayapura …
    assert app_clock.today(WIB) == dt.date(2026, 12, 31)  # … while Jakarta is still in the old one
    clock.set("2027-01-02T08:00", tz="WIB", tick=False)
    assert app_clock.now() == dt.datetime(2027, 1, 2, 1, 0, tzinfo=dt.UTC)
    assert app_clock.today(WIB) == dt.date(2027, 1, 2)


def test_a_set_clock_keeps_ticking_unless_frozen(clock):
    clock.set("2028-02-29T10:00")
    first = app_clock.now()
    assert app_clock.now() >= first and app_clock.today(WIB) == dt.date(2028, 2, 29)
    clock.set("2028-02-29T10:00", tick=False)
    assert app_clock.now() == app_clock.now() == dt.datetime(2028, 2, 29, 3, 0, tzinfo=dt.UTC)


def test_each_test_starts_on_the_suites_own_clock(clock):
    """The tests above moved the clock to 2026–2028; this one starts from the suite's instant
    (the machine's time, or JENJANG_TEST_NOW when CI replays a date)."""
    from tests.conftest import TEST_NOW

    if TEST_NOW:
        assert abs(app_clock.now() - app_clock.parse_moment(TEST_NOW)) < dt.timedelta(hours=2)
    else:
        assert not app_clock.is_shifted()


def test_jenjang_today_starts_development_on_another_date():
    try:
        applied = app_clock.configure_from_env("development", {"JENJANG_TODAY": "2027-01-04"})
        assert applied == "2027-01-04"
        assert app_clock.today(WIB) == dt.date(2027, 1, 4)
        app_clock.configure_from_env("development", {"JENJANG_TODAY": "2027-12-31T23:30+09:00"})
        assert app_clock.today(WIT) == dt.date(2027, 12, 31)
        assert app_clock.configure_from_env("development", {}) is None
    finally:
        app_clock.reset()


def test_jenjang_today_is_refused_in_production():
    before = app_clock.today(WIB)
    with pytest.raises(RuntimeError, match="development only"):
        app_clock.configure_from_env("production", {"JENJANG_TODAY": "2027-01-04"})
    assert app_clock.today(WIB) == before != dt.date(2027, 1, 4)


def test_a_production_app_refuses_to_start_with_a_set_date(monkeypatch):
    from jenjang import create_app

    monkeypatch.setenv("JENJANG_TODAY", "2027-01-04")
    with pytest.raises(RuntimeError, match="JENJANG_TODAY"):
        create_app({"JENJANG_ENV": "production", "SECRET_KEY": "x" * 64})
    app_clock.reset()


def test_rows_carry_the_applications_time(clock, two_tenants, factory):
    """A timestamp written by the app is the app's now, so a set clock and the rows agree."""
    a, _ = two_tenants
    clock.set("2027-01-02T08:00")
    factory.user(a, "baru@pematangsiantar.demo")
    created = factory.scalar(a, "SELECT created_at FROM users WHERE email = 'baru@pematangsiantar.demo'")
    assert created.astimezone(WIB).date() == dt.date(2027, 1, 2)
