"""Individual development plans (IDP): the employee writes goals per competency with target
dates and submits; their supervisor (derived from the organisation, people/reporting.py) comments
and approves, or returns the plan for revision. Writes flush, never commit; the reads of the
plan pages (goals, plans waiting for review) are at the end."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.auth.models import User
from jenjang.competency.models import Competency, DevelopmentGoal, DevelopmentPlan
from jenjang.competency.operations import CompetencyError, check_level, usable_competency
from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.notifications.api import announce
from jenjang.people.api import Employee, supervisor_id_of
from jenjang.tenancy.models import utcnow


def plan_for(employee: Employee, year: int | None = None, *, create: bool = False) -> DevelopmentPlan | None:
    year = year or clock.today().year
    plan = db.session.scalar(sa.select(DevelopmentPlan).where(DevelopmentPlan.employee_id == employee.id,
                                                              DevelopmentPlan.year == year))
    if plan is None and create:
        plan = DevelopmentPlan(employee_id=employee.id, year=year, status="draft")
        db.session.add(plan)
        db.session.flush()
        audit.record("competency.plan_created", plan, after={"employee_id": employee.id, "year": year})
    return plan


def _require_editable(plan: DevelopmentPlan) -> None:
    if not plan.is_editable:
        raise CompetencyError(_("Rencana ini sedang ditinjau atau sudah disetujui; tidak dapat diubah."))


def save_summary(plan: DevelopmentPlan, summary: str | None) -> None:
    _require_editable(plan)
    plan.summary = (summary or "").strip() or None
    plan.updated_at = utcnow()


def add_goal(plan: DevelopmentPlan, *, competency_id: int, target_level, action: str,
             target_date: dt.date | None) -> DevelopmentGoal:
    _require_editable(plan)
    comp = usable_competency(competency_id)
    level = check_level(target_level, "target_level")
    if target_date is None:
        raise CompetencyError(_("Tanggal target wajib diisi."), "target_date")
    if target_date < clock.today():
        raise CompetencyError(_("Tanggal target tidak boleh di masa lalu."), "target_date")
    action = (action or "").strip()
    if not action:
        raise CompetencyError(_("Tulis apa yang akan dilakukan untuk mencapai target."), "action")
    goal = DevelopmentGoal(plan_id=plan.id, competency_id=comp.id, target_level=level, action=action,
                           target_date=target_date)
    db.session.add(goal)
    plan.updated_at = utcnow()
    db.session.flush()
    return goal


def remove_goal(plan: DevelopmentPlan, goal: DevelopmentGoal) -> None:
    _require_editable(plan)
    db.session.delete(goal)
    plan.updated_at = utcnow()
    db.session.flush()


def submit_plan(plan: DevelopmentPlan, employee: Employee) -> None:
    """Send the plan to the supervisor; a plan with no goal or no supervisor cannot be sent."""
    _require_editable(plan)
    if not db.session.scalar(sa.select(sa.func.count()).select_from(DevelopmentGoal)
                             .where(DevelopmentGoal.plan_id == plan.id)):
        raise CompetencyError(_("Tambahkan paling sedikit satu sasaran sebelum mengirim rencana."))
    reviewer = supervisor_id_of(employee)
    if reviewer is None:
        raise CompetencyError(_("Atasan Anda belum tercatat; hubungi bagian kepegawaian."))
    plan.status, plan.reviewer_employee_id, plan.submitted_at = "submitted", reviewer, utcnow()
    plan.updated_at = utcnow()
    audit.record("competency.plan_submitted", plan, after={"reviewer_employee_id": reviewer})
    _notify("competency.plan_submitted", reviewer, plan, {"employee": employee.display_name})


def review_plan(plan: DevelopmentPlan, reviewer: Employee, *, approve: bool, comment: str | None) -> None:
    if plan.status != "submitted":
        raise CompetencyError(_("Rencana ini tidak sedang menunggu persetujuan."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise CompetencyError(_("Tulis komentar agar pegawai tahu apa yang perlu diperbaiki."), "comment")
    plan.status = "approved" if approve else "returned"
    plan.reviewer_employee_id, plan.reviewer_comment = reviewer.id, comment or None
    plan.reviewed_at = plan.updated_at = utcnow()
    audit.record("competency.plan_approved" if approve else "competency.plan_returned", plan,
                 after={"reviewer_employee_id": reviewer.id, "comment": plan.reviewer_comment})
    _notify("competency.plan_reviewed", plan.employee_id, plan,
            {"decision": "approved" if approve else "returned", "reviewer": reviewer.display_name})


def _notify(kind: str, employee_id: int, plan: DevelopmentPlan, payload: dict) -> None:
    user_id = db.session.scalar(sa.select(User.id).where(User.employee_id == employee_id, User.is_active))
    if user_id is None:
        return
    stamp = int((plan.updated_at or utcnow()).timestamp())
    announce(kind, [user_id], {**payload, "year": plan.year}, f"{kind}:{plan.id}:{stamp}",
             link=("competency.plan_detail", {"plan_id": plan.id}))


# --- reads of the plan pages ----------------------------------------------------------------

def plan_goals(plan_id: int | None) -> list:
    """(goal, competency code, name, English name) of a development plan, by target date."""
    if plan_id is None:
        return []
    return db.session.execute(
        sa.select(DevelopmentGoal, Competency.code, Competency.name, Competency.name_en)
        .join(Competency, sa.and_(Competency.tenant_id == DevelopmentGoal.tenant_id,
                                  Competency.id == DevelopmentGoal.competency_id))
        .where(DevelopmentGoal.plan_id == plan_id).order_by(DevelopmentGoal.target_date, DevelopmentGoal.id)).all()


def plans_waiting_count(reviewer_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(DevelopmentPlan).where(
        DevelopmentPlan.reviewer_employee_id == reviewer_id, DevelopmentPlan.status == "submitted"))


def plans_to_review(reviewer_id: int, limit: int = 200) -> list:
    """The plans sent to this supervisor, those waiting first."""
    return db.session.execute(
        sa.select(DevelopmentPlan.id, DevelopmentPlan.year, DevelopmentPlan.status, DevelopmentPlan.submitted_at,
                  DevelopmentPlan.employee_id)
        .where(DevelopmentPlan.reviewer_employee_id == reviewer_id)
        .order_by((DevelopmentPlan.status == "submitted").desc(), DevelopmentPlan.submitted_at.desc())
        .limit(limit)).all()
