"""RQ jobs: deliver a chunk of email notifications, fire a reminder, sweep what was left behind.

Delivery, and what a crash can do to it:

- **Claim.** A job locks the rows of its chunk that are still pending with a session-level
  advisory lock per row (`pg_try_advisory_lock`, skipping rows another worker holds), then reads
  them again with a fresh snapshot and keeps only those still pending. The locks live exactly as
  long as the job's database connection: a worker that dies (SIGKILL, job timeout, lost host)
  releases them with its connection, so nothing stays claimed, the rows stay `pending` and a
  retry or the sweeper can take them at once. There is no `sending` state and no lease to
  expire: a lease would either delay redelivery or let a slow but live worker be overtaken.
- **Send, then mark, one message at a time.** Once the SMTP server has accepted a message (its
  250 after the data), the row is marked sent in one round trip (BEGIN, tenant, UPDATE … WHERE
  status = 'pending', COMMIT in a single simple query) before the next message goes out; the
  locks are released only after the last mark. A crash mid-chunk therefore leaves every message
  either committed as sent or still pending, and another job takes a row only after it was
  marked or after its claimant died.
- **The one gap SMTP leaves**: the server accepted a message but the worker died before the
  mark committed. That message is sent again (with the same Message-ID, which mail systems use
  to drop duplicates): at-least-once for that single in-flight message, exactly once for all the
  others. Marks are never batched across messages: a batch would widen the gap to the batch.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import time

import sqlalchemy as sa
from flask import current_app, has_request_context
from jinja2.exceptions import SecurityError
from psycopg.pq import TransactionStatus
from psycopg.rows import namedtuple_row

from jenjang import jobs
from jenjang.auth.models import User
from jenjang.extensions import db
from jenjang.notifications import kinds, outbox, rendering
from jenjang.notifications.api import announce
from jenjang.notifications.mailer import Mailer, SendError, build_message
from jenjang.notifications.models import NotificationReminder
from jenjang.notifications.queries import templates_for
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import Tenant, utcnow
from jenjang.tenancy.urls import tenant_url

log = logging.getLogger(__name__)


class DeliveryIncomplete(RuntimeError):
    """Some messages of the chunk failed and will be retried (RQ Retry, or the sweeper)."""


def link_url(tenant: Tenant, link: dict | None) -> str | None:
    if not link:
        return None
    if "url" in link:
        return link["url"]
    return tenant_url(tenant, link["endpoint"], **(link.get("values") or {}))


def _sender(tenant: Tenant) -> tuple[str, str]:
    base = current_app.config["BASE_DOMAIN"]
    address = current_app.config.get("MAIL_FROM") or f"no-reply@{base}"
    return f"{tenant.hr_agency_name} {tenant.name}", address


def _compose(rows, tenant: Tenant) -> tuple[list, list]:
    """(row, message) for every row that renders; (row, error) for those that do not."""
    names = {u.id: u.display_name for u in db.session.scalars(
        sa.select(User).where(User.id.in_({r.recipient_user_id for r in rows if r.recipient_user_id})))}
    templates = templates_for({r.kind for r in rows}, {r.locale for r in rows})
    sender_name, sender_address = _sender(tenant)
    base = current_app.config["BASE_DOMAIN"]
    urls: dict[str, str | None] = {}  # a fan-out carries one link for everyone: build it once
    ready, broken = [], []
    for row in rows:
        try:
            link_key = json.dumps(row.link, sort_keys=True)
            if link_key not in urls:
                urls[link_key] = link_url(tenant, row.link)
            context = dict(row.payload or {})
            context.update(recipient_name=names.get(row.recipient_user_id, row.recipient_email),
                           tenant_name=tenant.name, hr_agency_name=tenant.hr_agency_name, link=urls[link_key])
            if (row.kind, row.locale) not in templates:
                raise LookupError(f"no template for kind {row.kind!r}")
            subject, body = rendering.render(*templates[(row.kind, row.locale)], context)
        except SecurityError as exc:
            broken.append((row, f"template refused by the sandbox: {exc}"))
            continue
        except Exception as exc:
            broken.append((row, f"template error: {type(exc).__name__}: {exc}"))
            continue
        ready.append((row, build_message(
            sender_name=sender_name, sender_address=sender_address, to=row.recipient_email, subject=subject,
            body=body, message_id=f"<notification.{row.id}.t{tenant.id}@{base}>",
            headers={"X-Jenjang-Tenant": tenant.slug, "X-Jenjang-Kind": row.kind,
                     "X-Jenjang-Notification": str(row.id)})))
    return ready, broken


class _Chunk:
    """A job's own database connection (psycopg in autocommit; every write is one explicit
    transaction that sets the tenant first, as the session's after_begin hook does, so row level
    security applies as always). It holds the chunk's advisory locks until `release`."""

    # One row's lock: 64 bits of a hash of its tenant and id.
    KEY = "hashtextextended('jenjang.notification:' || tenant_id || ':' || id, 0)"
    # "Still pending", spelled so that it does not imply the partial index of undelivered rows
    # (status <> 'sent'): whose statistics lag behind a large fan-out, so the planner would scan
    # it whole for each row. Every statement here finds its rows by primary key.
    PENDING = "coalesce(status, '') = 'pending'"

    def __init__(self, raw, tenant_id: int):
        self.raw = raw
        self.tenant_id = int(tenant_id)
        self.cursor = raw.cursor(row_factory=namedtuple_row)
        # Delivery is at-least-once by design (a message accepted by SMTP just before a crash is
        # sent again); a "sent" mark lost in a database crash is the same case, so these tiny
        # transactions need not wait for the WAL flush.
        self.begin = (f"BEGIN ISOLATION LEVEL READ COMMITTED; SELECT set_config('app.tenant_id', "
                      f"'{self.tenant_id}', true), set_config('synchronous_commit', 'off', true); ")

    def claim(self, ids: list[int]) -> list:
        """Lock the chunk's pending rows that nobody else holds; return those still pending."""
        cur = self.cursor
        cur.execute(self.begin)
        # The lock is taken in the select list, so only for rows that passed the WHERE clause.
        cur.execute(f"SELECT id, pg_try_advisory_lock({self.KEY}) AS locked FROM notifications "
                    f"WHERE tenant_id = %s AND id = ANY(%s::bigint[]) AND channel = 'email' AND {self.PENDING}",
                    (self.tenant_id, [int(i) for i in ids]))
        locked = [r.id for r in cur.fetchall() if r.locked]
        # A fresh snapshot (READ COMMITTED takes one per statement) after the locks: a row that
        # another worker marked sent just before releasing its lock is seen as sent, and skipped.
        cur.execute("SELECT id, kind, locale, payload, link, recipient_email, recipient_user_id, attempts "
                    f"FROM notifications WHERE tenant_id = %s AND id = ANY(%s::bigint[]) AND {self.PENDING} "
                    "ORDER BY id", (self.tenant_id, locked))
        rows = cur.fetchall()
        cur.execute("COMMIT")
        return rows

    def mark_sent(self, row) -> None:
        """One round trip, committed before the next message goes out."""
        spec = kinds.get(row.kind)
        # A sensitive kind's link held a secret token: keep it no longer than needed.
        scrub = ", payload = '{}', link = NULL" if spec is not None and spec.sensitive else ""
        self.cursor.execute(
            f"{self.begin}UPDATE notifications SET status = 'sent', sent_at = now(), attempts = attempts + 1, "
            f"last_error = NULL{scrub} WHERE tenant_id = {self.tenant_id} AND id = {int(row.id)} "
            f"AND {self.PENDING}; COMMIT")

    def mark_failed_attempt(self, row, error: str, permanent: bool = False) -> str:
        intervals = outbox.retry_intervals()
        attempts = row.attempts + 1
        if permanent or attempts >= len(intervals) + 1:
            self._update(row.id, "status = 'failed', attempts = %s, last_error = %s", (attempts, error[:1000]))
            return "failed"
        self._update(row.id, "attempts = %s, last_error = %s, next_attempt_at = %s",
                     (attempts, error[:1000], utcnow() + dt.timedelta(seconds=intervals[attempts - 1])))
        return "retry"

    def _update(self, notification_id: int, assignments: str, params: tuple) -> None:
        cur = self.cursor
        cur.execute(self.begin)
        cur.execute(f"UPDATE notifications SET {assignments} WHERE tenant_id = %s AND id = %s AND {self.PENDING}",
                    (*params, self.tenant_id, notification_id))
        cur.execute("COMMIT")

    def release(self) -> None:
        """Give the locks back, after the last mark."""
        if self.raw.info.transaction_status != TransactionStatus.IDLE:
            self.cursor.execute("ROLLBACK")
        self.cursor.execute("SELECT pg_advisory_unlock_all()")
        self.cursor.close()


