"""Who may do what in the catalogue: every employee and HR browse it (a programme, a session's
calendar file); HR manages programmes and sessions."""
from __future__ import annotations

from jenjang.training.permissions import can_browse, is_training_admin


def can_browse_catalogue(user, programme_or_session=None) -> bool:
    """The catalogue, one programme or one session (what is hidden from whom is the view's: an
    inactive programme, a cancelled session)."""
    return can_browse(user)


def can_manage_catalogue(user, programme_or_session=None) -> bool:
    """HR: create and edit programmes and sessions, cancel a session."""
    return is_training_admin(user)
