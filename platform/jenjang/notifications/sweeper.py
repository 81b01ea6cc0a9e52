"""The sweeper's clock, run inside every `flask worker`.

A daemon thread wakes every SWEEP_EVERY seconds and, if no other worker did so this period
(a Redis lock), enqueues the sweep job (tasks.sweep_job). The thread touches only Redis; the
sweep itself runs as an ordinary job, in the worker's work horse, like any other."""
from __future__ import annotations

import logging
import threading
import time

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

log = logging.getLogger(__name__)

SWEEP_EVERY = 30
LOCK = "jenjang:notifications:sweep-lock"


def enqueue_sweep(conn: Redis, every: int = SWEEP_EVERY) -> bool:
    """Enqueue one sweep unless another worker already did this period."""
    if not conn.set(LOCK, "1", nx=True, ex=max(every - 1, 1)):
        return False
    Queue("notifications", connection=conn).enqueue(
        "jenjang.notifications.tasks.sweep_job", job_id=f"notifications-sweep-{int(time.time())}",
        result_ttl=600, failure_ttl=86400, job_timeout=300)
    return True


def start_sweeper_thread(redis_url: str, every: int = SWEEP_EVERY) -> threading.Thread:
    conn = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)

    def loop():
        while True:
            try:
                enqueue_sweep(conn, every)
            except RedisError as exc:
                log.warning("sweeper: Redis unavailable (%s); trying again in %ss", exc, every)
            time.sleep(every)

    thread = threading.Thread(target=loop, name="notifications-sweeper", daemon=True)
    thread.start()
    return thread
