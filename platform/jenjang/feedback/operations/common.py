"""The refusal every write of the 360 evaluation raises, and the check that a cycle is still a draft."""
from __future__ import annotations

from flask_babel import gettext as _

from jenjang.core.refusals import Refusal
from jenjang.feedback.models import FeedbackCycle


class FeedbackError(Refusal):
    """A refused change of a 360 cycle, its questions, raters or answers."""


def require_draft(cycle: FeedbackCycle) -> None:
    if not cycle.is_draft:
        raise FeedbackError(_("Siklus ini sudah diluncurkan: pengaturannya tidak dapat diubah lagi."))

