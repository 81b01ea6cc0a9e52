"""Tenant exports on the console: the background job that writes the ZIP (with its progress in
Redis), and the ZIPs kept for a tenant. The work itself is in jenjang.tenancy.lifecycle."""
from __future__ import annotations

import re

from flask import abort, current_app
from redis.exceptions import RedisError

from jenjang.jobs import redis_connection
from jenjang.tenancy import lifecycle
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import Tenant

EXPORT_NAME = re.compile(r"^t(\d+)-[a-z0-9-]{1,63}-\d{8}-\d{6}-[0-9a-f]{8}\.zip$")
STATE_TTL = 7 * 24 * 3600


def _state_key(name: str) -> str:
    return f"jenjang:export:{name}"


def set_state(name: str, **fields) -> None:
    try:
        conn = redis_connection()
        conn.hset(_state_key(name), mapping={k: str(v) for k, v in fields.items()})
        conn.expire(_state_key(name), STATE_TTL)
    except RedisError:
        current_app.logger.warning("export %s: progress not recorded (Redis unavailable)", name)


def get_state(name: str) -> dict:
    try:
        raw = redis_connection().hgetall(_state_key(name))
    except RedisError:
        return {}
    return {k.decode(): v.decode() for k, v in raw.items()}


def export_job(name: str) -> str:
    """RQ job (tenant job: runs inside the exported tenant's context)."""
    tenant_id = require_tenant_id()
    lifecycle.purge_old_exports()
    final = lifecycle.exports_dir() / name
    partial = final.with_name(name + ".part")
    set_state(name, state="running", done=0, total=0)
    try:
        with partial.open("wb") as fh:
            lifecycle.export_tenant(tenant_id, fh, progress=lambda d, t: set_state(name, done=d, total=t))
        partial.replace(final)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        set_state(name, state="failed", error=str(exc)[:500])
        raise
    set_state(name, state="done")
    return name


def exports_of(tenant: Tenant) -> list[dict]:
    """The tenant's export ZIPs still kept (older ones are removed first: EXPORT_KEEP_DAYS)."""
    lifecycle.purge_old_exports()
    folder = lifecycle.files_root() / "_exports"
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob(f"t{tenant.id}-*.zip"), reverse=True):
        found.append({"name": path.name, "size": path.stat().st_size})
    return found


def export_path(tenant: Tenant, name: str):
    m = EXPORT_NAME.fullmatch(name)
    if not m or int(m.group(1)) != tenant.id:
        abort(404)
    return lifecycle.exports_dir() / name
