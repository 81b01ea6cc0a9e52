"""Competency mapping: the dictionary (national and teknis competencies with levels 1–5),
position standards (standar kompetensi jabatan), assessments with their source, potential
scores, the tenant's rules (JPM and 9-box thresholds, validity, precedence), critical/target
positions for succession, and individual development plans (IDP).

JPM (Job Person Match) compares an employee's current levels with a position's standard; see
competency/jpm.py for the formula and DOMAIN.md for where it comes from.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jenjang.core.tables import is_set
from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, tenant_fk, tenant_index, tenant_unique, utcnow

COMPETENCY_KINDS = ("manajerial", "sosial_kultural", "teknis")
LEVEL_RANGE = (1, 5)
# Where an assessed level comes from. Precedence and validity per source are tenant settings.
SOURCES = ("assessment_center", "competency_test", "feedback_360", "supervisor")
SUCCESSION_KINDS = ("kritikal", "target")
PLAN_STATUSES = ("draft", "submitted", "returned", "approved")
POTENTIAL_SOURCES = ("jpm", "score", "score_or_jpm")
PRECEDENCE_MODES = ("date_first", "source_first")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _level_check(column: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} BETWEEN 1 AND 5", name=f"{column}_range")


class Competency(TenantScoped, db.Model):
    """A competency of the tenant's dictionary. National ones (M.01–M.08, SK.01) are seeded for
    every tenant and locked; their level indicators live in competency/national.py. Teknis ones
    are the tenant's own, grouped by field (bidang). Never deleted once used: retired instead."""

    __tablename__ = "competencies"

    code: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str | None] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20))
    field: Mapped[str | None] = mapped_column(sa.String(120))
    description: Mapped[str | None] = mapped_column(sa.Text)
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    is_national: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    retired_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    sort_order: Mapped[int] = mapped_column(sa.Integer, default=100)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    levels = relationship("CompetencyLevel", lazy="raise_on_sql", order_by="CompetencyLevel.level",
                          primaryjoin="and_(Competency.tenant_id == foreign(CompetencyLevel.tenant_id), "
                                      "Competency.id == foreign(CompetencyLevel.competency_id))",
                          viewonly=True)

    __table_args__ = (
        tenant_unique("code"),
        tenant_index("ix_competencies_kind", "kind", "field"),
        sa.CheckConstraint(_in("kind", COMPETENCY_KINDS), name="kind"),
        sa.CheckConstraint("is_national OR kind = 'teknis'", name="only_teknis_is_local"),
    )

    is_retired = is_set("retired_at")


class CompetencyLevel(TenantScoped, db.Model):
    """A level (1–5) of a teknis competency with its behavioural indicators, one per line."""

    __tablename__ = "competency_levels"

    competency_id: Mapped[int] = mapped_column(sa.BigInteger)
    level: Mapped[int] = mapped_column(sa.SmallInteger)
    description: Mapped[str] = mapped_column(sa.Text)
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    indicators: Mapped[str | None] = mapped_column(sa.Text)
    indicators_en: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (
        tenant_fk("competency_id", "competencies", ondelete="CASCADE"),
        tenant_unique("competency_id", "level"),
        _level_check("level"),
    )


class CompetencyStandard(TenantScoped, db.Model):
    """Standar kompetensi jabatan: the level a position requires in one competency."""

    __tablename__ = "competency_standards"

    position_id: Mapped[int] = mapped_column(sa.BigInteger)
    competency_id: Mapped[int] = mapped_column(sa.BigInteger)
    required_level: Mapped[int] = mapped_column(sa.SmallInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("position_id", "positions", ondelete="CASCADE"),
        tenant_fk("competency_id", "competencies"),
        tenant_unique("position_id", "competency_id"),
        tenant_index("ix_competency_standards_competency", "competency_id"),
        _level_check("required_level"),
    )


class CompetencyAssessment(TenantScoped, db.Model):
    """An assessed level of one employee in one competency, with where it came from. Appended;
    the current level is chosen at read time (validity and precedence, see queries.py)."""

    __tablename__ = "competency_assessments"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    competency_id: Mapped[int] = mapped_column(sa.BigInteger)
    level: Mapped[int] = mapped_column(sa.SmallInteger)
    source: Mapped[str] = mapped_column(sa.String(20))
    assessed_on: Mapped[dt.date] = mapped_column(sa.Date)
    assessor: Mapped[str | None] = mapped_column(sa.String(200))
    evidence: Mapped[str | None] = mapped_column(sa.Text)
    batch: Mapped[str | None] = mapped_column(sa.String(40))  # the import it came with
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(sa.String(254))

    __table_args__ = (
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("competency_id", "competencies"),
        tenant_index("ix_competency_assessments_current", "employee_id", "competency_id",
                     sa.text("assessed_on DESC")),
        tenant_index("ix_competency_assessments_competency", "competency_id"),
        _level_check("level"),
        sa.CheckConstraint(_in("source", SOURCES), name="source"),
    )


class PotentialScore(TenantScoped, db.Model):
    """An entered potential score (0–100) from a potential assessment. Never shown to the
    employee themself (PermenPANRB 3/2020)."""

    __tablename__ = "potential_scores"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    score: Mapped[float] = mapped_column(sa.Numeric(5, 2))
    assessed_on: Mapped[dt.date] = mapped_column(sa.Date)
    assessor: Mapped[str | None] = mapped_column(sa.String(200))
    note: Mapped[str | None] = mapped_column(sa.Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_index("ix_potential_scores_employee", "employee_id", sa.text("assessed_on DESC")),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
    )


