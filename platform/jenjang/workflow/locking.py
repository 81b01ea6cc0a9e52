"""The compare-and-set every move of an open case goes through: the row changes only when its
`lock_version` is still the one the actor saw, so of two people acting on the same step at the
same moment exactly one wins."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.workflow.models import WorkflowCase


def move_if_unchanged(case: WorkflowCase, seen_lock: int, **values) -> bool:
    """Apply `values` (and the next lock version) to the open case if nobody moved it since
    `seen_lock`; the case object is refreshed then. False when somebody did."""
    result = db.session.execute(
        sa.update(WorkflowCase)
        .where(WorkflowCase.id == case.id, WorkflowCase.lock_version == seen_lock,
               WorkflowCase.status == "in_progress")
        .values(lock_version=seen_lock + 1, **values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    db.session.refresh(case)
    return True
