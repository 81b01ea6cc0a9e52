"""Everything the case panel template shows, gathered in a fixed number of queries."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang import eligibility
from jenjang.extensions import db
from jenjang.workflow import engine
from jenjang.workflow.definitions import ACTION_LABELS, ACTORS
from jenjang.workflow.models import WorkflowAttachment, WorkflowCase
from jenjang.workflow.permissions import can_reassign


def labelled_checks(checks: list[dict]) -> list[dict]:
    out = []
    for c in checks or []:
        rule = eligibility.get(c.get("key"))
        out.append({**c, "label": str(rule.label) if rule else c.get("key")})
    return out


def case_panel(case: WorkflowCase, user) -> dict:
    attachments = list(db.session.scalars(sa.select(WorkflowAttachment).where(
        WorkflowAttachment.case_id == case.id).order_by(WorkflowAttachment.uploaded_at)))
    step = case.step
    docs = {d["key"]: d["label"] for s in case.version.steps for d in s.get("documents") or []}
    actions = engine.allowed_actions(user, case)
    is_hr = getattr(user, "has_role", lambda r: False)("hr")
    return {
        "steps": case.version.steps,
        "actors": ACTORS,
        "step": step,
        "actor_label": engine.current_actor_label(case),
        "defined_actor_label": engine.actor_label(step),
        "can_reassign": case.is_open and can_reassign(user),
        "overdue": case.is_overdue(),
        "checks": labelled_checks(case.last_checks),
        "attachments": attachments,
        "attached_keys": {a.document_key for a in attachments},
        "doc_labels": docs,
        "can_attach": case.is_open and (bool(actions) or is_hr),
        "actions": actions,
        "action_labels": ACTION_LABELS,
        "can_recheck": case.is_open and (bool(actions) or is_hr) and bool(step and step.get("checks")),
        "history": engine.history(case),
    }
