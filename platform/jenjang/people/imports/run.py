"""Running an import: validate every row, then apply all of it or nothing.

Pass 1 streams the file, parses each mapped cell and lets the kind's handler check the row
against the database and the rest of the file; every problem goes into the report (row,
column, value, what is wrong, how to fix it). Any problem and the run stops there: nothing is
written. Pass 2 reads the parsed rows back from a temporary spool file and the handler works
through them in batches inside the one transaction of the job (or request), which commits once.

Every import runs twice: first as a preview (`Writes(dry_run=True)`: pass 2 decides row by row
what it would insert or update, counts new, changed and unchanged rows and keeps the first
changes field by field, and writes nothing), then, once the officer has confirmed, for real,
through the same code. Progress goes to Redis under a tenant-prefixed key so the page can poll
it while the transaction is still open.
"""
from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import logging
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from jenjang.extensions import db
from jenjang.jobs import redis_connection
from jenjang.people.exporting import DANGEROUS_PREFIXES
from jenjang.people.imports.columns import COLUMNS, CellError, Column
from jenjang.people.imports.files import FileInfo, ImportFileError, data_rows
from jenjang.people.problems import Problem
from jenjang.tenancy import bulk
from jenjang.tenancy.context import require_tenant_id

log = logging.getLogger(__name__)

MAX_REPORTED = 1000
BATCH = 1000
PREVIEW_CHANGES = 20  # rows of the preview shown field by field


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


class Writes:
    """Where a handler's writes go: the database, or nowhere (the preview), where ids are made up."""

    def __init__(self, dry_run: bool):
        self.dry_run = dry_run
        self._made_up = itertools.count(-1, -1)

    def reserve_ids(self, table, n: int) -> list[int]:
        return [next(self._made_up) for _ in range(n)] if self.dry_run else bulk.reserve_ids(table, n)

    def insert(self, table, rows) -> None:
        if not self.dry_run:
            bulk.insert_rows(table, rows)

    def update(self, table, rows, columns) -> None:
        if not self.dry_run:
            bulk.update_rows(table, rows, columns)

    def execute(self, statement) -> None:
        if not self.dry_run:
            db.session.execute(statement)


class Handler:
    """One kind of import. Subclasses check rows in pass 1 and write them in pass 2, through
    `self.out` (which writes nothing in a preview) and telling `note()` what each row does."""

    kind = ""
    stream_apply = True  # False: the handler keeps pass-1 rows and applies them at the end

    def __init__(self, mapping: dict[str, int], headers: list[str], options: dict, *, dry_run: bool = False):
        self.mapping = mapping
        self.headers = headers
        self.options = options
        self.out = Writes(dry_run)
        self.summary = {"created": 0, "updated": 0, "unchanged": 0, "history": 0, "accounts": 0}
        self.changes: list[dict] = []

    @property
    def dry_run(self) -> bool:
        return self.out.dry_run

    def header_of(self, key: str) -> str:
        column = next(c for c in COLUMNS[self.kind] if c.key == key)
        index = self.mapping.get(key)
        return self.headers[index] if index is not None and index < len(self.headers) else column.header

    def note(self, number: int, key: str, name: str | None, fields: list | None = None) -> None:
        """Row `number` (its key and name) is new (fields None) or changes these fields:
        [(column, before, after)] in the file's own column names and spelling."""
        if len(self.changes) < PREVIEW_CHANGES:
            self.changes.append({"row": number, "key": key, "name": name,
                                 "action": "new" if fields is None else "changed",
                                 "fields": [[column, shown(before), shown(after)] for column, before, after
                                            in (fields or ())]})

    def diff(self, current: dict, target: dict, columns: dict[str, str], show=None) -> list[tuple]:
        """(column, before, after) for each key of `columns` ({key: column key}) that changes."""
        show = show or (lambda _key, value: value)
        return [(self.header_of(column), show(key, current.get(key)), show(key, target[key]))
                for key, column in columns.items() if key in target and current.get(key) != target[key]]

    def prepare(self) -> None: ...
    def check(self, row: ParsedRow, report: Report) -> None: ...
    def finish_check(self, report: Report) -> None: ...
    def apply_batch(self, rows: list[ParsedRow]) -> None: ...
    def finish_apply(self) -> None: ...


def shown(value) -> str | None:
    """A value as the preview prints it: dates as the template writes them, nothing as None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def closest(value: str, known) -> str | None:
    """The known code nearest to a mistyped one (same letters in another case first), or None."""
    known = list(known)
    folded = {k.casefold(): k for k in known}
    if value.casefold() in folded:
        return folded[value.casefold()]
    match = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.75)
    return folded[match[0]] if match else None


def unneutralise(value):
    """Undo the export's protection against formulas ("'=…" → "=…"), so an export goes back in
    as it came out. A text cell that starts with = is still refused as a formula."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(DANGEROUS_PREFIXES):
        return value[1:]
    return value


def parse_row(columns: tuple[Column, ...], mapping: dict[str, int], headers: list[str], number: int,
              values: list, report: Report) -> ParsedRow | None:
    parsed, raw, ok = {}, {}, True
    for column in columns:
        index = mapping.get(column.key)
        value = values[index] if index is not None and index < len(values) else None
        heading = headers[index] if index is not None and index < len(headers) else column.header
        raw[column.key] = value
        if isinstance(value, str) and value.startswith("="):
            report.add(number, heading, value, Problem("cell.formula", value=value[:40]))
            ok = False
            continue
        if value is None:
            if column.required:
                report.add(number, heading, None, Problem("cell.required"))
                ok = False
            continue
        try:
            parsed[column.key] = column.parse(unneutralise(value))
        except CellError as exc:
            report.add(number, heading, value, exc.problem)
            ok = False
    return ParsedRow(number, parsed, raw) if ok else None


class Progress:
    """Live progress in Redis (`t<tenant>:import:<run>`), readable while the job's transaction is open."""

    def __init__(self, run_id: int):
        self.key = f"t{require_tenant_id()}:import:{run_id}"

    def set(self, phase: str, done: int, total: int) -> None:
        try:
            redis_connection().set(self.key, json.dumps({"phase": phase, "done": done, "total": total}), ex=86400)
        except Exception:  # progress is a nicety; the import must not fail for it
            log.warning("import progress not stored", exc_info=True)

    @staticmethod
    def read(run_id: int) -> dict | None:
        try:
            raw = redis_connection().get(f"t{require_tenant_id()}:import:{run_id}")
        except Exception:
            return None
        return json.loads(raw) if raw else None


def run_import(path: Path, info: FileInfo, handler: Handler, progress: Callable[[str, int, int], None]) -> Report:
    """Validate, then apply (or, for a preview handler, work out) when valid. Returns the report
    (no errors: applied, or previewed in `handler.summary` and `handler.changes`)."""
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

    phase = "comparing" if handler.dry_run else "applying"
    if not handler.dry_run:
        bulk.replan()
    if not handler.stream_apply:
        for start in range(0, len(kept), BATCH):
            handler.apply_batch(kept[start:start + BATCH])
            progress(phase, min(start + BATCH, len(kept)), total)
    else:
        done = 0
        for batch in spool.batches():
            handler.apply_batch(batch)
            done += len(batch)
            progress(phase, done, total)
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
