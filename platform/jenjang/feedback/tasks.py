"""Launch as work, and the deadline reminder.

`start_launch` refuses a cycle that cannot be launched (with the reasons), marks it
"launching", and either launches at once (small cycles, tests) or enqueues `launch_job` after
the commit; the job writes every assignment and every rater's notification in one transaction
(bulk INSERTs; the outbox rows are enqueued for delivery after that commit, in chunks) and
reports its progress in Redis, which the cycle page polls (htmx) while the job runs.

The reminder is one RQ job scheduled at `reminder_due_at`; when it runs it announces only to the
raters who still have unsent forms, and does nothing if the deadline moved (a later job exists)
or the cycle closed.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import zoneinfo

import sqlalchemy as sa
from flask import current_app, g, has_app_context
from flask_babel import gettext as _

from jenjang import jobs
from jenjang.auth.models import User
from jenjang.core import audit
from jenjang.extensions import db
from jenjang.feedback.models import FeedbackAssignment, FeedbackCycle
from jenjang.feedback.operations.assignments import prepare_assignments, subjects_query
from jenjang.feedback.operations.common import FeedbackError
from jenjang.feedback.operations.cycles import launch_problems
from jenjang.notifications.api import announce
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import Tenant, utcnow

log = logging.getLogger(__name__)
INLINE_MAX_SUBJECTS = 2000


class Progress:
    """Live launch progress in Redis (`t<tenant>:feedback-launch:<cycle>`), readable while the
    job's transaction is still open."""

    def __init__(self, cycle_id: int):
        self.key = f"t{require_tenant_id()}:feedback-launch:{cycle_id}"

    def set(self, phase: str, done: int, total: int) -> None:
        try:
            jobs.redis_connection().set(self.key, json.dumps({"phase": phase, "done": done, "total": total}),
                                        ex=86400)
        except Exception:  # progress is a nicety; the launch must not fail for it
            log.warning("launch progress not stored", exc_info=True)

    def read(self) -> dict | None:
        try:
            raw = jobs.redis_connection().get(self.key)
        except Exception:
            return None
        return json.loads(raw) if raw else None


def start_launch(cycle: FeedbackCycle, *, inline: bool | None = None) -> bool:
    """Returns True when the launch finished now, False when it was queued."""
    problems = launch_problems(cycle)
    if problems:
        raise FeedbackError(" ".join(problems))
    cycle.status = "launching"
    cycle.launch_error = None
    db.session.flush()
    if inline is None:
        limit = current_app.config.get("FEEDBACK_LAUNCH_INLINE_MAX", INLINE_MAX_SUBJECTS)
        inline = db.session.scalar(sa.select(sa.func.count()).select_from(subjects_query(cycle).subquery())) <= limit
    if inline:
        launch(cycle)
        return True
    tid, cycle_id = require_tenant_id(), cycle.id
    Progress(cycle_id).set("queued", 0, 1)

    def enqueue(_session):
        jobs.enqueue_tenant_job("jenjang.feedback.tasks:launch_job", cycle_id, tenant_id=tid,
                                job_id=f"feedback-launch-{tid}-{cycle_id}-{int(utcnow().timestamp())}",
                                job_timeout=1800)

    sa.event.listen(db.session(), "after_commit", enqueue, once=True)
    return False


def launch(cycle: FeedbackCycle) -> dict:
    """Assignments (unless HR prepared them), one notification per rater, the reminder; open."""
    progress = Progress(cycle.id)
    if cycle.assignments_prepared_at is None:
        prepare_assignments(cycle, progress.set)
    counts = dict(db.session.execute(sa.select(FeedbackAssignment.relation, sa.func.count())
                                     .where(FeedbackAssignment.cycle_id == cycle.id)
                                     .group_by(FeedbackAssignment.relation)).all())
    if not sum(counts.values()):
        raise FeedbackError(_no_raters())
    progress.set("notifications", 0, 1)
    raters = db.session.scalars(sa.select(User.id).where(User.employee_id.in_(
        sa.select(FeedbackAssignment.rater_employee_id).where(FeedbackAssignment.cycle_id == cycle.id)))).all()
    sent = announce("feedback.assigned", raters, {"cycle": cycle.name, "deadline": cycle.deadline.isoformat()},
                    f"feedback.assigned:{cycle.id}", link=("feedback.my_forms", {}))
    cycle.status = "open"
    cycle.launched_at = utcnow()
    db.session.flush()
    schedule_reminder(cycle)
    audit.record("feedback.cycle_launched", cycle, after={"assignments": counts, "notified": sent})
    progress.set("done", 1, 1)
    return {"assignments": sum(counts.values()), "notified": sent}


