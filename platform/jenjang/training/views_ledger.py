"""Training pages of the JP ledger: "JP saya" (and a team member's ledger for their supervisor),
the dashboard card, compliance by unit with its drill-down, export and reminder campaign, and the
training settings. Views parse, authorise, call an operation or a query, render."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, g, redirect, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from jenjang.core import clock
from jenjang.core.nav import registry
from jenjang.core.web import page_number, render
from jenjang.extensions import db
from jenjang.people.models import Employee, Position, Unit
from jenjang.training import bp, campaign, compliance, ledger
from jenjang.training import permissions_ledger as lp
from jenjang.training.forms_ledger import CONVERSION_LABELS, TrainingSettingsForm
from jenjang.training.ledger_summary import (
    SOURCE_LABELS,
    fmt_jp,
    parse_year,
    progress_percent,
    team_rows,
    year_summary,
    years_for,
)
from jenjang.training.settings import DEFAULT_CONVERSIONS, get_settings


@bp.context_processor
def _ledger_helpers():
    return {"fmt_jp": fmt_jp, "fmt_share": lambda v: format_decimal(v, format="#,##0.#")}


def _require(check, *args) -> None:
    if not check(current_user, *args):
        abort(403)


# --- dashboard card ------------------------------------------------------------------------------

def _jp_card(user) -> dict:
    year = clock.today().year
    target = get_settings().target_jp
    total = ledger.year_total(user.employee_id, year)
    return {"year": year, "target": target, "total": fmt_jp(total), "percent": progress_percent(total, target),
            "missing": fmt_jp(max(0, target - total)), "reached": total >= target}


registry.add_card(40, "training/ledger/card.html", lp.has_own_ledger, _jp_card)


# --- JP saya ---------------------------------------------------------------------------------------

def _ledger_page(employee: Employee, *, own: bool):
    year = parse_year(request.args.get("year"))
    summary = year_summary(employee.id, year)
    team = []
    if own:
        from jenjang.people.reporting import team_ids

        ids = team_ids(employee.id)
        team = team_rows(ids, year, summary.target)
    position = db.session.scalar(sa.select(Position.name).where(Position.id == employee.position_id)) \
        if employee.position_id else None
    return render("training/ledger/me.html", block="ledger", employee=employee, position=position, own=own,
                  summary=summary, years=years_for(employee.id), year=year, team=team,
                  source_labels=SOURCE_LABELS)


@bp.route("/training/jp")
@login_required
def my_jp():
    _require(lp.has_own_ledger)
    employee = db.first_or_404(sa.select(Employee).where(Employee.id == current_user.employee_id))
    return _ledger_page(employee, own=True)


@bp.route("/training/jp/employees/<int:employee_id>")
@login_required
def employee_jp(employee_id: int):
    employee = db.first_or_404(sa.select(Employee).where(Employee.id == employee_id))
    if lp.has_own_ledger(current_user) and current_user.employee_id == employee.id:
        return redirect(url_for("training.my_jp", year=request.args.get("year")))
    if not lp.can_view_ledger(current_user, employee):
        abort(404)  # whether someone exists is not a colleague's business
    return _ledger_page(employee, own=False)


# --- compliance ------------------------------------------------------------------------------------

def _compliance_page(unit: Unit | None):
    _require(lp.can_view_compliance)
    year = parse_year(request.args.get("year"))
    target = get_settings().target_jp
    rows, total = compliance.unit_report(year, unit.id if unit else None, target)
    page = page_number()
    behind, has_next = compliance.behind(year, unit.id if unit else None, target, page=page)
    today = clock.today()
    return render("training/ledger/compliance.html", block="report", unit=unit,
                  path=compliance.unit_path(unit.id) if unit else [], year=year, target=target, rows=rows,
                  total=total, behind=behind, has_next=has_next, page=page,
                  years=list(range(today.year, today.year - 5, -1)),
                  campaigns=campaign.campaigns(year), can_launch=campaign.can_launch(year))


@bp.route("/training/compliance")
@login_required
def compliance_report():
    return _compliance_page(None)


@bp.route("/training/compliance/units/<int:unit_id>")
@login_required
def compliance_unit(unit_id: int):
    unit = db.first_or_404(sa.select(Unit).where(Unit.id == unit_id))
    return _compliance_page(unit)


def _export(unit: Unit | None) -> Response:
    from jenjang.competency.exports import Report, Table, to_xlsx

    _require(lp.can_view_compliance)
    year = parse_year(request.args.get("year"))
    target = get_settings().target_jp
    rows, total = compliance.unit_report(year, unit.id if unit else None, target)
    headers = [_("Unit"), _("Pegawai"), _("Mencapai target"), _("Belum mencapai"), _("Persentase (%)"),
               _("Rata-rata JP")]

    def name(r):
        if r.unit_id is None:
            return _("Tanpa unit")
        return _("%(unit)s (langsung)", unit=r.name) if r.direct else r.name

    unit_rows = [[name(r), r.employees, r.compliant, r.behind, r.share, float(round(r.average, 2))] for r in rows]
    unit_rows.append([_("Jumlah"), total.employees, total.compliant, total.behind, total.share,
                      float(round(total.average, 2))])
    people = [[p.nip, p.name, p.position or "", p.unit or "", float(p.jp), float(target - p.jp)]
              for p in compliance.behind_all(year, unit.id if unit else None, target)]
    scope = unit.name if unit else g.tenant.name
    report = Report(title=_("Kepatuhan %(n)s JP tahun %(y)s", n=target, y=year), subtitle=scope,
                    tables=[Table(_("Per unit"), headers, unit_rows),
                            Table(_("Belum mencapai target"), ["NIP", _("Nama"), _("Jabatan"), _("Unit"), _("JP"),
                                                              _("Kekurangan JP")], people)])
    filename = f"kepatuhan-jp-{year}" + (f"-unit-{unit.id}" if unit else "") + ".xlsx"
    return Response(to_xlsx(report),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})


@bp.route("/training/compliance/export.xlsx")
@login_required
def compliance_export():
    return _export(None)


@bp.route("/training/compliance/units/<int:unit_id>/export.xlsx")
@login_required
def compliance_unit_export(unit_id: int):
    unit = db.first_or_404(sa.select(Unit).where(Unit.id == unit_id))
    return _export(unit)


@bp.route("/training/compliance/campaign", methods=["POST"])
@login_required
def compliance_campaign():
    _require(lp.can_view_compliance)
    year = parse_year(request.form.get("year"))
    try:
        result = campaign.launch(year, get_settings().target_jp, current_user)
    except campaign.CampaignRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("training.compliance_report", year=year)), 303
    if result.sent:
        flash(_("Pengingat dikirim ke %(sent)s pegawai (dari %(behind)s pegawai yang belum mencapai target; "
                "%(no_account)s tanpa akun).", sent=result.sent, behind=result.behind,
                no_account=result.behind - result.with_account), "success")
    else:
        flash(_("Tidak ada pengingat baru: semua pegawai yang belum mencapai target dan punya akun sudah diingatkan "
                "tahun ini (%(behind)s pegawai belum mencapai target).", behind=result.behind), "success")
    return redirect(url_for("training.compliance_report", year=year)), 303


# --- settings --------------------------------------------------------------------------------------

def _definition_choices(current_key: str) -> list[tuple[str, str]]:
    from jenjang.workflow.models import WorkflowDefinition

    rows = db.session.execute(sa.select(WorkflowDefinition.key, WorkflowDefinition.name)
                              .where(WorkflowDefinition.module == "training").order_by(WorkflowDefinition.name)).all()
    choices = [(key, f"{name} ({key})") for key, name in rows]
    if current_key not in {k for k, _ in choices}:
        choices.insert(0, (current_key, _("%(key)s (alur belum dibuat)", key=current_key)))
    return choices


@bp.route("/training/settings", methods=["GET", "POST"])
@login_required
def training_settings():
    _require(lp.can_edit_training_settings)
    from jenjang.training.settings_ops import save_settings

    row = get_settings()
    conversions = {**DEFAULT_CONVERSIONS, **(row.conversions or {})}
    form = TrainingSettingsForm()
    form.approval_definition_key.choices = _definition_choices(row.approval_definition_key)
    if request.method == "GET":
        form.target_jp.data = row.target_jp
        form.waitlist_order.data = row.waitlist_order
        form.approval_definition_key.data = row.approval_definition_key
        form.followup_days.data = row.followup_days
        for key in CONVERSION_LABELS:
            getattr(form, key).data = conversions.get(key)
    status = 200
    if form.validate_on_submit():
        save_settings(row, target_jp=form.target_jp.data, waitlist_order=form.waitlist_order.data,
                      approval_definition_key=form.approval_definition_key.data,
                      followup_days=form.followup_days.data,
                      conversions={k: float(getattr(form, k).data) for k in CONVERSION_LABELS})
        flash(_("Pengaturan pelatihan disimpan."), "success")
        return redirect(url_for("training.training_settings"))
    if request.method == "POST":
        status = 422
    return render("training/settings.html", form=form, status=status)
