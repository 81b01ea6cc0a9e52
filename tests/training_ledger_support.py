"""Builders for the JP-ledger tests: ledger credits through training.ledger, external training
through training.external (with small in-memory PDF/PNG files), and B's external training for the
isolation suite."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from tests.helpers import local_today

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(data: bytes = PDF, name: str = "sertifikat.pdf") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def credit(factory, tenant, employee_id: int, jp, on: dt.date, *, source: str = "manual", ref: str | None = None,
           title: str = "Kegiatan", classical: bool = True) -> None:
    def go():
        from jenjang.training import ledger

        ledger.credit(employee_id, source=source, source_ref=ref or f"{source}:{employee_id}:{on}:{jp}",
                      jp=Decimal(str(jp)), occurred_on=on, title=title, classical=classical)

    factory.run(tenant, go)


def submit_external(factory, tenant, employee_id: int, *, jp=12, title: str = "Kursus Analisis Kebijakan",
                    kind_code: int = 11, ends_on: dt.date | None = None, data: bytes = PDF) -> int:
    ends_on = ends_on or local_today() - dt.timedelta(days=3)

    def go():
        from jenjang.training.external import operations as external

        return external.submit(employee_id, title=title, kind_code=kind_code, provider_name="LAN RI",
                               starts_on=ends_on - dt.timedelta(days=2), ends_on=ends_on, jp=jp,
                               certificate_number="LAN/2026/001", upload=upload(data)).id

    return factory.run(tenant, go)


def b_external(factory, b) -> int:
    """B's external training (an employee of B with a submitted certificate); cached per test."""
    cache = factory.__dict__.setdefault("_b_external", {})
    if not cache:
        def go():
            from jenjang.extensions import db
            from jenjang.people.models import Employee

            return db.session.scalar(sa.select(Employee.id).order_by(Employee.id).limit(1))

        employee_id = factory.run(b, go)
        if employee_id is None:
            factory.user(b, "eksternal-b@palangkaraya.demo", nip=factory.nip(b, 9))
            employee_id = factory.run(b, go)
        cache["external_id"] = submit_external(factory, b, employee_id)
    return cache["external_id"]
