"""Imports as work: accept an upload, map its columns, then validate-and-apply either inline
(small files) or as an RQ job on the "imports" queue (large ones). The job is enqueued only
after the transaction that created the run commits, so the worker always finds it."""
from __future__ import annotations

import logging
import uuid
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from jenjang import storage
from jenjang.core import audit
from jenjang.extensions import db
from jenjang.jobs import enqueue_tenant_job, tenant_job
from jenjang.people.import_columns import COLUMNS, auto_mapping, missing_required
from jenjang.people.import_kinds import HANDLERS
from jenjang.people.import_run import Progress, Report, run_import
from jenjang.people.importing import FileInfo, ImportFileError, inspect_file, sniff_format
from jenjang.people.models import ImportRun
from jenjang.people.problems import Problem
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import utcnow

log = logging.getLogger(__name__)


def imports_dir() -> Path:
    """Every tenant's files live under their own prefix: FILES_DIR/<tenant_id>/imports."""
    return storage.tenant_dir("imports")


def run_path(run: ImportRun) -> Path:
    return imports_dir() / run.stored_name


def _info(run: ImportRun) -> FileInfo:
    return FileInfo(run.file_format, list(run.headers), run.total_rows or 0)


def start_import(kind: str, stream, original_name: str, *, create_accounts: bool,
                 user_id: int | None) -> tuple[ImportRun, Problem | None]:
    """Store the upload and look at it. A file that cannot be imported still gets a run (so
    the report has a page) with status invalid and nothing else done."""
    stored = f"{uuid.uuid4().hex}.upload"
    path = imports_dir() / stored
    stream.save(str(path)) if hasattr(stream, "save") else path.write_bytes(stream.read())
    run = ImportRun(kind=kind, original_name=(original_name or "upload")[:255], stored_name=stored,
                    file_format="?", headers=[], mapping={}, errors=[], summary={},
                    create_accounts=create_accounts and kind == "employees", created_by_user_id=user_id,
                    status="mapping", error_count=0)
    db.session.add(run)
    try:
        run.file_format = sniff_format(path)
        info = inspect_file(path, current_app.config["PEOPLE_IMPORT_MAX_ROWS"])
    except ImportFileError as exc:
        _finish_invalid(run, exc.problem)
        path.unlink(missing_ok=True)
        db.session.flush()
        return run, exc.problem
    run.headers, run.total_rows = info.headers, info.total_rows
    run.mapping = {k: i for k, i in auto_mapping(kind, info.headers).items()}
    db.session.flush()
    audit.record("people.import_uploaded", run, after={"kind": kind, "file": run.original_name,
                                                       "rows": run.total_rows})
    if not missing_required(kind, run.mapping):
        queue_or_run(run)
    return run, None


def _finish_invalid(run: ImportRun, problem: Problem) -> None:
    report = Report()
    report.add(None, None, None, problem)
    run.status, run.errors, run.error_count, run.finished_at = "invalid", report.errors, 1, utcnow()


def set_mapping(run: ImportRun, mapping: dict[str, int | None]) -> list[Problem]:
    """Apply the officer's column mapping; returns the problems (empty when it can go on)."""
    clean = {k: i for k, i in mapping.items() if i is not None and 0 <= i < len(run.headers)}
    problems = []
    used: dict[int, str] = {}
    for key, index in clean.items():
        if index in used:
            problems.append(Problem("column.mapped_twice", column=run.headers[index]))
        used[index] = key
    for column in missing_required(run.kind, clean):
        problems.append(Problem("column.missing", column=column.header))
    if not problems:
        run.mapping = clean
        queue_or_run(run)
    return problems


def queue_or_run(run: ImportRun) -> None:
    if (run.total_rows or 0) <= current_app.config["PEOPLE_IMPORT_INLINE_ROWS"]:
        execute(run)
        return
    run.status = "queued"
    tid = require_tenant_id()
    run_id = run.id
    session = db.session()

    def enqueue(_session):
        enqueue_tenant_job("jenjang.people.tasks:import_job", run_id, queue_name="imports", tenant_id=tid,
                           job_id=f"import-{tid}-{run_id}", job_timeout=3600)

    sa.event.listen(session, "after_commit", enqueue, once=True)


def execute(run: ImportRun) -> None:
    """Validate and apply in a savepoint: a failure rolls back the data, not the run's record."""
    path = run_path(run)
    progress = Progress(run.id)
    handler = HANDLERS[run.kind]({k: int(v) for k, v in run.mapping.items()}, list(run.headers),
                                {"create_accounts": run.create_accounts})
    run.status = "running"
    try:
        with db.session.begin_nested():
            report = run_import(path, _info(run), handler, progress.set)
            if report.error_count:
                raise _Invalid(report)
    except _Invalid as invalid:
        run.status, run.errors, run.error_count = "invalid", invalid.report.errors, invalid.report.error_count
        run.summary = {"warnings": invalid.report.warnings, "warning_count": invalid.report.warning_count}
    except Exception:
        log.exception("import %s failed", run.id)
        run.status = "failed"
    else:
        run.status, run.errors, run.error_count = "done", [], 0
        run.summary = handler.summary | {"warnings": report.warnings, "warning_count": report.warning_count}
        audit.record("people.import_applied", run, after={"kind": run.kind, "file": run.original_name,
                                                          **{k: v for k, v in handler.summary.items()}})
    run.finished_at = utcnow()
    progress.set(run.status, run.total_rows or 0, run.total_rows or 0)
    db.session.flush()


class _Invalid(Exception):
    def __init__(self, report: Report):
        super().__init__("invalid")
        self.report = report


@tenant_job
def import_job(run_id: int) -> str:
    run = db.session.scalar(sa.select(ImportRun).where(ImportRun.id == run_id))
    if run is None or run.status not in ("queued", "running"):
        return "skipped"
    execute(run)
    return run.status


def template_columns(kind: str):
    return COLUMNS[kind]
