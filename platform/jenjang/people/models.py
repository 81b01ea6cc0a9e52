"""Employees (ASN). The NIP is the civil servant's national identity number (18 digits)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, tenant_unique


class Employee(TenantScoped, db.Model):
    __tablename__ = "employees"

    nip: Mapped[str] = mapped_column(sa.String(18))
    full_name: Mapped[str] = mapped_column(sa.String(200))
    front_title: Mapped[str | None] = mapped_column(sa.String(50))
    back_title: Mapped[str | None] = mapped_column(sa.String(80))
    email: Mapped[str | None] = mapped_column(sa.String(254))

    __table_args__ = (
        tenant_unique("nip"),
        sa.CheckConstraint("nip ~ '^[0-9]{18}$'", name="nip_digits"),
    )

    @property
    def display_name(self) -> str:
        name = self.full_name
        if self.front_title:
            name = f"{self.front_title} {name}"
        if self.back_title:
            name = f"{name}, {self.back_title}"
        return name
