"""The outbox and what surrounds it.

`Notification` is one message to one recipient, written in the same transaction as the change
it announces. The email channel has a delivery life (pending → sent, or failed after the last
attempt); an in-app row is delivered the moment it is committed. The inbox shows the same rows.
`NotificationReminder` is a message announced later, at `due_at`; it can be moved or cancelled.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.core.tables import is_set
from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, belongs_to, tenant_fk, tenant_index, tenant_unique, utcnow

CHANNELS = ("email", "in_app")
STATUSES = ("pending", "sent", "failed")


class Notification(TenantScoped, db.Model):
    __tablename__ = "notifications"

    recipient_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    recipient_email: Mapped[str | None] = mapped_column(sa.String(254))
    kind: Mapped[str] = mapped_column(sa.String(60))
    channel: Mapped[str] = mapped_column(sa.String(10))
    locale: Mapped[str] = mapped_column(sa.String(5), default="id")
    payload: Mapped[dict] = mapped_column(JSONB, default=dict)
    # Where the notification points: {"endpoint": ..., "values": {...}} or {"url": ...}.
    link: Mapped[dict | None] = mapped_column(JSONB(none_as_null=True))
    idempotency_key: Mapped[str] = mapped_column(sa.String(255))
    show_in_inbox: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    attempts: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    read_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    recipient = belongs_to("Notification", "recipient_user_id", "User", viewonly=True)

    __table_args__ = (
        tenant_fk("recipient_user_id", "users", ondelete="CASCADE"),
        tenant_unique("idempotency_key"),
        sa.CheckConstraint("channel IN ('email', 'in_app')", name="channel"),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        sa.CheckConstraint("channel = 'email' OR status = 'sent'", name="in_app_is_delivered"),
        # The inbox, newest first.
        tenant_index("ix_notifications_inbox", "recipient_user_id", sa.text("created_at DESC"),
                     postgresql_where=sa.text("show_in_inbox")),
        # The bell: one index-only count of a user's unread rows.
        tenant_index("ix_notifications_unread", "recipient_user_id",
                     postgresql_where=sa.text("read_at IS NULL AND show_in_inbox")),
        # The sweeper and the failed list look only at rows still in flight or failed.
        tenant_index("ix_notifications_undelivered", "status", "next_attempt_at",
                     postgresql_where=sa.text("status <> 'sent'")),
    )

    is_read = is_set("read_at")


class NotificationPreference(TenantScoped, db.Model):
    """A user's choice for one kind of notification. No row means the default: email on."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(sa.BigInteger)
    kind: Mapped[str] = mapped_column(sa.String(60))
    email_enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True)

    __table_args__ = (
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        tenant_unique("user_id", "kind"),
    )


class NotificationTemplate(TenantScoped, db.Model):
    """A tenant's own subject and body for one kind in one language (overrides the default)."""

    __tablename__ = "notification_templates"

    kind: Mapped[str] = mapped_column(sa.String(60))
    locale: Mapped[str] = mapped_column(sa.String(5))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_by_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)

    __table_args__ = (
        tenant_unique("kind", "locale"),
        sa.CheckConstraint("locale IN ('id', 'en')", name="locale"),
    )


class NotificationReminder(TenantScoped, db.Model):
    """A notification to announce at `due_at` ("three days before the 360 deadline")."""

    __tablename__ = "notification_reminders"

    key: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(60))
    recipient_user_ids: Mapped[list[int]] = mapped_column(ARRAY(sa.BigInteger))
    payload: Mapped[dict] = mapped_column(JSONB, default=dict)
    link: Mapped[dict | None] = mapped_column(JSONB(none_as_null=True))
    due_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(10), default="scheduled")
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    fired_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        tenant_unique("key"),
        sa.CheckConstraint("status IN ('scheduled', 'fired', 'cancelled')", name="status"),
        tenant_index("ix_notification_reminders_due", "due_at", postgresql_where=sa.text("status = 'scheduled'")),
    )
