"""Sign-in accounts for imported employees, in bulk. They sign in by NIP (auth looks the NIP up
through the employee); the account has no password until the employee follows an invitation
link, which goes out through the notifications outbox with the import's transaction (accounts
without an email are told their NIP by HR, who can send the invitation later from the user's page)."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.auth.models import User
from jenjang.auth.operations import issue_token
from jenjang.core import audit
from jenjang.extensions import db
from jenjang.people.models import Employee
from jenjang.tenancy import bulk
from jenjang.tenancy.models import utcnow


def create_accounts_for(nips: list[str]) -> int:
    """One account per active employee in `nips` that has none yet. Returns how many were made."""
    rows = []
    taken = set(db.session.scalars(sa.select(User.email).where(User.email.is_not(None))))
    for start in range(0, len(nips), 5000):
        chunk = nips[start:start + 5000]
        rows += db.session.execute(
            sa.select(Employee.id, Employee.full_name, Employee.email)
            .outerjoin(User, sa.and_(User.tenant_id == Employee.tenant_id, User.employee_id == Employee.id))
            .where(Employee.nip.in_(chunk), Employee.status == "active", User.id.is_(None))).all()
    if not rows:
        return 0
    ids = bulk.reserve_ids(User.__table__, len(rows))
    now = utcnow()
    inserts = []
    for row, user_id in zip(rows, ids, strict=True):
        email = (row.email or "").lower() or None
        if email in taken:
            email = None  # the address already signs another account in; NIP still works
        if email:
            taken.add(email)
        inserts.append({"id": user_id, "email": email, "full_name": row.full_name, "employee_id": row.id,
                        "password_hash": None, "roles": [], "locale": None, "is_active": True, "disabled_at": None,
                        "created_at": now, "last_login_at": None, "password_changed_at": None})
    bulk.insert_rows(User.__table__, inserts)
    audit.record("user.created_in_bulk", object_type="User", after={"count": len(inserts)})
    invite([row["id"] for row in inserts if row["email"]])
    return len(inserts)


def invite(user_ids: list[int]) -> int:
    """Issue an invitation link to each account and announce it (emailed after the commit)."""
    # notifications is a layer above people: imported when an invitation is sent
    from jenjang.notifications.api import announce

    sent = 0
    for start in range(0, len(user_ids), 500):
        users = db.session.scalars(sa.select(User).where(User.id.in_(user_ids[start:start + 500]))).all()
        for user in users:
            raw = issue_token(user, "invite")
            announce("account.invite", [user.id], {}, f"account.invite:{user.id}:{raw[:8]}",
                     link=("auth.accept_invite", {"token": raw}))
            sent += 1
    return sent
