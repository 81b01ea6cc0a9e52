"""Which database role a piece of work runs as.

Two login roles serve the application (tenancy/bootstrap.py grants them):
- the **app role** (`APP_DB_ROLE`) serves every tenant host, the workers and the scheduler. It reads
  the global tables (tenants, domains, ranks) and never writes them; it cannot read or write the
  platform operators or their sessions at all.
- the **console role** (`CONSOLE_DB_ROLE`, default `<APP_DB_ROLE>_console`) serves the operator
  console (`console.<BASE_DOMAIN>`) and the provisioning commands (`flask tenants apply|import|
  delete`, `flask operators …`): the only connections that may write tenants, domains, operators
  and operator sessions.

The session picks the console role's engine while `console_role()` is active (the console host's
requests, those commands); everything else runs as the app role. A tenant admin's own settings go
through the SECURITY DEFINER function `tenant_update_settings` (migration 0015s), which changes
only the row of the tenant in `app.tenant_id`."""
from __future__ import annotations

import contextlib
import functools

# The flag lives beside the session that reads it (extensions.RoleSession picks the engine).
from jenjang.extensions import CONSOLE_BIND, console_role_active, console_role_flag

__all__ = ["CONSOLE_BIND", "as_console", "console_role", "console_role_active", "enter_console_role",
           "leave_console_role"]


def enter_console_role():
    return console_role_flag.set(True)


def leave_console_role(token) -> None:
    console_role_flag.reset(token)


@contextlib.contextmanager
def console_role():
    """Run the enclosed database work as the console role: every statement made inside goes over
    the console role's connection (the session joins it to its transaction and commits both)."""
    token = enter_console_role()
    try:
        yield
    finally:
        leave_console_role(token)


def as_console(fn):
    """Decorator for the provisioning CLI commands."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with console_role():
            return fn(*args, **kwargs)

    return wrapper
