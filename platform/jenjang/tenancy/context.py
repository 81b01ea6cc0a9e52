"""The current tenant, as a context variable: set from the Host header in a request, from the
job payload in a worker, from an explicit `tenant_context()` in the CLI and tests."""
from __future__ import annotations

import contextlib
from contextvars import ContextVar

from jenjang import extensions
from jenjang.core import scope

_current: ContextVar[int | None] = ContextVar("jenjang_tenant_id", default=None)


class TenantRequired(RuntimeError):
    """Raised when tenant-owned work is attempted with no tenant in context."""


def current_tenant_id() -> int | None:
    return _current.get()


def require_tenant_id() -> int:
    tid = _current.get()
    if tid is None:
        raise TenantRequired("no tenant in context: refusing to touch tenant data")
    return tid


def _apply_to_open_transaction() -> None:
    """A transaction that began before the tenant was known carries the old setting; fix it."""
    from jenjang.tenancy.orm import set_db_tenant  # circular: tenancy.orm imports this module

    try:
        session = extensions.db.session()
    except RuntimeError:  # no application context
        return
    transaction = session.get_transaction()
    # A transaction that holds no connection yet (begun by session.add/merge only) needs nothing:
    # its connection's after_begin hook will read the tenant then. Opening one here would cost a
    # round trip and could leave a connection in a transaction nobody ends (a request's teardown).
    if transaction is not None and getattr(transaction, "_connections", True):
        set_db_tenant(session.connection(), _current.get())


def activate(tenant_id: int | None):
    token = _current.set(tenant_id)
    _apply_to_open_transaction()
    return token


def deactivate(token) -> None:
    _current.reset(token)
    _apply_to_open_transaction()


@contextlib.contextmanager
def tenant_context(tenant_id: int | None):
    token = activate(tenant_id)
    try:
        yield tenant_id
    finally:
        deactivate(token)


def rate_limit_prefix() -> str:
    tid = _current.get()
    return f"t{tid}" if tid is not None else "platform"


# The layers below ask through these hooks for what only tenancy knows (core/scope.py, extensions).
scope.provide(tenant_id=current_tenant_id)
extensions.use_limiter_scope(rate_limit_prefix)
