"""Spreadsheet output: the directory export (CSV and XLSX, streamed) and the import templates.

The directory export has exactly the employee import template's columns, written as the import
reads them (codes for position and unit, III/a, 2019-04-01, aktif/pensiun…): an export can be
corrected in a spreadsheet and imported back, and imported unchanged it changes nothing.

Any text cell that begins with =, +, - or @ (or a tab or carriage return) is prefixed with an
apostrophe, so a spreadsheet shows it as text and never runs it as a formula (CSV injection).
NIPs are written as text so Excel does not turn them into 1.98609E+17.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Iterator

from flask import Response, stream_with_context

from jenjang.people.imports.columns import COLUMNS, EMPLOYMENT_TYPE_SPELLING, STATUS_SPELLING
from jenjang.people.models import PPPK_GRADES, RANKS

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(neutralise(value) if isinstance(value, str) else value)


def stream_csv(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """UTF-8 with BOM (Excel then reads the accents right), comma separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([_csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(header: list[str], rows: Iterable[list], sheet: str = "Data") -> bytes:
    """A write-only workbook (constant memory per row), returned as bytes."""
    import openpyxl  # heavy to load; only an XLSX download needs it, not every web process's start

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.append([neutralise(h) for h in header])
    for row in rows:
        ws.append([neutralise(v) if isinstance(v, str) else v for v in row])
    with tempfile.TemporaryFile() as f:
        wb.save(f)
        f.seek(0)
        return f.read()


def download(fmt: str, header: list[str], rows: Iterable[list], *, filename: str, sheet: str = "Data") -> Response:
    """The file as an attachment: CSV generated piece by piece (``rows`` already read inside the
    request's transaction), or an XLSX workbook."""
    if fmt == "csv":
        response = Response(stream_with_context(stream_csv(header, rows)), mimetype="text/csv")
    else:
        response = Response(xlsx_bytes(header, rows, sheet), mimetype=XLSX_MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- directory export --------------------------------------------------------------------

EXPORT_KEYS = ("nip", "full_name", "front_title", "back_title", "employment_type", "rank_id", "grade_id", "rank_tmt",
               "position_code", "position_name", "position_tmt", "unit_code", "unit_name", "education_level",
               "education_major", "email", "phone", "status", "contract_number", "contract_start", "contract_end")


def directory_header() -> list[str]:
    """The employee import template's header, column for column."""
    headers = {c.key: c.header for c in COLUMNS["employees"]}
    assert set(headers) == set(EXPORT_KEYS), "the export and the employee template must have the same columns"
    return [c.header for c in COLUMNS["employees"]]


def directory_rows(rows: Iterable) -> Iterator[list]:
    order = [c.key for c in COLUMNS["employees"]]
    for r in rows:
        values = {"nip": r.nip, "full_name": r.full_name, "front_title": r.front_title, "back_title": r.back_title,
                  "employment_type": EMPLOYMENT_TYPE_SPELLING[r.employment_type],
                  "rank_id": RANKS[r.rank_id - 1][0] if r.rank_id else None,
                  "grade_id": PPPK_GRADES[r.grade_id - 1] if r.grade_id else None,
                  "rank_tmt": r.rank_tmt, "position_code": r.position_code,
                  # the name only where there is no code (a name is how such a position is found again)
                  "position_name": None if r.position_code else r.position_name, "position_tmt": r.position_tmt,
                  "unit_code": r.unit_code, "unit_name": None if r.unit_code else r.unit_name,
                  "education_level": r.education_level,
                  "education_major": r.education_major, "email": r.email, "phone": r.phone,
                  "status": STATUS_SPELLING[r.archive_reason or "active"],  # archived ⇔ a reason
                  "contract_number": r.contract_number, "contract_start": r.contract_start,
                  "contract_end": r.contract_end}
        yield [values[k] for k in order]


# --- import templates --------------------------------------------------------------------

def template_rows(kind: str) -> tuple[list[str], list[list]]:
    columns = COLUMNS[kind]
    return [c.header for c in columns], [[c.example or None for c in columns]]
