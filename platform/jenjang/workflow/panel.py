"""Everything the case panel template shows, gathered in a fixed number of queries."""
from __future__ import annotations

from jenjang import eligibility
from jenjang.workflow.actors import actor_label, allowed_actions, current_actor_label
from jenjang.workflow.cases import history
from jenjang.workflow.definitions import ACTION_LABELS, ACTORS
from jenjang.workflow.models import WorkflowCase
from jenjang.workflow.permissions import can_reassign, can_work_on_any_case
from jenjang.workflow.queries import attachments_of


def labelled_checks(checks: list[dict]) -> list[dict]:
    out = []
    for c in checks or []:
        rule = eligibility.get(c.get("key"))
        out.append({**c, "label": str(rule.label) if rule else c.get("key")})
    return out


def case_panel(case: WorkflowCase, user) -> dict:
    attachments = attachments_of(case)
    step = case.step
    docs = {d["key"]: d["label"] for s in case.version.steps for d in s.get("documents") or []}
    actions = allowed_actions(user, case)
    works_on = case.is_open and (bool(actions) or can_work_on_any_case(user))
    return {
        "steps": case.version.steps,
        "actors": ACTORS,
        "step": step,
        "actor_label": current_actor_label(case),
        "defined_actor_label": actor_label(step),
        "can_reassign": case.is_open and can_reassign(user),
        "overdue": case.is_overdue(),
        "checks": labelled_checks(case.last_checks),
        "attachments": attachments,
        "attached_keys": {a.document_key for a in attachments},
        "doc_labels": docs,
        "can_attach": works_on,
        "actions": actions,
        "action_labels": ACTION_LABELS,
        "can_recheck": works_on and bool(step and step.get("checks")),
        "history": history(case),
    }
