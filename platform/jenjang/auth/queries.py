"""Reads of accounts and sessions for the views (the tenant walls keep them in the tenant)."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.auth.models import User, UserSession
from jenjang.extensions import db


def email_in_use(email: str) -> bool:
    return db.session.scalar(sa.select(User.id).where(User.email == email)) is not None


def open_sessions(user_id: int, limit: int = 20) -> list[UserSession]:
    """The account's sessions not signed out, most recently used first."""
    return list(db.session.scalars(
        sa.select(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .order_by(UserSession.last_seen_at.desc()).limit(limit)))


def user_page(q: str, page: int, per_page: int) -> tuple[list[User], bool]:
    """One page of the tenant's accounts by name (matching `q` in name or email); and whether
    another page follows."""
    stmt = sa.select(User).order_by(User.full_name, User.id)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(sa.or_(sa.func.lower(User.full_name).like(like), User.email.like(like)))
    rows = db.session.scalars(stmt.limit(per_page + 1).offset((page - 1) * per_page)).all()
    return list(rows[:per_page]), len(rows) > per_page


def account_counts() -> tuple[int, int]:
    """Active accounts that have set a password, and those still invited (no password yet)."""
    counts = db.session.execute(sa.select(
        sa.func.count().filter(User.is_active.is_(True), User.password_hash.is_not(None)),
        sa.func.count().filter(User.is_active.is_(True), User.password_hash.is_(None)),
    )).one()
    return counts[0], counts[1]
