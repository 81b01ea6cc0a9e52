"""The tenant's promotion settings, with the defaults of DOMAIN.md where the tenant set nothing."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.promotion.kinds import KINDS
from jenjang.promotion.models import PromotionSettings

# Highest rank a promotion may reach by diploma. Default following the rule the regions cite
# (S1 → III/d, S2 → IV/a, S3 → IV/b: three steps above the entry rank of the diploma); edit it
# on the settings page where the region applies another reading of PP 99/2000 Pasal 18.
DEFAULT_EDUCATION_CEILING = {
    "SD": "I/d", "SMP": "II/b", "SMA": "II/d", "D1": "II/d", "D2": "III/a", "D3": "III/b",
    "D4": "III/d", "S1": "III/d", "S2": "IV/a", "S3": "IV/b",
}
EDUCATION_CEILING_REGULATION = "PP 99/2000 Pasal 18 (batas kenaikan pangkat menurut ijazah)"
PERIOD_REGULATION = {"monthly": "Peraturan BKN 4/2025 (setiap tanggal 1)",
                     "april_october": "PP 99/2000 (1 April dan 1 Oktober)", "custom": ""}


def get_settings() -> PromotionSettings:
    """The tenant's row, or an unsaved one with the defaults (reading never writes)."""
    row = db.session.scalar(sa.select(PromotionSettings))
    return row or PromotionSettings(period_mode="monthly", custom_months=[], rules={},
                                    education_ceiling={}, sk_signatory=None, sk_number_prefix=None)


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
