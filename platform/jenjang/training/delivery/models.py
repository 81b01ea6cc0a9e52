"""Training delivery tables: attendance per day of a session, the yearly training budget (migration
0011), and the post-training survey's two levels of Kirkpatrick — the participant's reaction
(level 1, once per enrolment, asked on completion) and the supervisor's follow-up on applying what
was learnt (level 3, once per enrolment, asked `followup_days` after the session ends)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, tenant_fk, tenant_index, tenant_unique, utcnow


class Attendance(TenantScoped, db.Model):
    """Attendance of one enrolment on one day of its session."""

    __tablename__ = "training_attendance"

    enrolment_id: Mapped[int] = mapped_column(sa.BigInteger)
    day: Mapped[dt.date] = mapped_column(sa.Date)
    present: Mapped[bool] = mapped_column(sa.Boolean)
    recorded_by: Mapped[str | None] = mapped_column(sa.String(254))
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("enrolment_id", "training_enrolments", ondelete="CASCADE"),
        tenant_unique("enrolment_id", "day", name="uq_training_attendance_day"),
    )


# Level 1 items (participant) and level 3 items (supervisor); each rated 1–5.
REACTION_ITEMS = ("relevance", "facilitator", "materials", "overall")
FOLLOWUP_ITEMS = ("application", "impact")


def _rating(column: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} BETWEEN 1 AND 5", name=f"{column}_range")


class TrainingBudget(TenantScoped, db.Model):
    """The region's training budget for one year (HR sets it)."""

    __tablename__ = "training_budgets"

    year: Mapped[int] = mapped_column(sa.SmallInteger)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(16, 2))
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(sa.String(254))

    __table_args__ = (
        tenant_unique("year", name="uq_training_budgets_year"),
        sa.CheckConstraint("amount >= 0", name="amount_not_negative"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )


class TrainingReaction(TenantScoped, db.Model):
    """Kirkpatrick level 1: the participant's reaction to the session, once per enrolment."""

    __tablename__ = "training_reactions"

    enrolment_id: Mapped[int] = mapped_column(sa.BigInteger)
    relevance: Mapped[int] = mapped_column(sa.SmallInteger)
    facilitator: Mapped[int] = mapped_column(sa.SmallInteger)
    materials: Mapped[int] = mapped_column(sa.SmallInteger)
    overall: Mapped[int] = mapped_column(sa.SmallInteger)
    comment: Mapped[str | None] = mapped_column(sa.Text)
    submitted_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("enrolment_id", "training_enrolments", ondelete="CASCADE"),
        tenant_unique("enrolment_id", name="uq_training_reactions_enrolment"),
        *(_rating(c) for c in REACTION_ITEMS),
    )


class TrainingFollowup(TenantScoped, db.Model):
    """Kirkpatrick level 3: the supervisor's view, some weeks later, of how the participant applies
    what was learnt; once per enrolment."""

    __tablename__ = "training_followups"

    enrolment_id: Mapped[int] = mapped_column(sa.BigInteger)
    supervisor_employee_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    application: Mapped[int] = mapped_column(sa.SmallInteger)
    impact: Mapped[int] = mapped_column(sa.SmallInteger)
    comment: Mapped[str | None] = mapped_column(sa.Text)
    submitted_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("enrolment_id", "training_enrolments", ondelete="CASCADE"),
        tenant_fk("supervisor_employee_id", "employees"),
        tenant_unique("enrolment_id", name="uq_training_followups_enrolment"),
        tenant_index("ix_training_followups_supervisor", "supervisor_employee_id"),
        *(_rating(c) for c in FOLLOWUP_ITEMS),
    )
