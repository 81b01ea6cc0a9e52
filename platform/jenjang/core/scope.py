"""The tenant in context, as the framework sees it.

core sits below tenancy (README, "Architecture: layers"), yet the clock's local date and the data
cache's keys depend on the tenant in context. So core asks through these hooks, and tenancy fills
them when its modules load: the tenant id (tenancy/context.py), the database setting
(tenancy/orm.py), the tenant's time zone (tenancy/models.py). Before that no tenant can be in
context: the id is None, the zone UTC, and there is no setting to move.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo


def _no_tenant() -> int | None:
    return None


def _no_zone() -> ZoneInfo | None:
    return None


def _no_setting(connection: Any, tenant_id: int | None) -> None:
    return None


_hooks: dict[str, Callable] = {"tenant_id": _no_tenant, "zone": _no_zone, "db_setting": _no_setting}


def provide(**hooks: Callable) -> None:
    """Install tenancy's answers: `tenant_id()`, `zone()`, `db_setting(connection, tenant_id)`."""
    unknown = set(hooks) - set(_hooks)
    if unknown:
        raise TypeError(f"no such hook: {sorted(unknown)}")
    _hooks.update(hooks)


def current_tenant_id() -> int | None:
    return _hooks["tenant_id"]()


def tenant_zone() -> ZoneInfo | None:
    """The zone of the tenant in context, None outside one."""
    return _hooks["zone"]()


def set_db_tenant(connection: Any, tenant_id: int | None) -> None:
    """Point the connection's `app.tenant_id` at this tenant (the RLS wall reads it)."""
    _hooks["db_setting"](connection, tenant_id)
