"""Record who did what. Called by operations; the row is part of the same transaction as the
change it describes, so a rolled-back change leaves no audit entry."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user

from jenjang.core.models import AuditEntry
from jenjang.core.tables import utcnow
from jenjang.extensions import db


def _actor() -> tuple[int | None, str]:
    if has_request_context() and current_user and current_user.is_authenticated:
        if getattr(current_user, "is_operator", False):
            return None, f"operator:{current_user.email}"
        return current_user.id, current_user.email or current_user.display_name
    return None, "system"


def record(action: str, obj: Any = None, *, before: dict | None = None, after: dict | None = None,
           actor: tuple[int | None, str] | None = None, object_type: str | None = None,
           object_id: Any = None) -> AuditEntry:
    actor_id, label = actor or _actor()
    if obj is not None:
        object_type = object_type or type(obj).__name__
        object_id = object_id if object_id is not None else getattr(obj, "id", None)
    entry = AuditEntry(
        actor_user_id=actor_id,
        actor_label=label[:254],
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        before=before,
        after=after,
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that changed, for a readable log."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


@contextmanager
def settings_change(model, action: str, snapshot: Callable[[Any], dict]) -> Iterator[Any]:
    """Change the tenant's one row of the settings table `model` (added when there is none yet) in
    the block; then stamp `updated_at` and record `action` with the fields that changed, as
    `snapshot(row)` gives them before and after."""
    row = db.session.scalar(sa.select(model))
    before = None
    if row is None:
        row = model()
        db.session.add(row)
    else:
        before = snapshot(row)
    yield row
    row.updated_at = utcnow()
    db.session.flush()
    old, new = diff(before or {}, snapshot(row))
    record(action, row, before=old or None, after=new)
