"""Training done elsewhere (external training, verified by HR before its JP count).

An external training is submitted by the employee with its certificate file (stored through
jenjang.storage, checked by content); HR verifies it (the JP then go to the ledger with source
"external" and source_ref "external:<id>") or rejects it with a reason. A verified entry is
closed to the employee; only HR may reopen it (which revokes the ledger credit).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, tenant_fk, tenant_index, utcnow

EXTERNAL_STATUSES = ("submitted", "verified", "rejected")
MAX_EXTERNAL_JP = 500


class ExternalTraining(TenantScoped, db.Model):
    """One training an employee followed outside the catalogue (e.g. a LAN e-learning course)."""

    __tablename__ = "training_external"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    title: Mapped[str] = mapped_column(sa.String(300))
    kind_code: Mapped[int] = mapped_column(sa.SmallInteger)  # models.SIASN_KINDS
    classical: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    provider_name: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[dt.date] = mapped_column(sa.Date)
    ends_on: Mapped[dt.date] = mapped_column(sa.Date)
    jp: Mapped[Decimal] = mapped_column(sa.Numeric(6, 2))
    certificate_number: Mapped[str | None] = mapped_column(sa.String(100))
    # The certificate file: stored under FILES_DIR/<tenant>/training_external/<storage_name>.
    file_name: Mapped[str] = mapped_column(sa.String(255))
    file_mime: Mapped[str] = mapped_column(sa.String(40))
    file_size: Mapped[int] = mapped_column(sa.Integer)
    file_sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_name: Mapped[str] = mapped_column(sa.String(32))
    status: Mapped[str] = mapped_column(sa.String(20), default="submitted")
    submitted_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    reviewer_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)  # no FK: accounts may go, the label stays
    reviewer_label: Mapped[str | None] = mapped_column(sa.String(254))
    review_note: Mapped[str | None] = mapped_column(sa.Text)  # the reason of a rejection
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_index("ix_training_external_employee", "employee_id", "ends_on"),
        tenant_index("ix_training_external_status", "status", "submitted_at"),
        sa.CheckConstraint("kind_code BETWEEN 1 AND 25", name="kind_code"),
        sa.CheckConstraint(f"jp > 0 AND jp <= {MAX_EXTERNAL_JP}", name="jp_range"),
        sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        sa.CheckConstraint("status IN ('submitted', 'verified', 'rejected')", name="status"),
        sa.CheckConstraint("status <> 'rejected' OR review_note IS NOT NULL", name="rejection_has_reason"),
        sa.CheckConstraint("file_size > 0", name="file_size_positive"),
    )

    @property
    def is_editable_by_employee(self) -> bool:
        return self.status != "verified"
