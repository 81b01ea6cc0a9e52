"""Platform operators: global accounts, separate from every tenant's users."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import INET
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jenjang.extensions import db
from jenjang.tenancy.models import utcnow


class Operator(db.Model):
    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    is_authenticated = True
    is_anonymous = False
    is_operator = True
    roles: tuple[str, ...] = ()
    locale = None

    def get_id(self) -> str:
        return f"op:{self.id}"

    def has_role(self, role: str) -> bool:
        return False

    @property
    def display_name(self) -> str:
        return self.full_name


class OperatorSession(db.Model):
    __tablename__ = "operator_sessions"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    operator_id: Mapped[int] = mapped_column(sa.ForeignKey("operators.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    ip: Mapped[str | None] = mapped_column(INET)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    operator = relationship(Operator)