@jobs.tenant_job
def deliver(ids: list[int]) -> dict:
    """Send the pending email notifications among `ids` over one SMTP connection."""
    tenant = db.session.get(Tenant, require_tenant_id())
    slug = tenant.slug  # read before the session commits (and expires it)
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        chunk = _Chunk(conn.connection.driver_connection, tenant.id)
        try:
            rows = chunk.claim(ids)
            counts["skipped"] = len(ids) - len(rows)
            if rows:
                _send_claimed(chunk, tenant, rows, counts)
            chunk.release()
        except BaseException:
            conn.invalidate()  # closing the connection releases the locks, whatever state it is in
            raise
    log.info("notifications delivered for tenant %s: %s", slug, counts)
    if counts["retry"]:
        raise DeliveryIncomplete(f"{counts['retry']} message(s) will be retried: {counts}")
    return counts


def _send_claimed(chunk: _Chunk, tenant: Tenant, rows: list, counts: dict) -> None:
    if has_request_context():
        ready, broken = _compose(rows, tenant)
    else:
        with current_app.test_request_context():
            ready, broken = _compose(rows, tenant)
    db.session.commit()
    for row, error in broken:
        counts[chunk.mark_failed_attempt(row, error, permanent=True)] += 1
    with Mailer(current_app.config["SMTP_URL"]) as mailer:
        for position, (row, message) in enumerate(ready):
            try:
                mailer.send(message)
            except SendError as exc:
                counts[chunk.mark_failed_attempt(row, str(exc))] += 1
                if exc.connection:
                    # The server cannot be reached: the rest of the chunk fails the same way.
                    for other, _message in ready[position + 1:]:
                        counts[chunk.mark_failed_attempt(other, str(exc))] += 1
                    break
                continue
            chunk.mark_sent(row)
            counts["sent"] += 1


