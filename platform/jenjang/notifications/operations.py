"""Notification operations for the inbox, preferences, template editor and failed list. They
flush, never commit; the request (or CLI command, or job) commits."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.core import audit
from jenjang.extensions import db
from jenjang.notifications import kinds, outbox, rendering
from jenjang.notifications.models import Notification, NotificationPreference, NotificationTemplate
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import utcnow


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()


def mark_all_read(user_id: int) -> int:
    return db.session.execute(
        sa.update(Notification).where(Notification.recipient_user_id == user_id, Notification.read_at.is_(None),
                                      Notification.show_in_inbox.is_(True))
        .values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount


def set_email_preferences(user_id: int, wanted: dict[str, bool]) -> None:
    """Record the user's email choice for every kind they may choose for."""
    existing = {p.kind: p for p in db.session.scalars(
        sa.select(NotificationPreference).where(NotificationPreference.user_id == user_id))}
    for spec in kinds.user_choosable():
        enabled = bool(wanted.get(spec.name, False))
        pref = existing.get(spec.name)
        if pref is None:
            if not enabled:
                db.session.add(NotificationPreference(user_id=user_id, kind=spec.name, email_enabled=False))
        else:
            pref.email_enabled = enabled
    db.session.flush()


def save_template(kind: str, locale: str, subject: str, body: str, *, sample: dict, user_id: int | None):
    """Check both templates in the sandbox, then store them. Raises rendering.TemplateProblem
    with a message for the field at fault (`problem.field` is "subject" or "body")."""
    subject, body = subject.strip(), body.replace("\r\n", "\n")  # browsers send CRLF from a textarea
    for field, source in (("subject", subject), ("body", body)):
        try:
            rendering.check(source, sample)
        except rendering.TemplateProblem as problem:
            problem.field = field
            raise
    row = db.session.scalar(sa.select(NotificationTemplate).where(
        NotificationTemplate.kind == kind, NotificationTemplate.locale == locale))
    before = {"subject": row.subject, "body": row.body} if row else None
    if row is None:
        row = NotificationTemplate(kind=kind, locale=locale)
        db.session.add(row)
    row.subject, row.body = subject, body
    row.updated_at = utcnow()
    row.updated_by_user_id = user_id
    db.session.flush()
    audit.record("notification_template.saved", row, before=before,
                 after={"kind": kind, "locale": locale, "subject": subject, "body": body})
    return row


def reset_template(kind: str, locale: str) -> bool:
    row = db.session.scalar(sa.select(NotificationTemplate).where(
        NotificationTemplate.kind == kind, NotificationTemplate.locale == locale))
    if row is None:
        return False
    audit.record("notification_template.reset", row, before={"subject": row.subject, "body": row.body})
    db.session.delete(row)
    db.session.flush()
    return True


def retry_failed(notifications: list[Notification]) -> int:
    """Give failed messages a fresh set of attempts; they are enqueued after the commit."""
    now = utcnow()
    ids = []
    for n in notifications:
        if n.status != "failed":
            continue
        n.status, n.attempts, n.next_attempt_at = "pending", 0, now
        ids.append(n.id)
    if ids:
        db.session.flush()
        outbox.remember_notifications(db.session(), require_tenant_id(), ids)
        audit.record("notifications.retried", object_type="Notification",
                     object_id=ids[0] if len(ids) == 1 else None, after={"ids": ids[:100], "count": len(ids)})
    return len(ids)
