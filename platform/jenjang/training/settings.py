"""The tenant's training settings (one row, created with the defaults on first use), and saving
them (validated by the form; audited)."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.core import audit
from jenjang.extensions import db
from jenjang.tenancy.models import utcnow
from jenjang.training.models import DEFAULT_TARGET_JP, TrainingSettings

# JP conversions for non-classical forms: agency practice, not national rules (DOMAIN.md).
DEFAULT_CONVERSIONS = {"mentoring_session": 2, "coaching_session": 2, "seminar_day": 4, "workshop_day": 5,
                       "mentoring_monthly_cap": 8}


def get_settings() -> TrainingSettings:
    """The tenant's settings row, inserted with the defaults if missing (in the current transaction)."""
    row = db.session.scalar(sa.select(TrainingSettings))
    if row is None:
        row = TrainingSettings(target_jp=DEFAULT_TARGET_JP, waitlist_order="first_come",
                               approval_definition_key="training_enrolment", followup_days=60,
                               conversions=dict(DEFAULT_CONVERSIONS))
        db.session.add(row)
        db.session.flush()
    return row


def conversion(key: str) -> float:
    """One JP conversion figure, the tenant's value or the default."""
    value = (get_settings().conversions or {}).get(key)
    return float(value if value is not None else DEFAULT_CONVERSIONS[key])


def save_settings(row: TrainingSettings, *, target_jp: int, waitlist_order: str, approval_definition_key: str,
                  followup_days: int, conversions: dict[str, float], target_jp_citation: str | None = None,
                  pppk_target_jp: int | None = None, pppk_target_citation: str | None = None) -> None:
    """Save the settings; a target or citation left as None keeps its value."""
    before = {"target_jp": row.target_jp, "waitlist_order": row.waitlist_order,
              "approval_definition_key": row.approval_definition_key, "followup_days": row.followup_days,
              "conversions": dict(row.conversions or {}), "target_jp_citation": row.target_jp_citation,
              "pppk_target_jp": row.pppk_target_jp, "pppk_target_citation": row.pppk_target_citation}
    row.target_jp = target_jp
    for key, value in (("target_jp_citation", target_jp_citation), ("pppk_target_jp", pppk_target_jp),
                       ("pppk_target_citation", pppk_target_citation)):
        if value is not None:
            setattr(row, key, value.strip() if isinstance(value, str) else value)
    row.waitlist_order = waitlist_order
    row.approval_definition_key = approval_definition_key
    row.followup_days = followup_days
    row.conversions = {k: (int(v) if float(v).is_integer() else v) for k, v in conversions.items()}
    row.updated_at = utcnow()
    db.session.flush()
    audit.record("training.settings_changed", row, before=before,
                 after={"target_jp": target_jp, "waitlist_order": waitlist_order,
                        "approval_definition_key": approval_definition_key, "followup_days": followup_days,
                        "conversions": row.conversions, "target_jp_citation": row.target_jp_citation,
                        "pppk_target_jp": row.pppk_target_jp, "pppk_target_citation": row.pppk_target_citation})
