"""Who may do what with notifications (named checks, as in auth/permissions.py)."""
from __future__ import annotations

from jenjang.auth.permissions import can_administer_tenant, is_signed_in_employee


def can_read_inbox(user, _notification=None) -> bool:
    """One's own inbox (the view loads only one's own notifications)."""
    return is_signed_in_employee(user)


def can_manage_notification_templates(user) -> bool:
    return can_administer_tenant(user)


def can_handle_failed_notifications(user, _notification=None) -> bool:
    return can_administer_tenant(user)
