"""The one place the application reads the time. Nothing else calls `datetime.now()` or
`date.today()` (tests/test_clock.py scans the code for it), so "now" can be set for a whole
process: by the tests (the `clock` fixture), by CI to replay the date-sensitive tests on chosen
dates, and by a developer who wants to see the product on another day
(`JENJANG_TODAY=2027-01-04 make run`, refused in production).

Dates are as the region lives them. A pemda in Jayapura starts its day nine hours before UTC does,
so "today" (enrolment windows, deadlines, the year of a JP credit, the promotion period) is the
tenant's local date, never the server's: `today()` in tenant context, UTC outside one (console,
CLI without a tenant). The tenant's zone comes from tenancy through core/scope.py (tenancy sits
above core and fills the hook).

    from jenjang.core import clock
    clock.now()                   -> aware datetime (UTC), the application's "now"
    clock.today()                 -> dt.date in the tenant's time zone (WIB, WITA or WIT)
    clock.local_date(moment)      -> the tenant-local date of an aware datetime
    clock.tenant_zone()           -> ZoneInfo

SQL never asks the database for the business date (`current_date`, `now()`): the date is passed
as a parameter, so a statement agrees with the Python code that built it. Timestamps of writes
come from here too (model defaults use `now`), so a time set by a test is the time rows carry.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from zoneinfo import ZoneInfo

from jenjang.core import scope

UTC = ZoneInfo("UTC")
ENV_TODAY = "JENJANG_TODAY"  # development: start the whole system on another date
ENV_TEST_NOW = "JENJANG_TEST_NOW"  # tests: the instant the suite runs at (CI's date replays)

_lock = threading.Lock()
_offset = dt.timedelta(0)  # added to the machine's time; the clock keeps ticking
_frozen: dt.datetime | None = None  # a fixed instant (tests that need one)


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def now() -> dt.datetime:
    """The application's current instant, aware, in UTC."""
    frozen = _frozen
    if frozen is not None:
        return frozen
    return _system_now() + _offset


def travel(moment: dt.datetime, *, tick: bool = True) -> None:
    """Move the process's "now" to `moment` (aware). With tick, time goes on from there."""
    global _offset, _frozen
    if moment.tzinfo is None:
        raise ValueError("clock.travel needs an aware datetime")
    with _lock:
        if tick:
            _frozen, _offset = None, moment - _system_now()
        else:
            _frozen, _offset = moment.astimezone(dt.UTC), dt.timedelta(0)


def travel_to_date(day: dt.date, zone: ZoneInfo | str = "Asia/Jakarta") -> None:
    """Make `day` the local date in `zone`, keeping the real time of day (and ticking)."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    local = _system_now().astimezone(zone)
    travel(dt.datetime.combine(day, local.time(), tzinfo=zone))


def to_system(moment: dt.datetime) -> dt.datetime:
    """The machine's instant at which our clock shows `moment` (for RQ's scheduler, file times)."""
    return moment - (now() - _system_now())


def reset() -> None:
    global _offset, _frozen
    with _lock:
        _offset, _frozen = dt.timedelta(0), None


def is_shifted() -> bool:
    return _frozen is not None or _offset != dt.timedelta(0)


def parse_moment(text: str, zone: ZoneInfo | str = "Asia/Jakarta") -> dt.datetime:
    """'2027-01-02', '2027-01-02T08:00' (in `zone`) or '2027-01-02T08:00+09:00' → aware datetime."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    text = text.strip()
    if len(text) == 10:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(12, 0), tzinfo=zone)
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def configure_from_env(env: str, environ: dict | None = None) -> str | None:
    """Apply JENJANG_TODAY at start-up (development and test only). Returns what was applied."""
    value = (environ if environ is not None else os.environ).get("JENJANG_TODAY", "").strip()
    if not value:
        return None
    if env == "production":
        raise RuntimeError(f"{ENV_TODAY} is for development only; unset it in production.")
    if len(value) == 10:
        travel_to_date(dt.date.fromisoformat(value))
    else:
        travel(parse_moment(value))
    return value


def tenant_zone() -> ZoneInfo:
    return scope.tenant_zone() or UTC


def local_date(moment: dt.datetime, zone: ZoneInfo | None = None) -> dt.date:
    return moment.astimezone(zone or tenant_zone()).date()


def local_now(zone: ZoneInfo | None = None) -> dt.datetime:
    return now().astimezone(zone or tenant_zone())


def today(zone: ZoneInfo | None = None) -> dt.date:
    return local_date(now(), zone)
