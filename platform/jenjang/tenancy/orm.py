"""The ORM wall and the per-transaction database setting.

- every ORM SELECT/UPDATE/DELETE gets `tenant_id = <current>` for every TenantScoped entity
  (and zero rows when there is no tenant);
- new TenantScoped objects are stamped with the current tenant when added (or at the flush, if
  added with no tenant in context), and a row for another tenant is refused at the flush;
- every transaction starts with `set_config('app.tenant_id', <current>, true)`, transaction-local,
  so a pooled connection can never carry one tenant's setting into another's request.
"""
from __future__ import annotations

import contextlib

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from jenjang.core import scope
from jenjang.tenancy.context import current_tenant_id
from jenjang.tenancy.models import TenantScoped


class CrossTenantWrite(RuntimeError):
    pass


# Tests only (see orm_wall_lifted): True while a test shows that the database wall holds alone.
_wall_lifted = False


@contextlib.contextmanager
def orm_wall_lifted(app):
    """Lift the ORM wall (the tenant criteria on selects/updates/deletes and the flush's refusal
    of another tenant's rows; new rows are still stamped) so that a test can show that row-level
    security alone keeps the tenants apart. Refused unless the application is testing."""
    global _wall_lifted

    if not app.testing or app.config.get("PRODUCTION"):
        raise RuntimeError("the ORM wall can only be lifted in tests")
    _wall_lifted = True
    try:
        yield
    finally:
        _wall_lifted = False


def set_db_tenant(connection, tenant_id: int | None) -> None:
    connection.execute(
        sa.text("SELECT set_config('app.tenant_id', :tid, true)"),
        {"tid": "" if tenant_id is None else str(tenant_id)},
    )


scope.provide(db_setting=set_db_tenant)  # the data cache renews generations per tenant (core)


@event.listens_for(Session, "after_begin")
def _after_begin(session, transaction, connection):
    set_db_tenant(connection, current_tenant_id())


@event.listens_for(Session, "do_orm_execute")
def _tenant_criteria(state: ORMExecuteState):
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("all_tenants_on_owner_connection") or _wall_lifted:
        return
    tid = current_tenant_id()
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantScoped,
            lambda cls: cls.tenant_id == tid,
            include_aliases=True,
            track_closure_variables=True,
        )
    )


@event.listens_for(Session, "transient_to_pending")
def _stamp_on_add(session, obj):
    """A new row belongs to the tenant in context when it is added, not when it is flushed: an
    object added for one tenant and flushed after switching to another is refused at the flush
    (below) instead of quietly becoming the other tenant's row."""
    if isinstance(obj, TenantScoped) and obj.tenant_id is None:
        tid = current_tenant_id()
        if tid is not None:
            obj.tenant_id = tid


@event.listens_for(Session, "before_flush")
def _stamp_tenant(session, flush_context, instances):
    tid = current_tenant_id()
    for obj in session.new:
        if not isinstance(obj, TenantScoped):
            continue
        if tid is None:
            raise CrossTenantWrite(f"refusing to write {type(obj).__name__} with no tenant in context")
        if obj.tenant_id is None:
            obj.tenant_id = tid
        elif obj.tenant_id != tid and not _wall_lifted:
            raise CrossTenantWrite(f"refusing to write {type(obj).__name__} for another tenant")
    for obj in session.dirty:
        if isinstance(obj, TenantScoped) and tid is not None and obj.tenant_id != tid and not _wall_lifted:
            raise CrossTenantWrite(f"refusing to update {type(obj).__name__} of another tenant")
