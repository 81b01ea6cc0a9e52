"""The operators' sessions on the console host, registered with auth's session loading
(auth/sessions.py `register_site`): auth sits below console and does not know operators."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import request, session

from jenjang.auth.sessions import IDLE_TIMEOUT, fresh_cookie, register_site, touch
from jenjang.auth.tokens import digest, new_token
from jenjang.console.models import Operator, OperatorSession
from jenjang.extensions import db
from jenjang.tenancy.models import utcnow


def start_operator_session(operator: Operator) -> OperatorSession:
    raw, hashed = new_token()
    row = OperatorSession(operator_id=operator.id, token_hash=hashed, ip=request.remote_addr)
    db.session.add(row)
    fresh_cookie(osid=raw)
    return row


def _end_operator_session(now: dt.datetime) -> bool:
    if not session.get("osid"):
        return False
    db.session.execute(sa.update(OperatorSession).where(
        OperatorSession.token_hash == digest(session["osid"])).values(revoked_at=now))
    return True


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
    touch(op_session, now)
    return operator


register_site("console", load=_load_operator, end=_end_operator_session)
