"""The renewal letter (keputusan perpanjangan perjanjian kerja) as a PDF with the region's
letterhead (WeasyPrint), made once when the PPK approves and stored with the renewal."""
from __future__ import annotations

import base64

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale

from jenjang import storage
from jenjang.contracts import queries
from jenjang.contracts.models import ContractRenewal
from jenjang.contracts.operations import AREA
from jenjang.extensions import db
from jenjang.people.api import EmploymentContract, grade_label
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import Tenant


def _logo_data_uri(tenant) -> str | None:
    if tenant.logo_data is None:
        return None
    return f"data:{tenant.logo_mime};base64,{base64.b64encode(tenant.logo_data).decode()}"


def letter_html(renewal: ContractRenewal, new: EmploymentContract) -> str:
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.id == require_tenant_id()))
    employee = queries.employee(renewal.employee_id)
    with force_locale("id"):  # the letter is the region's document, in its language
        return render_template("contracts/letter.html", renewal=renewal, old=renewal.contract, new=new,
                               employee=employee, tenant=tenant, logo=_logo_data_uri(tenant),
                               settings=queries.get_settings(), grade=grade_label(None, new.grade_id))


def store_letter(renewal: ContractRenewal, new: EmploymentContract) -> None:
    from weasyprint import HTML  # heavy: loaded only when a letter is made

    pdf = HTML(string=letter_html(renewal, new)).write_pdf()
    renewal.letter_stored, _digest = storage.save(AREA, pdf)
    db.session.flush()
