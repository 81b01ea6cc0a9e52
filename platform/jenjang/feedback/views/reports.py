"""360 pages of the reports (per employee, with radar and PDF; tenant-wide distribution and
units compared), my reports, and the conversion of results into competency assessments."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.competency.exports import Report, Table, send
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import page_number, render
from jenjang.feedback import bp, charts, conversion, labels, queries, reports
from jenjang.feedback import permissions as perm
from jenjang.feedback.models import FeedbackCycle
from jenjang.feedback.operations import FeedbackError
from jenjang.people.api import Employee

CYCLE = Load(FeedbackCycle, "cycle_id")
EMPLOYEE = Load(Employee, "employee_id")


@bp.route("/reports/")
@handles(perm.has_own_forms)
def my_reports():
    return render("feedback/my_reports.html", mine=queries.my_reports(current_user.employee_id),
                  team=queries.team_reports(current_user.employee_id))


@bp.route("/cycles/<int:cycle_id>/reports")
@handles(perm.can_manage_feedback, cycle=CYCLE)
def cycle_reports(cycle: FeedbackCycle):
    if not cycle.is_closed:
        flash(_("Laporan tersedia setelah siklus ditutup."), "error")
        return redirect(url_for("feedback.cycle", cycle_id=cycle.id))
    q = request.args.get("q", "")
    rows, has_next = queries.subjects_page(cycle, q=q, page=page_number())
    return render("feedback/cycle_reports.html", block="subjects" if request.args.get("partial") else None,
                  cycle=cycle, rows=rows, has_next=has_next, page=page_number(), q=q,
                  overview=reports.overview(cycle))


def _report(cycle: FeedbackCycle, employee: Employee):
    if not perm.can_view_report(current_user, cycle, employee):
        abort(404)  # someone else's report: the same answer as a missing one
    report = reports.employee_report(cycle, employee)
    chart = charts.radar(report.lines, title=_("Diri sendiri dibanding penilai lain"),
                         self_label=_("Diri sendiri"), others_label=_("Semua penilai lain")) if report.lines else None
    return report, chart


@bp.route("/cycles/<int:cycle_id>/reports/<int:employee_id>")
@handles(cycle=CYCLE, employee=EMPLOYEE)
def report(cycle: FeedbackCycle, employee: Employee):
    rep, chart = _report(cycle, employee)
    return render("feedback/report.html", cycle=cycle, employee=employee, report=rep, chart=chart)


@bp.route("/cycles/<int:cycle_id>/reports/<int:employee_id>/pdf")
@handles(cycle=CYCLE, employee=EMPLOYEE)
def report_pdf(cycle: FeedbackCycle, employee: Employee):
    rep, chart = _report(cycle, employee)

    def fmt(v):
        return "—" if v is None else f"{v:.2f}"

    hidden = _("tidak ditampilkan")
    rows = []
    for ln in rep.lines:
        flag = _("Titik buta") if ln.blind_spot else (_("Kekuatan tersembunyi") if ln.hidden_strength else "")
        rows.append([f"{ln.code} {ln.name}", fmt(ln.self_mean),
                     fmt(ln.supervisor_mean) if ln.supervisor_mean is not None
                     else (hidden if ln.supervisor_n else "—"),
                     fmt(ln.peer_mean) if ln.peer_mean is not None else (hidden if ln.peer_n else "—"),
                     fmt(ln.subordinate_mean) if ln.subordinate_mean is not None
                     else (hidden if ln.subordinate_n else "—"),
                     f"{fmt(ln.others_mean)} (n={ln.others_n})", flag])
    tables = [Table(_("Hasil per kompetensi"), [_("Kompetensi"), _("Diri sendiri"), _("Atasan"), _("Rekan kerja"),
                                                _("Bawahan"), _("Semua penilai lain"), _("Catatan")], rows)]
    for rel, question, bodies in rep.comments:
        tables.append(Table(f"{labels.RELATION_LABELS[rel]}: {question}", [_("Komentar")], [[b] for b in bodies]))
    subtitle = _("%(name)s · NIP %(nip)s · ambang anonimitas %(k)s penilai", name=employee.full_name,
                 nip=employee.nip, k=cycle.anonymity_threshold)
    return send(Report(_("Laporan umpan balik 360: %(c)s", c=cycle.name), subtitle, tables, chart),
                "pdf", f"umpan-balik-360-{employee.nip}")


# --- conversion to competency assessments ---------------------------------------------------------

def _convert(cycle: FeedbackCycle, what: str | None) -> str:
    """Propose, apply or reject conversions as the form asks; the message to show."""
    if what == "propose":
        n = conversion.propose(cycle)
        return _("%(n)s usulan penilaian kompetensi disusun. Periksa lalu terapkan.", n=n)
    ids = [int(x) for x in request.form.getlist("conversion_id") if x.isdigit()]
    if request.form.get("all") == "1":
        ids = [r[0].id for r in conversion.proposals(cycle, per_page=100000)[0]]
    n = conversion.apply(cycle, ids, reject=what == "reject")
    return (_("%(n)s usulan ditolak.", n=n) if what == "reject"
            else _("%(n)s penilaian kompetensi (sumber 360) dicatat.", n=n))


@bp.route("/cycles/<int:cycle_id>/conversion", methods=["GET", "POST"])
@handles(perm.can_manage_feedback, cycle=CYCLE)
def conversion_review(cycle: FeedbackCycle):
    if request.method == "POST":
        with attempt(FeedbackError) as outcome:
            message = _convert(cycle, request.form.get("what"))
        flash(*((message, "success") if outcome.ok else (outcome.error, "error")))
        return redirect(url_for("feedback.conversion_review", cycle_id=cycle.id))
    rows, has_next = conversion.proposals(cycle, page=page_number())
    return render("feedback/conversion.html", cycle=cycle, rows=rows, has_next=has_next, page=page_number(),
                  counts=conversion.counts(cycle))
