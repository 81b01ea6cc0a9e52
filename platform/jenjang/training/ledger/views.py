"""Pages of the JP ledger: "JP saya" (and a team member's ledger for their supervisor), the
dashboard card, compliance by unit with its drill-down, export and reminder campaign, and the
training settings. Views parse, authorise, call an operation or a query, render."""
from __future__ import annotations

from flask import Response, flash, g, redirect, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.competency.exports import Report, Table, to_xlsx
from jenjang.core import clock
from jenjang.core.nav import registry
from jenjang.core.resources import Load, attempt, handles, load_or_404
from jenjang.core.web import page_number, render
from jenjang.people.api import Employee, Unit, team_ids
from jenjang.training import bp
from jenjang.training.ledger import campaign, compliance, queries, targets
from jenjang.training.ledger import permissions as lp
from jenjang.training.ledger.forms import CONVERSION_LABELS, TrainingSettingsForm
from jenjang.training.ledger.queries import (
    SOURCE_LABELS,
    fmt_jp,
    parse_year,
    progress_percent,
    team_rows,
    year_summary,
    years_for,
)
from jenjang.training.settings import DEFAULT_CONVERSIONS, get_settings, save_settings


@bp.context_processor
def _ledger_helpers():
    return {"fmt_jp": fmt_jp, "fmt_share": lambda v: format_decimal(v, format="#,##0.#"),
            "type_labels": targets.TYPE_LABELS}


# --- dashboard card ------------------------------------------------------------------------------

def _jp_card(user) -> dict:
    year = clock.today().year
    target = targets.current().for_type(queries.employment_type_of(user.employee_id))
    total = queries.year_total(user.employee_id, year)
    return {"year": year, "target": target, "total": fmt_jp(total), "percent": progress_percent(total, target),
            "missing": fmt_jp(max(0, target - total)), "reached": total >= target}


registry.add_card(40, "training/ledger/card.html", lp.has_own_ledger, _jp_card)


def _compliance_card(user) -> dict:
    """HR's glance: PNS and PPPK, each against its own target, this year. Two queries."""
    year = clock.today().year
    kinds = compliance.kind_report(year, None, targets.current())
    return {"year": year, "kinds": kinds, "labels": targets.FILTER_LABELS,
            "shares": {k.kind: format_decimal(k.share, format="#,##0.#") for k in kinds}}


registry.add_card(41, "training/ledger/card_compliance.html", lp.can_view_compliance, _compliance_card)


# --- JP saya ---------------------------------------------------------------------------------------

def _ledger_page(employee: Employee, *, own: bool):
    year = parse_year(request.args.get("year"))
    summary = year_summary(employee.id, year, employment_type=employee.employment_type)
    team = team_rows(team_ids(employee.id), year, targets.current()) if own else []
    return render("training/ledger/me.html", block="ledger", employee=employee,
                  position=queries.position_name(employee), own=own, summary=summary,
                  years=years_for(employee.id), year=year, team=team, source_labels=SOURCE_LABELS)


@bp.route("/training/jp")
@handles(lp.has_own_ledger)
def my_jp():
    return _ledger_page(load_or_404(Employee, current_user.employee_id), own=True)


@bp.route("/training/jp/employees/<int:employee_id>")
@handles(employee=Load(Employee, "employee_id", visible=lp.can_view_ledger))  # 404: not a colleague's business
def employee_jp(employee: Employee):
    if lp.has_own_ledger(current_user) and current_user.employee_id == employee.id:
        return redirect(url_for("training.my_jp", year=request.args.get("year")))
    return _ledger_page(employee, own=False)


# --- compliance ------------------------------------------------------------------------------------

UNIT = Load(Unit, "unit_id")


def _compliance_page(unit: Unit | None):
    year = parse_year(request.args.get("year"))
    kind = targets.parse_kind(request.args.get("kind"))
    ts = targets.current()
    unit_id = unit.id if unit else None
    rows, total = compliance.unit_report(year, unit_id, ts, kind)
    page = page_number()
    behind, has_next = compliance.behind(year, unit_id, ts, page=page, kind=kind)
    today = clock.today()
    return render("training/ledger/compliance.html", block="report", unit=unit,
                  path=compliance.unit_path(unit.id) if unit else [], year=year, targets=ts, kind=kind,
                  kinds=compliance.kind_report(year, unit_id, ts), kind_filters=targets.FILTER_LABELS,
                  rows=rows, total=total, behind=behind, has_next=has_next, page=page,
                  years=list(range(today.year, today.year - 5, -1)),
                  campaigns=campaign.campaigns(year), can_launch=campaign.can_launch(year))


@bp.route("/training/compliance")
@handles(lp.can_view_compliance)
def compliance_report():
    return _compliance_page(None)


@bp.route("/training/compliance/units/<int:unit_id>")
@handles(lp.can_view_compliance, unit=UNIT)
def compliance_unit(unit: Unit):
    return _compliance_page(unit)


def _unit_label(row) -> str:
    if row.unit_id is None:
        return _("Tanpa unit")
    return _("%(unit)s (langsung)", unit=row.name) if row.direct else row.name


