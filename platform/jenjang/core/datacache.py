"""Results of expensive tenant-wide reads, kept until the data under them changes.

The heatmap, the 9-box and the organisation index aggregate a whole tenant (20,000 employees
take a few hundred milliseconds); the data under them changes a few times a day. So:

- A module declares a *topic* and the tables it reads: `watch("competency", "employees", ...)`.
- Every INSERT/UPDATE/DELETE on a watched table, through the ORM's flush or a Core statement on
  the session, marks its topics on the connection; when the session commits, the same
  transaction writes a new random token to `data_generations(tenant_id, topic)` for the tenant
  in `app.tenant_id`. The bump commits or rolls back with the data: there is no window in which a
  reader sees new data under an old generation, nor the reverse.
- `cached(topic, name, parts, compute)` reads the tenant's generations once per request (one
  primary-key scan) and keeps `compute()`'s result in this process under
  (tenant, topic token, name, parts). A new token makes a new key; old keys age
  out of a bounded LRU. Nothing is shared between tenants: the tenant id leads every key and is
  checked again on the way out.

Writes that bypass the session (raw `text()` DML, COPY, another process writing with psql) are
not seen: such code calls `bump(topic)` itself (the tenant import does). Results must be
immutable values (tuples, SQLAlchemy Rows, frozen dataclasses, dicts nobody mutates).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase

from jenjang.core.cache_codec import DATACLASSES, decode, encode, shared_dataclass
from jenjang.core.scope import current_tenant_id, set_db_tenant
from jenjang.extensions import db

T = TypeVar("T")

__all__ = ["DATACLASSES", "STORE", "bump", "cached", "decode", "encode", "forget_tenant", "generations",
           "shared_dataclass", "warm_job", "warmer", "watch"]

TOPICS: dict[str, frozenset[str]] = {}
_BY_TABLE: dict[str, frozenset[str]] = {}
_TOUCHED = "jenjang_touched_topics"
MAX_ENTRIES = 512
MAX_ROWS = 400_000  # about 100 MB of result rows per process at most

# A new random token rather than gen + 1: a database restored from a backup (or rebuilt) under a
# running process can never bring back a token whose cached result described other data.
_BUMP = sa.text("""
    INSERT INTO data_generations (tenant_id, topic, gen)
    SELECT t, :topic, floor(random() * 9.2e18)::bigint
    FROM (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint AS t) s
    WHERE t IS NOT NULL
    ON CONFLICT (tenant_id, topic) DO UPDATE SET gen = EXCLUDED.gen
    RETURNING gen
