"""Files on disk, always under FILES_DIR/<tenant_id>/<area>/ with random names, so one tenant's
path can never be built from another's input, and nothing is reachable by a guessable URL."""
from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from flask import current_app

from jenjang.tenancy.context import require_tenant_id

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
    (tenant_dir(area) / name).write_bytes(data)
    return name, hashlib.sha256(data).hexdigest()


def path_of(area: str, storage_name: str) -> Path:
    if not all(c in "0123456789abcdef" for c in storage_name) or len(storage_name) != 32:
        raise FileNotFoundError(storage_name)
    return tenant_dir(area) / storage_name
