"""Notifications: the transactional outbox, RQ delivery over SMTP, the in-app inbox and bell,
per-user email preferences, tenant-editable templates (sandboxed) and reminders; the development
mail sink (``sink``) too.

Other modules use ``jenjang.notifications.api`` (announce, schedule_reminder, move_reminder,
cancel_reminder) and register their kinds with ``jenjang.notifications.kinds.register``.
Notifications may import ``core``, ``extensions``, ``tenancy`` and ``auth`` (users and their
permissions, the recipients); never a domain module (those import it, not the other way).
Files: ``models``, ``forms``, ``views``, ``operations`` (writes), ``queries`` (reads), ``tasks``
(the RQ jobs: delivery, reminders, the sweep), ``outbox`` (enqueue after commit), ``mailer``
(SMTP), ``rendering`` (the sandbox), ``kinds``, ``permissions``, ``links`` (account emails)."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)
