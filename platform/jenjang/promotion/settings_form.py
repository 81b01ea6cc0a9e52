"""Reading the promotion settings page: periods, each kind's rules and thresholds, the
education ceilings and the SK numbering. Every value is validated; nothing is saved if any fails."""
from __future__ import annotations

import calendar

from flask_babel import gettext as _

from jenjang import eligibility
from jenjang.core import audit
from jenjang.people.api import EDUCATION_LEVELS, RANK_IDS
from jenjang.promotion import settings as promo_settings
from jenjang.promotion.kinds import KINDS
from jenjang.promotion.rules import PREDICATE_ORDER
from jenjang.tenancy.models import utcnow

NUMERIC_PARAMS = {"min_years": (0, 40), "min_percent": (0, 100), "min_jp": (0, 500), "short_years_in_rank": (0, 40),
                  "short_years_in_position": (0, 40)}


def _param_value(name: str, raw: str, errors: list[str], where: str):
    if name in NUMERIC_PARAMS:
        lo, hi = NUMERIC_PARAMS[name]
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors.append(_("%(where)s: tulis angka bulat.", where=where))
            return None
        if not lo <= value <= hi:
            errors.append(_("%(where)s: isi %(lo)s sampai %(hi)s.", where=where, lo=lo, hi=hi))
            return None
        return value
    if name == "min_education":
        if raw not in EDUCATION_LEVELS:
            errors.append(_("%(where)s: pilih jenjang pendidikan yang dikenal.", where=where))
            return None
        return raw
    if name == "min_predicate":
        if raw not in PREDICATE_ORDER:
            errors.append(_("%(where)s: pilih predikat yang dikenal.", where=where))
            return None
        return raw
    return None


def _rules(form, errors: list[str]) -> dict[str, dict]:
    """Per kind, per rule: switched on or off and its parameters (the kind's defaults when absent)."""
    rules: dict[str, dict] = {}
    for kind_key, kind in KINDS.items():
        per_kind: dict[str, dict] = {}
        keys = set(kind.rules) | {k for k, r in eligibility.rules().items() if kind_key in r.kinds or r.module != "promotion"}
        for rule_key in sorted(keys):
            rule = eligibility.get(rule_key)
            if rule is None:
                continue
            entry = {"enabled": form.get(f"{kind_key}.{rule_key}.enabled") == "on"}
            defaults = {**rule.defaults, **kind.rules.get(rule_key, {})}
            for param in defaults:
                raw = form.get(f"{kind_key}.{rule_key}.{param}", str(defaults[param]))
                value = _param_value(param, raw, errors, f"{kind.label} — {rule.label}")
                if value is not None:
                    entry[param] = value
            per_kind[rule_key] = entry
        rules[kind_key] = per_kind
    return rules


def _ceilings(form, errors: list[str]) -> dict[str, str]:
    """Only what differs from the cited defaults is stored, so a corrected default reaches every
    tenant that did not choose otherwise."""
    ceilings = {}
    for level, default in promo_settings.DEFAULT_EDUCATION_CEILING.items():
        code = form.get(f"ceiling.{level}", default)
        if code not in RANK_IDS:
            errors.append(_("Batas pangkat untuk %(level)s tidak dikenal.", level=level))
        elif code != default:
            ceilings[level] = code
    return ceilings


def _skp_final(form, errors: list[str]) -> tuple[int, int]:
    """The day and month an SKP year becomes final."""
    final_month, final_day = promo_settings.DEFAULT_SKP_FINAL
    try:
        final_month = int(form.get("skp_final_month", final_month))
        final_day = int(form.get("skp_final_day", final_day))
        if not 1 <= final_month <= 12 or not 1 <= final_day <= calendar.monthrange(2000, final_month)[1]:
            raise ValueError
    except (TypeError, ValueError):
        errors.append(_("Tanggal SKP final: pilih tanggal dan bulan yang ada (misalnya 31 Januari)."))
    return final_month, final_day


def _periods(form, errors: list[str]) -> tuple[str, list[int]]:
    mode = form.get("period_mode", "monthly")
    if mode not in ("monthly", "april_october", "custom"):
        errors.append(_("Pilih cara penetapan periode."))
    months = sorted({int(m) for m in form.getlist("custom_months") if m.isdigit() and 1 <= int(m) <= 12})
    if mode == "custom" and not months:
        errors.append(_("Pilih paling sedikit satu bulan periode."))
    return mode, months


def apply_settings_form(form) -> list[str]:
    """Save the settings page's values; the messages of what is wrong (then nothing is saved)."""
    errors: list[str] = []
    mode, months = _periods(form, errors)
    rules = _rules(form, errors)
    ceilings = _ceilings(form, errors)
    final_month, final_day = _skp_final(form, errors)
    prefix = (form.get("sk_number_prefix") or "").strip()[:100] or None
    signatory = (form.get("sk_signatory") or "").strip()[:200] or None
    if errors:
        return errors
    row = promo_settings.saved_settings()
    before = {"period_mode": row.period_mode, "custom_months": row.custom_months}
    row.period_mode = mode
    row.custom_months = months
    row.rules = rules
    row.education_ceiling = ceilings
    row.skp_final_month, row.skp_final_day = final_month, final_day
    row.sk_number_prefix = prefix
    row.sk_signatory = signatory
    row.updated_at = utcnow()
    audit.record("promotion.settings_changed", row, before=before,
                 after={"period_mode": mode, "custom_months": months})
    return []