""")


def watch(topic: str, *tables: str) -> None:
    """Declare that results cached under `topic` depend on these tables (idempotent)."""
    TOPICS[topic] = TOPICS.get(topic, frozenset()) | frozenset(tables)
    by_table: dict[str, set[str]] = {}
    for name, watched in TOPICS.items():
        for table in watched:
            by_table.setdefault(table, set()).add(name)
    _BY_TABLE.clear()
    _BY_TABLE.update({table: frozenset(names) for table, names in by_table.items()})


def _table_name(statement: UpdateBase) -> str | None:
    table = getattr(statement, "table", None)
    return getattr(table, "name", None)


def _before_execute(conn, clauseelement, multiparams, params, execution_options):
    if isinstance(clauseelement, UpdateBase):
        topics = _BY_TABLE.get(_table_name(clauseelement) or "")
        tenant_id = current_tenant_id()  # under RLS a write can only touch the tenant in context
        if topics and tenant_id is not None:
            conn.info.setdefault(_TOUCHED, set()).update((tenant_id, topic) for topic in topics)


def _forget(conn) -> None:
    conn.info.pop(_TOUCHED, None)


event.listen(Engine, "before_execute", _before_execute)
event.listen(Engine, "rollback", _forget)
event.listen(Engine, "commit", _forget)  # after a session's bump, or a commit outside a session


@event.listens_for(Session, "after_begin")
def _remember_connection(session, transaction, connection):
    session.info.setdefault("jenjang_connections", []).append(connection)


@event.listens_for(Session, "before_commit")
def _bump_touched(session):
    if session.new or session.dirty or session.deleted:
        session.flush()  # the commit would flush after this hook: see what it writes now
    current = current_tenant_id()
    for conn in session.info.get("jenjang_connections") or ():
        touched = conn.info.pop(_TOUCHED, None)
        if not touched:
            continue
        # A transaction that wrote for several tenants in turn (the CLI provisioning demo
        # regions) renews each one's token under that tenant's setting, then puts it back.
        setting = current
        for tenant_id, topic in sorted(touched):
            if tenant_id != setting:
                set_db_tenant(conn, tenant_id)
                setting = tenant_id
            _bump_on(session, conn, topic, tenant_id)
        if setting != current:
            set_db_tenant(conn, current)


def _bump_on(session, conn, topic: str, tenant_id: int | None) -> None:
    token = conn.execute(_BUMP, {"topic": topic}).scalar()
    if token is not None and tenant_id is not None and topic in WARMERS:
        session.info.setdefault("jenjang_bumped", {})[(tenant_id, topic)] = token


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    session.info.pop("jenjang_connections", None)
    for (tenant_id, topic), token in (session.info.pop("jenjang_bumped", None) or {}).items():
        _enqueue_warm(tenant_id, topic, token)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session):
    session.info.pop("jenjang_connections", None)
    session.info.pop("jenjang_bumped", None)


def bump(*topics: str) -> None:
    """Mark topics changed in the current tenant, for writes the listener cannot see."""
    session = db.session()
    for topic in topics:
        _bump_on(session, db.session.connection(), topic, current_tenant_id())


# --- warming ---------------------------------------------------------------------------------
# A topic may register what its pages ask for first (the heatmap of the whole region, the 9-box
# and each box's first page). After a commit renews its token, a job computes those a little
# later (WARM_DELAY_SECONDS: a burst of edits warms once, for the last token) into the shared level, so
# the first HR officer to open the page does not wait for a 20,000-employee aggregate.

WARMERS: dict[str, list[Callable[[], object]]] = {}
WARM_DELAY_SECONDS = 20


def warmer(topic: str):
    def register(fn: Callable[[], object]):
        WARMERS.setdefault(topic, []).append(fn)
        return fn

    return register


# The job queue and Redis belong to jenjang.jobs, above core: it installs them when it loads
# (`use_jobs`). Until then results are neither warmed in the background nor shared between processes.
_JOBS: dict[str, Callable] = {}


def use_jobs(*, enqueue_tenant_job_in: Callable, redis: Callable) -> None:
    """`enqueue_tenant_job_in(delay, tenant_id, "module:function", *args, **job_options)` and
    `redis()` → a connection (jobs.py fills these)."""
    _JOBS.update(enqueue=enqueue_tenant_job_in, redis=redis)


def _enqueue_warm(tenant_id: int, topic: str, token: int) -> None:
    enqueue = _JOBS.get("enqueue")
    if enqueue is None:
        return
    try:
        enqueue(dt.timedelta(seconds=WARM_DELAY_SECONDS), tenant_id, "jenjang.core.datacache:warm_job",
                topic, token, job_id=f"datacache-warm-{tenant_id}-{topic}-{token}", job_timeout=600)
    except Exception:  # Redis away: the first reader computes instead
        logging.getLogger(__name__).warning("could not queue the warming of %s for tenant %s", topic, tenant_id)


def warm_job(topic: str, token: int | None = None) -> int:
    """Compute the topic's registered results for the current tenant, unless its data changed
    again since `token` (a later job warms the later token). Returns how many were computed."""
    if token is not None and db.session.scalar(
            sa.text("SELECT gen FROM data_generations WHERE topic = :t"), {"t": topic}) != token:
        return 0
    for fn in WARMERS.get(topic, ()):
        fn()
    return len(WARMERS.get(topic, ()))


# --- reading ---------------------------------------------------------------------------------

def _weight(value: Any) -> int:
    """Roughly how many rows a result holds (a list of rows, or a tuple with one inside)."""
    if isinstance(value, list | tuple | dict):
        return 1 + len(value) + sum(len(v) for v in value if isinstance(v, list | tuple))
    return 1


class _Store:
    """A thread-safe LRU bounded by entries and by rows held (a heatmap per position of a large
    region holds thousands of cells; a page of the 9-box fifty)."""

    def __init__(self, limit: int, max_weight: int) -> None:
        self.limit, self.max_weight = limit, max_weight
        self.entries: OrderedDict[tuple, tuple[int, Any, int]] = OrderedDict()
        self.weight = 0
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple, tenant_id: int):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != tenant_id:
                self.misses += 1
                return None
            self.entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: tuple, tenant_id: int, value: Any) -> None:
        weight = _weight(value)
        if weight > self.max_weight // 4:
            return  # too big to keep: computed each time
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.weight -= old[2]
            self.entries[key] = (tenant_id, value, weight)
            self.weight += weight
            while len(self.entries) > self.limit or self.weight > self.max_weight:
                _key, (_t, _v, w) = self.entries.popitem(last=False)
                self.weight -= w

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.weight = 0
            self.hits = self.misses = 0


STORE = _Store(MAX_ENTRIES, MAX_ROWS)


def generations() -> dict[str, int]:
    """The current tenant's generation per topic; read once per request."""
    if has_request_context() and "data_generations" in g:
        return g.data_generations
    gens = dict(db.session.execute(sa.text("SELECT topic, gen FROM data_generations")).all())
    if has_request_context():
        g.data_generations = gens
    return gens


