"""Random tokens for cookies and links; only the SHA-256 of a token is ever stored."""
from __future__ import annotations

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(32)
    return raw, digest(raw)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
