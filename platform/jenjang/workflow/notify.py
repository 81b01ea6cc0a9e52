"""What a transition tells people, through the notifications outbox: the actors of the step a
case enters (with a reminder at its deadline for them and, a working day later, for the admins),
and the subject and starter of a case that closed. Keys carry the case's lock version, so each
step entered is announced once and its reminders are cancelled when the case moves on."""
from __future__ import annotations

from jenjang.core import clock
from jenjang.notifications.api import announce, cancel_reminder, schedule_reminder
from jenjang.workflow import kinds as _kinds  # noqa: F401  (registers the notification kinds)
from jenjang.workflow.actors import actor_user_ids, role_user_ids, users_of_employees
from jenjang.workflow.handlers import handler_of
from jenjang.workflow.models import WorkflowCase
from jenjang.workflow.workdays import add_working_days


def notify_step(case: WorkflowCase) -> None:
    step = case.step
    actors = actor_user_ids(case)
    link = handler_of(case).link(case)
    payload = {"title": case.title, "step": step["name"],
               "due": clock.local_date(case.step_due_at).isoformat() if case.step_due_at else ""}
    if actors:
        announce("workflow.assigned", actors, payload, f"workflow.assigned:{case.id}:{case.lock_version}",
                 link=link)
    if case.step_due_at and actors:
        schedule_reminder("workflow.overdue", actors, payload, key=f"workflow.sla:{case.id}:{case.lock_version}",
                          due_at=case.step_due_at, link=link)
        admins = role_user_ids("admin")
        if admins:  # a working day after the deadline, like the deadline itself
            schedule_reminder("workflow.overdue_admin", admins, payload,
                              key=f"workflow.sla-admin:{case.id}:{case.lock_version}",
                              due_at=add_working_days(case.step_due_at, 1), link=link)


def cancel_step_reminders(case: WorkflowCase, lock_version: int | None = None) -> None:
    """Cancel the deadline reminders of the step the case was at under `lock_version` (default:
    its current one)."""
    lock = case.lock_version if lock_version is None else lock_version
    cancel_reminder(f"workflow.sla:{case.id}:{lock}")
    cancel_reminder(f"workflow.sla-admin:{case.id}:{lock}")


def notify_closed(case: WorkflowCase, outcome: str) -> None:
    recipients = set(users_of_employees([case.subject_employee_id] if case.subject_employee_id else []))
    if case.started_by_user_id:
        recipients.add(case.started_by_user_id)
    if recipients:
        announce("workflow.closed", recipients, {"title": case.title, "outcome": outcome},
                 f"workflow.closed:{case.id}", link=handler_of(case).link(case))