def cached(topic: str, name: str, parts: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`'s result for the current tenant, recomputed once the topic's data changed.

    Outside a tenant, or inside a transaction that has written to the topic's tables (it must
    see its own writes), it just computes."""
    tenant_id = current_tenant_id()
    if tenant_id is None or topic not in TOPICS:
        return compute()
    for conn in db.session().info.get("jenjang_connections") or ():
        if (tenant_id, topic) in (conn.info.get(_TOUCHED) or ()):
            return compute()
    gens = generations()
    key = (tenant_id, topic, gens.get(topic, 0), name, parts)
    entry = STORE.get(key, tenant_id)
    if entry is not None:
        return entry[1]
    shared = _shared_key(key)
    value = _shared_get(shared)
    if value is _MISSING:
        value = compute()
        _shared_set(shared, value)
    STORE.put(key, tenant_id, value)
    return value


# --- the shared level (Redis) ------------------------------------------------------------------
# Every web and worker process reads and fills it, so a result is computed once per token, not
# once per process; the key is prefixed by the tenant like every tenant key in Redis. Values are
# tagged JSON (core/cache_codec.py), never pickle. Redis away or slow: this level is skipped.

SHARED_TTL_SECONDS = 7 * 24 * 3600
_MISSING = object()


def forget_tenant(tenant_id: int) -> int:
    """Drop everything kept for a deleted tenant: this process's entries and every Redis key
    under its prefix (cached results, progress of its imports and launches). Returns the number
    of Redis keys removed."""
    with STORE.lock:
        for key in [k for k, entry in STORE.entries.items() if entry[0] == tenant_id]:
            STORE.weight -= STORE.entries.pop(key)[2]
    removed = 0
    try:
        conn = _redis()
        if conn is None:
            return 0
        batch = []
        for key in conn.scan_iter(match=f"t{int(tenant_id)}:*", count=1000):
            batch.append(key)
            if len(batch) >= 500:
                removed += conn.delete(*batch)
                batch.clear()
        if batch:
            removed += conn.delete(*batch)
    except Exception:  # noqa: BLE001 - what is left expires within SHARED_TTL_SECONDS
            logging.getLogger(__name__).warning("could not purge Redis keys of deleted tenant %s", tenant_id)
    return removed


def _shared_key(key: tuple) -> str:
    tenant_id, topic, token, name, parts = key
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"t{tenant_id}:dc:{topic}:{token}:{name}:{digest}"


def _redis():
    if not has_app_context() or current_app.config.get("DATACACHE_SHARED") is False:
        return None
    redis = _JOBS.get("redis")
    return redis() if redis is not None else None


def _shared_get(key: str):
    try:
        conn = _redis()
        raw = conn.get(key) if conn is not None else None
    except Exception:  # noqa: BLE001 - a cache: never fail the page for it
        return _MISSING
    if raw is None:
        return _MISSING
    try:
        return decode(raw)
    except (ValueError, KeyError, TypeError):
        return _MISSING


def _shared_set(key: str, value: Any) -> None:
    try:
        data = encode(value)
    except TypeError:
        return  # not something the codec knows: this process keeps it only
    try:
        conn = _redis()
        if conn is not None:
            conn.set(key, data, ex=SHARED_TTL_SECONDS)
    except Exception:  # noqa: BLE001, S110 - a cache: never fail the page for it
        pass
