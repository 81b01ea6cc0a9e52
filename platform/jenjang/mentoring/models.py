"""Mentoring programmes: a programme (cohort) with its eligibility rules, the people who join it
as mentors or mentees, the pairs the matching proposes and HR publishes, each pair's goals
(linked to competencies), its sessions (with notes private to the pair) and the problems either
side flags to HR. A confirmed session credits JP (jam pelajaran, 45 minutes of competency
development) to the training ledger as non-classical development.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.core.tables import is_set
from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, tenant_fk, tenant_index, tenant_unique, utcnow

PROGRAMME_KINDS = ("cpns_orientation", "talent_coaching", "general")
PROGRAMME_STATUSES = ("draft", "open", "running", "closed")
MENTEE_RULES = ("any", "cpns_first_year", "talent_pool", "gap")
ROLES = ("mentor", "mentee")
PARTICIPANT_STATUSES = ("applied", "accepted", "rejected", "withdrawn")
PARTICIPANT_SOURCES = ("self", "hr")
PAIR_STATUSES = ("proposed", "published", "declined", "closed", "cancelled")
LIVE_PAIR_STATUSES = ("proposed", "published")
GOAL_STATUSES = ("open", "met", "not_met")
SESSION_MODES = ("in_person", "online", "phone")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class MentoringProgramme(TenantScoped, db.Model):
    """A cohort run by HR: who may mentor, who may be mentored, and the rules of pairing."""

    __tablename__ = "mentoring_programmes"

    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20), default="general")
    goal: Mapped[str | None] = mapped_column(sa.Text)
    starts_on: Mapped[dt.date] = mapped_column(sa.Date)
    ends_on: Mapped[dt.date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    # Who may mentor: a minimum rank (ranks.id, 1 = I/a … 17 = IV/e) for a PNS, a minimum PPPK
    # golongan (pppk_grades.id, 1 = I … 17 = XVII) for a PPPK, and/or a competency level.
    mentor_min_rank_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    mentor_min_grade_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    mentor_competency_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    mentor_min_level: Mapped[int | None] = mapped_column(sa.SmallInteger)
    # Who may be a mentee.
    mentee_rule: Mapped[str] = mapped_column(sa.String(20), default="any")
    mentee_boxes: Mapped[list] = mapped_column(JSONB, default=list)  # 9-box numbers for talent_pool
    focus_competency_ids: Mapped[list] = mapped_column(JSONB, default=list)  # for "gap" and the scoring
    capacity_per_mentor: Mapped[int] = mapped_column(sa.SmallInteger, default=3)
    expected_sessions: Mapped[int] = mapped_column(sa.SmallInteger, default=6)
    allow_same_unit: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    allow_reporting_line: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    decline_days: Mapped[int] = mapped_column(sa.SmallInteger, default=7)
    credit_mentor: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    published_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(sa.String(254))

    __table_args__ = (
        tenant_fk("mentor_competency_id", "competencies"),
        tenant_index("ix_mentoring_programmes_status", "status", "starts_on"),
        sa.CheckConstraint(_in("kind", PROGRAMME_KINDS), name="kind"),
        sa.CheckConstraint(_in("status", PROGRAMME_STATUSES), name="status"),
        sa.CheckConstraint(_in("mentee_rule", MENTEE_RULES), name="mentee_rule"),
        sa.CheckConstraint("starts_on <= ends_on", name="period_order"),
        sa.CheckConstraint("mentor_min_rank_id BETWEEN 1 AND 17", name="mentor_min_rank_range"),
        sa.CheckConstraint("mentor_min_grade_id BETWEEN 1 AND 17", name="mentor_min_grade_range"),
        sa.CheckConstraint("mentor_min_level BETWEEN 1 AND 5", name="mentor_min_level_range"),
        sa.CheckConstraint("(mentor_competency_id IS NULL) = (mentor_min_level IS NULL)", name="mentor_competency_pair"),
        sa.CheckConstraint("capacity_per_mentor BETWEEN 1 AND 20", name="capacity_range"),
        sa.CheckConstraint("expected_sessions BETWEEN 1 AND 100", name="expected_sessions_range"),
        sa.CheckConstraint("decline_days BETWEEN 0 AND 60", name="decline_days_range"),
    )


class MentoringParticipant(TenantScoped, db.Model):
    """An employee in a programme as mentor or mentee: applied themself or nominated by HR."""

    __tablename__ = "mentoring_participants"

    programme_id: Mapped[int] = mapped_column(sa.BigInteger)
    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    role: Mapped[str] = mapped_column(sa.String(6))
    status: Mapped[str] = mapped_column(sa.String(10), default="applied")
    source: Mapped[str] = mapped_column(sa.String(4), default="self")
    goals: Mapped[str | None] = mapped_column(sa.Text)  # a mentee's goals, in their words
    strengths: Mapped[str | None] = mapped_column(sa.Text)  # a mentor's strengths, in their words
    competency_ids: Mapped[list] = mapped_column(JSONB, default=list)  # goal or strength competencies
    capacity: Mapped[int | None] = mapped_column(sa.SmallInteger)  # a mentor's own limit (None: the programme's)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("programme_id", "mentoring_programmes", ondelete="CASCADE"),
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_unique("programme_id", "employee_id"),
        tenant_index("ix_mentoring_participants_employee", "employee_id"),
        sa.CheckConstraint(_in("role", ROLES), name="role"),
        sa.CheckConstraint(_in("status", PARTICIPANT_STATUSES), name="status"),
        sa.CheckConstraint(_in("source", PARTICIPANT_SOURCES), name="source"),
        sa.CheckConstraint("capacity BETWEEN 1 AND 20", name="capacity_range"),
    )


class MentoringPair(TenantScoped, db.Model):
    """A mentor and a mentee in a programme. `breakdown` keeps why the pair was proposed (the
    score's parts, the competencies covered, the mentee's needs at matching time)."""

    __tablename__ = "mentoring_pairs"

    programme_id: Mapped[int] = mapped_column(sa.BigInteger)
    mentor_id: Mapped[int] = mapped_column(sa.BigInteger)
    mentee_id: Mapped[int] = mapped_column(sa.BigInteger)
    status: Mapped[str] = mapped_column(sa.String(10), default="proposed")
    score: Mapped[int] = mapped_column(sa.Integer, default=0)
    breakdown: Mapped[dict] = mapped_column(JSONB, default=dict)
    manual: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    reproposal: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    proposed_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decline_deadline: Mapped[dt.date | None] = mapped_column(sa.Date)
    declined_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decline_reason: Mapped[str | None] = mapped_column(sa.String(500))
    last_session_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    mentee_reflection: Mapped[str | None] = mapped_column(sa.Text)
    mentor_reflection: Mapped[str | None] = mapped_column(sa.Text)
    closed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        tenant_fk("programme_id", "mentoring_programmes", ondelete="CASCADE"),
        tenant_fk("mentor_id", "employees"),
        tenant_fk("mentee_id", "employees"),
        # One live pair per mentee in a programme.
        sa.Index("uq_mentoring_pairs_live_mentee", "tenant_id", "programme_id", "mentee_id", unique=True,
                 postgresql_where=sa.text("status IN ('proposed', 'published')")),
        tenant_index("ix_mentoring_pairs_programme", "programme_id", "status"),
        tenant_index("ix_mentoring_pairs_mentor", "mentor_id", "status"),
        tenant_index("ix_mentoring_pairs_mentee", "mentee_id", "status"),
        sa.CheckConstraint(_in("status", PAIR_STATUSES), name="status"),
        sa.CheckConstraint("mentor_id <> mentee_id", name="not_self"),
    )

    @property
    def is_live(self) -> bool:
        return self.status == "published"


class MentoringGoal(TenantScoped, db.Model):
    """A goal the pair sets, usually to reach a level in a competency."""

    __tablename__ = "mentoring_goals"

    pair_id: Mapped[int] = mapped_column(sa.BigInteger)
    competency_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    target_level: Mapped[int | None] = mapped_column(sa.SmallInteger)
    title: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[str] = mapped_column(sa.String(8), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("pair_id", "mentoring_pairs", ondelete="CASCADE"),
        tenant_fk("competency_id", "competencies"),
        tenant_index("ix_mentoring_goals_pair", "pair_id"),
        sa.CheckConstraint(_in("status", GOAL_STATUSES), name="status"),
        sa.CheckConstraint("target_level BETWEEN 1 AND 5", name="target_level_range"),
    )


class MentoringSession(TenantScoped, db.Model):
    """One session, logged by either side and confirmed by the other. `private_notes` are for
    the two of them only: no page for HR, admins or supervisors ever reads the column."""

    __tablename__ = "mentoring_sessions"

    pair_id: Mapped[int] = mapped_column(sa.BigInteger)
    held_on: Mapped[dt.date] = mapped_column(sa.Date)
    duration_minutes: Mapped[int] = mapped_column(sa.SmallInteger)
    mode: Mapped[str] = mapped_column(sa.String(10), default="in_person")
    topic: Mapped[str] = mapped_column(sa.String(300))
    private_notes: Mapped[str | None] = mapped_column(sa.Text)
    logged_by: Mapped[int] = mapped_column(sa.BigInteger)  # employee id
    confirmed_by: Mapped[int | None] = mapped_column(sa.BigInteger)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    jp_credited: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2), default=0)
    mentor_jp_credited: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2), default=0)
    rating: Mapped[int | None] = mapped_column(sa.SmallInteger)
    rating_comment: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("pair_id", "mentoring_pairs", ondelete="CASCADE"),
        tenant_fk("logged_by", "employees"),
        tenant_fk("confirmed_by", "employees"),
        tenant_index("ix_mentoring_sessions_pair", "pair_id", "held_on"),
        sa.CheckConstraint(_in("mode", SESSION_MODES), name="mode"),
        sa.CheckConstraint("duration_minutes BETWEEN 15 AND 480", name="duration_range"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        sa.CheckConstraint("confirmed_by IS NULL OR confirmed_by <> logged_by", name="confirmed_by_other"),
    )

    is_confirmed = is_set("confirmed_at")


class MentoringFlag(TenantScoped, db.Model):
    """A problem either side of a pair raises with HR."""

    __tablename__ = "mentoring_flags"

    pair_id: Mapped[int] = mapped_column(sa.BigInteger)
    raised_by: Mapped[int] = mapped_column(sa.BigInteger)
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(sa.String(500))

    __table_args__ = (
        tenant_fk("pair_id", "mentoring_pairs", ondelete="CASCADE"),
        tenant_fk("raised_by", "employees"),
        tenant_index("ix_mentoring_flags_pair", "pair_id"),
    )


TABLES = ("mentoring_programmes", "mentoring_participants", "mentoring_pairs", "mentoring_goals",
          "mentoring_sessions", "mentoring_flags")
