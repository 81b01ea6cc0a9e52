"""After the commit: hand the transaction's new outbox rows to RQ.

Rows are written in the business transaction (api.announce). Their ids wait in `session.info`
until the commit succeeds, then go to the "notifications" queue in chunks; a rollback drops
them, so nothing is sent for a change that did not happen. If Redis is down, nothing is lost:
the rows stay pending and the sweeper (tasks.sweep) enqueues them once Redis is back.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Iterable

from flask import current_app
from redis.exceptions import RedisError
from rq import Retry
from sqlalchemy import event
from sqlalchemy.orm import Session

from jenjang import jobs
from jenjang.core import clock

log = logging.getLogger(__name__)

OUTBOX_KEY = "jenjang_outbox"
QUEUE = "notifications"
CHUNK = 250  # rows per job, sent over one SMTP connection (NOTIFICATION_CHUNK overrides)
# A job in flight holds one advisory lock per row of its chunk (tasks._Chunk) in PostgreSQL's
# shared lock table (max_locks_per_transaction × max_connections entries, 6,400 by default):
# keep chunk size × workers well below that.
DELIVER = "jenjang.notifications.tasks:deliver"
FIRE_REMINDER = "jenjang.notifications.tasks:fire_reminder"
DEFAULT_RETRY_INTERVALS = (30, 120, 600, 1800)


def retry_intervals() -> list[int]:
    return list(current_app.config.get("NOTIFICATION_RETRY_INTERVALS", DEFAULT_RETRY_INTERVALS))


def max_attempts() -> int:
    return len(retry_intervals()) + 1


def remember_notifications(session: Session, tenant_id: int, ids: Iterable[int]) -> None:
    session.info.setdefault(OUTBOX_KEY, []).extend(("notification", tenant_id, i) for i in ids)


def remember_reminder(session: Session, tenant_id: int, reminder_id: int, due_at: dt.datetime) -> None:
    session.info.setdefault(OUTBOX_KEY, []).append(("reminder", tenant_id, reminder_id, due_at))


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    items = session.info.pop(OUTBOX_KEY, None)
    if items:
        dispatch(items)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session):
    session.info.pop(OUTBOX_KEY, None)


def _chunks(ids: list[int]):
    size = current_app.config.get("NOTIFICATION_CHUNK", CHUNK)
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def enqueue_delivery(tenant_id: int, ids: list[int], suffix: str = "") -> int:
    """Enqueue delivery jobs for these rows of one tenant; returns how many jobs."""
    ids = sorted(set(ids))
    n = 0
    intervals = retry_intervals()
    for chunk in _chunks(ids):
        job_id = f"notification-{chunk[0]}" if len(chunk) == 1 else f"notifications-{chunk[0]}-{chunk[-1]}"
        jobs.enqueue_tenant_job(DELIVER, chunk, queue_name=QUEUE, tenant_id=tenant_id, job_id=job_id + suffix,
                                retry=Retry(max=len(intervals), interval=intervals), job_timeout=600,
                                result_ttl=600, failure_ttl=7 * 86400)
        n += 1
    return n


def enqueue_reminder(tenant_id: int, reminder_id: int, due_at: dt.datetime) -> None:
    q = jobs.queue(QUEUE)
    job_id = f"reminder-{reminder_id}-{int(due_at.timestamp())}"
    if due_at <= clock.now():
        q.enqueue(jobs.run_tenant_job, tenant_id, FIRE_REMINDER, reminder_id, job_id=job_id + f"-{int(time.time())}")
    else:  # RQ's scheduler runs on the machine's time, which differs from ours when the clock is set
        q.enqueue_at(clock.to_system(due_at), jobs.run_tenant_job, tenant_id, FIRE_REMINDER, reminder_id,
                     job_id=job_id)


def dispatch(items: list[tuple], suffix: str = "") -> None:
    notifications: dict[int, list[int]] = defaultdict(list)
    reminders = []
    for item in items:
        if item[0] == "notification":
            notifications[item[1]].append(item[2])
        else:
            reminders.append(item[1:])
    try:
        for tenant_id, ids in notifications.items():
            enqueue_delivery(tenant_id, ids, suffix)
        for tenant_id, reminder_id, due_at in reminders:
            enqueue_reminder(tenant_id, reminder_id, due_at)
    except RedisError as exc:
        # The commit stands; the rows wait as pending and the sweeper enqueues them later.
        log.warning("Redis unavailable after commit (%s): %d notification(s) and %d reminder(s) wait for "
                    "the sweeper", exc, sum(len(v) for v in notifications.values()), len(reminders))
