"""The append-only audit log. The app role may INSERT and SELECT it, never UPDATE or DELETE
(see the grants in tenancy/bootstrap.py)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import INET, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.core.tables import TenantScoped, tenant_index, utcnow
from jenjang.extensions import db


class AuditEntry(TenantScoped, db.Model):
    __tablename__ = "audit_log"

    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    actor_label: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(80))
    object_type: Mapped[str | None] = mapped_column(sa.String(60))
    object_id: Mapped[str | None] = mapped_column(sa.String(60))
    before: Mapped[dict | None] = mapped_column(JSONB)
    after: Mapped[dict | None] = mapped_column(JSONB)
    ip: Mapped[str | None] = mapped_column(INET)

    # No foreign key to users: the log outlives anything it mentions.
    __table_args__ = (
        tenant_index("ix_audit_log_at", sa.text("at DESC")),
        tenant_index("ix_audit_log_action", "action"),
    )


class DataGeneration(TenantScoped, db.Model):
    """A token that changes with every committed write to the tables a topic watches (see
    core/datacache.py): cached aggregates are keyed by it."""

    __tablename__ = "data_generations"

    topic: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    gen: Mapped[int] = mapped_column(sa.BigInteger, default=1)
