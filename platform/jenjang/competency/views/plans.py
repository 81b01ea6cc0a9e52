"""Competency pages of "my development" (my competencies, gaps, JPM, training for my gaps, my
development plan) and the supervisor's review of plans. The employee's own pages never show
potential or 9-box placement."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.competency import bp, plans, presenters, queries
from jenjang.competency import permissions as perm
from jenjang.competency.forms import GoalForm, PlanSummaryForm, ReviewForm
from jenjang.competency.models import DevelopmentGoal, DevelopmentPlan
from jenjang.competency.operations import CompetencyError
from jenjang.competency.settings import load_rules
from jenjang.core import clock
from jenjang.core.resources import Load, attempt, handles, load_or_404, require
from jenjang.core.web import render
from jenjang.people.api import Employee, employees_brief
from jenjang.training.api import courses_for_competencies


def _me() -> Employee:
    return load_or_404(Employee, current_user.employee_id)


def _goal_form(report=None) -> GoalForm:
    form = GoalForm()
    form.competency_id.choices = presenters.competency_choices()
    if request.method == "GET" and report is not None and report.gaps:
        first = report.gaps[0]
        form.competency_id.data, form.target_level.data = first.competency_id, first.required
    return form


@bp.route("/development/")
@handles(perm.has_own_development)
def me():
    employee = _me()
    rules = load_rules()
    ctx = presenters.gap_context(employee, rules)
    plan = plans.plan_for(employee)
    return render("competency/me.html", rules=rules, plan=plan, goals=plans.plan_goals(plan and plan.id),
                  waiting=plans.plans_waiting_count(employee.id),
                  others=queries.current_levels_of(rules, employee.id),
                  training=courses_for_competencies([g.competency_id for g in ctx["report"].gaps]), **ctx)


def _plan_page(employee: Employee, plan: DevelopmentPlan | None, *, goal_form=None, summary_form=None,
               status: int = 200, block: str | None = None):
    report = queries.gap_report(load_rules(), employee.id, employee.position_id)
    summary_form = summary_form or PlanSummaryForm(data={"summary": plan.summary if plan else ""})
    return render("competency/plan_edit.html", block=block, employee=employee, plan=plan,
                  goals=plans.plan_goals(plan and plan.id), report=report,
                  goal_form=goal_form or _goal_form(report), summary_form=summary_form, status=status)


@bp.route("/development/plan", methods=["GET", "POST"])
@handles(perm.has_own_development)
def my_plan():
    employee = _me()
    plan = plans.plan_for(employee)
    if request.method == "GET":
        return _plan_page(employee, plan)
    form = PlanSummaryForm()
    if not form.validate_on_submit():
        return _plan_page(employee, plan, summary_form=form, status=422)
    plan = plan or plans.plan_for(employee, create=True)
    with attempt(CompetencyError) as outcome:
        plans.save_summary(plan, form.summary.data)
    if not outcome.ok:
        flash(outcome.error, "error")
        return _plan_page(employee, plan, status=422)
    flash(_("Rencana disimpan."), "success")
    return redirect(url_for("competency.my_plan"))


@bp.route("/development/plan/goals", methods=["POST"])
@handles(perm.has_own_development)
def add_goal():
    employee = _me()
    plan = plans.plan_for(employee)
    form = _goal_form()
    if form.validate_on_submit():
        plan = plan or plans.plan_for(employee, create=True)
        with attempt(CompetencyError) as outcome:
            plans.add_goal(plan, competency_id=form.competency_id.data, target_level=form.target_level.data,
                           action=form.action.data, target_date=form.target_date.data)
        if outcome.ok:
            if request.htmx:
                return _plan_page(employee, plan, goal_form=_goal_form(), block="goals")
            flash(_("Sasaran ditambahkan."), "success")
            return redirect(url_for("competency.my_plan"))
        getattr(form, outcome.exception.field or "competency_id").errors.append(outcome.error)
    return _plan_page(employee, plan, goal_form=form, status=422, block="goals")


@bp.route("/development/plan/goals/<int:goal_id>/delete", methods=["POST"])
@handles(perm.has_own_development, goal=Load(DevelopmentGoal, "goal_id"))
def delete_goal(goal: DevelopmentGoal):
    employee = _me()
    plan = load_or_404(DevelopmentPlan, goal.plan_id, DevelopmentPlan.employee_id == employee.id)
    with attempt(CompetencyError) as outcome:
        plans.remove_goal(plan, goal)
    if not outcome.ok:
        flash(outcome.error, "error")
    if request.htmx:
        return _plan_page(employee, plan, block="goals")
    return redirect(url_for("competency.my_plan"))


@bp.route("/development/plan/submit", methods=["POST"])
@handles(perm.has_own_development)
def submit_plan():
    employee = _me()
    plan = plans.plan_for(employee)
    if plan is None:
        flash(_("Tambahkan paling sedikit satu sasaran sebelum mengirim rencana."), "error")
        return redirect(url_for("competency.my_plan"))
    with attempt(CompetencyError) as outcome:
        plans.submit_plan(plan, employee)
    if not outcome.ok:
        flash(outcome.error, "error")
        return redirect(url_for("competency.my_plan"))
    flash(_("Rencana dikirim ke atasan Anda untuk disetujui."), "success")
    return redirect(url_for("competency.me"))


@bp.route("/development/reviews")
@handles(perm.has_own_development)
def reviews():
    rows = plans.plans_to_review(_me().id)
    people = {p.id: p for p in employees_brief(sorted({r.employee_id for r in rows}))}
    return render("competency/reviews.html", rows=rows, people=people)


@bp.route("/development/plans/<int:plan_id>", methods=["GET", "POST"])
@handles(plan=Load(DevelopmentPlan, "plan_id"))
def plan_detail(plan: DevelopmentPlan):
    employee = load_or_404(Employee, plan.employee_id)
    require(perm.can_view_plan, plan, employee)
    form = ReviewForm()
    if request.method == "POST":
        require(perm.can_review_plan, plan)
        if form.validate_on_submit():
            with attempt(CompetencyError) as outcome:
                plans.review_plan(plan, _me(), approve=form.decision.data == "approve", comment=form.comment.data)
            if outcome.ok:
                flash(_("Rencana disetujui.") if plan.status == "approved" else _("Rencana dikembalikan."), "success")
                return redirect(url_for("competency.plan_detail", plan_id=plan.id))
            getattr(form, outcome.exception.field or "comment").errors.append(outcome.error)
    report = queries.gap_report(load_rules(), employee.id, employee.position_id)
    return render("competency/plan_detail.html", plan=plan, employee=employee, goals=plans.plan_goals(plan.id),
                  report=report, form=form, today=clock.today(), status=422 if request.method == "POST" else 200)
