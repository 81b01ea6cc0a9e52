"""Certificates of completed training: the verification code, the public verification lookup and
the PDF (WeasyPrint) with the region's letterhead and a QR code to the verification page on the
tenant's own host."""
from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import segno
import sqlalchemy as sa
from babel.dates import format_date
from flask import render_template, url_for

from jenjang.extensions import db
from jenjang.people.api import Employee
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import Tenant
from jenjang.training.delivery import attendance
from jenjang.training.labels import decimal_comma
from jenjang.training.models import SIASN_KINDS, Enrolment, Programme, TrainingSession

CODE_RE = re.compile(r"^[A-Z2-7]{12,40}$")


def normalise_code(text: str | None) -> str | None:
    """What a person typed (spaces, dashes, lower case) → the stored form, or None if it cannot be one."""
    if not text:
        return None
    code = re.sub(r"[\s\-.]", "", str(text)).upper()[:64]
    return code if CODE_RE.match(code) else None


def format_code(code: str | None) -> str:
    if not code:
        return ""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


@dataclass
class Certificate:
    enrolment_id: int
    code: str
    name: str
    nip: str
    programme: str
    kind: str
    provider_name: str | None
    session_name: str
    first_day: dt.date
    last_day: dt.date
    jp: Decimal
    classical: bool
    score: Decimal | None
    issued_at: dt.datetime | None

    @property
    def display_code(self) -> str:
        return format_code(self.code)


def _select():
    return (sa.select(Enrolment, Employee, TrainingSession, Programme)
            .join(Employee, sa.and_(Employee.tenant_id == Enrolment.tenant_id, Employee.id == Enrolment.employee_id))
            .join(TrainingSession, sa.and_(TrainingSession.tenant_id == Enrolment.tenant_id,
                                           TrainingSession.id == Enrolment.session_id))
            .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                     Programme.id == TrainingSession.programme_id)))


def _build(row) -> Certificate:
    enrolment, employee, session, programme = row
    first, last = attendance.session_dates(session)
    return Certificate(enrolment.id, enrolment.certificate_code, employee.display_name, employee.nip,
                       programme.title, SIASN_KINDS.get(programme.kind_code, ("", True))[0],
                       programme.provider_name, session.name, first, last, programme.jp, programme.classical,
                       enrolment.score, enrolment.certificate_issued_at)


def lookup(code: str | None) -> Certificate | None:
    """The valid certificate with this code in the current tenant, or None (forged, revoked, another
    tenant's, or not a code at all)."""
    code = normalise_code(code)
    if code is None:
        return None
    row = db.session.execute(_select().where(Enrolment.certificate_code == code,
                                             Enrolment.status == "completed")).first()
    return _build(row) if row is not None else None


def for_enrolment(enrolment_id: int) -> Certificate | None:
    row = db.session.execute(_select().where(Enrolment.id == enrolment_id, Enrolment.status == "completed",
                                             Enrolment.certificate_code.is_not(None))).first()
    return _build(row) if row is not None else None


def verification_url(code: str) -> str:
    """The public page on the host this request came to (the tenant's own host)."""
    return url_for("training.verify", code=format_code(code), _external=True)


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2, dark="#000")


def _logo_data_uri() -> str | None:
    row = db.session.execute(sa.select(Tenant.logo_data, Tenant.logo_mime)
                             .where(Tenant.id == require_tenant_id())).first()
    if row is None or row.logo_data is None:
        return None
    return f"data:{row.logo_mime};base64,{base64.b64encode(row.logo_data).decode()}"


def _id_date(value) -> str:
    """The certificate is an Indonesian document whatever the reader's language."""
    if isinstance(value, dt.datetime):
        value = attendance.local_date(value)
    return format_date(value, "long", locale="id")


def pdf_bytes(cert: Certificate) -> bytes:
    from weasyprint import HTML  # heavy (Pango, fonts): loaded when a PDF is made, not with every page

    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.id == require_tenant_id()))
    url = verification_url(cert.code)
    html = render_template("training/certificate_pdf.html", cert=cert, tenant=tenant, logo=_logo_data_uri(),
                           qr=qr_data_uri(url), verify_url=url, id_date=_id_date, fmt_num=decimal_comma)
    return HTML(string=html).write_pdf()
