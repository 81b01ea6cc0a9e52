"""Promotion settings per tenant, disciplinary sanctions, and promotion cases."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, belongs_to, tenant_fk, tenant_index, tenant_unique, utcnow

PERIOD_MODES = ("monthly", "april_october", "custom")
SANCTION_LEVELS = ("ringan", "sedang", "berat")
CASE_STATUSES = ("in_progress", "approved", "rejected", "cancelled")


class PromotionSettings(TenantScoped, db.Model):
    """One row per tenant. `rules` holds per kind {rule key: {"enabled": bool, params…}} overriding
    the defaults of promotion/kinds.py; `education_ceiling` maps an education level to the highest
    rank a regular promotion may reach."""

    __tablename__ = "promotion_settings"

    period_mode: Mapped[str] = mapped_column(sa.String(20), default="monthly")
    custom_months: Mapped[list] = mapped_column(JSONB, default=list)
    rules: Mapped[dict] = mapped_column(JSONB, default=dict)
    education_ceiling: Mapped[dict] = mapped_column(JSONB, default=dict)
    sk_signatory: Mapped[str | None] = mapped_column(sa.String(200))
    sk_number_prefix: Mapped[str | None] = mapped_column(sa.String(100))
    # The SKP of a year is final from this day of the next year (default 31 January).
    skp_final_month: Mapped[int] = mapped_column(sa.SmallInteger, default=1, server_default="1")
    skp_final_day: Mapped[int] = mapped_column(sa.SmallInteger, default=31, server_default="31")
    # Notices for the tenant's admins (e.g. corrected defaults the tenant had edited), shown on
    # the settings page until dismissed: [{"key", "kind", "data"}].
    notices: Mapped[list] = mapped_column(JSONB, default=list, server_default="[]")
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        sa.Index("uq_promotion_settings_tenant", "tenant_id", unique=True),
        sa.CheckConstraint("period_mode IN ('monthly', 'april_october', 'custom')", name="period_mode"),
        sa.CheckConstraint("skp_final_month BETWEEN 1 AND 12 AND skp_final_day BETWEEN 1 AND 31",
                           name="skp_final"),
    )


class DisciplinarySanction(TenantScoped, db.Model):
    """A disciplinary sanction (hukuman disiplin), recorded minimally: kind and period."""

    __tablename__ = "disciplinary_sanctions"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    level: Mapped[str] = mapped_column(sa.String(10))
    description: Mapped[str] = mapped_column(sa.String(300))
    starts_on: Mapped[dt.date] = mapped_column(sa.Date)
    ends_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    decree_number: Mapped[str | None] = mapped_column(sa.String(100))
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("employee_id", "employees"),
        tenant_index("ix_sanctions_employee", "employee_id", "starts_on"),
        sa.CheckConstraint("level IN ('ringan', 'sedang', 'berat')", name="level"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period_order"),
    )


class AdjustmentExam(TenantScoped, db.Model):
    """A passed ujian kenaikan pangkat penyesuaian ijazah: the exam a civil servant with a new,
    higher diploma passes before a promotion to the diploma's entry rank (PP 99/2000 Pasal 18)."""

    __tablename__ = "adjustment_exams"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    education_level: Mapped[str] = mapped_column(sa.String(3))
    passed_on: Mapped[dt.date] = mapped_column(sa.Date)
    reference: Mapped[str | None] = mapped_column(sa.String(100))
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("employee_id", "employees"),
        tenant_index("ix_adjustment_exams_employee", "employee_id", "passed_on"),
    )


class PromotionCase(TenantScoped, db.Model):
    """A promotion for one employee in one period. The evaluated checklist is stored with the
    date it was evaluated, so the reasons stay readable after the data changes."""

    __tablename__ = "promotion_cases"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    kind: Mapped[str] = mapped_column(sa.String(30))
    period_date: Mapped[dt.date] = mapped_column(sa.Date)
    from_rank_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    to_rank_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    from_position_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    target_position_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    status: Mapped[str] = mapped_column(sa.String(12), default="in_progress")
    eligibility: Mapped[list] = mapped_column(JSONB, default=list)
    eligibility_evaluated_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    workflow_case_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    note: Mapped[str | None] = mapped_column(sa.String(2000))
    sk_number: Mapped[str | None] = mapped_column(sa.String(100))
    sk_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_by_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    employee = belongs_to("PromotionCase", "employee_id", "Employee", lazy="joined")
    workflow_case = belongs_to("PromotionCase", "workflow_case_id", "WorkflowCase", lazy="joined")

    __table_args__ = (
        tenant_fk("employee_id", "employees"),
        tenant_fk("from_position_id", "positions"),
        tenant_fk("target_position_id", "positions"),
        tenant_fk("workflow_case_id", "workflow_cases"),
        # One open case per employee and kind.
        sa.Index("uq_promotion_cases_open", "tenant_id", "employee_id", "kind", unique=True,
                 postgresql_where=sa.text("status = 'in_progress'")),
        tenant_index("ix_promotion_cases_period", "period_date", "kind"),
        tenant_unique("workflow_case_id"),
        sa.CheckConstraint("status IN ('in_progress', 'approved', 'rejected', 'cancelled')", name="status"),
        sa.CheckConstraint("from_rank_id BETWEEN 1 AND 17", name="from_rank_range"),
        sa.CheckConstraint("to_rank_id BETWEEN 1 AND 17", name="to_rank_range"),
    )
