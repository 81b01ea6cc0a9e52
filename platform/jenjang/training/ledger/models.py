"""The ledger's own table: the yearly reminder campaigns to employees behind their JP target (the
ledger's entries, ``JpEntry``, are module-wide: training/models.py)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, tenant_index, utcnow


class JpReminderCampaign(TenantScoped, db.Model):
    """One launch of the "you are behind your JP target" reminder for a year. Each employee is
    reminded at most once a year (the notification's idempotency key); a later launch in the same
    year reaches only those newly behind."""

    __tablename__ = "training_jp_campaigns"

    year: Mapped[int] = mapped_column(sa.SmallInteger)
    target_jp: Mapped[int] = mapped_column(sa.SmallInteger)  # the PNS target (the only one before 0016c)
    pppk_target_jp: Mapped[int | None] = mapped_column(sa.SmallInteger)  # NULL: launched before PPPK had theirs
    behind_count: Mapped[int] = mapped_column(sa.Integer)  # active employees under the target
    with_account: Mapped[int] = mapped_column(sa.Integer)  # of whom have an active account
    sent_count: Mapped[int] = mapped_column(sa.Integer)  # notifications newly written by this launch
    launched_by_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    launched_by_label: Mapped[str] = mapped_column(sa.String(254))
    launched_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_index("ix_training_jp_campaigns_year", "year", "launched_at"),
        sa.CheckConstraint("behind_count >= 0 AND with_account >= 0 AND sent_count >= 0", name="counts"),
    )

