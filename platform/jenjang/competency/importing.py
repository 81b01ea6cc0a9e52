"""Importing assessment results (typically from an assessment centre) from XLSX: all or nothing.

Every row is checked first (NIP known in this region, competency code known and not retired,
level 1–5, a real date not in the future, a known source); if any row is wrong the report lists
each problem by row and column and nothing is written. Reading the file reuses the people
module's streaming reader, so a big file costs little memory.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.competency.models import SOURCES, Competency, CompetencyAssessment
from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.people.api import (
    Employee,
    ImportFileError,
    actor_label,
    data_rows,
    inspect_file,
    normalise_header,
    normalise_nip,
)
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import utcnow

MAX_ROWS = 50_000
COLUMNS = {  # field → accepted headers (normalised)
    "nip": ("nip", "nipbaru"),
    "code": ("kode", "kodekompetensi", "kompetensi", "competency", "competencycode"),
    "level": ("level", "levelkompetensi", "nilai", "levelcapaian"),
    "assessed_on": ("tanggal", "tanggalpenilaian", "tglpenilaian", "date"),
    "source": ("sumber", "source"),
    "assessor": ("asesor", "assessor", "penilai"),
    "evidence": ("catatan", "bukti", "catatanbukti", "evidence"),
}
REQUIRED = ("nip", "code", "level", "assessed_on")
HEADERS = ("NIP", "Kode kompetensi", "Level", "Tanggal penilaian", "Sumber", "Asesor", "Catatan bukti")
SOURCE_WORDS = {
    "assessmentcenter": "assessment_center", "assessmentcentre": "assessment_center", "ac": "assessment_center",
    "ujikompetensi": "competency_test", "competencytest": "competency_test", "360": "feedback_360",
    "feedback360": "feedback_360", "penilaian360": "feedback_360", "atasan": "supervisor",
    "penilaianatasan": "supervisor", "supervisor": "supervisor",
}
DATE_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    total: int = 0
    applied: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.file_error is None


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    m = DATE_RE.match(text)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    return None


def _level(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def _source(value, default: str) -> str | None:
    if value is None:
        return default
    text = str(value).strip()
    if text in SOURCES:
        return text
    return SOURCE_WORDS.get(normalise_header(text))


def _map_columns(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalise_header(header)
        for name, aliases in COLUMNS.items():
            if key in aliases and name not in positions:
                positions[name] = index
    missing = [name for name in REQUIRED if name not in positions]
    return positions, missing


@dataclass
class _Known:
    """What the rows refer to: this region's employees by NIP, its competencies by code."""

    employees: dict[str, int]
    competencies: dict[str, sa.Row]

    @classmethod
    def load(cls, parsed: list[tuple[int, dict]]) -> _Known:
        nip_list = sorted({normalise_nip(str(c["nip"])) for _n, c in parsed if c["nip"] is not None})
        employees: dict[str, int] = {}
        for start in range(0, len(nip_list), 5000):
            employees.update(db.session.execute(sa.select(Employee.nip, Employee.id).where(
                Employee.nip.in_(nip_list[start:start + 5000]))).all())
        competencies = {r.code.upper(): r for r in db.session.execute(
            sa.select(Competency.code, Competency.id, Competency.retired_at))}
        return cls(employees, competencies)


def _check_employee(cells: dict, known: _Known, err) -> int | None:
    nip = normalise_nip(str(cells["nip"])) if cells["nip"] is not None else ""
    employee_id = known.employees.get(nip)
    if not nip:
        err("NIP", _("NIP wajib diisi."))
    elif employee_id is None:
        err("NIP", _("Pegawai dengan NIP %(nip)s tidak ada di wilayah ini.", nip=nip))
    return employee_id


def _check_competency(cells: dict, known: _Known, err):
    code = str(cells["code"] or "").strip().upper()
    comp = known.competencies.get(code)
    if not code:
        err(HEADERS[1], _("Kode kompetensi wajib diisi."))
    elif comp is None:
        err(HEADERS[1], _("Kompetensi berkode %(code)s tidak ada di kamus.", code=code))
    elif comp.retired_at is not None:
        err(HEADERS[1], _("Kompetensi %(code)s sudah dipensiunkan: penilaian baru tidak diterima.", code=code))
    return comp


def _check_level(cells: dict, err) -> int | None:
    level = _level(cells["level"]) if cells["level"] is not None else None
    if level is None or not 1 <= level <= 5:
        err(HEADERS[2], _("Level \"%(value)s\" tidak valid: tulis bilangan bulat 1 sampai 5.",
                          value=cells["level"] if cells["level"] is not None else ""))
    return level


