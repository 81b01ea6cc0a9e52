"""Reads for the page shell's views: the audit log, the tenant's logo."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.core.models import AuditEntry
from jenjang.extensions import db


def recent_audit(limit: int = 5) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.at.desc()).limit(limit)))


def audit_page(action: str, actor: str, page: int, per_page: int) -> tuple[list[AuditEntry], bool]:
    """One page of the tenant's audit log, newest first, filtered by action prefix and actor; and
    whether another page follows."""
    stmt = sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    if actor:
        stmt = stmt.where(AuditEntry.actor_label.ilike(f"%{actor}%"))
    rows = db.session.scalars(stmt.limit(per_page + 1).offset((page - 1) * per_page)).all()
    return list(rows[:per_page]), len(rows) > per_page
