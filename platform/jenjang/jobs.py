"""Background jobs on RQ. A tenant job always travels with its tenant id: the worker sets the
tenant before the job body runs, and refuses a job that has none.

Layer 4 (README, "Layers"): imports `extensions`, `core` and `tenancy`; it gives core's data cache
its queue and Redis (`datacache.use_jobs`). The worker builds the app (the top layer) lazily."""
from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Callable

from flask import current_app, has_app_context
from redis import Redis
from rq import Queue

from jenjang.core import datacache
from jenjang.extensions import db
from jenjang.tenancy.context import TenantRequired, require_tenant_id, tenant_context

log = logging.getLogger(__name__)

QUEUES = ("default", "notifications", "imports")
_connections: dict[str, Redis] = {}


def redis_connection(url: str | None = None) -> Redis:
    url = url or current_app.config["REDIS_URL"]
    conn = _connections.get(url)
    if conn is None:
        conn = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        _connections[url] = conn
    return conn


def queue(name: str = "default") -> Queue:
    return Queue(name, connection=redis_connection())


def tenant_job(func: Callable) -> Callable:
    """Mark a job body as tenant work: it refuses to run with no tenant in context."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        require_tenant_id()
        return func(*args, **kwargs)

    wrapper.is_tenant_job = True
    return wrapper


def _resolve(path: str) -> Callable:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


_worker_app = None


def _app():
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        from jenjang import create_app  # lazy: the worker builds the app (the top layer) on its first job

        _worker_app = create_app()
    return _worker_app


def run_tenant_job(tenant_id: int | None, func_path: str, *args, **kwargs):
    """What RQ actually runs for every tenant job: set the tenant, run, commit once."""
    if tenant_id is None:
        raise TenantRequired(f"job {func_path} has no tenant: refused")
    app = _app()
    with app.app_context(), tenant_context(int(tenant_id)):
        try:
            result = _resolve(func_path)(*args, **kwargs)
            db.session.commit()
            return result
        except Exception:
            db.session.rollback()
            raise
        finally:
            db.session.remove()


def enqueue_tenant_job(func: Callable | str, *args, queue_name: str = "default", job_id: str | None = None,
                       tenant_id: int | None = None, connection: Redis | None = None, **rq_options):
    """`connection`: a thread of the worker process passes its own (see contracts/tasks.py)."""
    tid = tenant_id if tenant_id is not None else require_tenant_id()
    path = func if isinstance(func, str) else f"{func.__module__}:{func.__name__}"
    q = Queue(queue_name, connection=connection) if connection is not None else queue(queue_name)
    return q.enqueue(run_tenant_job, tid, path, *args, job_id=job_id, **rq_options)


def _enqueue_tenant_job_in(delay, tenant_id: int, func_path: str, *args, **job_options):
    return queue("default").enqueue_in(delay, run_tenant_job, tenant_id, func_path, *args, **job_options)


# core's data cache warms its results in a job and shares them through Redis (core/datacache.py).
datacache.use_jobs(enqueue_tenant_job_in=_enqueue_tenant_job_in, redis=redis_connection)
