"""Workflow definitions, their immutable published versions, cases and their history.

A definition (e.g. `promotion.reguler`) has versions; editing happens on a draft and publishing
freezes it. A case stores the version it started with, so later edits never change its path.
Transitions are append-only (the app role may not UPDATE or DELETE them)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, belongs_to, tenant_fk, tenant_index, tenant_unique, utcnow

CASE_STATUSES = ("in_progress", "approved", "rejected", "cancelled")
OPEN_STATUSES = ("in_progress",)


class WorkflowDefinition(TenantScoped, db.Model):
    __tablename__ = "workflow_definitions"

    key: Mapped[str] = mapped_column(sa.String(60))
    module: Mapped[str] = mapped_column(sa.String(30))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (tenant_unique("key"),)


class WorkflowVersion(TenantScoped, db.Model):
    """`steps` is a list of step dicts (see definitions.py). Published versions never change."""

    __tablename__ = "workflow_versions"

    definition_id: Mapped[int] = mapped_column(sa.BigInteger)
    number: Mapped[int | None] = mapped_column(sa.Integer)  # None while a draft
    status: Mapped[str] = mapped_column(sa.String(12), default="draft")
    steps: Mapped[list] = mapped_column(JSONB, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    published_by: Mapped[str | None] = mapped_column(sa.String(254))

    definition = belongs_to("WorkflowVersion", "definition_id", "WorkflowDefinition", lazy="joined")

    __table_args__ = (
        tenant_fk("definition_id", "workflow_definitions", ondelete="CASCADE"),
        tenant_unique("definition_id", "number"),
        # At most one draft per definition.
        sa.Index("uq_workflow_versions_one_draft", "tenant_id", "definition_id", unique=True,
                 postgresql_where=sa.text("status = 'draft'")),
        sa.CheckConstraint("status IN ('draft', 'published')", name="status"),
        sa.CheckConstraint("(status = 'draft') = (number IS NULL)", name="draft_has_no_number"),
    )


class WorkflowCase(TenantScoped, db.Model):
    """A case on a pinned version. `lock_version` makes concurrent transitions safe: an update
    succeeds only if nobody moved the case since the actor looked at it."""

    __tablename__ = "workflow_cases"

    definition_id: Mapped[int] = mapped_column(sa.BigInteger)
    version_id: Mapped[int] = mapped_column(sa.BigInteger)
    subject_type: Mapped[str] = mapped_column(sa.String(30))
    subject_id: Mapped[int] = mapped_column(sa.BigInteger)
    subject_employee_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    title: Mapped[str] = mapped_column(sa.String(300))
    step_index: Mapped[int] = mapped_column(sa.Integer, default=0)
    status: Mapped[str] = mapped_column(sa.String(12), default="in_progress")
    lock_version: Mapped[int] = mapped_column(sa.Integer, default=1)
    step_entered_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    step_due_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    last_checks: Mapped[list] = mapped_column(JSONB, default=list)
    started_by_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    # Who acts on the open step when it is not the definition's actor: a person HR or an admin
    # named (assignee), or the role the step was escalated to because its actor resolved to
    # nobody. Both are cleared when the case enters another step.
    assignee_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    escalated_role: Mapped[str | None] = mapped_column(sa.String(20))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    version = belongs_to("WorkflowCase", "version_id", "WorkflowVersion", lazy="joined")

    __table_args__ = (
        tenant_fk("definition_id", "workflow_definitions"),
        tenant_fk("version_id", "workflow_versions"),
        tenant_fk("subject_employee_id", "employees"),
        tenant_fk("assignee_user_id", "users"),
        tenant_unique("subject_type", "subject_id"),
        tenant_index("ix_workflow_cases_open", "status", "step_due_at"),
        tenant_index("ix_workflow_cases_employee", "subject_employee_id"),
        sa.CheckConstraint("status IN ('in_progress', 'approved', 'rejected', 'cancelled')", name="status"),
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def step(self) -> dict | None:
        steps = self.version.steps
        return steps[self.step_index] if self.is_open and 0 <= self.step_index < len(steps) else None

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        return bool(self.is_open and self.step_due_at and self.step_due_at < (now or utcnow()))


class WorkflowTransition(TenantScoped, db.Model):
    """One immutable history row per transition (and one for the start)."""

    __tablename__ = "workflow_transitions"

    case_id: Mapped[int] = mapped_column(sa.BigInteger)
    action: Mapped[str] = mapped_column(sa.String(12))
    from_step: Mapped[int | None] = mapped_column(sa.Integer)
    to_step: Mapped[int | None] = mapped_column(sa.Integer)
    from_step_name: Mapped[str | None] = mapped_column(sa.String(120))
    to_step_name: Mapped[str | None] = mapped_column(sa.String(120))
    actor_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    actor_label: Mapped[str] = mapped_column(sa.String(254))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    checks: Mapped[list] = mapped_column(JSONB, default=list)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("case_id", "workflow_cases"),
        tenant_index("ix_workflow_transitions_case", "case_id", "at"),
        sa.CheckConstraint("action IN ('start', 'approve', 'reject', 'return', 'cancel', 'escalate', 'reassign')",
                           name="action"),
    )


class WorkflowAttachment(TenantScoped, db.Model):
    """A document attached to a case. The file is stored under FILES_DIR/<tenant>/workflow/ with a
    random name; it is served only through the case, to people who may see the case."""

    __tablename__ = "workflow_attachments"

    case_id: Mapped[int] = mapped_column(sa.BigInteger)
    document_key: Mapped[str | None] = mapped_column(sa.String(60))
    step_index: Mapped[int] = mapped_column(sa.Integer)
    filename: Mapped[str] = mapped_column(sa.String(255))
    mime: Mapped[str] = mapped_column(sa.String(40))
    size: Mapped[int] = mapped_column(sa.Integer)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_name: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    uploaded_by_label: Mapped[str] = mapped_column(sa.String(254))
    uploaded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("case_id", "workflow_cases"),
        tenant_unique("storage_name"),
        tenant_index("ix_workflow_attachments_case", "case_id"),
    )


class WorkflowSettings(TenantScoped, db.Model):
    """The tenant's engine settings, one row (absent: the defaults). `escalation_role` receives a
    step whose actor resolves to nobody (a unit head without an account, a vacant position)."""

    __tablename__ = "workflow_settings"

    escalation_role: Mapped[str] = mapped_column(sa.String(20), default="hr")
    updated_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.UniqueConstraint("tenant_id", name="uq_workflow_settings_tenant_id"),
        sa.CheckConstraint("escalation_role IN ('hr', 'admin', 'committee', 'ppk')", name="escalation_role"),
    )


HOLIDAY_KINDS = ("national", "joint_leave", "regional")


class Holiday(TenantScoped, db.Model):
    """A non-working day of the tenant: a national holiday or a cuti bersama (seeded from the
    joint decree of the three ministers, read-only) or a regional holiday the tenant added.
    `source` names the decree or regional regulation the day comes from."""

    __tablename__ = "holidays"

    day: Mapped[dt.date] = mapped_column(sa.Date)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(12))
    source: Mapped[str] = mapped_column(sa.String(300))
    seeded: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    updated_by: Mapped[str | None] = mapped_column(sa.String(254))

    __table_args__ = (
        tenant_unique("day", "name"),
        tenant_index("ix_holidays_day", "day"),
        sa.CheckConstraint("kind IN ('national', 'joint_leave', 'regional')", name="kind"),
        sa.CheckConstraint("length(btrim(source)) > 0", name="source_given"),
    )
