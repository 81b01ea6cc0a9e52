"""Imports as work: accept an upload, map its columns, check it and show what it would do
(status "preview"), then apply it once the officer confirms (and accepts its warnings). Each of
the two passes runs inline for small files or as an RQ job on the "imports" queue for large ones,
with the live progress bar. A job is enqueued only after the transaction that asked for it
commits, so the worker always finds the run in the state it expects.

    mapping → queued → running → preview → applying → done
                                 ↘ invalid   ↘ cancelled  ↘ invalid (the data changed meanwhile) / failed"""
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
from jenjang.people.imports.columns import COLUMNS, auto_mapping, missing_required
from jenjang.people.imports.files import FileInfo, ImportFileError, inspect_file, sniff_format
from jenjang.people.imports.kinds import HANDLERS
from jenjang.people.imports.run import Progress, Report, run_import
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
    else:  # shown again with the officer's choice; the refused request rolls it back
        run.mapping = {k: v for k, v in mapping.items() if v is not None}
    return problems


def lock(run: ImportRun) -> ImportRun:
    """Reload the run locked for this transaction, so a double click confirms or cancels once."""
    db.session.refresh(run, with_for_update=True)
    return run


def _inline(run: ImportRun) -> bool:
    return (run.total_rows or 0) <= current_app.config["PEOPLE_IMPORT_INLINE_ROWS"]


def _enqueue_after_commit(run: ImportRun, phase: str) -> None:
    tid = require_tenant_id()
    run_id = run.id

    def enqueue(_session):
        enqueue_tenant_job("jenjang.people.tasks:import_job", run_id, queue_name="imports", tenant_id=tid,
                           job_id=f"import-{phase}-{tid}-{run_id}", job_timeout=3600)

    sa.event.listen(db.session(), "after_commit", enqueue, once=True)


def queue_or_run(run: ImportRun) -> None:
    """Check the file and prepare its preview: now, or in the background for a large file."""
    if _inline(run):
        check(run)
        return
    run.status = "queued"
    _enqueue_after_commit(run, "check")


def confirm(run: ImportRun) -> None:
    """The officer has seen the preview (and accepted its warnings): apply, now or in the background."""
    run.status = "applying"
    preview = (run.summary or {}).get("preview", {})
    audit.record("people.import_confirmed", run, after={
        "kind": run.kind, "file": run.original_name, **{k: preview.get(k) for k in ("created", "updated", "unchanged")},
        "warnings_accepted": (run.summary or {}).get("warning_count", 0)})
    db.session.flush()
    if _inline(run):
        apply(run)
    else:
        _enqueue_after_commit(run, "apply")


def cancel(run: ImportRun) -> None:
    run.status, run.finished_at = "cancelled", utcnow()
    audit.record("people.import_cancelled", run, after={"kind": run.kind, "file": run.original_name})


def _handler(run: ImportRun, *, dry_run: bool):
    return HANDLERS[run.kind]({k: int(v) for k, v in run.mapping.items()}, list(run.headers),
                              {"create_accounts": run.create_accounts}, dry_run=dry_run)


def _run(run: ImportRun, handler, progress: Progress):
    """run_import in a savepoint: a failure rolls back the data, never the run's record.
    Returns the report, or None when the import failed for a reason of the system's."""
    try:
        with db.session.begin_nested():
            report = run_import(run_path(run), _info(run), handler, progress.set)
            if report.error_count:
                raise _Invalid(report)
    except _Invalid as invalid:
        return invalid.report
    except Exception:
        log.exception("import %s failed", run.id)
        return None
    return report


def _invalid(run: ImportRun, report: Report) -> None:
    run.status, run.errors, run.error_count = "invalid", report.errors, report.error_count
    run.summary = {"warnings": report.warnings, "warning_count": report.warning_count}
    run.finished_at = utcnow()


def check(run: ImportRun) -> None:
    """Pass 1 and a dry pass 2: every row checked, and what applying would do counted and
    described (run.summary["preview"]), with nothing written."""
    progress = Progress(run.id)
    handler = _handler(run, dry_run=True)
    run.status = "running"
    report = _run(run, handler, progress)
    if report is None:
        run.status, run.finished_at = "failed", utcnow()
    elif report.error_count:
        _invalid(run, report)
    else:
        run.status, run.errors, run.error_count = "preview", [], 0
        run.summary = {"preview": {k: handler.summary[k] for k in ("created", "updated", "unchanged")}
                       | {"changes": handler.changes},
                       "warnings": report.warnings, "warning_count": report.warning_count}
    progress.set(run.status, run.total_rows or 0, run.total_rows or 0)
    db.session.flush()


def apply(run: ImportRun) -> None:
    """The confirmed import, checked again (the data may have changed since the preview) and written."""
    progress = Progress(run.id)
    handler = _handler(run, dry_run=False)
    preview = (run.summary or {}).get("preview", {})
    report = _run(run, handler, progress)
    if report is None:
        run.status = "failed"
    elif report.error_count:
        _invalid(run, report)
    else:
        run.status, run.errors, run.error_count = "done", [], 0
        run.summary = handler.summary | {"preview": preview, "warnings": report.warnings,
                                         "warning_count": report.warning_count}
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
    """The check (status queued) or the confirmed application (status applying) of a large file."""
    run = db.session.scalar(sa.select(ImportRun).where(ImportRun.id == run_id).with_for_update())
    if run is None:
        return "skipped"
    if run.status in ("queued", "running"):
        check(run)
    elif run.status == "applying":
        apply(run)
    else:
        return "skipped"
    return run.status


def template_columns(kind: str):
    return COLUMNS[kind]