class CompetencySettings(TenantScoped, db.Model):
    """The tenant's competency rules, one row per tenant (absent: the defaults of settings.py).
    Each rule group carries the regulation it comes from, editable with it."""

    __tablename__ = "competency_settings"

    jpm_optimal_min: Mapped[float] = mapped_column(sa.Numeric(5, 2))
    jpm_cukup_min: Mapped[float] = mapped_column(sa.Numeric(5, 2))
    jpm_regulation: Mapped[str] = mapped_column(sa.String(200))
    test_ms_min: Mapped[float] = mapped_column(sa.Numeric(5, 2))
    test_mms_min: Mapped[float] = mapped_column(sa.Numeric(5, 2))
    test_regulation: Mapped[str] = mapped_column(sa.String(200))
    potential_source: Mapped[str] = mapped_column(sa.String(20))
    potential_high_min: Mapped[float] = mapped_column(sa.Numeric(5, 2))
    potential_mid_min: Mapped[float] = mapped_column(sa.Numeric(5, 2))
    talent_regulation: Mapped[str] = mapped_column(sa.String(200))
    skp_mapping: Mapped[dict] = mapped_column(JSONB)
    skp_regulation: Mapped[str] = mapped_column(sa.String(200))
    validity_months: Mapped[dict] = mapped_column(JSONB)
    source_precedence: Mapped[list] = mapped_column(JSONB)
    precedence_mode: Mapped[str] = mapped_column(sa.String(20))
    # The SKP of a year is final from this day of the next year (people/skp.py); the 9-box takes
    # kinerja from the last `skp_recent_years` final years only (1: the last final year).
    skp_final_month: Mapped[int] = mapped_column(sa.SmallInteger, default=1)
    skp_final_day: Mapped[int] = mapped_column(sa.SmallInteger, default=31)
    skp_recent_years: Mapped[int] = mapped_column(sa.SmallInteger, default=1)
    # The tenant's recommended action per box {"1": text, ...}; a box absent uses the default text.
    box_actions: Mapped[dict] = mapped_column(JSONB, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("tenant_id", name="uq_competency_settings_tenant_id"),
        sa.CheckConstraint("skp_final_month BETWEEN 1 AND 12", name="skp_final_month"),
        sa.CheckConstraint("skp_final_day BETWEEN 1 AND 31", name="skp_final_day"),
        sa.CheckConstraint("skp_recent_years BETWEEN 1 AND 5", name="skp_recent_years"),
        sa.CheckConstraint(_in("potential_source", POTENTIAL_SOURCES), name="potential_source"),
        sa.CheckConstraint(_in("precedence_mode", PRECEDENCE_MODES), name="precedence_mode"),
        sa.CheckConstraint("jpm_cukup_min <= jpm_optimal_min", name="jpm_order"),
        sa.CheckConstraint("test_mms_min <= test_ms_min", name="test_order"),
        sa.CheckConstraint("potential_mid_min <= potential_high_min", name="potential_order"),
    )


class SuccessionPosition(TenantScoped, db.Model):
    """A critical (jabatan kritikal) or target position that gets a ranked succession list."""

    __tablename__ = "succession_positions"

    position_id: Mapped[int] = mapped_column(sa.BigInteger)
    kind: Mapped[str] = mapped_column(sa.String(10))
    note: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("position_id", "positions", ondelete="CASCADE"),
        tenant_unique("position_id"),
        sa.CheckConstraint(_in("kind", SUCCESSION_KINDS), name="kind"),
    )


class DevelopmentPlan(TenantScoped, db.Model):
    """An individual development plan (IDP): written by the employee, commented on and approved
    by their supervisor. One plan per employee per year."""

    __tablename__ = "development_plans"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    year: Mapped[int] = mapped_column(sa.SmallInteger)
    status: Mapped[str] = mapped_column(sa.String(12), default="draft")
    summary: Mapped[str | None] = mapped_column(sa.Text)
    reviewer_employee_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    reviewer_comment: Mapped[str | None] = mapped_column(sa.Text)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    goals = relationship("DevelopmentGoal", lazy="raise_on_sql", viewonly=True,
                         order_by="DevelopmentGoal.target_date",
                         primaryjoin="and_(DevelopmentPlan.tenant_id == foreign(DevelopmentGoal.tenant_id), "
                                     "DevelopmentPlan.id == foreign(DevelopmentGoal.plan_id))")

    __table_args__ = (
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("reviewer_employee_id", "employees"),
        tenant_unique("employee_id", "year"),
        tenant_index("ix_development_plans_status", "status"),
        sa.CheckConstraint(_in("status", PLAN_STATUSES), name="status"),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )

    @property
    def is_editable(self) -> bool:
        return self.status in ("draft", "returned")


class DevelopmentGoal(TenantScoped, db.Model):
    """One goal of a plan: reach `target_level` in a competency by `target_date`, through `action`."""

    __tablename__ = "development_goals"

    plan_id: Mapped[int] = mapped_column(sa.BigInteger)
    competency_id: Mapped[int] = mapped_column(sa.BigInteger)
    target_level: Mapped[int] = mapped_column(sa.SmallInteger)
    action: Mapped[str] = mapped_column(sa.Text)
    target_date: Mapped[dt.date] = mapped_column(sa.Date)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("plan_id", "development_plans", ondelete="CASCADE"),
        tenant_fk("competency_id", "competencies"),
        tenant_index("ix_development_goals_plan", "plan_id"),
        _level_check("target_level"),
    )
