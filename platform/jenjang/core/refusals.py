"""The base of the refusals operations raise: a change the rules do not allow, with the message for
the user. ``attempt`` (core/resources.py) catches them, rolls the change back and shows ``message``."""
from __future__ import annotations


class Refusal(ValueError):
    """Refused with a message for the user; `field` names the form field it concerns (None: the whole
    form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