def _check_date(cells: dict, today: dt.date, err) -> dt.date | None:
    assessed_on = _date(cells["assessed_on"]) if cells["assessed_on"] is not None else None
    if assessed_on is None:
        err(HEADERS[3], _("Tanggal \"%(value)s\" tidak valid: tulis TTTT-BB-HH atau HH-BB-TTTT.",
                          value=cells["assessed_on"] if cells["assessed_on"] is not None else ""))
    elif assessed_on > today or assessed_on.year < 2000:
        err(HEADERS[3], _("Tanggal %(value)s di luar rentang: sejak 2000 dan tidak di masa depan.",
                          value=assessed_on.isoformat()))
    return assessed_on


def _check_row(cells: dict, known: _Known, today: dt.date, default_source: str, err) -> dict:
    """The row's values, every problem reported through ``err(column, message)``."""
    for name, value in cells.items():
        if isinstance(value, str) and value.startswith("="):
            err(name, _("Sel berisi rumus, bukan nilai: tempel sebagai nilai (Paste Special → Values)."))
    employee_id = _check_employee(cells, known, err)
    comp = _check_competency(cells, known, err)
    level = _check_level(cells, err)
    assessed_on = _check_date(cells, today, err)
    source = _source(cells.get("source"), default_source)
    if source is None:
        err(HEADERS[4], _("Sumber \"%(value)s\" tidak dikenal: tulis assessment center, uji kompetensi, "
                          "360 atau atasan.", value=cells.get("source")))
    return {"employee_id": employee_id, "competency_id": comp.id if comp is not None else None, "level": level,
            "source": source, "assessed_on": assessed_on,
            "assessor": str(cells.get("assessor") or "").strip()[:200] or None,
            "evidence": str(cells.get("evidence") or "").strip() or None}


def _checked_rows(parsed: list[tuple[int, dict]], report: ImportReport, default_source: str) -> list[dict]:
    known = _Known.load(parsed)
    today = clock.today()
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for number, cells in parsed:
        errors_before = len(report.errors)

        def err(column: str, message: str, number=number) -> None:
            report.errors.append(RowError(number, column, message))

        row = _check_row(cells, known, today, default_source, err)
        if len(report.errors) > errors_before:
            continue
        key = (row["employee_id"], row["competency_id"], row["assessed_on"], row["source"])
        if key in seen:
            err(HEADERS[1], _("Baris ganda: NIP, kompetensi, tanggal dan sumber yang sama ada di baris %(other)s.",
                              other=seen[key]))
            continue
        seen[key] = number
        rows.append(row)
    return rows


def _write(rows: list[dict]) -> None:
    batch = uuid.uuid4().hex[:12]
    by, now = actor_label(), utcnow()
    tid = require_tenant_id()
    for start in range(0, len(rows), 5000):
        db.session.execute(sa.insert(CompetencyAssessment), [
            {**r, "tenant_id": tid, "batch": batch, "recorded_at": now, "recorded_by": by}
            for r in rows[start:start + 5000]])
    audit.record("competency.assessments_imported", object_type="CompetencyAssessment", object_id=batch,
                 after={"rows": len(rows)})
    db.session.flush()


def import_assessments(path: Path, *, default_source: str = "assessment_center") -> ImportReport:
    report = ImportReport()
    try:
        info = inspect_file(path, MAX_ROWS)
    except ImportFileError as exc:
        report.file_error = f"{exc.problem.message} {exc.problem.fix}"
        return report
    positions, missing = _map_columns(info.headers)
    if missing:
        labels = dict(zip(("nip", "code", "level", "assessed_on"), HEADERS[:4], strict=True))
        report.file_error = _("Kolom wajib tidak ada: %(columns)s. Unduh templat untuk contoh.",
                              columns=", ".join(labels[m] for m in missing))
        return report
    parsed = [(number, {name: (values[i] if i < len(values) else None) for name, i in positions.items()})
              for number, values in data_rows(path, info)]
    report.total = len(parsed)
    rows = _checked_rows(parsed, report, default_source)
    if report.errors:
        return report  # all or nothing: not a single row is written
    _write(rows)
    report.applied = len(rows)
    return report


def template_workbook() -> bytes:
    import openpyxl  # slow to import: loaded when a template is downloaded, as people's importer does

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Penilaian"
    ws.append(list(HEADERS))
    ws.append(["198609262015051001", "M.01", 3, clock.today().replace(day=1).isoformat(), "assessment center",
               "Asesor contoh", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
