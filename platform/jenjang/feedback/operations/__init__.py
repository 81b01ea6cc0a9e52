"""Every write of the 360 evaluation but answering: flush, never commit; bad input raises
``FeedbackError`` with a message that says what to do.

One file per part of a cycle's preparation and life, re-exported here (callers write
``operations.create_cycle``): ``cycles`` (settings, what stops a launch, the deadline, closing),
``questionnaire`` (competency and open items), ``assignments`` (raters planned from the
organisation, HR's adjustments, peer nominations) and ``common`` (the refusal). Answering lives in
``feedback/answering.py``; the launch job and the reminders in ``feedback/tasks.py``."""
from jenjang.feedback.operations.assignments import (
    add_assignment,
    decide_nomination,
    nominate,
    planned_assignments,
    prepare_assignments,
    remove_assignment,
    subjects_query,
)
from jenjang.feedback.operations.common import FeedbackError
from jenjang.feedback.operations.cycles import (
    SETTINGS,
    close_cycle,
    create_cycle,
    extend_deadline,
    launch_problems,
    update_cycle,
)
from jenjang.feedback.operations.questionnaire import (
    add_competency,
    add_open_question,
    default_questionnaire,
    remove_item,
)

__all__ = [
    "SETTINGS", "FeedbackError",
    "add_assignment", "add_competency", "add_open_question", "close_cycle", "create_cycle", "decide_nomination",
    "default_questionnaire", "extend_deadline", "launch_problems", "nominate", "planned_assignments",
    "prepare_assignments", "remove_assignment", "remove_item", "subjects_query", "update_cycle",
]
