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

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase

from jenjang.tenancy.context import current_tenant_id

T = TypeVar("T")

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
        if topics:
            conn.info.setdefault(_TOUCHED, set()).update(topics)


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
    connections = session.info.get("jenjang_connections") or ()
    if not connections:
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # the commit would flush after this hook: see what it writes now
    for conn in connections:
        topics = conn.info.pop(_TOUCHED, None)
        for topic in sorted(topics or ()):
            conn.execute(_BUMP, {"topic": topic})


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _end_of_transaction(session):
    session.info.pop("jenjang_connections", None)


def bump(*topics: str) -> None:
    """Mark topics changed in the current tenant, for writes the listener cannot see."""
    from jenjang.extensions import db

    for topic in topics:
        db.session.execute(_BUMP, {"topic": topic})


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
    from flask import g, has_request_context

    from jenjang.extensions import db

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
    from jenjang.extensions import db

    tenant_id = current_tenant_id()
    if tenant_id is None or topic not in TOPICS:
        return compute()
    for conn in db.session().info.get("jenjang_connections") or ():
        if topic in (conn.info.get(_TOUCHED) or ()):
            return compute()
    gens = generations()
    key = (tenant_id, topic, gens.get(topic, 0), name, parts)
    entry = STORE.get(key, tenant_id)
    if entry is not None:
        return entry[1]
    value = compute()
    STORE.put(key, tenant_id, value)
    return value
