"""Competency pages, part 3: employees with their JPM, one employee's gaps (chart, list, JPM),
assessments entered by hand or imported, potential scores, and career opportunities."""
from __future__ import annotations

import tempfile
from pathlib import Path

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from jenjang.competency import bp, importing, operations, presenters, queries, talent
from jenjang.competency import permissions as perm
from jenjang.competency.exports import send
from jenjang.competency.forms import AssessmentForm, ImportForm, PotentialForm
from jenjang.competency.jpm import jpm_category
from jenjang.competency.models import Competency, PotentialScore
from jenjang.competency.settings import load_rules
from jenjang.competency.views import require
from jenjang.core import clock
from jenjang.core.web import page_number, render
from jenjang.extensions import db
from jenjang.people.api import Employee, Position, Unit, unit_options


def employee_or_404(employee_id: int) -> Employee:
    return db.first_or_404(sa.select(Employee).where(Employee.id == employee_id))


def _position_and_unit(employee: Employee):
    position = db.session.scalar(sa.select(Position).where(Position.id == employee.position_id)) \
        if employee.position_id else None
    unit = db.session.scalar(sa.select(Unit).where(Unit.id == employee.unit_id)) if employee.unit_id else None
    return position, unit


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@bp.route("/competency/employees")
@login_required
def employees():
    require(perm.can_view_competency_reports)
    q = (request.args.get("q") or "").strip()[:100]
    unit_id = _int(request.args.get("unit"))
    page = page_number()
    rules = load_rules()
    rows, jpm, has_next = queries.employee_page(rules, q=q, unit_id=unit_id, page=page)
    cats = {eid: jpm_category(p, rules) for eid, p in jpm.items()}
    return render("competency/employees.html", block="employee_rows", rows=rows, jpm=jpm, cats=cats, q=q,
                  unit_id=unit_id, page=page, has_next=has_next, units=unit_options())


def gap_context(employee: Employee, rules) -> dict:
    position, unit = _position_and_unit(employee)
    report = queries.gap_report(rules, employee.id, employee.position_id)
    return {"employee": employee, "position": position, "unit": unit, "report": report,
            "chart": presenters.gap_chart(report)}


@bp.route("/competency/employees/<int:employee_id>")
@login_required
def employee_gaps(employee_id: int):
    employee = employee_or_404(employee_id)
    require(perm.can_view_gaps, employee)
    rules = load_rules()
    ctx = gap_context(employee, rules)
    placement = None
    if perm.can_see_potential(current_user, employee):
        rows = db.session.execute(talent.talent_select(rules, employee_ids=[employee.id])).all()
        placement = rows[0] if rows else None
    return render("competency/employee_gaps.html", rules=rules, placement=placement, skp_note=talent.skp_note(rules),
                  others=queries.current_levels_of(rules, employee.id), **ctx)


@bp.route("/competency/employees/<int:employee_id>/export")
@login_required
def employee_export(employee_id: int):
    employee = employee_or_404(employee_id)
    require(perm.can_view_gaps, employee)
    fmt = request.args.get("format", "xlsx")
    if fmt not in ("xlsx", "pdf"):
        abort(404)
    ctx = gap_context(employee, load_rules())
    report = presenters.gap_export(employee, ctx["position"].name if ctx["position"] else None, ctx["report"])
    return send(report, fmt, f"kesenjangan-{employee.nip}")


def _competency_choices() -> list[tuple[int, str]]:
    return [(c.id, f"{c.code} · {presenters.comp_name(c)}") for c in db.session.scalars(
        sa.select(Competency).where(Competency.retired_at.is_(None))
        .order_by(Competency.is_national.desc(), Competency.sort_order, Competency.code))]


