"""Host header → site. Only the Host header decides: `<slug>.<BASE_DOMAIN>` (anchored, the
slug a single DNS label), `console.<BASE_DOMAIN>`, or a tenant's exact custom domain.

Every request needs its tenant before anything else, so a web process keeps the answer for a few
seconds (`HostCache`): the tenant is then known before the first statement, and the transaction
starts directly with the right `app.tenant_id`. A change to a tenant or a domain made through the
ORM in this process empties the cache at once (a suspension shows on the next request); another
process sees it within `HOST_CACHE_TTL` seconds. Unknown hosts are never cached."""
from __future__ import annotations

import re
import threading
import time
import weakref
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, make_transient_to_detached

from jenjang.config import SYSTEM_HOSTS
from jenjang.extensions import db
from jenjang.tenancy.models import Domain, Tenant

HOST_CACHE_TTL = 5.0  # seconds a web process may serve a tenant row changed by another process
HOST_CACHE_MAX = 1024

LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
HOSTNAME_RE = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


@dataclass(frozen=True)
class Site:
    kind: str  # "tenant" or "console"
    tenant: Tenant | None = None


def normalise_host(raw: str | None) -> str | None:
    if not raw:
        return None
    host = raw.strip().lower()
    if host.startswith("["):  # IPv6 literal: never a tenant
        return None
    host = host.rsplit(":", 1)[0] if ":" in host else host
    host = host.rstrip(".")
    if not host or len(host) > 253:
        return None
    return host


def slug_problem(slug: str) -> str | None:
    """Why a slug cannot be used, or None. Messages are lazy-translated by the caller."""
    if not LABEL_RE.fullmatch(slug or ""):
        return "not-a-label"
    if slug in SYSTEM_HOSTS:
        return "reserved"
    return None


def hostname_problem(hostname: str, base_domain: str) -> str | None:
    if not HOSTNAME_RE.fullmatch(hostname or ""):
        return "not-a-hostname"
    if hostname == base_domain or hostname.endswith("." + base_domain):
        return "under-base-domain"
    return None


def resolve_host(raw_host: str | None, base_domain: str, cache: HostCache | None = None) -> Site | None:
    """The site of a Host header, or None (→ 404). Without `cache`, the tenant is loaded into the
    session; with it, the tenant is a detached snapshot shared between requests (see attach())."""
    host = normalise_host(raw_host)
    if host is None:
        return None
    if host == f"console.{base_domain}":
        return Site("console")
    suffix = "." + base_domain
    if host.endswith(suffix):
        slug = host[: -len(suffix)]
        if slug_problem(slug) is not None:
            return None
        where = Tenant.slug == slug
    else:
        where = Tenant.id.in_(sa.select(Domain.tenant_id).where(Domain.hostname == host).scalar_subquery())
    if cache is None:
        tenant = db.session.scalar(sa.select(Tenant).where(where))
        return Site("tenant", tenant) if tenant else None
    snapshot, generation = cache.get(host)
    if snapshot is None:
        snapshot = _snapshot(where)
        if snapshot is None:
            return None
        cache.put(host, snapshot, generation)
    return Site("tenant", snapshot)  # detached and shared: the caller attaches a copy (attach())


def attach(tenant: Tenant) -> Tenant:
    """This request's own copy of a cached tenant, in the session, without SQL: views may change
    it (core.settings) and the change is flushed like any other."""
    return db.session.merge(tenant, load=False)


_SNAPSHOT_COLUMNS = [c for c in Tenant.__table__.columns if c.key != "logo_data"]


def _snapshot(where) -> Tenant | None:
    """A detached Tenant built from one row (the session's identity map is left alone)."""
    row = db.session.execute(sa.select(*_SNAPSHOT_COLUMNS).where(where)).mappings().first()
    if row is None:
        return None
    tenant = Tenant(**{c.key: row[c.key] for c in _SNAPSHOT_COLUMNS})
    make_transient_to_detached(tenant)  # logo_data stays unloaded (deferred), the rest is clean
    return tenant


class HostCache:
    """host → detached Tenant snapshot, for HOST_CACHE_TTL seconds, per web process."""

    def __init__(self, ttl: float = HOST_CACHE_TTL, max_entries: int = HOST_CACHE_MAX):
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, Tenant]] = {}  # host → (cached at, snapshot)
        self._generation = 0
        self._lock = threading.Lock()
        _CACHES.add(self)

    def get(self, host: str) -> tuple[Tenant | None, int]:
        """(snapshot or None, generation to hand back to put())."""
        generation = self._generation
        entry = self._entries.get(host)
        if entry is not None and time.monotonic() - entry[0] < self.ttl:
            return entry[1], generation
        return None, generation

    def put(self, host: str, tenant: Tenant, generation: int) -> None:
        with self._lock:
            # Read before a concurrent clear(): that row may be the old one, keep it out.
            if generation != self._generation:
                return
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[host] = (time.monotonic(), tenant)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._entries.clear()


_CACHES: weakref.WeakSet[HostCache] = weakref.WeakSet()


def forget_hosts() -> None:
    """Empty every host cache of this process (after a tenant or domain changed)."""
    for cache in list(_CACHES):
        cache.clear()


_CHANGED = "jenjang_tenants_changed"


def _is_host_table(obj) -> bool:
    return isinstance(obj, Tenant | Domain)


@event.listens_for(Session, "after_flush")
def _tenant_rows_flushed(session, flush_context):
    if any(_is_host_table(o) for o in (*session.new, *session.dirty, *session.deleted)):
        session.info[_CHANGED] = True
        forget_hosts()


@event.listens_for(Session, "do_orm_execute")
def _tenant_rows_bulk_changed(state):
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ in (Tenant, Domain):
        state.session.info[_CHANGED] = True
        forget_hosts()


def mark_hosts_changed() -> None:
    """For changes to tenants or domains made with raw SQL (tenant delete/import): forget the
    cached hosts now and again when the transaction ends."""
    db.session().info[_CHANGED] = True
    forget_hosts()


@event.listens_for(Session, "after_commit")
def _tenant_rows_committed(session):
    # Again after commit: a request may have cached the old row between the flush and the commit.
    if session.info.pop(_CHANGED, False):
        forget_hosts()


@event.listens_for(Session, "after_soft_rollback")
def _tenant_rows_rolled_back(session, previous_transaction):
    if session.info.pop(_CHANGED, False):
        forget_hosts()
