"""Server-side session records behind the signed cookie.

The cookie (host-only; `__Host-` and Secure in production) carries a random session token and
the tenant id. A request is signed in only if the token's row exists, is not revoked, belongs
to an active user, and the tenant in the cookie is the tenant of the Host header.

Tenant users are signed in here. Another site (the operator console) registers its own loader and
its own session end with `register_site` (console/sessions.py): auth sits below console."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import g, request, session
from flask_wtf.csrf import generate_csrf

from jenjang.auth.models import User, UserSession
from jenjang.auth.tokens import digest, new_token
from jenjang.extensions import db, login_manager
from jenjang.tenancy.models import utcnow

IDLE_TIMEOUT = dt.timedelta(hours=8)
TOUCH_EVERY = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Site:
    load: Callable[[], object | None]  # the signed-in account of this request, or None
    end: Callable[[dt.datetime], bool]  # revoke this request's session; False if it had none


_SITES: dict[str, Site] = {}


def register_site(name: str, *, load: Callable[[], object | None],
                  end: Callable[[dt.datetime], bool]) -> None:
    """How a site other than the tenant hosts (`g.site`) signs its people in and out."""
    _SITES[name] = Site(load, end)


def fresh_cookie(**values) -> None:
    keep_locale = session.get("locale")
    session.clear()
    session.permanent = True
    if keep_locale:
        session["locale"] = keep_locale
    session.update(values)
    # Mint the new CSRF token now: two pages loading at once after sign-in or sign-out would each
    # mint their own and one form would carry a token the session no longer holds.
    generate_csrf()


def start_user_session(user: User) -> UserSession:
    raw, hashed = new_token()
    row = UserSession(user_id=user.id, token_hash=hashed, ip=request.remote_addr,
                      user_agent=(request.user_agent.string or "")[:300])
    db.session.add(row)
    user.last_login_at = utcnow()
    fresh_cookie(sid=raw, tid=user.tenant_id)
    return row


def end_session() -> None:
    now = utcnow()
    site = _SITES.get(g.get("site"))
    ended = site is not None and site.end(now)
    if not ended and session.get("sid"):
        db.session.execute(sa.update(UserSession).where(
            UserSession.token_hash == digest(session["sid"])).values(revoked_at=now))
    fresh_cookie()


def revoke_other_sessions(user: User, keep: UserSession | None) -> None:
    """Sign the account out everywhere but in `keep` (this request's session)."""
    db.session.execute(sa.update(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None),
        UserSession.id != (keep.id if keep else -1)).values(revoked_at=utcnow()))


def revoke_all_sessions(user: User) -> int:
    result = db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount


def touch(row, now) -> None:
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
    touch(user_session, now)
    g.user_session = user_session
    return user


@login_manager.request_loader
def load_from_cookie(_request):
    site = g.get("site")
    if site == "tenant":
        return _load_user()
    other = _SITES.get(site)
    return other.load() if other is not None else None
