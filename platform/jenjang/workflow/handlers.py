"""What a module tells the engine about its cases (promotion, training enrolment …): one
`SubjectHandler` per subject type, registered when the module is imported."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jenjang.workflow.models import WorkflowCase


@dataclass(frozen=True)
class SubjectHandler:
    """How the engine links to a case's subject, runs its automatic checks, tells the module a
    case closed, lists the checks a definition may name, and asks who may view a case."""

    subject_type: str
    link: Callable[[WorkflowCase], tuple[str, dict]]
    evaluate_checks: Callable[[WorkflowCase, list[str]], list[dict]] = lambda case, keys: []
    on_closed: Callable[[WorkflowCase, str], None] = lambda case, outcome: None
    known_checks: Callable[[], set[str]] = set
    can_view: Callable[[object, WorkflowCase], bool] = lambda user, case: False


HANDLERS: dict[str, SubjectHandler] = {}


def register_handler(handler: SubjectHandler) -> None:
    HANDLERS[handler.subject_type] = handler


def handler_of(case: WorkflowCase) -> SubjectHandler:
    return HANDLERS[case.subject_type]


def known_checks_for(module: str) -> set[str]:
    """The automatic checks a definition of `module` may name (those its handlers know)."""
    out: set[str] = set()
    for handler in HANDLERS.values():
        if handler.subject_type.startswith(module):
            out |= set(handler.known_checks())
    return out