@bp.route("/competency/employees/<int:employee_id>/assessments", methods=["GET", "POST"])
@login_required
def employee_assessments(employee_id: int):
    employee = employee_or_404(employee_id)
    require(perm.can_manage_competencies)
    form = AssessmentForm()
    form.competency_id.choices = _competency_choices()
    if request.method == "GET":
        form.assessed_on.data = clock.today()
    if form.validate_on_submit():
        try:
            operations.record_assessment(employee, competency_id=form.competency_id.data, level=form.level.data,
                                         source=form.source.data, assessed_on=form.assessed_on.data,
                                         assessor=form.assessor.data, evidence=form.evidence.data)
        except operations.CompetencyError as exc:
            getattr(form, exc.field or "competency_id").errors.append(exc.message)
        else:
            flash(_("Penilaian disimpan."), "success")
            return redirect(url_for("competency.employee_assessments", employee_id=employee.id))
    return render("competency/assessments.html", employee=employee, form=form,
                  rows=queries.assessments_of(employee.id), status=422 if request.method == "POST" else 200)


@bp.route("/competency/employees/<int:employee_id>/potential", methods=["GET", "POST"])
@login_required
def employee_potential(employee_id: int):
    employee = employee_or_404(employee_id)
    require(perm.can_manage_competencies)
    if not perm.can_see_potential(current_user, employee):
        abort(403)
    form = PotentialForm()
    if request.method == "GET":
        form.assessed_on.data = clock.today()
    if form.validate_on_submit():
        try:
            operations.record_potential(employee, score=form.score.data, assessed_on=form.assessed_on.data,
                                        assessor=form.assessor.data, note=form.note.data)
        except operations.CompetencyError as exc:
            getattr(form, exc.field or "score").errors.append(exc.message)
        else:
            flash(_("Skor potensi disimpan."), "success")
            return redirect(url_for("competency.employee_gaps", employee_id=employee.id))
    history = db.session.scalars(sa.select(PotentialScore).where(PotentialScore.employee_id == employee.id)
                                 .order_by(PotentialScore.assessed_on.desc()).limit(20)).all()
    return render("competency/potential.html", employee=employee, form=form, history=history,
                  status=422 if request.method == "POST" else 200)


@bp.route("/competency/import", methods=["GET", "POST"])
@login_required
def import_assessments():
    require(perm.can_manage_competencies)
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "upload"
            form.file.data.save(path)
            report = importing.import_assessments(path, default_source=form.source.data)
        if report.ok:
            flash(_("%(n)s penilaian diimpor.", n=report.applied), "success")
            return redirect(url_for("competency.import_assessments"))
    status = 422 if request.method == "POST" else 200
    return render("competency/import.html", form=form, report=report, status=status)


@bp.route("/competency/import/template.xlsx")
@login_required
def import_template():
    require(perm.can_manage_competencies)
    from flask import Response

    response = Response(importing.template_workbook(), mimetype="application/vnd.openxmlformats-officedocument."
                                                                 "spreadsheetml.sheet")
    response.headers["Content-Disposition"] = 'attachment; filename="templat-penilaian-kompetensi.xlsx"'
    return response


def career_page(employee: Employee, endpoint: str, **endpoint_args):
    rules = load_rules()
    vacant_only = request.args.get("vacant") == "1"
    eligible_only = request.args.get("eligible") == "1"
    page = page_number()
    rows, missing, has_next = talent.career_options(rules, employee, vacant_only=vacant_only,
                                                    eligible_only=eligible_only, page=page)
    position, _unit = _position_and_unit(employee)
    own = queries.gap_report(rules, employee.id, employee.position_id)
    return render("competency/career.html", block="career_rows", employee=employee, position=position, own=own,
                  rows=rows, missing=missing, rules=rules, page=page, has_next=has_next, vacant_only=vacant_only,
                  eligible_only=eligible_only, endpoint=endpoint, endpoint_args=endpoint_args)


@bp.route("/competency/employees/<int:employee_id>/career")
@login_required
def employee_career(employee_id: int):
    employee = employee_or_404(employee_id)
    require(perm.can_view_career, employee)
    return career_page(employee, "competency.employee_career", employee_id=employee.id)
