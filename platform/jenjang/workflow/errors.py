"""The refusals of the engine: each carries a message the user can read and the HTTP status a
view answers with."""
from __future__ import annotations


class TransitionRefused(Exception):
    """Refused with an explanation the user can read. `status` is the HTTP status to answer."""

    status = 403

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CaseMoved(TransitionRefused):
    """Someone else moved the case since the user opened it (its lock version changed)."""

    status = 409


class ReassignRefused(TransitionRefused):
    """Refused reassignment; `field` names the form field the message belongs to."""

    status = 422

    def __init__(self, message: str, field: str = "person"):
        super().__init__(message)
        self.field = field
