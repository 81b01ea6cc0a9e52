"""Accounts of a tenant. A user belongs to exactly one tenant; operators are separate
(console/models.py). Roles are per tenant; supervisor and mentor are relations in the data."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, INET
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, belongs_to, tenant_fk, tenant_index, tenant_unique, utcnow

ROLES = ("admin", "hr", "committee", "ppk", "employee")


class User(TenantScoped, db.Model):
    __tablename__ = "users"

    email: Mapped[str | None] = mapped_column(sa.String(254))
    full_name: Mapped[str] = mapped_column(sa.String(200))
    employee_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    roles: Mapped[list[str]] = mapped_column(ARRAY(sa.String(20)), default=lambda: ["employee"])
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    employee = belongs_to("User", "employee_id", "Employee", lazy="joined")

    __table_args__ = (
        tenant_fk("employee_id", "employees"),
        tenant_unique("email"),
        tenant_unique("employee_id"),
        sa.CheckConstraint("email = lower(email)", name="email_lower"),
    )

    # Flask-Login protocol
    is_authenticated = True
    is_anonymous = False
    is_operator = False

    def get_id(self) -> str:
        return str(self.id)

    def has_role(self, role: str) -> bool:
        return role == "employee" or role in (self.roles or ())

    @property
    def display_name(self) -> str:
        return self.employee.display_name if self.employee else self.full_name


class UserSession(TenantScoped, db.Model):
    """A signed-in session. The cookie holds a random token; only its hash is stored, so a
    database leak does not hand out sessions. Revoking the row signs the browser out."""

    __tablename__ = "user_sessions"

    user_id: Mapped[int] = mapped_column(sa.BigInteger)
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    ip: Mapped[str | None] = mapped_column(INET)
    user_agent: Mapped[str | None] = mapped_column(sa.String(300))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user = belongs_to("UserSession", "user_id", "User")

    __table_args__ = (
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        tenant_unique("token_hash"),
        tenant_index("ix_user_sessions_user", "user_id"),
    )


class AuthToken(TenantScoped, db.Model):
    """Single-use, expiring links: password reset and invitation."""

    __tablename__ = "auth_tokens"

    user_id: Mapped[int] = mapped_column(sa.BigInteger)
    purpose: Mapped[str] = mapped_column(sa.String(20))
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user = belongs_to("AuthToken", "user_id", "User")

    __table_args__ = (
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        tenant_unique("token_hash"),
        sa.CheckConstraint("purpose IN ('reset', 'invite')", name="purpose"),
    )
