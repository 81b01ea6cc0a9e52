"""Exports of the competency reports to XLSX (openpyxl) and PDF (WeasyPrint, on the region's
letterhead). A report is a title and some tables; the same Report feeds both formats.

Spreadsheet cells that start with = + - @ are written with a leading apostrophe so a name like
"=HYPERLINK(…)" can never run as a formula in the reader's Excel (CSV/formula injection).
"""
from __future__ import annotations

import base64
import datetime as dt
import io
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Response, g, render_template
from markupsafe import Markup

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.tenancy.models import Tenant

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]


@dataclass
class Report:
    title: str
    subtitle: str = ""
    tables: list[Table] = field(default_factory=list)
    chart: Markup | None = None


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_xlsx(report: Report) -> bytes:
    import openpyxl  # slow to import: loaded only when a spreadsheet is asked for
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=False)
    wb.remove(wb.active)
    used: set[str] = set()
    for table in report.tables:
        name = re.sub(r"[\[\]:*?/\\]", " ", table.title)[:28] or "Data"
        base, n = name, 2
        while name in used:
            name, n = f"{base[:25]} {n}", n + 1
        used.add(name)
        ws = wb.create_sheet(name)
        ws.append([neutralise(report.title)])
        ws["A1"].font = Font(bold=True)
        if report.subtitle:
            ws.append([neutralise(report.subtitle)])
        ws.append([])
        ws.append([neutralise(str(h)) for h in table.headers])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([neutralise(v) if not isinstance(v, (int, float, dt.date)) else v for v in row])
    if not report.tables:
        wb.create_sheet("Data").append([report.title])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _logo_data_uri() -> str | None:
    tenant = g.get("tenant")
    if tenant is None:
        return None
    row = db.session.execute(sa.select(Tenant.logo_data, Tenant.logo_mime).where(Tenant.id == tenant.id)).first()
    if row is None or row.logo_data is None:
        return None
    return f"data:{row.logo_mime};base64,{base64.b64encode(row.logo_data).decode()}"


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # slow to import (and needs Pango): loaded only for a PDF

    html = render_template("competency/export_pdf.html", report=report, logo=_logo_data_uri(),
                           printed_at=clock.local_now())
    return HTML(string=html).write_pdf()


MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


def send(report: Report, fmt: str, filename: str) -> Response:
    data = to_xlsx(report) if fmt == "xlsx" else to_pdf(report)
    safe = re.sub(r"[^A-Za-z0-9_.-]", "-", filename)[:80]
    response = Response(data, mimetype=MIME[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
