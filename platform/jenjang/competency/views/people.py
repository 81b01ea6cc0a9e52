"""Competency pages about employees: the list with JPM, one employee's gaps (and export), their
assessments and potential score, and the import of assessments from an assessment centre."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.competency import bp, importing, operations, presenters, queries, talent
from jenjang.competency import permissions as perm
from jenjang.competency.exports import send
from jenjang.competency.forms import AssessmentForm, ImportForm, PotentialForm, id_filter
from jenjang.competency.jpm import jpm_category
from jenjang.competency.settings import load_rules
from jenjang.core import clock
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import page_number, render
from jenjang.people.api import Employee, unit_options

EMPLOYEE = Load(Employee, "employee_id")


@bp.route("/competency/employees")
@handles(perm.can_view_competency_reports)
def employees():
    q = (request.args.get("q") or "").strip()[:100]
    unit_id = id_filter(request.args.get("unit"))
    page = page_number()
    rules = load_rules()
    rows, jpm, has_next = queries.employee_page(rules, q=q, unit_id=unit_id, page=page)
    cats = {eid: jpm_category(p, rules) for eid, p in jpm.items()}
    return render("competency/employees.html", block="employee_rows", rows=rows, jpm=jpm, cats=cats, q=q,
                  unit_id=unit_id, page=page, has_next=has_next, units=unit_options())


@bp.route("/competency/employees/<int:employee_id>")
@handles(perm.can_view_gaps, employee=EMPLOYEE)
def employee_gaps(employee: Employee):
    rules = load_rules()
    ctx = presenters.gap_context(employee, rules)
    placement = talent.placement_of(rules, employee.id) if perm.can_see_potential(current_user, employee) else None
    return render("competency/employee_gaps.html", rules=rules, placement=placement, skp_note=talent.skp_note(rules),
                  others=queries.current_levels_of(rules, employee.id), **ctx)


@bp.route("/competency/employees/<int:employee_id>/export")
@handles(perm.can_view_gaps, employee=EMPLOYEE)
def employee_export(employee: Employee):
    fmt = request.args.get("format", "xlsx")
    if fmt not in ("xlsx", "pdf"):
        abort(404)
    ctx = presenters.gap_context(employee, load_rules())
    report = presenters.gap_export(employee, ctx["position"].name if ctx["position"] else None, ctx["report"])
    return send(report, fmt, f"kesenjangan-{employee.nip}")


def _record(form, write, field: str, message: str, done_url: str, template: str, context):
    """A dated record of one employee (assessment, potential score): dated today unless the user says
    otherwise; a valid POST `write()`s in a savepoint and goes to `done_url`, a refusal is shown on its
    field (else `field`). `context()` gives the page's other variables."""
    if request.method == "GET":
        form.assessed_on.data = clock.today()
    if form.validate_on_submit():
        with attempt(operations.CompetencyError) as outcome:
            write()
        if outcome.ok:
            flash(message, "success")
            return redirect(done_url)
        getattr(form, outcome.exception.field or field).errors.append(outcome.error)
    return render(template, form=form, status=422 if request.method == "POST" else 200, **context())


@bp.route("/competency/employees/<int:employee_id>/assessments", methods=["GET", "POST"])
@handles(perm.can_manage_competencies, employee=EMPLOYEE)
def employee_assessments(employee: Employee):
    form = AssessmentForm()
    form.competency_id.choices = presenters.competency_choices()

    def write():
        operations.record_assessment(employee, competency_id=form.competency_id.data, level=form.level.data,
                                     source=form.source.data, assessed_on=form.assessed_on.data,
                                     assessor=form.assessor.data, evidence=form.evidence.data)

    return _record(form, write, "competency_id", _("Penilaian disimpan."),
                   url_for("competency.employee_assessments", employee_id=employee.id), "competency/assessments.html",
                   lambda: {"employee": employee, "rows": queries.assessments_of(employee.id)})


def _may_score_potential(user, employee) -> bool:
    return perm.can_manage_competencies(user) and perm.can_see_potential(user, employee)


@bp.route("/competency/employees/<int:employee_id>/potential", methods=["GET", "POST"])
@handles(_may_score_potential, employee=EMPLOYEE)
def employee_potential(employee: Employee):
    form = PotentialForm()

    def write():
        operations.record_potential(employee, score=form.score.data, assessed_on=form.assessed_on.data,
                                    assessor=form.assessor.data, note=form.note.data)

    return _record(form, write, "score", _("Skor potensi disimpan."),
                   url_for("competency.employee_gaps", employee_id=employee.id), "competency/potential.html",
                   lambda: {"employee": employee, "history": queries.potential_history(employee.id)})


@bp.route("/competency/import", methods=["GET", "POST"])
@handles(perm.can_manage_competencies)
def import_assessments():
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
@handles(perm.can_manage_competencies)
def import_template():
    response = Response(importing.template_workbook(), mimetype="application/vnd.openxmlformats-officedocument."
                                                                 "spreadsheetml.sheet")
    response.headers["Content-Disposition"] = 'attachment; filename="templat-penilaian-kompetensi.xlsx"'
    return response
