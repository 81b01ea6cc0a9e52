"""Running an import: validate every row, then apply all of it or nothing.

Pass 1 streams the file, parses each mapped cell and lets the kind's handler check the row
against the database and the rest of the file; every problem goes into the report (row,
column, value, what is wrong, how to fix it). Any problem and the run stops there: nothing is
written. Pass 2 reads the parsed rows back from a temporary spool file and the handler writes
them in batches inside the one transaction of the job (or request), which commits once.
Progress goes to Redis under a tenant-prefixed key so the page can poll it while the
transaction is still open.
"""
from __future__ import annotations

import json
import logging
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from jenjang.people.import_columns import COLUMNS, CellError, Column
from jenjang.people.importing import FileInfo, ImportFileError, data_rows
from jenjang.people.problems import Problem
from jenjang.tenancy.context import require_tenant_id

log = logging.getLogger(__name__)

MAX_REPORTED = 1000
BATCH = 1000


@dataclass
class Report:
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    warnings: list[dict] = field(default_factory=list)
    warning_count: int = 0

    def add(self, row: int | None, column: str | None, value, problem: Problem, *, warning: bool = False) -> None:
        entry = {"row": row, "column": column, "value": None if value is None else str(value)[:80],
                 "code": problem.code, "params": {k: str(v) for k, v in problem.params.items()}}
        if warning:
            self.warning_count += 1
            if len(self.warnings) < MAX_REPORTED:
                self.warnings.append(entry)
        else:
            self.error_count += 1
            if len(self.errors) < MAX_REPORTED:
                self.errors.append(entry)


@dataclass
class ParsedRow:
    number: int
    values: dict
    raw: dict


class Handler:
    """One kind of import. Subclasses check rows in pass 1 and write them in pass 2."""

    kind = ""
    stream_apply = True  # False: the handler keeps pass-1 rows and applies them at the end

    def __init__(self, mapping: dict[str, int], headers: list[str], options: dict):
        self.mapping = mapping
        self.headers = headers
        self.options = options
        self.summary = {"created": 0, "updated": 0, "unchanged": 0, "history": 0, "accounts": 0}

    def header_of(self, key: str) -> str:
        column = next(c for c in COLUMNS[self.kind] if c.key == key)
        index = self.mapping.get(key)
        return self.headers[index] if index is not None and index < len(self.headers) else column.header

    def prepare(self) -> None: ...
    def check(self, row: ParsedRow, report: Report) -> None: ...
    def finish_check(self, report: Report) -> None: ...
    def apply_batch(self, rows: list[ParsedRow]) -> None: ...
    def finish_apply(self) -> None: ...


def parse_row(columns: tuple[Column, ...], mapping: dict[str, int], headers: list[str], number: int,
              values: list, report: Report) -> ParsedRow | None:
    parsed, raw, ok = {}, {}, True
    for column in columns:
        index = mapping.get(column.key)
        value = values[index] if index is not None and index < len(values) else None
        shown = headers[index] if index is not None and index < len(headers) else column.header
        raw[column.key] = value
        if isinstance(value, str) and value.startswith("="):
            report.add(number, shown, value, Problem("cell.formula", value=value[:40]))
            ok = False
            continue
        if value is None:
            if column.required:
                report.add(number, shown, None, Problem("cell.required"))
                ok = False
            continue
        try:
            parsed[column.key] = column.parse(value)
        except CellError as exc:
            report.add(number, shown, value, exc.problem)
            ok = False
    return ParsedRow(number, parsed, raw) if ok else None


class Progress:
    """Live progress in Redis (`t<tenant>:import:<run>`), readable while the job's transaction is open."""

    def __init__(self, run_id: int):
        self.key = f"t{require_tenant_id()}:import:{run_id}"

    def set(self, phase: str, done: int, total: int) -> None:
        from jenjang.jobs import redis_connection

        try:
            redis_connection().set(self.key, json.dumps({"phase": phase, "done": done, "total": total}), ex=86400)
        except Exception:  # progress is a nicety; the import must not fail for it
            log.warning("import progress not stored", exc_info=True)

    @staticmethod
    def read(run_id: int) -> dict | None:
        from jenjang.jobs import redis_connection

        try:
            raw = redis_connection().get(f"t{require_tenant_id()}:import:{run_id}")
        except Exception:
            return None
        return json.loads(raw) if raw else None


def run_import(path: Path, info: FileInfo, handler: Handler, progress: Callable[[str, int, int], None]) -> Report:
    """Validate, then apply when valid. Returns the report (empty errors = applied)."""
    report = Report()
    columns = COLUMNS[handler.kind]
    total = info.total_rows
    spool = Spool()
    try:
        handler.prepare()
        kept: list[ParsedRow] = []
        for i, (number, values) in enumerate(data_rows(path, info), start=1):
            row = parse_row(columns, handler.mapping, info.headers, number, values, report)
            if row is not None:
                handler.check(row, report)
                if not handler.stream_apply:
                    kept.append(row)
                else:
                    spool.add(row)
            if i % BATCH == 0:
                progress("validating", i, total)
            if i > current_app.config.get("PEOPLE_IMPORT_MAX_ROWS", 50_000):
                report.add(None, None, None, Problem("file.too_many_rows", max=current_app.config.get(
                    "PEOPLE_IMPORT_MAX_ROWS", 50_000)))
                return report
        handler.finish_check(report)
    except ImportFileError as exc:
        report.add(None, None, None, exc.problem)
        spool.close()
        return report
    progress("validating", total, total)
    if report.error_count:
        spool.close()
        return report

    from jenjang.people.bulk import replan

    replan()
    if not handler.stream_apply:
        for start in range(0, len(kept), BATCH):
            handler.apply_batch(kept[start:start + BATCH])
            progress("applying", min(start + BATCH, len(kept)), total)
    else:
        done = 0
        for batch in spool.batches():
            handler.apply_batch(batch)
            done += len(batch)
            progress("applying", done, total)
    spool.close()
    handler.finish_apply()
    progress("done", total, total)
    return report


class Spool:
    """Pass 1's parsed rows, pickled to a temporary file in batches and read back by pass 2: the
    file is parsed once (XLSX parsing is the slow part) and memory stays one batch deep."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        self.pending: list[ParsedRow] = []
        self.count = 0

    def add(self, row: ParsedRow) -> None:
        self.pending.append(row)
        if len(self.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            pickle.dump([(r.number, r.values) for r in self.pending], self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += len(self.pending)
            self.pending = []

    def batches(self):
        self._flush()
        self.file.seek(0)
        while True:
            try:
                chunk = pickle.load(self.file)  # noqa: S301 - our own temporary file, written above
            except EOFError:
                return
            yield [ParsedRow(number, values, {}) for number, values in chunk]

    def close(self) -> None:
        self.file.close()
