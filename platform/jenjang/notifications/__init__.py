"""Notifications: the transactional outbox, RQ delivery over SMTP, the in-app inbox and bell,
per-user email preferences, tenant-editable templates (sandboxed) and reminders.

Other modules use `jenjang.notifications.api` (announce, schedule_reminder, move_reminder,
cancel_reminder) and register their kinds in `jenjang.notifications.kinds`."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)
