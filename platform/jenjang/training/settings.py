"""The tenant's training settings (one row, created with the defaults on first use)."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.extensions import db
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
