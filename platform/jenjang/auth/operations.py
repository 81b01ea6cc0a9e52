"""Account operations. They flush, never commit; the request (or CLI command) commits."""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from jenjang.auth.models import ROLES, AuthToken, User
from jenjang.auth.passwords import hash_password, needs_rehash, verify_password
from jenjang.auth.sessions import revoke_all_sessions
from jenjang.auth.tokens import digest, new_token
from jenjang.core import audit
from jenjang.extensions import db
from jenjang.people.models import Employee
from jenjang.tenancy.models import utcnow

log = logging.getLogger(__name__)

TOKEN_LIFETIME = {"reset": dt.timedelta(hours=1), "invite": dt.timedelta(days=7)}


def hr_user_ids() -> list[int]:
    """The active HR officers who are told of work waiting for BKPSDM (the admins when the region
    has no HR account yet)."""
    ids = list(db.session.scalars(sa.select(User.id).where(User.is_active.is_(True), User.roles.any("hr"))))
    return ids or list(db.session.scalars(sa.select(User.id).where(User.is_active.is_(True),
                                                                    User.roles.any("admin"))))


def find_user_by_login(login: str) -> User | None:
    """NIP (18 digits, separators allowed) or email, within the current tenant."""
    login = (login or "").strip().lower()
    if not login:
        return None
    if "@" in login:
        return db.session.scalar(sa.select(User).where(User.email == login))
    digits = "".join(ch for ch in login if not ch.isspace())
    if not (len(digits) == 18 and digits.isdigit()):
        return None
    return db.session.scalar(
        sa.select(User).join(Employee, sa.and_(Employee.tenant_id == User.tenant_id,
                                               Employee.id == User.employee_id))
        .where(Employee.nip == digits)
    )


def authenticate(login: str, password: str) -> User | None:
    user = find_user_by_login(login)
    ok = verify_password(user.password_hash if user else None, password or "")
    if user is None or not ok or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def issue_token(user: User, purpose: str) -> str:
    raw, hashed = new_token()
    # A new link voids the earlier unused ones of the same purpose.
    db.session.execute(sa.update(AuthToken).where(
        AuthToken.user_id == user.id, AuthToken.purpose == purpose, AuthToken.used_at.is_(None)
    ).values(used_at=utcnow()))
    db.session.add(AuthToken(user_id=user.id, purpose=purpose, token_hash=hashed,
                             expires_at=utcnow() + TOKEN_LIFETIME[purpose]))
    db.session.flush()
    return raw


def valid_token(raw: str, purpose: str) -> AuthToken | None:
    if not raw or len(raw) > 100:
        return None
    token = db.session.scalar(sa.select(AuthToken).where(
        AuthToken.token_hash == digest(raw), AuthToken.purpose == purpose))
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    if not token.user.is_active:
        return None
    return token


def use_token(token: AuthToken, new_password: str) -> User:
    """Consume a reset or invitation link: set the password, void the link, sign out elsewhere."""
    token.used_at = utcnow()
    user = token.user
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    revoke_all_sessions(user)
    audit.record("auth.password_set_by_link", user, after={"purpose": token.purpose},
                 actor=(user.id, user.email or user.full_name))
    db.session.flush()
    return user


def change_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    audit.record("auth.password_changed", user)


def set_locale(user: User, locale: str) -> None:
    user.locale = locale


def set_active(user: User, active: bool) -> None:
    before = {"is_active": user.is_active}
    user.is_active = active
    user.disabled_at = None if active else utcnow()
    if not active:
        revoke_all_sessions(user)
    audit.record("user.enabled" if active else "user.disabled", user, before=before,
                 after={"is_active": active})
    if not active and before["is_active"]:
        from jenjang.workflow import api as workflow  # circular: the workflow engine imports auth.models

        workflow.escalate_cases_left_by(user)  # steps only this account could act on do not wait forever


def set_roles(user: User, roles: list[str]) -> None:
    clean = sorted({r for r in roles if r in ROLES and r != "employee"})
    before = {"roles": sorted(user.roles or [])}
    user.roles = clean
    audit.record("user.roles_changed", user, before=before, after={"roles": clean})


def create_user(*, full_name: str, email: str | None, roles: list[str] | None = None,
                employee: Employee | None = None, password: str | None = None,
                locale: str | None = None) -> User:
    user = User(full_name=full_name, email=(email or "").strip().lower() or None,
                roles=sorted({r for r in (roles or []) if r in ROLES and r != "employee"}),
                employee_id=employee.id if employee else None,
                password_hash=hash_password(password) if password else None, locale=locale)
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", user, after={"email": user.email, "roles": user.roles})
    return user
