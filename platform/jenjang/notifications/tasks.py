"""RQ jobs: deliver a chunk of email notifications, fire a reminder, sweep what was left behind.

Delivery is idempotent. Each message is claimed with `SELECT … FOR UPDATE SKIP LOCKED` on a row
still pending, sent, and marked sent in its own short transaction, so a chunk interrupted by a
crash leaves every message either committed as sent or still pending (its lock released with
the dead connection), and a retry or the sweeper sends only what is still pending. The one gap
SMTP leaves — the server accepted a message but the worker died before the commit — resends
that message with the same Message-ID, which mail systems use to drop duplicates.
"""
from __future__ import annotations

import datetime as dt
import logging
import time

import sqlalchemy as sa
from flask import current_app, has_request_context
from jinja2.exceptions import SecurityError

from jenjang import jobs
from jenjang.auth.models import User
from jenjang.extensions import db
from jenjang.notifications import kinds, outbox, rendering
from jenjang.notifications.api import announce
from jenjang.notifications.mailer import Mailer, SendError, build_message
from jenjang.notifications.models import Notification, NotificationReminder
from jenjang.notifications.queries import templates_for
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import Tenant, utcnow
from jenjang.tenancy.orm import set_db_tenant
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
    ready, broken = [], []
    for row in rows:
        try:
            context = dict(row.payload or {})
            context.update(recipient_name=names.get(row.recipient_user_id, row.recipient_email),
                           tenant_name=tenant.name, hr_agency_name=tenant.hr_agency_name,
                           link=link_url(tenant, row.link))
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


# The per-message statements run on the session's connection as Core statements: they are
# cached and skip the ORM's per-statement work, which dominates at twenty thousand messages.
# The tenant wall still holds: each names tenant_id, and row level security applies as always.
_T = Notification.__table__
_CLAIM = (sa.select(_T.c.status, _T.c.attempts)
          .where(_T.c.tenant_id == sa.bindparam("tenant_id"), _T.c.id == sa.bindparam("id"))
          .with_for_update(skip_locked=True))


def _claim(conn, notification_id: int) -> int | None:
    """Lock the row if nobody else holds it and it is still pending; its attempts so far, or None.

    Looked up by primary key alone (status is checked here, not in SQL) so the planner never
    prefers the partial index of undelivered rows, which grows with a large fan-out."""
    row = conn.execute(_CLAIM, {"tenant_id": require_tenant_id(), "id": notification_id}).first()
    return row.attempts if row is not None and row.status == "pending" else None


def _update(conn, ids, **values) -> None:
    conn.execute(sa.update(_T).where(_T.c.tenant_id == require_tenant_id(), _T.c.id.in_(list(ids)))
                 .values(**values))


def _mark_sent(conn, row, attempts: int) -> None:
    values = {"status": "sent", "sent_at": utcnow(), "attempts": attempts + 1, "last_error": None}
    spec = kinds.get(row.kind)
    if spec is not None and spec.sensitive:
        values["payload"] = {}  # the link held a secret token: keep it no longer than needed
        values["link"] = None
    _update(conn, [row.id], **values)


def _mark_failed_attempt(conn, row, attempts: int, error: str, permanent: bool = False) -> str:
    intervals = outbox.retry_intervals()
    attempts += 1
    if permanent or attempts >= len(intervals) + 1:
        _update(conn, [row.id], status="failed", attempts=attempts, last_error=error[:1000])
        return "failed"
    _update(conn, [row.id], attempts=attempts, last_error=error[:1000],
            next_attempt_at=utcnow() + dt.timedelta(seconds=intervals[attempts - 1]))
    return "retry"


def _send_one(conn, mailer: Mailer, row, message) -> tuple[str, SendError | None]:
    """Claim, send, record: inside one transaction, so a crash leaves the row pending."""
    attempts = _claim(conn, row.id)
    if attempts is None:
        return "skipped", None
    try:
        mailer.send(message)
    except SendError as exc:
        return _mark_failed_attempt(conn, row, attempts, str(exc)), exc
    _mark_sent(conn, row, attempts)
    return "sent", None


@jobs.tenant_job
def deliver(ids: list[int]) -> dict:
    """Send the pending email notifications among `ids` over one SMTP connection."""
    tenant = db.session.get(Tenant, require_tenant_id())
    rows = db.session.execute(
        sa.select(Notification.id, Notification.kind, Notification.locale, Notification.payload,
                  Notification.link, Notification.recipient_email, Notification.recipient_user_id)
        .where(Notification.id.in_(list(ids)), Notification.channel == "email", Notification.status == "pending")
        .order_by(Notification.id)).all()
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": len(ids) - len(rows)}
    if not rows:
        return counts
    if has_request_context():
        ready, broken = _compose(rows, tenant)
    else:
        with current_app.test_request_context():
            ready, broken = _compose(rows, tenant)
    tenant_id, slug = tenant.id, tenant.slug
    db.session.commit()
    # One connection for the whole chunk, one short transaction per message, each setting the
    # tenant first (as the session's after_begin hook does).
    with db.engine.connect() as conn:
        def transaction():
            tx = conn.begin()
            set_db_tenant(conn, tenant_id)
            # Delivery is at-least-once by design (a message accepted by SMTP just before a crash
            # is sent again); a lost "sent" mark after a database crash is the same case, so these
            # tiny transactions need not wait for the WAL flush.
            conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
            return tx

        for row, error in broken:
            with transaction():
                attempts = _claim(conn, row.id)
                if attempts is not None:
                    counts[_mark_failed_attempt(conn, row, attempts, error, permanent=True)] += 1
        with Mailer(current_app.config["SMTP_URL"]) as mailer:
            for position, (row, message) in enumerate(ready):
                with transaction():
                    outcome, error = _send_one(conn, mailer, row, message)
                counts[outcome] += 1
                if error is not None and error.connection:
                    # The server cannot be reached: the rest of the chunk fails the same way.
                    for other, _message in ready[position + 1:]:
                        with transaction():
                            attempts = _claim(conn, other.id)
                            if attempts is not None:
                                counts[_mark_failed_attempt(conn, other, attempts, str(error))] += 1
                    break
    log.info("notifications delivered for tenant %s: %s", slug, counts)
    if counts["retry"]:
        raise DeliveryIncomplete(f"{counts['retry']} message(s) will be retried: {counts}")
    return counts


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
    rows = db.session.execute(sa.text(
        "SELECT what, tenant_id, id FROM notifications_due_for_sweep(make_interval(secs => :age))"),
        {"age": min_age_seconds}).all()
    db.session.rollback()
    now = utcnow()
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