def _no_raters() -> str:
    return _("Tidak ada penilai: tidak ada pegawai dalam cakupan atau tidak ada kelompok penilai yang dipilih.")


@jobs.tenant_job
def launch_job(cycle_id: int) -> str:
    cycle = db.session.scalar(sa.select(FeedbackCycle).where(FeedbackCycle.id == cycle_id).with_for_update())
    if cycle is None or cycle.status != "launching":
        return "nothing to do"
    try:
        with db.session.begin_nested():
            result = launch(cycle)
    except Exception as exc:
        log.exception("launch of cycle %s failed", cycle_id)
        cycle.status = "draft"
        cycle.launch_error = str(getattr(exc, "message", None) or "system error")[:500]
        Progress(cycle_id).set("failed", 0, 1)
        return "failed"
    return f"launched: {result}"


# --- the reminder ----------------------------------------------------------------------------

def _tenant_tz() -> zoneinfo.ZoneInfo:
    tenant = g.get("tenant") if has_app_context() else None
    if tenant is None:
        tenant = db.session.get(Tenant, require_tenant_id())
    return zoneinfo.ZoneInfo(tenant.tz_name)


def reminder_time(cycle: FeedbackCycle) -> dt.datetime | None:
    """08:00 local time, `reminder_days` before the deadline (None when that is already past)."""
    if not cycle.reminder_days:
        return None
    day = cycle.deadline - dt.timedelta(days=cycle.reminder_days)
    due = dt.datetime.combine(day, dt.time(8, 0), tzinfo=_tenant_tz())
    return due if due > utcnow() else None


def schedule_reminder(cycle: FeedbackCycle) -> dt.datetime | None:
    """(Re)schedule the reminder job after the commit; a job for an older time becomes a no-op."""
    due = reminder_time(cycle)
    cycle.reminder_due_at = due
    db.session.flush()
    if due is None:
        return None
    tid, cycle_id, stamp = require_tenant_id(), cycle.id, int(due.timestamp())

    def enqueue(_session):
        try:
            jobs.queue("default").enqueue_at(due, jobs.run_tenant_job, tid, "jenjang.feedback.tasks:reminder_job",
                                             cycle_id, stamp, job_id=f"feedback-reminder-{tid}-{cycle_id}-{stamp}")
        except Exception:
            log.warning("feedback reminder for cycle %s not scheduled (Redis?)", cycle_id, exc_info=True)

    sa.event.listen(db.session(), "after_commit", enqueue, once=True)
    return due


def unfinished_rater_users(cycle: FeedbackCycle) -> list[int]:
    return list(db.session.scalars(sa.select(User.id).where(User.employee_id.in_(
        sa.select(FeedbackAssignment.rater_employee_id).where(FeedbackAssignment.cycle_id == cycle.id,
                                                              FeedbackAssignment.submitted_at.is_(None))))))


def send_reminder(cycle: FeedbackCycle, key_suffix: str) -> int:
    if not cycle.is_open:
        raise FeedbackError("closed")
    return announce("feedback.reminder", unfinished_rater_users(cycle),
                    {"cycle": cycle.name, "deadline": cycle.deadline.isoformat()},
                    f"feedback.reminder:{cycle.id}:{key_suffix}", link=("feedback.my_forms", {}))


@jobs.tenant_job
def reminder_job(cycle_id: int, stamp: int) -> str:
    cycle = db.session.scalar(sa.select(FeedbackCycle).where(FeedbackCycle.id == cycle_id))
    if cycle is None or not cycle.is_open or cycle.reminder_due_at is None \
            or int(cycle.reminder_due_at.timestamp()) != stamp:
        return "nothing to do"
    sent = send_reminder(cycle, str(stamp))
    cycle.reminder_due_at = None
    return f"reminded {sent}"
