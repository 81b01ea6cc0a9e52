"""The tenant's contract settings, renewal proposals and the log of contract reminders sent.
The contracts themselves are people's ``EmploymentContract`` (table ``employee_contracts``)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.contracts.labels import MIN_MONTHS_REGULATION
from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, belongs_to, tenant_fk, tenant_index, tenant_unique, utcnow

RENEWAL_STATUSES = ("in_progress", "approved", "rejected", "cancelled", "lapsed")
DEFAULT_REMINDER_DAYS = [90, 30]


class ContractSettings(TenantScoped, db.Model):
    """One row per tenant (absent: the defaults)."""

    __tablename__ = "contract_settings"

    min_months: Mapped[int] = mapped_column(sa.SmallInteger, default=12)
    min_months_regulation: Mapped[str] = mapped_column(sa.String(300), default=MIN_MONTHS_REGULATION)
    max_months: Mapped[int] = mapped_column(sa.SmallInteger, default=60)
    reminder_days: Mapped[list] = mapped_column(ARRAY(sa.Integer), default=lambda: list(DEFAULT_REMINDER_DAYS))
    letter_number_prefix: Mapped[str | None] = mapped_column(sa.String(100))
    letter_signatory: Mapped[str | None] = mapped_column(sa.String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("tenant_id", name="uq_contract_settings_tenant"),
        sa.CheckConstraint("min_months BETWEEN 1 AND 120", name="min_months"),
        sa.CheckConstraint("max_months BETWEEN min_months AND 120", name="max_months"),
        sa.CheckConstraint("cardinality(reminder_days) BETWEEN 1 AND 6", name="reminder_days"),
    )


class ContractRenewal(TenantScoped, db.Model):
    """A proposal to extend a contract by `months`, decided through the workflow engine. On
    approval `new_contract_id` is the contract it created and the letter is stored under
    FILES_DIR/<tenant>/contracts/<letter_stored>. `lapsed`: the contract ended while undecided."""

    __tablename__ = "contract_renewals"

    contract_id: Mapped[int] = mapped_column(sa.BigInteger)
    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    months: Mapped[int] = mapped_column(sa.SmallInteger)
    note: Mapped[str | None] = mapped_column(sa.String(2000))
    status: Mapped[str] = mapped_column(sa.String(12), default="in_progress")
    workflow_case_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    new_contract_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    letter_number: Mapped[str | None] = mapped_column(sa.String(100))
    letter_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    letter_stored: Mapped[str | None] = mapped_column(sa.String(100))
    created_by_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    contract = belongs_to("ContractRenewal", "contract_id", "EmploymentContract", lazy="joined")
    employee = belongs_to("ContractRenewal", "employee_id", "Employee", lazy="joined")
    workflow_case = belongs_to("ContractRenewal", "workflow_case_id", "WorkflowCase", lazy="joined")

    __table_args__ = (
        tenant_fk("contract_id", "employee_contracts", ondelete="CASCADE"),
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("workflow_case_id", "workflow_cases"),
        tenant_fk("new_contract_id", "employee_contracts"),
        tenant_unique("workflow_case_id"),
        sa.Index("uq_contract_renewals_open", "tenant_id", "contract_id", unique=True,
                 postgresql_where=sa.text("status = 'in_progress'")),
        tenant_index("ix_contract_renewals_employee", "employee_id"),
        sa.CheckConstraint("status IN ('in_progress', 'approved', 'rejected', 'cancelled', 'lapsed')",
                           name="status"),
        sa.CheckConstraint("months BETWEEN 1 AND 120", name="months"),
    )

    @property
    def is_open(self) -> bool:
        return self.status == "in_progress"


class ContractReminderSent(TenantScoped, db.Model):
    """That the reminder of `threshold_days` before a contract's end went out (once: the UNIQUE)."""

    __tablename__ = "contract_reminders_sent"

    contract_id: Mapped[int] = mapped_column(sa.BigInteger)
    threshold_days: Mapped[int] = mapped_column(sa.SmallInteger)
    days_left: Mapped[int] = mapped_column(sa.SmallInteger)
    sent_on: Mapped[dt.date] = mapped_column(sa.Date)
    sent_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("contract_id", "employee_contracts", ondelete="CASCADE"),
        tenant_unique("contract_id", "threshold_days"),
    )
