"""What other modules call to notify people: ``announce`` (now), ``schedule_reminder`` (at a
time), ``move_reminder`` and ``cancel_reminder``. All four flush, never commit: the rows are part
of the caller's transaction, and nothing is sent unless that transaction commits (``outbox``
enqueues the delivery after the commit). A kind must first be registered in the caller's
``kinds.py`` (``jenjang.notifications.kinds.register``); an unknown one raises ``UnknownKind``.
A link is an endpoint with its values (built on the tenant's host when sent), a URL, or None.
As the 360 module and training call them:

    announce("feedback.assigned", raters, {"cycle": cycle.name, "deadline": cycle.deadline.isoformat()},
             f"feedback.assigned:{cycle.id}", link=("feedback.my_forms", {}))

    schedule_reminder("training.followup_due", [supervisor_user], payload, key=followup_key(enrolment.id),
                      due_at=session.ends_at + dt.timedelta(days=30),
                      link=("training.followup_form", {"enrolment_id": enrolment.id}))
    move_reminder(followup_key(enrolment.id), new_due)   # the session's dates moved
    cancel_reminder(followup_key(enrolment.id))          # the enrolment was withdrawn
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from jenjang.auth.models import User
from jenjang.extensions import db
from jenjang.notifications import kinds, outbox
from jenjang.notifications.models import NotificationPreference, NotificationReminder
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import Tenant, utcnow

Link = str | tuple[str, dict] | dict | None
BATCH = 5000

# One statement per batch: the columns that differ per recipient travel as arrays (unnest), those
# shared by the whole announcement once. A multi-row VALUES of 5,000 rows × 15 parameters costs
# more to build and parse on the client than the database spends inserting it.
_INSERT = sa.text("""
    INSERT INTO notifications (tenant_id, recipient_user_id, recipient_email, kind, channel, locale, payload,
                               link, idempotency_key, show_in_inbox, status, attempts, created_at,
                               next_attempt_at, sent_at)
    SELECT :tenant_id, r.user_id, r.email, :kind, r.channel, r.locale, :payload, :link, r.key, :inbox, r.status,
           0, :now, :now, r.sent_at
      FROM unnest(:user_ids, :emails, :channels, :locales, :keys, :statuses, :sent_ats)
           AS r(user_id, email, channel, locale, key, status, sent_at)
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
    RETURNING id, channel
""").bindparams(
    sa.bindparam("payload", type_=JSONB), sa.bindparam("link", type_=JSONB(none_as_null=True)),
    sa.bindparam("now", type_=sa.DateTime(timezone=True)),
    sa.bindparam("user_ids", type_=ARRAY(sa.BigInteger)), sa.bindparam("emails", type_=ARRAY(sa.String)),
    sa.bindparam("channels", type_=ARRAY(sa.String)), sa.bindparam("locales", type_=ARRAY(sa.String)),
    sa.bindparam("keys", type_=ARRAY(sa.String)), sa.bindparam("statuses", type_=ARRAY(sa.String)),
    sa.bindparam("sent_ats", type_=ARRAY(sa.DateTime(timezone=True))))


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
    created = 0
    for start in range(0, len(ids), BATCH):
        chunk = sa.literal(ids[start:start + BATCH], ARRAY(sa.BigInteger))  # one parameter, not 5,000
        users = db.session.execute(sa.select(User.id, User.email, User.locale)
                                   .where(User.id == sa.any_(chunk), User.is_active.is_(True))).all()
        opted_out = set()
        if spec.optional_email:
            opted_out = set(db.session.scalars(sa.select(NotificationPreference.user_id).where(
                NotificationPreference.user_id == sa.any_(chunk), NotificationPreference.kind == kind,
                NotificationPreference.email_enabled.is_(False))))
        now = utcnow()
        rows = []
        for user in users:
            by_email = bool(spec.email and user.email and user.id not in opted_out)
            if not by_email and not spec.in_inbox:
                continue
            rows.append((user.id, user.email if by_email else None, "email" if by_email else "in_app",
                         user.locale or tenant_locale, f"{idempotency_key}:u{user.id}"[:255],
                         "pending" if by_email else "sent", None if by_email else now))
        if not rows:
            continue
        columns = list(zip(*rows, strict=True))
        inserted = db.session.execute(_INSERT, {
            "tenant_id": tenant_id, "kind": kind, "payload": payload, "link": stored_link, "inbox": spec.in_inbox,
            "now": now, "user_ids": list(columns[0]), "emails": list(columns[1]), "channels": list(columns[2]),
            "locales": list(columns[3]), "keys": list(columns[4]), "statuses": list(columns[5]),
            "sent_ats": list(columns[6])}).all()
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
