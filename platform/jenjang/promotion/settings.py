"""The tenant's promotion settings, with the defaults of DOMAIN.md where the tenant set nothing."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang import eligibility
from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.people import api as people
from jenjang.promotion.kinds import KINDS
from jenjang.promotion.models import PromotionSettings

# Highest rank a regular promotion may reach by diploma: PP 99/2000 Pasal 8 as amended by PP 12/2002,
# restated by Peraturan BKN 2/2025. SD II/a, SLTP II/c (SLTP kejuruan II/d, not a level the
# employee records hold), SLTA/D-I/D-II III/b, D-III III/c, S1/D-IV III/d, S2 IV/a, S3 IV/b.
# A tenant edits it on the settings page; only the levels it changed are stored.
DEFAULT_EDUCATION_CEILING = {
    "SD": "II/a", "SMP": "II/c", "SMA": "III/b", "D1": "III/b", "D2": "III/b", "D3": "III/c",
    "D4": "III/d", "S1": "III/d", "S2": "IV/a", "S3": "IV/b",
}
# The defaults before migration 0015p (three steps above an entry rank): kept to recognise a
# tenant that still holds them, never applied.
OLD_EDUCATION_CEILING = {
    "SD": "I/d", "SMP": "II/b", "SMA": "II/d", "D1": "II/d", "D2": "III/a", "D3": "III/b",
    "D4": "III/d", "S1": "III/d", "S2": "IV/a", "S3": "IV/b",
}
EDUCATION_CEILING_REGULATION = "PP 99/2000 Pasal 8 jo. PP 12/2002; Peraturan BKN 2/2025"
# The first rank a new diploma leads to on a penyesuaian ijazah (PP 99/2000 Pasal 18 jo. PP 12/2002).
DIPLOMA_ENTRY_RANK = {"SMP": "I/c", "SMA": "II/a", "D1": "II/a", "D2": "II/b", "D3": "II/c", "D4": "III/a",
                      "S1": "III/a", "S2": "III/b", "S3": "III/c"}
DIPLOMA_ENTRY_REGULATION = "PP 99/2000 Pasal 18 jo. PP 12/2002"
# The SKP of a year is final from this day of the next year (a tenant setting; DOMAIN.md, Promotion).
DEFAULT_SKP_FINAL = (1, 31)
SKP_FINAL_REGULATION = "PermenPANRB 6/2022 (SKP tahunan); tanggal final: pengaturan wilayah"
PERIOD_REGULATION = {"monthly": "Peraturan BKN 4/2025 (setiap tanggal 1)",
                     "april_october": "PP 99/2000 jo. PP 12/2002 (1 April dan 1 Oktober)", "custom": ""}


def get_settings() -> PromotionSettings:
    """The tenant's row, or an unsaved one with the defaults (reading never writes)."""
    row = db.session.scalar(sa.select(PromotionSettings))
    return row or PromotionSettings(period_mode="monthly", custom_months=[], rules={},
                                    education_ceiling={}, sk_signatory=None, sk_number_prefix=None,
                                    skp_final_month=DEFAULT_SKP_FINAL[0], skp_final_day=DEFAULT_SKP_FINAL[1],
                                    notices=[])


def saved_settings() -> PromotionSettings:
    row = db.session.scalar(sa.select(PromotionSettings))
    if row is None:
        row = get_settings()
        db.session.add(row)
        db.session.flush()
    return row


def effective_rules(kind_key: str, settings: PromotionSettings | None = None) -> dict[str, dict]:
    """rule key → params (with "enabled") for a kind: the defaults overlaid by the tenant's choices."""
    settings = settings or get_settings()
    kind = KINDS[kind_key]
    overrides = (settings.rules or {}).get(kind_key, {})
    out = {}
    for key, params in kind.rules.items():
        merged = {"enabled": True, **params, **overrides.get(key, {})}
        out[key] = merged
    for key, params in overrides.items():  # rules a tenant switched on beyond the defaults
        if key not in out:
            out[key] = {"enabled": bool(params.get("enabled")), **params}
    return out


def education_ceiling(settings: PromotionSettings | None = None) -> dict[str, str]:
    settings = settings or get_settings()
    return {**DEFAULT_EDUCATION_CEILING, **(settings.education_ceiling or {})}


def _final_from(settings: PromotionSettings) -> tuple[int, int]:
    return (settings.skp_final_month or DEFAULT_SKP_FINAL[0], settings.skp_final_day or DEFAULT_SKP_FINAL[1])


def skp_final_date(year: int, settings: PromotionSettings | None = None) -> dt.date:
    """The day the SKP of `year` becomes final (the tenant's day of the next year; 29 February
    falls back to 28 February in a common year). The rule is people.skp's, shared with the 9-box."""
    return people.final_from_date(year, _final_from(settings or get_settings()))


def final_skp_years(as_of: dt.date, count: int = 2, settings: PromotionSettings | None = None) -> list[int]:
    """The last `count` years whose SKP is final on `as_of`, latest first: on 2 January 2027 (final
    from 31 January) 2025 and 2024, from 31 January 2027 on 2026 and 2025."""
    return list(people.final_skp_years(as_of, count, _final_from(settings or get_settings())))


def dismiss_notice(key: str) -> bool:
    row = db.session.scalar(sa.select(PromotionSettings))
    if row is None or not any(n.get("key") == key for n in row.notices or []):
        return False
    row.notices = [n for n in row.notices if n.get("key") != key]
    db.session.flush()
    audit.record("promotion.notice_dismissed", row, after={"notice": key})
    return True


def upcoming_periods(settings: PromotionSettings | None = None, today: dt.date | None = None,
                     count: int = 6) -> list[dt.date]:
    """The next promotion period dates (the TMT of the new rank), today's included."""
    settings = settings or get_settings()
    today = today or clock.today()
    if settings.period_mode == "april_october":
        months = {4, 10}
    elif settings.period_mode == "custom":
        months = {int(m) for m in settings.custom_months or [] if 1 <= int(m) <= 12} or {4, 10}
    else:
        months = set(range(1, 13))
    out = []
    year, month = today.year, today.month
    if today.day > 1:
        month += 1
    while len(out) < count:
        if month > 12:
            year, month = year + 1, 1
        if month in months:
            out.append(dt.date(year, month, 1))
        month += 1
    return out


def is_period(date: dt.date, settings: PromotionSettings | None = None) -> bool:
    settings = settings or get_settings()
    return date.day == 1 and date in upcoming_periods(settings, today=date, count=1)


def rule_rows_by_kind(settings: PromotionSettings) -> dict[str, list[tuple]]:
    """Per kind, the rules the settings page lists: (key, rule, effective parameters). Rules other
    modules plugged in are listed too, available and off until the tenant switches them on."""
    rows_by_kind = {}
    for kind_key in KINDS:
        effective = effective_rules(kind_key, settings)
        rows = []
        for key, rule in eligibility.rules().items():
            if key in effective:
                rows.append((key, rule, effective[key]))
            elif rule.module != "promotion":  # plugged in by another module: available, off by default
                rows.append((key, rule, {"enabled": False, **rule.defaults}))
        rows_by_kind[kind_key] = rows
    return rows_by_kind
