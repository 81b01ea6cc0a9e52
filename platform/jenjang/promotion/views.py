"""Promotion pages: the case list (overdue first), candidates, opening cases, a case with its
checklist and workflow, the SK draft, settings and sanctions."""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from jenjang import eligibility
from jenjang.core import clock
from jenjang.core.nav import NavItem, registry
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import page_number, render
from jenjang.people.api import EDUCATION_LEVELS, RANKS, Employee
from jenjang.promotion import bp, operations, queries
from jenjang.promotion import candidates as candidate_queries
from jenjang.promotion import permissions as perm
from jenjang.promotion import settings as promo_settings
from jenjang.promotion.documents import sk_pdf_response
from jenjang.promotion.forms import AdjustmentExamForm, OpenCaseForm, SanctionForm
from jenjang.promotion.kinds import KINDS
from jenjang.promotion.models import PromotionCase
from jenjang.promotion.rules import PREDICATE_LABELS, rank_code
from jenjang.promotion.settings_form import apply_settings_form
from jenjang.workflow import api as workflow
from jenjang.workflow.panel import case_panel, labelled_checks

registry.add_nav(NavItem("promotion.cases", _l("Kenaikan & mutasi"), perm.can_see_promotion_menu, order=50,
                         match_prefix="/promotion"))

REFUSALS = (operations.PromotionError, workflow.TransitionRefused)


# a case the user may not see is a 404, like another tenant's
CASE = Load(PromotionCase, "promotion_id", visible=perm.can_view_case)


@bp.route("/promotion")
@handles()
def cases():
    status_filter = request.args.get("status", "in_progress")
    kind = request.args.get("kind", "")
    waiting = request.args.get("waiting") == "me"
    now = clock.now()
    page = page_number()
    rows, has_next = queries.case_page(current_user, status=status_filter, kind=kind, waiting=waiting, page=page,
                                       now=now)
    return render("promotion/cases.html", block="case_rows", rows=rows, kinds=KINDS, status_filter=status_filter, kind=kind,
                  waiting=waiting, page=page, has_next=has_next, now=now,
                  can_manage=perm.can_manage_promotions(current_user),
                  rank_code=rank_code)


@bp.route("/promotion/candidates")
@handles(perm.can_manage_promotions)
def candidates():
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
@handles(perm.can_manage_promotions)
def open_from_candidates():
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
    opened, skipped = 0, []
    for employee in queries.employees_by_ids(ids):
        with attempt(*REFUSALS) as outcome:
            operations.open_case(employee, kind, period, user=current_user)
        if outcome.ok:
            opened += 1
        else:
            skipped.append(f"{employee.display_name}: {outcome.exception}")
    flash(_("%(n)s kasus dibuka.", n=opened), "success")
    for line in skipped[:10]:
        flash(line, "error")
    return redirect(url_for("promotion.cases"))


@bp.route("/promotion/cases/new", methods=["GET", "POST"])
@handles(perm.can_manage_promotions)
def case_new():
    periods = promo_settings.upcoming_periods(count=6)
    form = OpenCaseForm(data=None if request.method == "POST" else {
        "nip": request.args.get("nip", ""), "kind": request.args.get("kind", "reguler"), "period_date": periods[0]})
    form.target_position_id.choices = queries.target_position_choices(_("— tidak ada —"))
    status = 200
    if form.validate_on_submit():
        employee = _employee_by_nip(form.nip)
        if employee is not None:
            target = int(form.target_position_id.data) if (form.target_position_id.data or "").isdigit() else None
            with attempt(*REFUSALS) as outcome:
                case = operations.open_case(employee, form.kind.data, form.period_date.data,
                                            target_position_id=target, note=form.note.data, user=current_user)
            if not outcome.ok:
                form.kind.errors.append(str(outcome.exception))
            else:
                flash(_("Kasus dibuka untuk %(name)s.", name=employee.display_name), "success")
                return redirect(url_for("promotion.case_detail", promotion_id=case.id))
        status = 422
    elif request.method == "POST":
        status = 422
    return render("promotion/case_new.html", form=form, periods=periods, status=status)


@bp.route("/promotion/cases/<int:promotion_id>")
@handles(None, case=CASE)
def case_detail(case):
    wcase = case.workflow_case
    return render("promotion/case_detail.html", case=case, wcase=wcase, panel=case_panel(wcase, current_user),
                  kind=KINDS[case.kind], checks=labelled_checks(case.eligibility),
                  eligible=operations.is_eligible(case.eligibility), rank_code=rank_code,
                  target=queries.position(case.target_position_id),
                  can_manage=perm.can_manage_promotions(current_user))


