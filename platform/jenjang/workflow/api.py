"""What other modules use of the workflow engine: its public API.

Promotion, training and auth import from here (``from jenjang.workflow import api as workflow``),
not from the engine's inner modules, so the engine can be rearranged without touching them.
Anything not named in ``__all__`` is private to the workflow package.
"""
from __future__ import annotations

from jenjang.workflow.actors import (
    actionable,
    allowed_actions,
    can_act,
    current_actor_label,
    relation_employee_ids,
)
from jenjang.workflow.cases import cancel_case, reevaluate, start_case, transition
from jenjang.workflow.definitions import make_step
from jenjang.workflow.errors import CaseMoved, ReassignRefused, TransitionRefused
from jenjang.workflow.escalation import escalate_cases_left_by
from jenjang.workflow.handlers import SubjectHandler, register_handler
from jenjang.workflow.models import WorkflowCase, WorkflowDefinition, WorkflowVersion
from jenjang.workflow.versions import definition_by_key, ensure_definition

__all__ = [
    # models, for joins and lists of a module's cases
    "WorkflowCase", "WorkflowDefinition", "WorkflowVersion",
    # a module's cases: its handler and its default definition
    "SubjectHandler", "definition_by_key", "ensure_definition", "make_step", "register_handler",
    # moving cases
    "CaseMoved", "ReassignRefused", "TransitionRefused", "cancel_case", "reevaluate", "start_case", "transition",
    # who acts
    "actionable", "allowed_actions", "can_act", "current_actor_label", "escalate_cases_left_by",
    "relation_employee_ids",
]