@jobs.tenant_job
def fire_reminder(reminder_id: int) -> str:
    """Announce a reminder that is due. A moved or cancelled reminder makes this a no-op."""
    reminder = db.session.scalar(sa.select(NotificationReminder).where(
        NotificationReminder.id == reminder_id).with_for_update())
    if reminder is None or reminder.status != "scheduled":
        return "nothing to do"
    if reminder.due_at > utcnow() + dt.timedelta(seconds=1):
        return "moved later"
    announce(reminder.kind, reminder.recipient_user_ids, reminder.payload,
             f"reminder:{reminder.key}:{int(reminder.due_at.timestamp())}", link=reminder.link)
    reminder.status = "fired"
    reminder.fired_at = utcnow()
    return "fired"


def sweep(min_age_seconds: int = 60) -> dict:
    """Enqueue email rows left pending (Redis was down, a worker died) and overdue reminders.

    Runs across tenants through one SECURITY DEFINER function that returns ids only."""
    now = utcnow()
    rows = db.session.execute(sa.text(
        "SELECT what, tenant_id, id FROM notifications_due_for_sweep(make_interval(secs => :age), :now)"),
        {"age": min_age_seconds, "now": now}).all()
    db.session.rollback()
    items = [("notification", r.tenant_id, r.id) if r.what == "notification"
             else ("reminder", r.tenant_id, r.id, now) for r in rows]
    if items:
        outbox.dispatch(items, suffix=f"-sweep{int(time.time())}")
    found = {"notifications": sum(1 for r in rows if r.what == "notification"),
             "reminders": sum(1 for r in rows if r.what == "reminder")}
    if items:
        log.info("sweeper re-enqueued %s", found)
    return found


def sweep_job(min_age_seconds: int = 60) -> dict:
    """The sweeper as a platform job (no tenant: it only lists ids and enqueues tenant jobs)."""
    app = jobs._app()
    with app.app_context():
        try:
            return sweep(min_age_seconds)
        finally:
            db.session.remove()
