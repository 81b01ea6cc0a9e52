"""The decision letter draft (SK) as a PDF with the region's letterhead (WeasyPrint)."""
from __future__ import annotations

import base64

import sqlalchemy as sa
from flask import g, make_response, render_template

from jenjang.extensions import db
from jenjang.people.api import RANKS, Position
from jenjang.promotion import settings as promo_settings
from jenjang.promotion.kinds import KINDS
from jenjang.promotion.rules import rank_code
from jenjang.tenancy.models import Tenant


def _logo_data_uri(tenant) -> str | None:
    row = db.session.execute(sa.select(Tenant.logo_data, Tenant.logo_mime).where(Tenant.id == tenant.id)).first()
    if row is None or row.logo_data is None:
        return None
    return f"data:{row.logo_mime};base64,{base64.b64encode(row.logo_data).decode()}"


def sk_html(case) -> str:

    settings = promo_settings.get_settings()
    target = db.session.scalar(sa.select(Position).where(Position.id == case.target_position_id)) \
        if case.target_position_id else None
    return render_template("promotion/sk.html", case=case, kind=KINDS[case.kind], tenant=g.tenant,
                           logo=_logo_data_uri(g.tenant), settings=settings, rank_code=rank_code,
                           pangkat=lambda rid: RANKS[rid - 1][1] if rid else "", target=target)


def sk_pdf_response(case):
    from weasyprint import HTML  # heavy: loaded only when an SK is printed

    pdf = HTML(string=sk_html(case)).write_pdf()
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="SK-{case.id}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
