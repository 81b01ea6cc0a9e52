from __future__ import annotations

import sqlalchemy as sa

from jenjang.auth.passwords import hash_password
from jenjang.console.models import Operator
from jenjang.extensions import db


def ensure_operator(email: str, name: str, password: str) -> Operator:
    email = email.strip().lower()
    op = db.session.scalar(sa.select(Operator).where(Operator.email == email))
    if op is None:
        op = Operator(email=email, full_name=name, password_hash=hash_password(password))
        db.session.add(op)
        db.session.flush()
    return op
