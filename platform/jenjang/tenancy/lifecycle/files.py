"""The tenant's files on disk (FILES_DIR/<tenant_id>/, export ZIPs under FILES_DIR/_exports/), and
their removal tied to the transaction: an import's files go if it rolls back, a deleted tenant's
files (and its cached results) go once the deletion commits."""
from __future__ import annotations

import shutil
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from jenjang.core import datacache
from jenjang.extensions import db

PURGE_KEY = "jenjang_purge_paths"
FORGET_KEY = "jenjang_forget_tenants"
WRITTEN_KEY = "jenjang_import_written"


def files_root() -> Path:
    return Path(current_app.config["FILES_DIR"])


def tenant_files_dir(tenant_id: int) -> Path:
    return files_root() / str(int(tenant_id))


def exports_dir() -> Path:
    """Export ZIPs, outside every tenant's own directory (FILES_DIR/<tenant_id>/)."""
    path = files_root() / "_exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _remove_tree(path: Path | None) -> None:
    if path is None or not path.exists():
        return
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_on_rollback(path: Path) -> None:
    db.session().info.setdefault(WRITTEN_KEY, []).append(path)



def purge_on_commit(paths: list[Path], tenant_id: int) -> None:
    """Remove these paths, and forget the tenant's cached results, once the transaction commits."""
    db.session().info.setdefault(PURGE_KEY, []).extend(paths)
    db.session().info.setdefault(FORGET_KEY, []).append(tenant_id)


@event.listens_for(Session, "after_commit")
def _purge_after_commit(session):
    session.info.pop(WRITTEN_KEY, None)
    for path in session.info.pop(PURGE_KEY, []):
        _remove_tree(path)
    for tenant_id in session.info.pop(FORGET_KEY, []):
        datacache.forget_tenant(tenant_id)  # its cached results and progress keys in Redis


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session):
    session.info.pop(PURGE_KEY, None)
    session.info.pop(FORGET_KEY, None)
    for path in session.info.pop(WRITTEN_KEY, []):
        _remove_tree(path)
