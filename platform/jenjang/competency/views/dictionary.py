"""Competency pages: the dictionary (national and the region's own competencies) and the rules
of the region (settings)."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.competency import bp, national, operations, queries
from jenjang.competency import permissions as perm
from jenjang.competency.forms import CompetencyForm, SettingsForm, rules_from, settings_data
from jenjang.competency.models import Competency
from jenjang.competency.settings import load_rules
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render

COMPETENCY = Load(Competency, "competency_id")


@bp.route("/competency/dictionary")
@handles(perm.can_view_dictionary)
def dictionary():
    items = queries.competency_list()
    groups: dict[tuple[str, str], list[Competency]] = {}
    for c in items:
        groups.setdefault((c.kind, c.field or ""), []).append(c)
    return render("competency/dictionary.html", groups=groups,
                  usage=queries.usage_counts([c.id for c in items]) if perm.can_manage_competencies(current_user)
                  else {})


def _own_levels(comp: Competency, english: bool) -> list[dict]:
    return [{"level": r.level,
             "description": (r.description_en if english and r.description_en else r.description),
             "indicators": [line for line in ((r.indicators_en if english and r.indicators_en
                                               else r.indicators) or "").splitlines() if line.strip()]}
            for r in queries.competency_levels(comp.id)]


@bp.route("/competency/dictionary/<int:competency_id>")
@handles(perm.can_view_dictionary, comp=COMPETENCY)
def competency_detail(comp: Competency):
    if comp.is_national:
        levels = national.levels_for(comp.code, get_locale())
        definition = national.text(national.BY_CODE[comp.code].definition, get_locale())
    else:
        english = national.lang(get_locale()) == "en"
        levels = _own_levels(comp, english)
        definition = comp.description_en if english and comp.description_en else comp.description
    return render("competency/competency_detail.html", comp=comp, levels=levels, definition=definition,
                  regulation=national.REGULATION if comp.is_national else None)


def _competency_form(comp: Competency | None) -> CompetencyForm:
    # not obj=comp: WTForms would read comp.levels (lazy="raise_on_sql"); the level rows are filled below
    if request.method != "GET" or comp is None:
        return CompetencyForm()
    columns = ("code", "name", "name_en", "field", "description", "description_en")
    form = CompetencyForm(data={c: getattr(comp, c) for c in columns})
    rows = {r.level: r for r in queries.competency_levels(comp.id)}
    for number, entry in enumerate(form.levels.entries, start=1):
        if number in rows:
            entry.form.process(None, obj=rows[number])
    return form


def _competency_form_page(comp: Competency | None):
    form = _competency_form(comp)
    if form.validate_on_submit():
        with attempt(operations.CompetencyError) as outcome:
            saved = operations.save_competency(comp, code=form.code.data, name=form.name.data,
                                               name_en=form.name_en.data, field=form.field.data,
                                               description=form.description.data,
                                               description_en=form.description_en.data, levels=form.level_data())
        if outcome.ok:
            flash(_("Kompetensi %(code)s disimpan.", code=saved.code), "success")
            return redirect(url_for("competency.competency_detail", competency_id=saved.id))
        getattr(form, outcome.exception.field or "code").errors.append(outcome.error)
    return render("competency/competency_form.html", form=form, comp=comp,
                  status=422 if request.method == "POST" else 200)


@bp.route("/competency/dictionary/new", methods=["GET", "POST"])
@handles(perm.can_manage_competencies)
def competency_new():
    return _competency_form_page(None)


@bp.route("/competency/dictionary/<int:competency_id>/edit", methods=["GET", "POST"])
@handles(perm.can_edit_competency, comp=COMPETENCY)
def competency_edit(comp: Competency):
    return _competency_form_page(comp)


@bp.route("/competency/dictionary/<int:competency_id>/retire", methods=["POST"])
@handles(perm.can_edit_competency, comp=COMPETENCY)
def competency_retire(comp: Competency):
    operations.retire_competency(comp)
    flash(_("Kompetensi %(code)s dipensiunkan: tidak dapat dipakai untuk standar atau penilaian baru.",
            code=comp.code), "success")
    return redirect(url_for("competency.competency_detail", competency_id=comp.id))


@bp.route("/competency/dictionary/<int:competency_id>/restore", methods=["POST"])
@handles(perm.can_manage_competencies, comp=COMPETENCY)
def competency_restore(comp: Competency):
    operations.restore_competency(comp)
    flash(_("Kompetensi %(code)s berlaku kembali.", code=comp.code), "success")
    return redirect(url_for("competency.competency_detail", competency_id=comp.id))


@bp.route("/competency/settings", methods=["GET", "POST"])
@handles(perm.can_manage_competencies)
def settings():
    rules = load_rules()
    form = SettingsForm(data=settings_data(rules)) if request.method == "GET" else SettingsForm()
    if form.validate_on_submit():
        with attempt(operations.CompetencyError) as outcome:
            operations.save_settings(rules_from(form))
        if outcome.ok:
            flash(_("Aturan kompetensi disimpan."), "success")
            return redirect(url_for("competency.settings"))
        getattr(form, outcome.exception.field).errors.append(outcome.error)
    return render("competency/settings.html", form=form, rules=rules,
                  status=422 if request.method == "POST" else 200)
