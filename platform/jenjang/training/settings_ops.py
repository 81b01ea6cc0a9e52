"""Saving the tenant's training settings (validated by the form; audited)."""
from __future__ import annotations

from jenjang.core import audit
from jenjang.extensions import db
from jenjang.tenancy.models import utcnow
from jenjang.training.models import TrainingSettings


def save_settings(row: TrainingSettings, *, target_jp: int, waitlist_order: str, approval_definition_key: str,
                  followup_days: int, conversions: dict[str, float]) -> None:
    before = {"target_jp": row.target_jp, "waitlist_order": row.waitlist_order,
              "approval_definition_key": row.approval_definition_key, "followup_days": row.followup_days,
              "conversions": dict(row.conversions or {})}
    row.target_jp = target_jp
    row.waitlist_order = waitlist_order
    row.approval_definition_key = approval_definition_key
    row.followup_days = followup_days
    row.conversions = {k: (int(v) if float(v).is_integer() else v) for k, v in conversions.items()}
    row.updated_at = utcnow()
    db.session.flush()
    audit.record("training.settings_changed", row, before=before,
                 after={"target_jp": target_jp, "waitlist_order": waitlist_order,
                        "approval_definition_key": approval_definition_key, "followup_days": followup_days,
                        "conversions": row.conversions})
