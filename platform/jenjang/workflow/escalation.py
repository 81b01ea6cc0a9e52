"""A case never gets stuck: a step whose actor resolves to nobody goes to the tenant's escalation
role (HR by default; the admin when nobody holds that role either), and an open step whose actors
have gone since (their account disabled) goes back to the definition's actor or escalates."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from jenjang.core import audit
from jenjang.extensions import db
from jenjang.tenancy.models import utcnow
from jenjang.workflow.actors import actionable, actor_label, actor_user_ids, defined_actor_ids, role_user_ids
from jenjang.workflow.definitions import ACTORS
from jenjang.workflow.handlers import HANDLERS
from jenjang.workflow.locking import move_if_unchanged
from jenjang.workflow.models import WorkflowCase, WorkflowSettings, WorkflowTransition
from jenjang.workflow.notify import cancel_step_reminders, notify_step

ESCALATION_ROLES = ("hr", "admin", "committee", "ppk")


def escalation_role() -> str:
    """The role a step goes to when its actor resolves to nobody (tenant setting, default HR)."""
    row = db.session.scalar(sa.select(WorkflowSettings))
    return row.escalation_role if row else "hr"


def set_escalation_role(role: str) -> WorkflowSettings:
    if role not in ESCALATION_ROLES:
        raise ValueError(role)
    row = db.session.scalar(sa.select(WorkflowSettings))
    before = row.escalation_role if row else "hr"
    if row is None:
        row = WorkflowSettings(escalation_role=role)
        db.session.add(row)
    row.escalation_role = role
    row.updated_at = utcnow()
    db.session.flush()
    if before != role:
        audit.record("workflow.settings_changed", row, before={"escalation_role": before},
                     after={"escalation_role": role})
    return row


def escalate_if_nobody_acts(case: WorkflowCase, now: dt.datetime) -> bool:
    """A step whose actor resolves to nobody would wait forever: it goes to the escalation role
    (the admin when nobody holds that role either), with a history row saying why."""
    if case.step is None or case.assignee_user_id is not None or case.escalated_role or defined_actor_ids(case):
        return False
    role = escalation_role()
    if not role_user_ids(role) and role != "admin":
        role = "admin"
    case.escalated_role = role
    with force_locale("id"):  # the history is data, in the region's language
        comment = _("Tidak ada akun yang dapat bertindak sebagai %(actor)s pada langkah ini (jabatan kosong atau "
                    "pemegangnya belum punya akun). Langkah dialihkan ke %(role)s.",
                    actor=actor_label(case.step), role=ACTORS.get(f"role:{role}", role))
    db.session.add(WorkflowTransition(
        case_id=case.id, action="escalate", from_step=case.step_index, to_step=case.step_index,
        from_step_name=case.step["name"], to_step_name=case.step["name"], actor_user_id=None, actor_label="system",
        comment=comment, at=now))
    db.session.flush()
    return True


def escalate_if_stuck(case: WorkflowCase) -> bool:
    """An open step whose actors have gone since the case entered it (the person it was
    reassigned to, or the only holder of the actor's account, was disabled or archived) goes back
    to the definition's actor or, when that is nobody, to the escalation role; the actors are
    notified afresh (a new lock_version, so new reminder and notification keys)."""
    if case.step is None or actor_user_ids(case):
        return False
    now = utcnow()
    seen = case.lock_version
    cancel_step_reminders(case)
    if not move_if_unchanged(case, seen, assignee_user_id=None, escalated_role=None):
        return False  # someone moved it meanwhile: it has actors again
    escalate_if_nobody_acts(case, now)
    notify_step(case)
    return True


def escalate_cases_left_by(user) -> int:
    """After `user` lost their account: every open case they could act on that now has nobody."""
    count = 0
    lost_roles = {r for r in (user.roles or []) if not role_user_ids(r)}
    for subject_type in list(HANDLERS):
        condition = actionable(user, subject_type)
        if condition is None:
            continue
        for case in db.session.scalars(sa.select(WorkflowCase).where(condition).order_by(WorkflowCase.id)):
            if _others_still_act(case, lost_roles):
                continue  # another holder of the role acts on it; no query per case
            count += escalate_if_stuck(case)
    return count


def _others_still_act(case: WorkflowCase, lost_roles: set[str]) -> bool:
    kind, _sep, value = case.step["actor"].partition(":")
    if case.assignee_user_id is None and case.escalated_role is None and kind == "role" and value not in lost_roles:
        return True
    return case.escalated_role is not None and case.escalated_role not in lost_roles
