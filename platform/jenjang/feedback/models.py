"""360-degree feedback: cycles, their questionnaire, rater assignments, answers.

How the storage keeps anonymous answers anonymous (see feedback/__init__.py for the report rule):

- While a rater fills a form, their answers are drafts tied to their assignment
  (`FeedbackDraftAnswer`), so they can leave and resume.
- On submission, in the same transaction that marks the assignment submitted, the drafts are
  folded into `FeedbackRating` (one row per competency: the sum and count of the rater's item
  scores) and `FeedbackComment` (one row per open answer), and the drafts are deleted. Neither
  table has a rater, an assignment, a timestamp or a sequential id (ids are random), so nothing
  in the database links a submitted answer to the person who gave it, not even the row order of
  ids against `submitted_at`. What remains per rater is only what progress tracking needs:
  whether their assignment is submitted.
- Reports read these tables through one SQL aggregate (reports.py) that suppresses small groups
  before any number leaves the database.
"""
from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.core.tables import is_set
from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, tenant_fk, tenant_index, tenant_unique, utcnow

CYCLE_STATUSES = ("draft", "launching", "open", "closed")
RELATIONS = ("self", "supervisor", "peer", "subordinate")
ANONYMOUS_RELATIONS = ("peer", "subordinate")
ASSIGNMENT_SOURCES = ("auto", "hr", "nomination")
ITEM_KINDS = ("scale", "open")
NOMINATION_STATUSES = ("proposed", "approved", "rejected")
CONVERSION_STATUSES = ("proposed", "applied", "rejected")
SCALE = (1, 2, 3, 4, 5)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def random_id() -> int:
    """Ids of anonymous rows: random, so their order says nothing about who submitted when."""
    return secrets.randbits(62) + 1


class FeedbackCycle(TenantScoped, db.Model):
    """A 360 round: who is evaluated, by which rater groups, with which questionnaire, until when."""

    __tablename__ = "feedback_cycles"

    name: Mapped[str] = mapped_column(sa.String(200))
    period_start: Mapped[dt.date] = mapped_column(sa.Date)
    period_end: Mapped[dt.date] = mapped_column(sa.Date)
    deadline: Mapped[dt.date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(10), default="draft")
    # Who is evaluated: empty lists mean everyone active.
    scope_unit_ids: Mapped[list] = mapped_column(JSONB, default=list)
    scope_position_kinds: Mapped[list] = mapped_column(JSONB, default=list)
    include_self: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    include_supervisor: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    peer_count: Mapped[int] = mapped_column(sa.SmallInteger, default=3)
    include_subordinates: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    subordinate_count: Mapped[int | None] = mapped_column(sa.SmallInteger)  # None: all of them
    anonymity_threshold: Mapped[int] = mapped_column(sa.SmallInteger, default=3)
    allow_nominations: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    report_to_employee: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    report_to_supervisor: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    reminder_days: Mapped[int] = mapped_column(sa.SmallInteger, default=3)
    reminder_due_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    assignments_prepared_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    launch_error: Mapped[str | None] = mapped_column(sa.String(500))
    launched_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_index("ix_feedback_cycles_status", "status"),
        sa.CheckConstraint(_in("status", CYCLE_STATUSES), name="status"),
        sa.CheckConstraint("anonymity_threshold BETWEEN 2 AND 20", name="threshold_range"),
        sa.CheckConstraint("peer_count BETWEEN 0 AND 20", name="peer_count_range"),
        sa.CheckConstraint("subordinate_count IS NULL OR subordinate_count BETWEEN 1 AND 50",
                           name="subordinate_count_range"),
        sa.CheckConstraint("reminder_days BETWEEN 0 AND 30", name="reminder_days_range"),
        sa.CheckConstraint("period_start <= period_end", name="period_order"),
    )

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"


