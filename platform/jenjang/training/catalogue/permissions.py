"""Who may do what in the catalogue: every employee and HR browse it (a programme, a session's
calendar file); HR manages programmes and sessions."""
from __future__ import annotations

from jenjang.training.permissions import can_browse, can_record_attendance, is_training_admin


def can_browse_catalogue(user, programme_or_session=None) -> bool:
    """The catalogue, one programme or one session (what is hidden from whom is the view's: an
    inactive programme, a cancelled session)."""
    return can_browse(user)


def can_manage_catalogue(user, programme_or_session=None) -> bool:
    """HR: create and edit programmes and sessions, cancel a session."""
    return is_training_admin(user)


def can_see_programme(user, programme) -> bool:
    """An inactive programme is HR's only (to others it does not exist)."""
    return programme.active or is_training_admin(user)


def can_see_session(user, session) -> bool:
    """A cancelled session is HR's only (its calendar file is gone for everyone else)."""
    return session.status != "cancelled" or is_training_admin(user)


def can_see_roster(user, session) -> bool:
    """HR, or the session's facilitator (to anyone else the roster does not exist)."""
    return can_record_attendance(user, session)
