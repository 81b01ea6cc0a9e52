"""Spreadsheet output: the directory export (CSV and XLSX, streamed) and the import templates.

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

from flask_babel import gettext as _

from jenjang.people.import_columns import COLUMNS

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.append([neutralise(h) for h in header])
    for row in rows:
        ws.append([neutralise(v) if isinstance(v, str) else v for v in row])
    with tempfile.TemporaryFile() as f:
        wb.save(f)
        f.seek(0)
        return f.read()


# --- directory export --------------------------------------------------------------------

def directory_header() -> list[str]:
    return ["NIP", _("Nama"), _("Gelar depan"), _("Gelar belakang"), _("Jenis kepegawaian"), _("Golongan"),
            _("TMT golongan"), _("Jabatan"), _("Jenis jabatan"), _("TMT jabatan"), _("Unit"), _("Pendidikan"),
            _("Jurusan"), _("Email"), _("Telepon"), _("Status")]


def directory_rows(rows: Iterable) -> Iterator[list]:
    from jenjang.people.labels import POSITION_KIND_LABELS, STATUS_LABELS
    from jenjang.people.queries import rank_label

    for r in rows:
        yield [r.nip, r.full_name, r.front_title, r.back_title, r.employment_type, rank_label(r.rank_id)
               if r.rank_id else None, r.rank_tmt, r.position_name,
               str(POSITION_KIND_LABELS[r.position_kind]) if r.position_kind else None, r.position_tmt, r.unit_name,
               r.education_level, r.education_major, r.email, r.phone, str(STATUS_LABELS.get(r.status, r.status))]


# --- import templates --------------------------------------------------------------------

def template_rows(kind: str) -> tuple[list[str], list[list]]:
    columns = COLUMNS[kind]
    return [c.header for c in columns], [[c.example or None for c in columns]]
