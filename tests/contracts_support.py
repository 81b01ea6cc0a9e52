"""A region with a PPPK employee for the contracts tests: the organisation of tests/org.py plus
Rina Wati, PPPK golongan IX in the bidang (her unit head is Agus Salim), with an account. The PPPK
is written through the model: the NIP validator is not this module's business."""
from __future__ import annotations

import datetime as dt
import io

import sqlalchemy as sa

from tests.helpers import PASSWORD
from tests.org import build_region

PPPK_NIP = "199001012022211001"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def make_pppk(factory, tenant, region, *, nip: str = PPPK_NIP, name: str = "Rina Wati",
              email: str | None = None, employment_type: str = "PPPK") -> int:
    from jenjang.auth import operations as auth_ops
    from jenjang.extensions import db
    from jenjang.people.models import Employee, PerformanceRating

    email = email or f"pppk@{tenant.slug}.demo"

    def run():
        e = Employee(nip=nip, full_name=name, employment_type=employment_type, grade_id=9,
                     position_id=region.staff_position_id, position_tmt=dt.date(2022, 3, 1),
                     unit_id=region.unit_id, education_level="S1", email=email)
        db.session.add(e)
        db.session.flush()
        db.session.add_all([PerformanceRating(employee_id=e.id, year=2024, predicate="baik"),
                            PerformanceRating(employee_id=e.id, year=2025, predicate="sangat_baik")])
        auth_ops.create_user(full_name=name, email=email, employee=e, password=PASSWORD)
        return e.id

    return factory.run(tenant, run)


def add_contract(factory, tenant, employee_id: int, starts_on: dt.date, ends_on: dt.date, *,
                 number: str = "800/PK/001/2025", previous_id: int | None = None, document: bool = False) -> int:
    from jenjang.contracts import operations
    from jenjang.contracts.queries import employee

    def run():
        from werkzeug.datastructures import FileStorage

        upload = FileStorage(io.BytesIO(PDF), filename="pk.pdf") if document else None
        c = operations.save_contract(employee(employee_id), None, number=number, starts_on=starts_on,
                                     ends_on=ends_on, position_id=None, grade_id=9, upload=upload)
        if previous_id:
            c.previous_id = previous_id
        return c.id

    return factory.run(tenant, run)


def setup_region(factory, slug: str = "pematangsiantar"):
    tenant = factory.tenant(slug, name=f"Pemerintah Kota {slug.title()}")
    region = build_region(factory, tenant)
    pppk_id = make_pppk(factory, tenant, region)
    return tenant, region, pppk_id


def notifications(factory, tenant, kind: str) -> list:
    return list(factory.run(tenant, lambda: _rows(kind)))


def _rows(kind):
    from jenjang.extensions import db

    return db.session.execute(sa.text(
        "SELECT recipient_user_id, payload, idempotency_key FROM notifications WHERE kind = :k ORDER BY id"),
        {"k": kind}).all()


def _b_contracts(factory, tenant) -> dict:
    """A PPPK of `tenant` with a contract (and its PDF) and a renewal proposal, for the isolation
    suite. Its own unit and position, so no other factory's region is disturbed."""
    cache = factory.__dict__.setdefault("_b_contracts", {})
    if tenant.id in cache:
        return cache[tenant.id]
    from werkzeug.datastructures import FileStorage

    from jenjang.contracts import operations
    from jenjang.core import clock
    from jenjang.extensions import db
    from jenjang.people import operations as people
    from jenjang.people.models import Employee

    def run():
        unit = people.save_unit(None, name="UPT Puskesmas", kind="lainnya", parent_id=None, code="PKM9")
        position = people.save_position(None, unit_id=unit.id, name="Pengadministrasi Umum", kind="pelaksana",
                                        functional_level=None, min_rank_id=None, max_rank_id=None, job_class=7,
                                        is_head=False, quota=3, code="PRW9")
        e = Employee(nip="199105052023212009", full_name="Yuni Kartika", employment_type="PPPK", grade_id=7,
                     position_id=position.id, unit_id=unit.id)
        db.session.add(e)
        db.session.flush()
        today = clock.today()
        start = today - dt.timedelta(days=300)
        contract = operations.save_contract(e, None, number="PK/ISO/1", starts_on=start,
                                            ends_on=start + dt.timedelta(days=400), position_id=position.id,
                                            grade_id=7, upload=FileStorage(io.BytesIO(PDF), filename="iso.pdf"))
        renewal = operations.open_renewal(contract, months=12)
        return {"contract_id": contract.id, "renewal_id": renewal.id}

    cache[tenant.id] = factory.run(tenant, run)
    return cache[tenant.id]


def b_contracts(name: str):
    return lambda factory, b: _b_contracts(factory, b)[name]