class FeedbackItem(TenantScoped, db.Model):
    """One question: a behavioural indicator of a competency level (scale 1–5 with "cannot
    judge"), or an open question. The text is copied from the dictionary at setup, so a later
    dictionary edit never changes a running questionnaire."""

    __tablename__ = "feedback_items"

    cycle_id: Mapped[int] = mapped_column(sa.BigInteger)
    kind: Mapped[str] = mapped_column(sa.String(5))
    competency_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    level: Mapped[int | None] = mapped_column(sa.SmallInteger)
    text: Mapped[str] = mapped_column(sa.Text)
    text_en: Mapped[str | None] = mapped_column(sa.Text)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    __table_args__ = (
        tenant_fk("cycle_id", "feedback_cycles", ondelete="CASCADE"),
        tenant_fk("competency_id", "competencies"),
        tenant_index("ix_feedback_items_cycle", "cycle_id", "position"),
        sa.CheckConstraint(_in("kind", ITEM_KINDS), name="kind"),
        sa.CheckConstraint("kind = 'open' OR competency_id IS NOT NULL", name="scale_has_competency"),
        sa.CheckConstraint("level IS NULL OR level BETWEEN 1 AND 5", name="level_range"),
    )


class FeedbackAssignment(TenantScoped, db.Model):
    """Rater X evaluates subject Y in a cycle, as Y's self / supervisor / peer / subordinate.
    Holds what progress tracking needs (started, submitted), never the answers once submitted."""

    __tablename__ = "feedback_assignments"

    cycle_id: Mapped[int] = mapped_column(sa.BigInteger)
    subject_employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    rater_employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    relation: Mapped[str] = mapped_column(sa.String(12))
    source: Mapped[str] = mapped_column(sa.String(10), default="auto")
    started_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        tenant_fk("cycle_id", "feedback_cycles", ondelete="CASCADE"),
        tenant_fk("subject_employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("rater_employee_id", "employees", ondelete="CASCADE"),
        tenant_unique("cycle_id", "subject_employee_id", "rater_employee_id", name="uq_feedback_assignments_pair"),
        tenant_index("ix_feedback_assignments_rater", "rater_employee_id", "cycle_id"),
        tenant_index("ix_feedback_assignments_cycle", "cycle_id", "relation"),
        sa.CheckConstraint(_in("relation", RELATIONS), name="relation"),
        sa.CheckConstraint(_in("source", ASSIGNMENT_SOURCES), name="source"),
        sa.CheckConstraint("(relation = 'self') = (subject_employee_id = rater_employee_id)", name="self_is_self"),
    )

    is_submitted = is_set("submitted_at")


class FeedbackDraftAnswer(TenantScoped, db.Model):
    """An answer being written (autosaved). Deleted when the form is submitted."""

    __tablename__ = "feedback_draft_answers"

    assignment_id: Mapped[int] = mapped_column(sa.BigInteger)
    item_id: Mapped[int] = mapped_column(sa.BigInteger)
    score: Mapped[int | None] = mapped_column(sa.SmallInteger)  # None with no comment: "cannot judge"
    comment: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (
        tenant_fk("assignment_id", "feedback_assignments", ondelete="CASCADE"),
        tenant_fk("item_id", "feedback_items", ondelete="CASCADE"),
        tenant_unique("assignment_id", "item_id"),
        sa.CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5", name="score_range"),
    )


class AnonymousAnswer:
    """The columns a submitted answer keeps (FeedbackRating, FeedbackComment): a random id, the cycle,
    the subject and the rater's relation to them; nothing that leads back to the rater. sort_order
    keeps them right after tenant_id and id, where the tables have them."""

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, default=random_id, sort_order=-99)
    cycle_id: Mapped[int] = mapped_column(sa.BigInteger, sort_order=-98)
    subject_employee_id: Mapped[int] = mapped_column(sa.BigInteger, sort_order=-97)
    relation: Mapped[str] = mapped_column(sa.String(12), sort_order=-96)


