"""Competency pages, part 1: navigation and dashboard cards, the dictionary and the settings.
The other pages live in views_standards, views_people, views_talent and views_plans, imported at
the bottom so that importing this module registers every route."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from jenjang.competency import bp, labels, national, operations, queries
from jenjang.competency import permissions as perm
from jenjang.competency.forms import CompetencyForm, SettingsForm
from jenjang.competency.jpm import CATEGORY_LABELS
from jenjang.competency.models import SOURCES, Competency, CompetencyLevel
from jenjang.competency.settings import Rules, load_rules
from jenjang.core.nav import NavItem, registry
from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.people.api import SKP_PREDICATES, Employee, Position


@bp.context_processor
def _competency_context():
    from jenjang.competency.presenters import comp_name, fmt_percent
    from jenjang.people.labels import POSITION_KIND_LABELS

    return {"comp_perm": _Perm(), "clabels": labels, "category_labels": CATEGORY_LABELS, "comp_name": comp_name,
            "fmt_percent": fmt_percent, "kind_labels": POSITION_KIND_LABELS}


class _Perm:
    def __getattr__(self, name):
        return perm.TEMPLATE_CHECKS[name]


def _my_card(user) -> dict:
    employee = db.session.get(Employee, (user.tenant_id, user.employee_id))
    if employee is None or employee.position_id is None:
        return {"report": None}
    from jenjang.competency.presenters import fmt_percent

    report = queries.gap_report(load_rules(), employee.id, employee.position_id)
    return {"report": report, "percent": fmt_percent(report.result.percent), "gaps": len(report.gaps),
            "category": report.category, "category_label": CATEGORY_LABELS[report.category]}


def _hr_card(user) -> dict:
    return queries.counts_for_card()


registry.add_nav(NavItem("competency.me", _l("Kompetensi saya"), perm.has_own_development, order=200,
                         match_prefix="/development"))
registry.add_nav(NavItem("competency.analysis", _l("Kompetensi"), perm.can_view_competency_reports, order=210,
                         match_prefix="/competency"))
registry.add_card(200, "competency/cards/me.html", perm.has_own_development, _my_card)
registry.add_card(210, "competency/cards/hr.html", perm.can_manage_competencies, _hr_card)


def require(check, *args) -> None:
    if not check(current_user, *args):
        abort(403)


def load_competency(competency_id: int) -> Competency:
    return db.first_or_404(sa.select(Competency).where(Competency.id == competency_id))


# --- dictionary ------------------------------------------------------------------------------

@bp.route("/competency/dictionary")
@login_required
def dictionary():
    require(perm.can_view_dictionary)
    items = queries.competency_list()
    groups: dict[tuple[str, str], list[Competency]] = {}
    for c in items:
        groups.setdefault((c.kind, c.field or ""), []).append(c)
    return render("competency/dictionary.html", groups=groups,
                  usage=queries.usage_counts([c.id for c in items]) if perm.can_manage_competencies(current_user)
                  else {})


@bp.route("/competency/dictionary/<int:competency_id>")
@login_required
def competency_detail(competency_id: int):
    comp = load_competency(competency_id)
    require(perm.can_view_dictionary)
    if comp.is_national:
        levels = national.levels_for(comp.code, get_locale())
        definition = national.text(national.BY_CODE[comp.code].definition, get_locale())
    else:
        english = national.lang(get_locale()) == "en"
        rows = db.session.scalars(sa.select(CompetencyLevel).where(CompetencyLevel.competency_id == comp.id)
                                  .order_by(CompetencyLevel.level)).all()
        levels = [{"level": r.level,
                   "description": (r.description_en if english and r.description_en else r.description),
                   "indicators": [line for line in ((r.indicators_en if english and r.indicators_en
                                                     else r.indicators) or "").splitlines() if line.strip()]}
                  for r in rows]
        definition = comp.description_en if english and comp.description_en else comp.description
    return render("competency/competency_detail.html", comp=comp, levels=levels, definition=definition,
                  regulation=national.REGULATION if comp.is_national else None)


def _competency_form_page(comp: Competency | None):
    # not obj=comp: WTForms would read comp.levels (lazy="raise_on_sql"); the level rows are filled below
    columns = ("code", "name", "name_en", "field", "description", "description_en")
    form = (CompetencyForm(data={c: getattr(comp, c) for c in columns}) if request.method == "GET" and comp
            else CompetencyForm())
    if request.method == "GET" and comp:
        rows = {r.level: r for r in db.session.scalars(sa.select(CompetencyLevel).where(
            CompetencyLevel.competency_id == comp.id))}
        for number, entry in enumerate(form.levels.entries, start=1):
            row = rows.get(number)
            if row is not None:
                entry.form.process(None, obj=row)
    if form.validate_on_submit():
        try:
            saved = operations.save_competency(comp, code=form.code.data, name=form.name.data,
                                               name_en=form.name_en.data, field=form.field.data,
                                               description=form.description.data,
                                               description_en=form.description_en.data, levels=form.level_data())
        except operations.CompetencyError as exc:
            getattr(form, exc.field or "code").errors.append(exc.message)
        else:
            flash(_("Kompetensi %(code)s disimpan.", code=saved.code), "success")
            return redirect(url_for("competency.competency_detail", competency_id=saved.id))
    return render("competency/competency_form.html", form=form, comp=comp,
                  status=422 if request.method == "POST" else 200)


@bp.route("/competency/dictionary/new", methods=["GET", "POST"])
@login_required
def competency_new():
    require(perm.can_manage_competencies)
    return _competency_form_page(None)


@bp.route("/competency/dictionary/<int:competency_id>/edit", methods=["GET", "POST"])
@login_required
def competency_edit(competency_id: int):
    comp = load_competency(competency_id)
    require(perm.can_manage_competencies)
    if comp.is_national:
        abort(403)
    return _competency_form_page(comp)


@bp.route("/competency/dictionary/<int:competency_id>/retire", methods=["POST"])
@login_required
def competency_retire(competency_id: int):
    comp = load_competency(competency_id)
    require(perm.can_manage_competencies)
    if comp.is_national:
        abort(403)
    operations.retire_competency(comp)
    flash(_("Kompetensi %(code)s dipensiunkan: tidak dapat dipakai untuk standar atau penilaian baru.",
            code=comp.code), "success")
    return redirect(url_for("competency.competency_detail", competency_id=comp.id))


@bp.route("/competency/dictionary/<int:competency_id>/restore", methods=["POST"])
@login_required
def competency_restore(competency_id: int):
    comp = load_competency(competency_id)
    require(perm.can_manage_competencies)
    operations.restore_competency(comp)
    flash(_("Kompetensi %(code)s berlaku kembali.", code=comp.code), "success")
    return redirect(url_for("competency.competency_detail", competency_id=comp.id))


# --- settings --------------------------------------------------------------------------------

def box_action_overrides(texts: dict[int, str | None]) -> dict[str, str]:
    """The tenant's own texts: an empty box, or the default text in either language, means the
    default (so the default keeps following the reader's language)."""
    out = {}
    for box, text in texts.items():
        text = (text or "").strip()
        default = labels.BOX_ACTIONS[box]
        if text and text not in (str(default), default._args[0] if hasattr(default, "_args") else None):
            out[str(box)] = text
    return out


def _settings_form(rules: Rules) -> SettingsForm:
    data = rules.as_dict()
    for predicate in SKP_PREDICATES:
        data[f"skp_{predicate}"] = rules.skp_mapping.get(predicate)
    for source in SOURCES:
        data[f"valid_{source}"] = rules.validity(source)
    for i, source in enumerate(rules.source_precedence[:4], start=1):
        data[f"precedence_{i}"] = source
    for box, text in rules.box_action_texts().items():
        data[f"action_{box}"] = text
    return SettingsForm(data=data) if request.method == "GET" else SettingsForm()


@bp.route("/competency/settings", methods=["GET", "POST"])
@login_required
def settings():
    require(perm.can_manage_competencies)
    rules = load_rules()
    form = _settings_form(rules)
    if form.validate_on_submit():
        new = Rules(**{name: getattr(form, name).data for name in (
            "jpm_regulation", "test_regulation", "potential_source", "talent_regulation", "skp_regulation",
            "precedence_mode")})
        for name in ("jpm_optimal_min", "jpm_cukup_min", "test_ms_min", "test_mms_min", "potential_high_min",
                     "potential_mid_min"):
            setattr(new, name, float(getattr(form, name).data))
        new.skp_mapping = {p: getattr(form, f"skp_{p}").data for p in SKP_PREDICATES}
        new.validity_months = {s: int(getattr(form, f"valid_{s}").data) for s in SOURCES}
        new.source_precedence = [getattr(form, f"precedence_{i}").data for i in range(1, 5)]
        new.skp_final_month, new.skp_final_day = form.skp_final_month.data, form.skp_final_day.data
        new.skp_recent_years = form.skp_recent_years.data
        new.box_actions = box_action_overrides({b: getattr(form, f"action_{b}").data for b in range(1, 10)})
        try:
            operations.save_settings(new)
        except operations.CompetencyError as exc:
            getattr(form, exc.field).errors.append(exc.message)
        else:
            flash(_("Aturan kompetensi disimpan."), "success")
            return redirect(url_for("competency.settings"))
    return render("competency/settings.html", form=form, rules=rules,
                  status=422 if request.method == "POST" else 200)


def position_or_404(position_id: int) -> Position:
    return db.first_or_404(sa.select(Position).where(Position.id == position_id))


from jenjang.competency import (  # noqa: E402, F401  (routes register on import)
    views_people,
    views_plans,
    views_standards,
    views_talent,
)
