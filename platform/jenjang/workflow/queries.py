"""What the workflow pages read: the definitions list with their versions and running cases, a
definition's published versions, a case's attachments."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.workflow.models import WorkflowAttachment, WorkflowCase, WorkflowDefinition, WorkflowVersion


def definitions_overview() -> tuple[list[WorkflowDefinition], dict[int, dict], dict[int, int]]:
    """The definitions by module and name; per definition its current version number and whether a
    draft exists; per definition the number of running cases."""
    rows = db.session.scalars(sa.select(WorkflowDefinition).order_by(WorkflowDefinition.module,
                                                                    WorkflowDefinition.name)).all()
    versions = db.session.execute(
        sa.select(WorkflowVersion.definition_id, sa.func.max(WorkflowVersion.number),
                  sa.func.count().filter(WorkflowVersion.status == "draft"))
        .group_by(WorkflowVersion.definition_id)).all()
    info = {d: {"current": n, "draft": bool(dr)} for d, n, dr in versions}
    running = dict(db.session.execute(
        sa.select(WorkflowCase.definition_id, sa.func.count()).where(WorkflowCase.status == "in_progress")
        .group_by(WorkflowCase.definition_id)).all())
    return rows, info, running


def published_versions(definition: WorkflowDefinition) -> list[WorkflowVersion]:
    """The definition's published versions, newest first."""
    return list(db.session.scalars(sa.select(WorkflowVersion).where(
        WorkflowVersion.definition_id == definition.id, WorkflowVersion.status == "published")
        .order_by(WorkflowVersion.number.desc())))


def attachments_of(case: WorkflowCase) -> list[WorkflowAttachment]:
    return list(db.session.scalars(sa.select(WorkflowAttachment).where(
        WorkflowAttachment.case_id == case.id).order_by(WorkflowAttachment.uploaded_at)))