def _export(unit: Unit | None) -> Response:
    year = parse_year(request.args.get("year"))
    kind = targets.parse_kind(request.args.get("kind"))
    ts = targets.current()
    unit_id = unit.id if unit else None
    rows, total = compliance.unit_report(year, unit_id, ts, kind)
    headers = [_("Unit"), _("Pegawai"), _("Mencapai target"), _("Belum mencapai"), _("Persentase (%)"),
               _("Rata-rata JP")]
    unit_rows = [[_unit_label(r), r.employees, r.compliant, r.behind, r.share, float(round(r.average, 2))]
                 for r in rows]
    unit_rows.append([_("Jumlah"), total.employees, total.compliant, total.behind, total.share,
                      float(round(total.average, 2))])
    people = [[p.nip, p.name, str(targets.TYPE_LABELS[p.employment_type]), p.position or "", p.unit or "",
               float(p.jp), p.target, float(p.missing)]
              for p in compliance.behind_all(year, unit_id, ts, kind)]
    kinds = [[str(targets.FILTER_LABELS[k.kind]), k.target, k.employees, k.compliant, k.behind, k.share,
              float(round(k.average, 2)), k.paruh_waktu if k.kind == "PPPK" else ""]
             for k in compliance.kind_report(year, unit_id, ts) if not kind or k.kind == kind]
    scope = unit.name if unit else g.tenant.name
    if kind:
        scope = f"{scope} · {targets.FILTER_LABELS[kind]}"
    report = Report(title=_("Kepatuhan target JP tahun %(y)s", y=year), subtitle=scope,
                    tables=[Table(_("Per unit"), headers, unit_rows),
                            Table(_("Belum mencapai target"),
                                  ["NIP", _("Nama"), _("Jenis kepegawaian"), _("Jabatan"), _("Unit"), _("JP"),
                                   _("Target JP"), _("Kekurangan JP")], people),
                            Table(_("Per jenis kepegawaian"),
                                  [_("Jenis kepegawaian"), _("Target JP"), _("Pegawai"), _("Mencapai target"),
                                   _("Belum mencapai"), _("Persentase (%)"), _("Rata-rata JP"),
                                   _("Di antaranya PPPK paruh waktu")], kinds)])
    filename = (f"kepatuhan-jp-{year}" + (f"-unit-{unit.id}" if unit else "") + (f"-{kind.lower()}" if kind else "")
                + ".xlsx")
    return Response(to_xlsx(report),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})


@bp.route("/training/compliance/export.xlsx")
@handles(lp.can_view_compliance)
def compliance_export():
    return _export(None)


@bp.route("/training/compliance/units/<int:unit_id>/export.xlsx")
@handles(lp.can_view_compliance, unit=UNIT)
def compliance_unit_export(unit: Unit):
    return _export(unit)


@bp.route("/training/compliance/campaign", methods=["POST"])
@handles(lp.can_view_compliance)
def compliance_campaign():
    year = parse_year(request.form.get("year"))
    with attempt(campaign.CampaignRefused) as outcome:
        result = campaign.launch(year, targets.current(), current_user)
    if not outcome.ok:
        flash(outcome.error, "error")
        return redirect(url_for("training.compliance_report", year=year)), 303
    if result.sent:
        flash(_("Pengingat dikirim ke %(sent)s pegawai (dari %(behind)s pegawai yang belum mencapai target; "
                "%(no_account)s tanpa akun).", sent=result.sent, behind=result.behind,
                no_account=result.behind - result.with_account), "success")
    else:
        flash(_("Tidak ada pengingat baru: semua pegawai yang belum mencapai target dan punya akun sudah diingatkan "
                "tahun ini (%(behind)s pegawai belum mencapai target).", behind=result.behind), "success")
    return redirect(url_for("training.compliance_report", year=year)), 303


# --- settings (module-wide; HR edits them next to the JP target they hold) -------------------------

def _definition_choices(current_key: str) -> list[tuple[str, str]]:
    choices = [(key, f"{name} ({key})") for key, name in queries.approval_definitions()]
    if current_key not in {k for k, _ in choices}:
        choices.insert(0, (current_key, _("%(key)s (alur belum dibuat)", key=current_key)))
    return choices


def _fill_settings_form(form: TrainingSettingsForm, row) -> None:
    conversions = {**DEFAULT_CONVERSIONS, **(row.conversions or {})}
    form.target_jp.data = row.target_jp
    form.target_jp_citation.data = row.target_jp_citation
    form.pppk_target_jp.data = row.pppk_target_jp
    form.pppk_target_citation.data = row.pppk_target_citation
    form.waitlist_order.data = row.waitlist_order
    form.approval_definition_key.data = row.approval_definition_key
    form.followup_days.data = row.followup_days
    for key in CONVERSION_LABELS:
        getattr(form, key).data = conversions.get(key)


@bp.route("/training/settings", methods=["GET", "POST"])
@handles(lp.can_edit_training_settings)
def training_settings():
    row = get_settings()
    form = TrainingSettingsForm()
    form.approval_definition_key.choices = _definition_choices(row.approval_definition_key)
    if request.method == "GET":
        _fill_settings_form(form, row)
    if form.validate_on_submit():
        save_settings(row, target_jp=form.target_jp.data, target_jp_citation=form.target_jp_citation.data,
                      pppk_target_jp=form.pppk_target_jp.data, pppk_target_citation=form.pppk_target_citation.data,
                      waitlist_order=form.waitlist_order.data,
                      approval_definition_key=form.approval_definition_key.data,
                      followup_days=form.followup_days.data,
                      conversions={k: float(getattr(form, k).data) for k in CONVERSION_LABELS})
        flash(_("Pengaturan pelatihan disimpan."), "success")
        return redirect(url_for("training.training_settings"))
    return render("training/settings.html", form=form, status=422 if request.method == "POST" else 200)
