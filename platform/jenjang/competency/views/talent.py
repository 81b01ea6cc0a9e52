"""Competency pages of analysis and talent: the analysis (heatmap, JPM distribution, biggest gaps), the 9-box
with its drill-down and the talent pool, succession lists, and their exports."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.competency import bp, charts, operations, presenters, queries, talent
from jenjang.competency import permissions as perm
from jenjang.competency.exports import send
from jenjang.competency.forms import SuccessionForm, id_filter
from jenjang.competency.jpm import TALENT_POOL_BOXES
from jenjang.competency.settings import load_rules
from jenjang.core.resources import Load, attempt, handles, require
from jenjang.core.web import page_number, render
from jenjang.people.api import POSITION_KIND_LABELS, POSITION_KINDS, Position, position_options, unit_options

POSITION = Load(Position, "position_id")


def _filters() -> dict:
    unit_id = id_filter(request.args.get("unit")) or None
    kind = request.args.get("kind")
    return {"unit_id": unit_id, "kind": kind if kind in POSITION_KINDS else None}


def _export_format() -> str:
    """The export's format from the query string: a spreadsheet unless a PDF is asked for."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in ("xlsx", "pdf"):
        abort(404)
    return fmt


def _subtitle(f: dict) -> str:
    parts = []
    if f["unit_id"]:
        parts.append(queries.unit_name(f["unit_id"]) or "—")
    if f["kind"]:
        parts.append(str(POSITION_KIND_LABELS[f["kind"]]))
    return " · ".join(parts) or _("Seluruh wilayah")


def _analysis(f: dict, group: str):
    rules = load_rules()
    comps = queries.competencies_by_id()
    cells = queries.heatmap(rules, group=group, **f)
    view = presenters.heatmap_view(cells, comps, group)
    if len(view["rows"]) > queries.HEATMAP_MAX_ROWS:
        view["truncated"] = len(view["rows"])
    return rules, view, queries.jpm_distribution(rules, **f)


@bp.route("/competency/")
@handles(perm.can_view_competency_reports)
def analysis():
    f = _filters()
    group = request.args.get("group") if request.args.get("group") in queries.GROUPS else \
        ("position" if f["unit_id"] else "kind")
    rules, view, distribution = _analysis(f, group)
    return render("competency/analysis.html", view=view, distribution=distribution, rules=rules, group=group,
                  units=unit_options(), kinds=POSITION_KINDS, subtitle=_subtitle(f), **f)


@bp.route("/competency/export/analysis")
@handles(perm.can_view_competency_reports)
def analysis_export():
    fmt = _export_format()
    f = _filters()
    group = request.args.get("group") if request.args.get("group") in queries.GROUPS else "kind"
    _rules, view, distribution = _analysis(f, group)
    report = presenters.analysis_export(view, distribution, queries.competencies_by_id(), _subtitle(f))
    return send(report, fmt, "peta-kompetensi")


def _box_links(f: dict) -> dict[int, str]:
    args = {k: v for k, v in (("unit", f["unit_id"]), ("kind", f["kind"])) if v}
    return {box: url_for("competency.talent_grid", box=box, **args) for box in range(1, 10)}


@bp.route("/competency/talent")
@handles(perm.can_see_potential)
def talent_grid():
    rules = load_rules()
    f = _filters()
    try:
        box = int(request.args.get("box") or 0) or None
    except ValueError:
        box = None
    box = box if box in range(1, 10) else None
    counts = talent.nine_box_counts(rules, **f)
    unplaced = talent.unplaced_counts(rules, **f)
    page = page_number()
    members, has_next = talent.box_members(rules, (box,), page=page, **f) if box else ([], False)
    svg = charts.nine_box(counts, title=_("Sembilan kotak manajemen talenta"),
                          desc=_("Jumlah pegawai per kotak; kotak 7, 8 dan 9 adalah kelompok rencana suksesi."),
                          links=_box_links(f), box_label=presenters.box_label, axis_labels=presenters.axis_labels(),
                          selected=box)
    return render("competency/talent.html", block="box_members", counts=counts, svg=svg, box=box, members=members,
                  has_next=has_next, page=page, rules=rules, actions=rules.box_action_texts(),
                  unplaced=unplaced, skp_note=talent.skp_note(rules), units=unit_options(),
                  kinds=POSITION_KINDS, pool=TALENT_POOL_BOXES, **f)


@bp.route("/competency/talent/pool")
@handles(perm.can_see_potential)
def talent_pool():
    rules = load_rules()
    f = _filters()
    page = page_number()
    members, has_next = talent.box_members(rules, TALENT_POOL_BOXES, page=page, per_page=100, **f)
    return render("competency/talent_pool.html", members=members, has_next=has_next, page=page, rules=rules,
                  units=unit_options(), kinds=POSITION_KINDS, actions=rules.box_action_texts(), **f)


@bp.route("/competency/export/talent")
@handles(perm.can_see_potential)
def talent_export():
    fmt = _export_format()
    rules = load_rules()
    f = _filters()
    counts = talent.nine_box_counts(rules, **f)
    unplaced = talent.unplaced_counts(rules, **f)
    members, _more = talent.box_members(rules, TALENT_POOL_BOXES, per_page=5000, **f)
    return send(presenters.talent_export(counts, members, _subtitle(f), rules.box_action_texts(), unplaced), fmt,
                "manajemen-talenta")


@bp.route("/competency/succession", methods=["GET", "POST"])
@handles(perm.can_see_potential)
def succession():
    can_edit = perm.can_manage_competencies(current_user)
    form = SuccessionForm()
    form.position_id.choices = position_options()
    if request.method == "POST":
        require(perm.can_manage_competencies)
        if form.validate_on_submit():
            with attempt(operations.CompetencyError) as outcome:
                operations.flag_succession(form.position_id.data, form.kind.data, form.note.data)
            if outcome.ok:
                flash(_("Jabatan ditandai untuk rencana suksesi."), "success")
                return redirect(url_for("competency.succession"))
            getattr(form, outcome.exception.field or "position_id").errors.append(outcome.error)
    return render("competency/succession.html", rows=talent.succession_positions(), form=form, can_edit=can_edit,
                  status=422 if request.method == "POST" else 200)


@bp.route("/competency/succession/<int:position_id>")
@handles(perm.can_view_succession, position=POSITION)
def succession_detail(position: Position):
    flag = queries.succession_flag(position.id)
    rules = load_rules()
    candidates = talent.succession_candidates(rules, position)
    return render("competency/succession_detail.html", position=position, flag=flag, candidates=candidates,
                  rules=rules, pool=TALENT_POOL_BOXES)


@bp.route("/competency/succession/<int:position_id>/remove", methods=["POST"])
@handles(perm.can_manage_competencies, position=POSITION)
def succession_remove(position: Position):
    flag = queries.succession_flag(position.id)
    if flag is None:
        abort(404)
    operations.unflag_succession(flag)
    flash(_("Tanda suksesi dihapus."), "success")
    return redirect(url_for("competency.succession"))
