"""What other modules call to notify people. Both functions flush, never commit: the rows are
part of the caller's transaction, and nothing is sent unless that transaction commits.

    announce("eval360.assigned", [rater.user_id], {"cycle": cycle.name},
             f"eval360.assigned:{assignment.id}", link=("evaluation.form", {"form_id": form.id}))

    schedule_reminder("eval360.deadline", rater_ids, {"cycle": cycle.name},
                      key=f"eval360.deadline:{cycle.id}", due_at=cycle.closes_at - timedelta(days=3))
    move_reminder(f"eval360.deadline:{cycle.id}", new_due_at)   # the deadline changed
    cancel_reminder(f"eval360.deadline:{cycle.id}")              # the cycle was cancelled
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from jenjang.auth.models import User
from jenjang.extensions import db
from jenjang.notifications import kinds, outbox
from jenjang.notifications.models import Notification, NotificationPreference, NotificationReminder
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import Tenant, utcnow

Link = str | tuple[str, dict] | dict | None
BATCH = 5000


class UnknownKind(ValueError):
    pass


def link_json(link: Link) -> dict | None:
    """A link as stored: an endpoint and its values (built on the tenant's host when sent) or a URL."""
    if link is None or isinstance(link, dict):
        return link
    if isinstance(link, str):
        return {"url": link}
    endpoint, values = link
    return {"endpoint": endpoint, "values": dict(values or {})}


def _user_ids(recipients: Iterable) -> list[int]:
    return sorted({r if isinstance(r, int) else r.id for r in recipients})


def announce(kind: str, recipients: Iterable, payload: dict, idempotency_key: str, *,
             link: Link = None) -> int:
    """Write one notification row per recipient; returns how many rows are new.

    The same idempotency key announced again adds nothing (UNIQUE per tenant), so an event that
    is replayed never reaches anyone twice. A recipient gets the email when the kind allows it,
    the account has an email and the user has not turned this kind's email off; otherwise the
    row is in-app only."""
    spec = kinds.get(kind)
    if spec is None:
        raise UnknownKind(f"unknown notification kind {kind!r}: register it in its module's kinds")
    tenant_id = require_tenant_id()
    tenant_locale = db.session.scalar(sa.select(Tenant.locale).where(Tenant.id == tenant_id)) or "id"
    ids = _user_ids(recipients)
    stored_link = link_json(link)
    table = Notification.__table__
    created = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        users = db.session.execute(sa.select(User.id, User.email, User.locale)
                                   .where(User.id.in_(chunk), User.is_active.is_(True))).all()
        opted_out = set()
        if spec.optional_email:
            opted_out = set(db.session.scalars(sa.select(NotificationPreference.user_id).where(
                NotificationPreference.user_id.in_(chunk), NotificationPreference.kind == kind,
                NotificationPreference.email_enabled.is_(False))))
        now = utcnow()
        rows = []
        for user in users:
            by_email = bool(spec.email and user.email and user.id not in opted_out)
            if not by_email and not spec.in_inbox:
                continue
            rows.append({
                "tenant_id": tenant_id, "recipient_user_id": user.id,
                "recipient_email": user.email if by_email else None, "kind": kind,
                "channel": "email" if by_email else "in_app", "locale": user.locale or tenant_locale,
                "payload": payload, "link": stored_link, "idempotency_key": f"{idempotency_key}:u{user.id}"[:255],
                "show_in_inbox": spec.in_inbox, "status": "pending" if by_email else "sent",
                "attempts": 0, "created_at": now, "next_attempt_at": now, "sent_at": None if by_email else now,
            })
        if not rows:
            continue
        stmt = (pg_insert(table).on_conflict_do_nothing(index_elements=["tenant_id", "idempotency_key"])
                .returning(table.c.id, table.c.channel))
        inserted = db.session.execute(stmt, rows).all()
        created += len(inserted)
        outbox.remember_notifications(db.session(), tenant_id, [r.id for r in inserted if r.channel == "email"])
    return created


def schedule_reminder(kind: str, recipients: Iterable, payload: dict, *, key: str, due_at: dt.datetime,
                      link: Link = None) -> NotificationReminder:
    """Announce `kind` to `recipients` at `due_at`. The same key again replaces the reminder."""
    if kinds.get(kind) is None:
        raise UnknownKind(f"unknown notification kind {kind!r}")
    if due_at.tzinfo is None:
        raise ValueError("due_at must be timezone-aware")
    tenant_id = require_tenant_id()
    reminder = db.session.scalar(sa.select(NotificationReminder).where(NotificationReminder.key == key))
    if reminder is None:
        reminder = NotificationReminder(key=key)
        db.session.add(reminder)
    reminder.kind = kind
    reminder.recipient_user_ids = _user_ids(recipients)
    reminder.payload = payload
    reminder.link = link_json(link)
    reminder.due_at = due_at
    reminder.status = "scheduled"
    reminder.fired_at = None
    db.session.flush()
    outbox.remember_reminder(db.session(), tenant_id, reminder.id, due_at)
    return reminder


def move_reminder(key: str, due_at: dt.datetime) -> bool:
    """Move a scheduled reminder to a new time; False when there is none to move."""
    reminder = db.session.scalar(sa.select(NotificationReminder).where(
        NotificationReminder.key == key, NotificationReminder.status == "scheduled"))
    if reminder is None:
        return False
    reminder.due_at = due_at
    db.session.flush()
    outbox.remember_reminder(db.session(), require_tenant_id(), reminder.id, due_at)
    return True


def cancel_reminder(key: str) -> bool:
    """Cancel a scheduled reminder; its job, when it fires, finds nothing to do."""
    return db.session.execute(sa.update(NotificationReminder).where(
        NotificationReminder.key == key, NotificationReminder.status == "scheduled")
        .values(status="cancelled")).rowcount > 0
