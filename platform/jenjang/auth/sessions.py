"""Server-side session records behind the signed cookie.

The cookie (host-only; `__Host-` and Secure in production) carries a random session token and
the tenant id. A request is signed in only if the token's row exists, is not revoked, belongs
to an active user, and the tenant in the cookie is the tenant of the Host header."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import g, request, session

from jenjang.auth.models import User, UserSession
from jenjang.auth.tokens import digest, new_token
from jenjang.console.models import Operator, OperatorSession
from jenjang.extensions import db, login_manager
from jenjang.tenancy.models import utcnow

IDLE_TIMEOUT = dt.timedelta(hours=8)
TOUCH_EVERY = dt.timedelta(minutes=5)


def _fresh_cookie(**values) -> None:
    keep_locale = session.get("locale")
    session.clear()
    session.permanent = True
    if keep_locale:
        session["locale"] = keep_locale
    session.update(values)
    # Mint the new CSRF token now: two pages loading at once after sign-in or sign-out would each
    # mint their own and one form would carry a token the session no longer holds.
    from flask_wtf.csrf import generate_csrf

    generate_csrf()


def start_user_session(user: User) -> UserSession:
    raw, hashed = new_token()
    row = UserSession(user_id=user.id, token_hash=hashed, ip=request.remote_addr,
                      user_agent=(request.user_agent.string or "")[:300])
    db.session.add(row)
    user.last_login_at = utcnow()
    _fresh_cookie(sid=raw, tid=user.tenant_id)
    return row


def start_operator_session(operator: Operator) -> OperatorSession:
    raw, hashed = new_token()
    row = OperatorSession(operator_id=operator.id, token_hash=hashed, ip=request.remote_addr)
    db.session.add(row)
    _fresh_cookie(osid=raw)
    return row


def end_session() -> None:
    now = utcnow()
    if g.get("site") == "console" and session.get("osid"):
        db.session.execute(sa.update(OperatorSession).where(
            OperatorSession.token_hash == digest(session["osid"])).values(revoked_at=now))
    elif session.get("sid"):
        db.session.execute(sa.update(UserSession).where(
            UserSession.token_hash == digest(session["sid"])).values(revoked_at=now))
    _fresh_cookie()


def revoke_all_sessions(user: User) -> int:
    result = db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount


def _touch(row, now) -> None:
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now


# Built once: this runs on every signed-in request (one round trip: the session row, its user and,
# joined eagerly, the user's employee record).
_SIGNED_IN = (
    sa.select(UserSession, User)
    .join(User, sa.and_(User.tenant_id == UserSession.tenant_id, User.id == UserSession.user_id))
    .where(UserSession.token_hash == sa.bindparam("token_hash"), UserSession.revoked_at.is_(None),
           UserSession.last_seen_at > sa.bindparam("seen_after"), User.is_active.is_(True))
)


def _load_user():
    tenant = g.get("tenant")
    raw = session.get("sid")
    if tenant is None or not tenant.is_active or not raw or session.get("tid") != tenant.id:
        return None
    now = utcnow()
    row = db.session.execute(_SIGNED_IN, {"token_hash": digest(raw), "seen_after": now - IDLE_TIMEOUT}).first()
    if row is None:
        return None
    user_session, user = row
    _touch(user_session, now)
    g.user_session = user_session
    return user


def _load_operator():
    raw = session.get("osid")
    if not raw:
        return None
    now = utcnow()
    row = db.session.execute(
        sa.select(OperatorSession, Operator)
        .join(Operator, Operator.id == OperatorSession.operator_id)
        .where(OperatorSession.token_hash == digest(raw), OperatorSession.revoked_at.is_(None),
               OperatorSession.last_seen_at > now - IDLE_TIMEOUT, Operator.is_active.is_(True))
    ).first()
    if row is None:
        return None
    op_session, operator = row
    _touch(op_session, now)
    return operator


@login_manager.request_loader
def load_from_cookie(_request):
    site = g.get("site")
    if site == "tenant":
        return _load_user()
    if site == "console":
        return _load_operator()
    return None
