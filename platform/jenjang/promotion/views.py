"""Promotion pages: the case list (overdue first), candidates, opening cases, a case with its
checklist and workflow, the SK draft, settings and sanctions."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import contains_eager, lazyload

from jenjang import eligibility
from jenjang.core import clock
from jenjang.core.nav import NavItem, registry
from jenjang.core.web import page_number, render
from jenjang.extensions import db
from jenjang.people.models import EDUCATION_LEVELS, RANKS, Employee, Position, Unit
from jenjang.promotion import bp, operations
from jenjang.promotion import candidates as candidate_queries
from jenjang.promotion import settings as promo_settings
from jenjang.promotion.forms import AdjustmentExamForm, OpenCaseForm, SanctionForm
from jenjang.promotion.kinds import KINDS
from jenjang.promotion.models import AdjustmentExam, DisciplinarySanction, PromotionCase
from jenjang.promotion.operations import SUBJECT_TYPE
from jenjang.promotion.permissions import (
    can_manage_promotions,
    can_see_promotion_menu,
    can_view_case,
    sees_all_cases,
)
from jenjang.promotion.rules import PREDICATE_LABELS, rank_code
from jenjang.workflow import engine
from jenjang.workflow.models import WorkflowCase
from jenjang.workflow.panel import case_panel, labelled_checks

registry.add_nav(NavItem("promotion.cases", _l("Kenaikan & mutasi"), can_see_promotion_menu, order=50,
                         match_prefix="/promotion"))


def _require_manager():
    if not can_manage_promotions(current_user):
        abort(403)


def _case_or_404(case_id: int) -> PromotionCase:
    case = db.first_or_404(sa.select(PromotionCase).where(PromotionCase.id == case_id))
    if not can_view_case(current_user, case):
        abort(404)
    return case


PER_PAGE = 30


@bp.route("/promotion")
@login_required
def cases():
    status_filter = request.args.get("status", "in_progress")
    kind = request.args.get("kind", "")
    waiting = request.args.get("waiting") == "me"
    on_case = sa.and_(WorkflowCase.tenant_id == PromotionCase.tenant_id,
                      WorkflowCase.id == PromotionCase.workflow_case_id)
    page_ids = sa.select(PromotionCase.id).join(WorkflowCase, on_case)
    if status_filter in ("in_progress", "approved", "rejected", "cancelled"):
        page_ids = page_ids.where(PromotionCase.status == status_filter)
    if kind in KINDS:
        page_ids = page_ids.where(PromotionCase.kind == kind)
    actionable = engine.actionable(current_user, SUBJECT_TYPE) if waiting else None
    nothing_waits = waiting and actionable is None
    if actionable is not None:
        page_ids = page_ids.where(actionable)
    # "waiting for me" lists only cases the user acts on, which they may see (a step reassigned to
    # them may concern someone outside their team); other lists stop at the user's own and team's
    if not waiting and not sees_all_cases(current_user):
        from jenjang.people.reporting import team_ids

        mine = [current_user.employee_id] if current_user.employee_id else []
        team = team_ids(current_user.employee_id) if current_user.employee_id else []
        page_ids = page_ids.where(PromotionCase.employee_id.in_(mine + team or [-1]))
    now = clock.now()
    overdue_first = sa.case((sa.and_(WorkflowCase.status == "in_progress", WorkflowCase.step_due_at < now), 0),
                            else_=1)
    order = (overdue_first, WorkflowCase.step_due_at.nulls_last(), PromotionCase.id.desc())
    page = page_number()
    page_ids = page_ids.order_by(*order).limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)
    # The page is chosen on narrow rows (ids), then read whole: the sort never carries the
    # checklists and step definitions of every matching case. One statement however many cases.
    cases_on_page = [] if nothing_waits else db.session.scalars(
        sa.select(PromotionCase).join(WorkflowCase, on_case).where(PromotionCase.id.in_(page_ids))
        .options(contains_eager(PromotionCase.workflow_case)).order_by(*order)).all()
    has_next = len(cases_on_page) > PER_PAGE
    rows = [(case, case.workflow_case) for case in cases_on_page[:PER_PAGE]]
    return render("promotion/cases.html", block="case_rows", rows=rows, kinds=KINDS, status_filter=status_filter, kind=kind,
                  waiting=waiting, page=page, has_next=has_next, now=now, can_manage=can_manage_promotions(current_user),
                  rank_code=rank_code)


@bp.route("/promotion/candidates")
@login_required
def candidates():
    _require_manager()
    kind = request.args.get("kind", "reguler")
    if kind not in KINDS or not KINDS[kind].changes_rank:
        kind = "reguler"
    periods = promo_settings.upcoming_periods(count=8)
    try:
        period = dt.date.fromisoformat(request.args.get("period", "")) if request.args.get("period") else periods[0]
    except ValueError:
        period = periods[0]
    rows = candidate_queries.candidates(kind, period)
    applied = operations.applicable_rules(kind)
    labels = {k: str(eligibility.get(k).label) for k in applied}
    settings = promo_settings.get_settings()
    skp_years = candidate_queries.skp_years_used(period)
    return render("promotion/candidates.html", kind=kind, kinds=KINDS, period=period, periods=periods, rows=rows,
                  labels=labels, predicate_labels=PREDICATE_LABELS, rank_code=rank_code,
                  rules=[(eligibility.get(k), p) for k, p in applied.items()],
                  citations={k: eligibility.get(k).regulation for k in applied},
                  skp_years=skp_years, skp_final=promo_settings.skp_final_date(skp_years[0], settings),
                  skp_next=promo_settings.skp_final_date(skp_years[0] + 1, settings))


@bp.route("/promotion/candidates/open", methods=["POST"])
@login_required
def open_from_candidates():
    _require_manager()
    kind = request.form.get("kind", "")
    try:
        period = dt.date.fromisoformat(request.form.get("period", ""))
    except ValueError:
        abort(400)
    if kind not in KINDS:
        abort(400)
    ids = [int(i) for i in request.form.getlist("employee_id") if i.isdigit()][:500]
    if not ids:
        flash(_("Pilih paling sedikit satu pegawai."), "error")
        return redirect(url_for("promotion.candidates", kind=kind, period=period.isoformat()))
    employees = db.session.scalars(sa.select(Employee).where(Employee.id.in_(ids))).all()
    opened, skipped = 0, []
    for employee in employees:
        try:
            with db.session.begin_nested():
                operations.open_case(employee, kind, period, user=current_user)
            opened += 1
        except (operations.PromotionError, engine.TransitionRefused) as exc:
            skipped.append(f"{employee.display_name}: {exc}")
    flash(_("%(n)s kasus dibuka.", n=opened), "success")
    for line in skipped[:10]:
        flash(line, "error")
    return redirect(url_for("promotion.cases"))


def _position_choices():
    rows = db.session.execute(sa.select(Position.id, Position.name, Unit.name).join(
        Unit, sa.and_(Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id))
        .order_by(Unit.name, Position.name).limit(5000)).all()
    return [("", _("— tidak ada —"))] + [(str(pid), f"{name} — {unit}") for pid, name, unit in rows]


@bp.route("/promotion/cases/new", methods=["GET", "POST"])
@login_required
def case_new():
    _require_manager()
    periods = promo_settings.upcoming_periods(count=6)
    form = OpenCaseForm(data=None if request.method == "POST" else {
        "nip": request.args.get("nip", ""), "kind": request.args.get("kind", "reguler"), "period_date": periods[0]})
    form.target_position_id.choices = _position_choices()
    status = 200
    if form.validate_on_submit():
        employee = _employee_by_nip(form.nip)
        if employee is not None:
            target = int(form.target_position_id.data) if (form.target_position_id.data or "").isdigit() else None
            try:
                case = operations.open_case(employee, form.kind.data, form.period_date.data,
                                            target_position_id=target, note=form.note.data, user=current_user)
            except (operations.PromotionError, engine.TransitionRefused) as exc:
                form.kind.errors.append(str(exc))
            else:
                flash(_("Kasus dibuka untuk %(name)s.", name=employee.display_name), "success")
                return redirect(url_for("promotion.case_detail", promotion_id=case.id))
        status = 422
    elif request.method == "POST":
        status = 422
    return render("promotion/case_new.html", form=form, periods=periods, status=status)


@bp.route("/promotion/cases/<int:promotion_id>")
@login_required
def case_detail(promotion_id):
    case = _case_or_404(promotion_id)
    wcase = case.workflow_case
    return render("promotion/case_detail.html", case=case, wcase=wcase, panel=case_panel(wcase, current_user),
                  kind=KINDS[case.kind], checks=labelled_checks(case.eligibility),
                  eligible=operations.is_eligible(case.eligibility), rank_code=rank_code,
                  target=db.session.scalar(sa.select(Position).where(Position.id == case.target_position_id))
                  if case.target_position_id else None, can_manage=can_manage_promotions(current_user))


@bp.route("/promotion/cases/<int:promotion_id>/reevaluate", methods=["POST"])
@login_required
def case_reevaluate(promotion_id):
    _require_manager()
    case = _case_or_404(promotion_id)
    operations.reevaluate(case)
    flash(_("Syarat dinilai ulang per %(d)s.", d=case.period_date.isoformat()), "success")
    return redirect(url_for("promotion.case_detail", promotion_id=case.id))


@bp.route("/promotion/cases/<int:promotion_id>/sk.pdf")
@login_required
def case_sk(promotion_id):
    case = _case_or_404(promotion_id)
    if case.status != "approved":
        abort(404)
    from jenjang.promotion.documents import sk_pdf_response

    return sk_pdf_response(case)


@bp.route("/promotion/settings", methods=["GET", "POST"])
@login_required
def settings():
    _require_manager()
    from jenjang.promotion.settings_form import apply_settings_form

    current = promo_settings.get_settings()
    errors: list[str] = []
    if request.method == "POST":
        errors = apply_settings_form(request.form)
        if not errors:
            flash(_("Pengaturan kenaikan disimpan."), "success")
            return redirect(url_for("promotion.settings"))
    rows_by_kind = {}
    for kind_key in KINDS:
        effective = promo_settings.effective_rules(kind_key, current)
        rows = []
        for key, rule in eligibility.rules().items():
            if key in effective:
                rows.append((key, rule, effective[key]))
            elif rule.module != "promotion":  # plugged in by another module: available, off by default
                rows.append((key, rule, {"enabled": False, **rule.defaults}))
        rows_by_kind[kind_key] = rows
    return render("promotion/settings.html", settings=current, kinds=KINDS, rows_by_kind=rows_by_kind,
                  ceilings=promo_settings.education_ceiling(current), ranks=RANKS, errors=errors,
                  predicate_labels=PREDICATE_LABELS, periods=promo_settings.upcoming_periods(current, count=4),
                  period_regulation=promo_settings.PERIOD_REGULATION, status=422 if errors else 200,
                  notices=current.notices or [], ceiling_regulation=promo_settings.EDUCATION_CEILING_REGULATION,
                  skp_final_regulation=promo_settings.SKP_FINAL_REGULATION, education_levels=EDUCATION_LEVELS,
                  param_labels=PARAM_LABELS)


PARAM_LABELS = {"min_years": _l("tahun"), "short_years_in_rank": _l("tahun dalam golongan (satu tingkat di bawah)"),
                "short_years_in_position": _l("tahun dalam jabatan (satu tingkat di bawah)"), "min_percent": _l("%"),
                "min_jp": _l("JP")}


@bp.route("/promotion/settings/notices/<key>/dismiss", methods=["POST"])
@login_required
def dismiss_notice(key):
    _require_manager()
    if not promo_settings.dismiss_notice(key):
        abort(404)
    flash(_("Pemberitahuan ditutup."), "success")
    return redirect(url_for("promotion.settings"))


def _employee_by_nip(field) -> Employee | None:
    """The region's employee with the NIP typed in `field`, or None with the field's error."""
    employee = db.session.scalar(sa.select(Employee).where(Employee.nip == field.data))
    if employee is None:
        field.errors.append(_("Pegawai dengan NIP ini tidak ada di wilayah ini."))
    return employee


@bp.route("/promotion/sanctions", methods=["GET", "POST"])
@login_required
def sanctions():
    _require_manager()
    form = SanctionForm()
    status = 200
    if form.validate_on_submit():
        employee = _employee_by_nip(form.nip)
        if employee is None:
            status = 422
        else:
            from jenjang.core import audit

            sanction = DisciplinarySanction(employee_id=employee.id, level=form.level.data,
                                            description=form.description.data.strip(), starts_on=form.starts_on.data,
                                            ends_on=form.ends_on.data, decree_number=form.decree_number.data or None)
            db.session.add(sanction)
            db.session.flush()
            audit.record("promotion.sanction_recorded", sanction, after={"employee": employee.nip,
                                                                         "level": sanction.level})
            flash(_("Hukuman disiplin dicatat."), "success")
            return redirect(url_for("promotion.sanctions"))
    elif request.method == "POST":
        status = 422
    rows = db.session.execute(
        sa.select(DisciplinarySanction, Employee).join(Employee, sa.and_(
            Employee.tenant_id == DisciplinarySanction.tenant_id, Employee.id == DisciplinarySanction.employee_id))
        .order_by(DisciplinarySanction.starts_on.desc()).limit(200)).all()
    return render("promotion/sanctions.html", form=form, rows=rows, today=clock.today(), status=status)


@bp.route("/promotion/adjustment-exams", methods=["GET", "POST"])
@login_required
def adjustment_exams():
    """Passed diploma adjustment exams, read by the penyesuaian ijazah rule (PP 99/2000 Pasal 18)."""
    _require_manager()
    form = AdjustmentExamForm()
    status = 200
    if form.validate_on_submit():
        employee = _employee_by_nip(form.nip)
        if employee is None:
            status = 422
        elif form.passed_on.data > clock.today():
            form.passed_on.errors.append(_("Tanggal lulus tidak boleh sesudah hari ini."))
            status = 422
        else:
            from jenjang.core import audit

            exam = AdjustmentExam(employee_id=employee.id, education_level=form.education_level.data,
                                  passed_on=form.passed_on.data, reference=(form.reference.data or "").strip() or None)
            db.session.add(exam)
            db.session.flush()
            audit.record("promotion.adjustment_exam_recorded", exam,
                         after={"employee": employee.nip, "education": exam.education_level,
                                "passed_on": exam.passed_on.isoformat()})
            flash(_("Kelulusan ujian penyesuaian ijazah dicatat."), "success")
            return redirect(url_for("promotion.adjustment_exams"))
    elif request.method == "POST":
        status = 422
    rows = db.session.execute(
        sa.select(AdjustmentExam, Employee).join(Employee, sa.and_(
            Employee.tenant_id == AdjustmentExam.tenant_id, Employee.id == AdjustmentExam.employee_id))
        .order_by(AdjustmentExam.passed_on.desc(), AdjustmentExam.id.desc()).limit(200)).all()
    return render("promotion/adjustment_exams.html", form=form, rows=rows, status=status)


# --- dashboard cards ------------------------------------------------------------------------

def _my_cases_card(user) -> dict:
    if not user.employee_id:
        return {"rows": [], "kinds": KINDS, "rank_code": rank_code}
    mine = db.session.scalars(
        sa.select(PromotionCase).join(WorkflowCase, sa.and_(
            WorkflowCase.tenant_id == PromotionCase.tenant_id, WorkflowCase.id == PromotionCase.workflow_case_id))
        # the workflow case names the same employee: its index finds the few cases of one person
        .where(WorkflowCase.subject_type == SUBJECT_TYPE, WorkflowCase.subject_employee_id == user.employee_id,
               PromotionCase.employee_id == user.employee_id)
        .options(contains_eager(PromotionCase.workflow_case), lazyload(PromotionCase.employee))
        .order_by(PromotionCase.created_at.desc()).limit(3)).all()
    return {"rows": [(case, case.workflow_case) for case in mine], "kinds": KINDS, "rank_code": rank_code}


def _waiting_card(user) -> dict:
    """Open cases at a step this user acts on: counted in the database, the first three shown."""
    actionable = engine.actionable(user, SUBJECT_TYPE)
    if actionable is None:
        return {"count": 0, "overdue": 0, "first": []}
    now = clock.now()
    rows = db.session.execute(
        sa.select(WorkflowCase, sa.func.count().over(),
                  sa.func.count().filter(WorkflowCase.step_due_at < now).over())
        .where(actionable).order_by(WorkflowCase.step_due_at, WorkflowCase.id).limit(3)).all()
    count, overdue = (rows[0][1], rows[0][2]) if rows else (0, 0)
    return {"count": count, "overdue": overdue, "first": [r[0] for r in rows]}


def _has_employee(user) -> bool:
    return can_see_promotion_menu(user) and user.employee_id is not None


def _may_act_on_cases(user) -> bool:
    return can_see_promotion_menu(user) and (sees_all_cases(user) or user.employee_id is not None)


registry.add_card(30, "promotion/card_mine.html", _has_employee, _my_cases_card)
registry.add_card(20, "promotion/card_waiting.html", _may_act_on_cases, _waiting_card)