class FeedbackRating(AnonymousAnswer, TenantScoped, db.Model):
    """One submitted rater's scores on one competency for one subject: the sum and the count of
    the items they could judge. No rater, no assignment, no time, a random id (see above)."""

    __tablename__ = "feedback_ratings"

    competency_id: Mapped[int] = mapped_column(sa.BigInteger)
    score_sum: Mapped[int] = mapped_column(sa.SmallInteger)
    score_count: Mapped[int] = mapped_column(sa.SmallInteger)

    __table_args__ = (
        tenant_fk("cycle_id", "feedback_cycles", ondelete="CASCADE"),
        tenant_fk("subject_employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("competency_id", "competencies"),
        tenant_index("ix_feedback_ratings_subject", "cycle_id", "subject_employee_id"),
        sa.CheckConstraint(_in("relation", RELATIONS), name="relation"),
        sa.CheckConstraint("score_count > 0 AND score_sum BETWEEN score_count AND 5 * score_count",
                           name="scores_in_scale"),
    )


class FeedbackComment(AnonymousAnswer, TenantScoped, db.Model):
    """One submitted answer to an open question. No rater, no time, a random id."""

    __tablename__ = "feedback_comments"

    item_id: Mapped[int] = mapped_column(sa.BigInteger)
    body: Mapped[str] = mapped_column(sa.Text)

    __table_args__ = (
        tenant_fk("cycle_id", "feedback_cycles", ondelete="CASCADE"),
        tenant_fk("subject_employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("item_id", "feedback_items", ondelete="CASCADE"),
        tenant_index("ix_feedback_comments_subject", "cycle_id", "subject_employee_id"),
        sa.CheckConstraint(_in("relation", RELATIONS), name="relation"),
    )


class FeedbackNomination(TenantScoped, db.Model):
    """A peer an employee proposes as their rater, for their supervisor to approve (optional)."""

    __tablename__ = "feedback_nominations"

    cycle_id: Mapped[int] = mapped_column(sa.BigInteger)
    subject_employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    peer_employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    status: Mapped[str] = mapped_column(sa.String(10), default="proposed")
    decided_by: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("cycle_id", "feedback_cycles", ondelete="CASCADE"),
        tenant_fk("subject_employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("peer_employee_id", "employees", ondelete="CASCADE"),
        tenant_unique("cycle_id", "subject_employee_id", "peer_employee_id", name="uq_feedback_nominations_pair"),
        sa.CheckConstraint(_in("status", NOMINATION_STATUSES), name="status"),
        sa.CheckConstraint("subject_employee_id <> peer_employee_id", name="not_self"),
    )


class FeedbackConversion(TenantScoped, db.Model):
    """A proposed competency assessment (source feedback_360) from a closed cycle's results,
    waiting for HR's review; applying it records the assessment in the competency module."""

    __tablename__ = "feedback_conversions"

    cycle_id: Mapped[int] = mapped_column(sa.BigInteger)
    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    competency_id: Mapped[int] = mapped_column(sa.BigInteger)
    others_mean: Mapped[float] = mapped_column(sa.Numeric(4, 2))
    others_count: Mapped[int] = mapped_column(sa.SmallInteger)
    proposed_level: Mapped[int] = mapped_column(sa.SmallInteger)
    status: Mapped[str] = mapped_column(sa.String(10), default="proposed")
    assessment_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    decided_by: Mapped[str | None] = mapped_column(sa.String(254))
    decided_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        tenant_fk("cycle_id", "feedback_cycles", ondelete="CASCADE"),
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("competency_id", "competencies"),
        tenant_unique("cycle_id", "employee_id", "competency_id", name="uq_feedback_conversions_target"),
        tenant_index("ix_feedback_conversions_status", "cycle_id", "status"),
        sa.CheckConstraint(_in("status", CONVERSION_STATUSES), name="status"),
        sa.CheckConstraint("proposed_level BETWEEN 1 AND 5", name="level_range"),
    )