@bp.route("/promotion/cases/<int:promotion_id>/reevaluate", methods=["POST"])
@handles(perm.can_manage_case, case=CASE)
def case_reevaluate(case):
    operations.reevaluate(case)
    flash(_("Syarat dinilai ulang per %(d)s.", d=case.period_date.isoformat()), "success")
    return redirect(url_for("promotion.case_detail", promotion_id=case.id))


@bp.route("/promotion/cases/<int:promotion_id>/sk.pdf")
@handles(None, case=CASE)
def case_sk(case):
    if case.status != "approved":
        abort(404)
    return sk_pdf_response(case)


@bp.route("/promotion/settings", methods=["GET", "POST"])
@handles(perm.can_manage_promotions)
def settings():
    current = promo_settings.get_settings()
    errors: list[str] = []
    if request.method == "POST":
        errors = apply_settings_form(request.form)
        if not errors:
            flash(_("Pengaturan kenaikan disimpan."), "success")
            return redirect(url_for("promotion.settings"))
    return render("promotion/settings.html", settings=current, kinds=KINDS,
                  rows_by_kind=promo_settings.rule_rows_by_kind(current),
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
@handles(perm.can_manage_promotions)
def dismiss_notice(key):
    if not promo_settings.dismiss_notice(key):
        abort(404)
    flash(_("Pemberitahuan ditutup."), "success")
    return redirect(url_for("promotion.settings"))


def _employee_by_nip(field) -> Employee | None:
    """The region's employee with the NIP typed in `field`, or None with the field's error."""
    employee = queries.employee_by_nip(field.data)
    if employee is None:
        field.errors.append(_("Pegawai dengan NIP ini tidak ada di wilayah ini."))
    return employee


def _record_by_nip(form, record, error_field) -> bool | None:
    """The sanctions and adjustment exam pages: `record(employee)` for the employee whose NIP the
    form names. True when recorded; False when the form, the NIP or the record was refused (the
    message on the form); None when nothing was posted."""
    if not form.validate_on_submit():
        return False if request.method == "POST" else None
    employee = _employee_by_nip(form.nip)
    if employee is None:
        return False
    with attempt(operations.PromotionError) as outcome:
        record(employee)
    if not outcome.ok:
        error_field.errors.append(outcome.error)
    return outcome.ok


@bp.route("/promotion/sanctions", methods=["GET", "POST"])
@handles(perm.can_manage_promotions)
def sanctions():
    form = SanctionForm()
    recorded = _record_by_nip(form, lambda employee: operations.record_sanction(
        employee, level=form.level.data, description=form.description.data, starts_on=form.starts_on.data,
        ends_on=form.ends_on.data, decree_number=form.decree_number.data), form.nip)
    if recorded:
        flash(_("Hukuman disiplin dicatat."), "success")
        return redirect(url_for("promotion.sanctions"))
    return render("promotion/sanctions.html", form=form, rows=queries.sanctions(), today=clock.today(),
                  status=422 if recorded is False else 200)


@bp.route("/promotion/adjustment-exams", methods=["GET", "POST"])
@handles(perm.can_manage_promotions)
def adjustment_exams():
    """Passed diploma adjustment exams, read by the penyesuaian ijazah rule (PP 99/2000 Pasal 18)."""
    form = AdjustmentExamForm()
    recorded = _record_by_nip(form, lambda employee: operations.record_adjustment_exam(
        employee, education_level=form.education_level.data, passed_on=form.passed_on.data,
        reference=form.reference.data), form.passed_on)
    if recorded:
        flash(_("Kelulusan ujian penyesuaian ijazah dicatat."), "success")
        return redirect(url_for("promotion.adjustment_exams"))
    return render("promotion/adjustment_exams.html", form=form, rows=queries.adjustment_exams(),
                  status=422 if recorded is False else 200)


# --- dashboard cards ------------------------------------------------------------------------

def _my_cases_card(user) -> dict:
    rows = queries.my_cases(user) if user.employee_id else []
    return {"rows": rows, "kinds": KINDS, "rank_code": rank_code}


def _waiting_card(user) -> dict:
    """Open cases at a step this user acts on: counted in the database, the first three shown."""
    return queries.waiting_for(user, clock.now())


def _has_employee(user) -> bool:
    return perm.can_see_promotion_menu(user) and user.employee_id is not None


def _may_act_on_cases(user) -> bool:
    return perm.can_see_promotion_menu(user) and (perm.sees_all_cases(user) or user.employee_id is not None)


registry.add_card(30, "promotion/card_mine.html", _has_employee, _my_cases_card)
registry.add_card(20, "promotion/card_waiting.html", _may_act_on_cases, _waiting_card)
