"""Definitions and their versions: a definition has one published version at a time and at most
one draft; publishing a draft makes it the next numbered version. A case keeps the version it
started on (`WorkflowCase.version_id`), so editing a definition never moves running cases."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.core import audit
from jenjang.extensions import db
from jenjang.tenancy.models import utcnow
from jenjang.workflow.definitions import DefinitionError, validate
from jenjang.workflow.handlers import known_checks_for
from jenjang.workflow.models import WorkflowCase, WorkflowDefinition, WorkflowVersion


def definition_by_key(key: str) -> WorkflowDefinition | None:
    return db.session.scalar(sa.select(WorkflowDefinition).where(WorkflowDefinition.key == key))


def published_version(definition: WorkflowDefinition) -> WorkflowVersion | None:
    return db.session.scalar(
        sa.select(WorkflowVersion).where(WorkflowVersion.definition_id == definition.id,
                                         WorkflowVersion.status == "published")
        .order_by(WorkflowVersion.number.desc()).limit(1))


def ensure_definition(key: str, module: str, name: str, steps: list[dict], description: str | None = None
                      ) -> WorkflowDefinition:
    """Create the definition with a published version 1 when the tenant has none (idempotent)."""
    definition = definition_by_key(key)
    if definition is None:
        definition = WorkflowDefinition(key=key, module=module, name=name, description=description)
        db.session.add(definition)
        db.session.flush()
        db.session.add(WorkflowVersion(definition_id=definition.id, number=1, status="published",
                                       steps=steps, published_at=utcnow(), published_by="system"))
        db.session.flush()
    return definition


def draft_of(definition: WorkflowDefinition, create: bool = True) -> WorkflowVersion | None:
    draft = db.session.scalar(sa.select(WorkflowVersion).where(
        WorkflowVersion.definition_id == definition.id, WorkflowVersion.status == "draft"))
    if draft is None and create:
        current = published_version(definition)
        draft = WorkflowVersion(definition_id=definition.id, status="draft",
                                steps=[dict(s) for s in (current.steps if current else [])])
        db.session.add(draft)
        db.session.flush()
    return draft


def discard_draft(definition: WorkflowDefinition) -> bool:
    """Throw the definition's draft away; False when it had none."""
    draft = draft_of(definition, create=False)
    if draft is None:
        return False
    db.session.delete(draft)
    db.session.flush()
    return True


def save_draft(draft: WorkflowVersion, steps: list[dict]) -> None:
    if draft.status != "draft":
        raise DefinitionError([_("Versi yang sudah diterbitkan tidak dapat diubah.")])
    draft.steps = [dict(s) for s in steps]
    db.session.flush()


def publish(draft: WorkflowVersion, actor_label: str) -> WorkflowVersion:
    definition = draft.definition
    problems = validate(draft.steps, known_checks_for(definition.module))
    if problems:
        raise DefinitionError(problems)
    last = db.session.scalar(sa.select(sa.func.max(WorkflowVersion.number)).where(
        WorkflowVersion.definition_id == definition.id)) or 0
    before = published_version(definition)
    draft.status = "published"
    draft.number = last + 1
    draft.published_at = utcnow()
    draft.published_by = actor_label
    db.session.flush()
    audit.record("workflow.published", draft, before={"version": before.number if before else None},
                 after={"definition": definition.key, "version": draft.number,
                        "steps": [s["name"] for s in draft.steps]})
    return draft


def version_usage(definition: WorkflowDefinition) -> dict[int, dict]:
    """Per version id: running and closed case counts."""
    rows = db.session.execute(
        sa.select(WorkflowCase.version_id,
                  sa.func.count().filter(WorkflowCase.status == "in_progress"),
                  sa.func.count().filter(WorkflowCase.status != "in_progress"))
        .where(WorkflowCase.definition_id == definition.id).group_by(WorkflowCase.version_id)).all()
    return {vid: {"running": running, "closed": closed} for vid, running, closed in rows}
