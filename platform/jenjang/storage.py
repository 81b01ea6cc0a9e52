"""Files on disk, always under FILES_DIR/<tenant_id>/<area>/ with random names, so one tenant's
path can never be built from another's input, and nothing is reachable by a guessable URL.

Files follow the transaction that names them: a file saved in a transaction that rolls back is
removed, and a file replaced (`discard`) is removed only once the replacement has committed."""
from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from jenjang.extensions import db
from jenjang.tenancy.context import require_tenant_id

_ON_ROLLBACK = "jenjang_files_written"
_ON_COMMIT = "jenjang_files_discarded"

MAX_UPLOAD = 5 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


def files_root() -> Path:
    return Path(current_app.config["FILES_DIR"])


def tenant_dir(area: str) -> Path:
    if not area.isidentifier():
        raise ValueError("area must be a plain name")
    path = files_root() / str(require_tenant_id()) / area
    path.mkdir(parents=True, exist_ok=True)
    return path


def sniff(data: bytes) -> tuple[str, str] | None:
    """(mime, extension) from the file's first bytes; the name and the browser's claim are ignored."""
    for magic, mime, ext in SIGNATURES:
        if data.startswith(magic):
            return mime, ext
    return None


def save(area: str, data: bytes) -> tuple[str, str]:
    """Write `data` under the tenant's area; returns (storage_name, sha256)."""
    name = secrets.token_hex(16)
    path = tenant_dir(area) / name
    path.write_bytes(data)
    _session_info().setdefault(_ON_ROLLBACK, []).append(path)
    return name, hashlib.sha256(data).hexdigest()


def discard(area: str, storage_name: str | None) -> None:
    """Remove a stored file once the current transaction commits (nothing if it rolls back)."""
    if storage_name:
        try:
            path = path_of(area, storage_name)
        except FileNotFoundError:
            return
        _session_info().setdefault(_ON_COMMIT, []).append(path)


def _session_info() -> dict:
    """The session's info, with a transaction begun so that its commit or rollback is seen even
    if nothing else touches the database before it."""
    session = db.session()
    if not session.in_transaction():
        session.begin()
    return session.info


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    session.info.pop(_ON_ROLLBACK, None)
    for path in session.info.pop(_ON_COMMIT, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session, previous_transaction) -> None:
    if previous_transaction.parent is not None:
        return  # a savepoint: the outer transaction decides
    session.info.pop(_ON_COMMIT, None)
    for path in session.info.pop(_ON_ROLLBACK, []):
        path.unlink(missing_ok=True)


def path_of(area: str, storage_name: str) -> Path:
    if not all(c in "0123456789abcdef" for c in storage_name) or len(storage_name) != 32:
        raise FileNotFoundError(storage_name)
    return tenant_dir(area) / storage_name
