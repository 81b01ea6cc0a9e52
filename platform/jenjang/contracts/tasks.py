"""The daily contracts job: reminders before the end and the expiry of ended contracts, per region.

Every worker runs a small clock thread (started by ``flask worker``) that, once per day (a Redis
lock named by the date), enqueues ``daily_job`` for each active tenant; ``flask contracts daily``
does the same from cron or by hand. The job is idempotent (see daily.py), so a second run, a
duplicate enqueue or a run days late sends nothing twice."""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time

import sqlalchemy as sa
from redis import Redis
from redis.exceptions import RedisError

from jenjang import jobs
from jenjang.contracts import daily
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.tenancy.models import Tenant

log = logging.getLogger(__name__)

CHECK_EVERY = 600  # seconds between the clock thread's looks at the date
LOCK = "jenjang:contracts:daily:{day}"


@jobs.tenant_job
def daily_job(today_iso: str | None = None) -> dict:
    """One region's day: expire first (an ended contract is then no longer reminded), then remind."""
    today = dt.date.fromisoformat(today_iso) if today_iso else clock.today()
    return {"ended": daily.expire_contracts(today), "reminded": daily.send_reminders(today)}


def enqueue_daily_jobs(day: dt.date | None = None, connection: Redis | None = None) -> int:
    """Enqueue the day's job for every active tenant; returns how many. The job id carries the
    tenant and the date, so the same day enqueued twice is one job while it waits."""
    day = day or clock.today()
    tenant_ids = list(db.session.scalars(sa.select(Tenant.id).where(Tenant.status == "active")))
    db.session.rollback()
    for tid in tenant_ids:
        jobs.enqueue_tenant_job("jenjang.contracts.tasks:daily_job", tenant_id=tid,
                                job_id=f"contracts-daily-{tid}-{day.isoformat()}", result_ttl=86400,
                                failure_ttl=7 * 86400, job_timeout=1800)
    return len(tenant_ids)


def start_daily_thread(redis_url: str, every: int = CHECK_EVERY) -> threading.Thread:
    """Once a day, whichever worker takes the day's lock first enqueues the day's jobs. The thread has
    its own Redis client, like the notifications sweeper: a connection it opened in the worker's
    shared pool before rq raised the pool's socket timeout would keep 5 s, and the worker's blocking
    dequeue on it would time out every few seconds."""
    app = jobs._app()
    conn = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)

    def loop():
        while True:
            day = clock.today()
            try:
                if conn.set(LOCK.format(day=day.isoformat()), "1", nx=True, ex=2 * 86400):
                    with app.app_context():
                        try:
                            log.info("contracts: %s daily jobs enqueued", enqueue_daily_jobs(day, conn))
                        finally:
                            db.session.remove()
            except (RedisError, sa.exc.DBAPIError) as exc:
                conn.delete(LOCK.format(day=day.isoformat()))
                log.warning("contracts: daily jobs not enqueued (%s); trying again in %ss", exc, every)
            time.sleep(every)

    thread = threading.Thread(target=loop, name="contracts-daily", daemon=True)
    thread.start()
    return thread
