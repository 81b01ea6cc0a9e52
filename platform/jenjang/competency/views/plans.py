"""Competency pages, part 5: "my development" (my competencies, gaps, JPM, training for my gaps,
my development plan), my career opportunities, and the supervisor's review of plans.
The employee's own pages never show potential or 9-box placement."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from jenjang.competency import bp, plans, queries
from jenjang.competency import permissions as perm
from jenjang.competency.forms import GoalForm, PlanSummaryForm, ReviewForm
from jenjang.competency.models import Competency, DevelopmentGoal, DevelopmentPlan
from jenjang.competency.operations import CompetencyError
from jenjang.competency.settings import load_rules
from jenjang.competency.views import require
from jenjang.competency.views_people import _competency_choices, career_page, gap_context
from jenjang.core import clock
from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.people.api import Employee, employees_brief


def _me() -> Employee:
    require(perm.has_own_development)
    employee = db.session.scalar(sa.select(Employee).where(Employee.id == current_user.employee_id))
    if employee is None:
        abort(404)
    return employee


def training_for(gaps) -> list | None:
    """Training that targets these gaps, from the training catalogue when that module exists."""
    try:
        from jenjang.training.api import courses_for_competencies  # type: ignore[import-not-found]
    except ImportError:
        return None
    return courses_for_competencies([g.competency_id for g in gaps])


def _goals(plan: DevelopmentPlan | None) -> list:
    if plan is None:
        return []
    return db.session.execute(
        sa.select(DevelopmentGoal, Competency.code, Competency.name, Competency.name_en)
        .join(Competency, sa.and_(Competency.tenant_id == DevelopmentGoal.tenant_id,
                                  Competency.id == DevelopmentGoal.competency_id))
        .where(DevelopmentGoal.plan_id == plan.id).order_by(DevelopmentGoal.target_date, DevelopmentGoal.id)).all()


def _goal_form(report=None) -> GoalForm:
    form = GoalForm()
    form.competency_id.choices = _competency_choices()
    if request.method == "GET" and report is not None and report.gaps:
        first = report.gaps[0]
        form.competency_id.data, form.target_level.data = first.competency_id, first.required
    return form


@bp.route("/development/")
@login_required
def me():
    employee = _me()
    rules = load_rules()
    ctx = gap_context(employee, rules)
    plan = plans.plan_for(employee)
    waiting = db.session.scalar(sa.select(sa.func.count()).select_from(DevelopmentPlan).where(
        DevelopmentPlan.reviewer_employee_id == employee.id, DevelopmentPlan.status == "submitted"))
    return render("competency/me.html", rules=rules, plan=plan, goals=_goals(plan), waiting=waiting,
                  others=queries.current_levels_of(rules, employee.id), training=training_for(ctx["report"].gaps),
                  **ctx)


@bp.route("/development/career")
@login_required
def my_career():
    employee = _me()
    return career_page(employee, "competency.my_career")


def _plan_page(employee: Employee, plan: DevelopmentPlan | None, *, goal_form=None, summary_form=None,
               status: int = 200, block: str | None = None):
    report = queries.gap_report(load_rules(), employee.id, employee.position_id)
    summary_form = summary_form or PlanSummaryForm(data={"summary": plan.summary if plan else ""})
    return render("competency/plan_edit.html", block=block, employee=employee, plan=plan, goals=_goals(plan),
                  report=report, goal_form=goal_form or _goal_form(report), summary_form=summary_form,
                  status=status)


@bp.route("/development/plan", methods=["GET", "POST"])
@login_required
def my_plan():
    employee = _me()
    plan = plans.plan_for(employee)
    if request.method == "POST":
        form = PlanSummaryForm()
        if not form.validate_on_submit():
            return _plan_page(employee, plan, summary_form=form, status=422)
        plan = plan or plans.plan_for(employee, create=True)
        try:
            plans.save_summary(plan, form.summary.data)
        except CompetencyError as exc:
            flash(exc.message, "error")
            return _plan_page(employee, plan, status=422)
        flash(_("Rencana disimpan."), "success")
        return redirect(url_for("competency.my_plan"))
    return _plan_page(employee, plan)


@bp.route("/development/plan/goals", methods=["POST"])
@login_required
def add_goal():
    employee = _me()
    plan = plans.plan_for(employee)
    form = _goal_form()
    if form.validate_on_submit():
        plan = plan or plans.plan_for(employee, create=True)
        try:
            plans.add_goal(plan, competency_id=form.competency_id.data, target_level=form.target_level.data,
                           action=form.action.data, target_date=form.target_date.data)
        except CompetencyError as exc:
            getattr(form, exc.field or "competency_id").errors.append(exc.message)
        else:
            if request.htmx:
                return _plan_page(employee, plan, goal_form=_goal_form(), block="goals")
            flash(_("Sasaran ditambahkan."), "success")
            return redirect(url_for("competency.my_plan"))
    return _plan_page(employee, plan, goal_form=form, status=422, block="goals")


@bp.route("/development/plan/goals/<int:goal_id>/delete", methods=["POST"])
@login_required
def delete_goal(goal_id: int):
    goal = db.first_or_404(sa.select(DevelopmentGoal).where(DevelopmentGoal.id == goal_id))
    employee = _me()
    plan = db.first_or_404(sa.select(DevelopmentPlan).where(DevelopmentPlan.id == goal.plan_id))
    if plan.employee_id != employee.id:
        abort(404)
    try:
        plans.remove_goal(plan, goal)
    except CompetencyError as exc:
        flash(exc.message, "error")
    if request.htmx:
        return _plan_page(employee, plan, block="goals")
    return redirect(url_for("competency.my_plan"))


@bp.route("/development/plan/submit", methods=["POST"])
@login_required
def submit_plan():
    employee = _me()
    plan = plans.plan_for(employee)
    if plan is None:
        flash(_("Tambahkan paling sedikit satu sasaran sebelum mengirim rencana."), "error")
        return redirect(url_for("competency.my_plan"))
    try:
        plans.submit_plan(plan, employee)
    except CompetencyError as exc:
        flash(exc.message, "error")
        return redirect(url_for("competency.my_plan"))
    flash(_("Rencana dikirim ke atasan Anda untuk disetujui."), "success")
    return redirect(url_for("competency.me"))


@bp.route("/development/reviews")
@login_required
def reviews():
    employee = _me()
    rows = db.session.execute(
        sa.select(DevelopmentPlan.id, DevelopmentPlan.year, DevelopmentPlan.status, DevelopmentPlan.submitted_at,
                  DevelopmentPlan.employee_id)
        .where(DevelopmentPlan.reviewer_employee_id == employee.id)
        .order_by((DevelopmentPlan.status == "submitted").desc(), DevelopmentPlan.submitted_at.desc())
        .limit(200)).all()
    people = {p.id: p for p in employees_brief(sorted({r.employee_id for r in rows}))}
    return render("competency/reviews.html", rows=rows, people=people)


@bp.route("/development/plans/<int:plan_id>", methods=["GET", "POST"])
@login_required
def plan_detail(plan_id: int):
    plan = db.first_or_404(sa.select(DevelopmentPlan).where(DevelopmentPlan.id == plan_id))
    employee = db.first_or_404(sa.select(Employee).where(Employee.id == plan.employee_id))
    require(perm.can_view_plan, plan, employee)
    form = ReviewForm()
    if request.method == "POST":
        require(perm.can_review_plan, plan)
        reviewer = db.session.scalar(sa.select(Employee).where(Employee.id == current_user.employee_id))
        if form.validate_on_submit():
            try:
                plans.review_plan(plan, reviewer, approve=form.decision.data == "approve", comment=form.comment.data)
            except CompetencyError as exc:
                getattr(form, exc.field or "comment").errors.append(exc.message)
            else:
                flash(_("Rencana disetujui.") if plan.status == "approved" else _("Rencana dikembalikan."), "success")
                return redirect(url_for("competency.plan_detail", plan_id=plan.id))
    report = queries.gap_report(load_rules(), employee.id, employee.position_id)
    return render("competency/plan_detail.html", plan=plan, employee=employee, goals=_goals(plan), report=report,
                  form=form, today=clock.today(), status=422 if request.method == "POST" else 200)
