"""The definition editor (tenant admin): the region's approval chains, their steps, escalation
role, publishing a new version and discarding a draft."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from jenjang import eligibility
from jenjang.core.nav import NavItem, registry
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render
from jenjang.workflow import bp, queries, versions
from jenjang.workflow.definitions import (
    ACTION_LABELS,
    ACTORS,
    DefinitionError,
    documents_text,
    make_step,
    parse_documents,
    slugify,
)
from jenjang.workflow.escalation import escalation_role, set_escalation_role
from jenjang.workflow.forms import EscalationForm, StepForm
from jenjang.workflow.handlers import known_checks_for
from jenjang.workflow.models import WorkflowDefinition
from jenjang.workflow.permissions import can_edit_workflows

registry.add_nav(NavItem("workflow.definitions", _l("Alur persetujuan"), can_edit_workflows, order=905,
                         match_prefix="/admin/workflows"))

DEFINITION = Load(WorkflowDefinition, "definition_id")


def _check_choices(definition: WorkflowDefinition) -> list[tuple[str, str]]:
    keys = sorted(known_checks_for(definition.module))
    return [(k, str(eligibility.get(k).label) if eligibility.get(k) else k) for k in keys]


@bp.route("/admin/workflows")
@handles(can_edit_workflows)
def definitions():
    rows, info, running = queries.definitions_overview()
    escalation = EscalationForm(data={"escalation_role": escalation_role()})
    return render("workflow/definitions.html", definitions=rows, info=info, running=running, escalation=escalation)


@bp.route("/admin/workflows/escalation", methods=["POST"])
@handles(can_edit_workflows)
def escalation_save():
    form = EscalationForm()
    if not form.validate_on_submit():
        flash(_("Pilih peran yang menerima langkah tanpa pelaku."), "error")
        return redirect(url_for("workflow.definitions"))
    set_escalation_role(form.escalation_role.data)
    flash(_("Tersimpan. Langkah yang pelakunya tidak ditemukan kini dialihkan ke %(role)s.",
            role=dict(form.escalation_role.choices)[form.escalation_role.data]), "success")
    return redirect(url_for("workflow.definitions"))


def _editor(definition: WorkflowDefinition, status: int = 200, step_forms: dict | None = None,
            problems: list | None = None):
    draft = versions.draft_of(definition, create=False)
    current = versions.published_version(definition)
    shown = draft or current
    steps = shown.steps if shown else []
    forms = {}
    for i, step in enumerate(steps):
        form = (step_forms or {}).get(i)
        if form is None:
            form = StepForm(prefix=f"s{i}", data={"name": step["name"], "actor": step["actor"],
                                                  "actions": step["actions"], "sla_days": step["sla_days"],
                                                  "documents": documents_text(step.get("documents") or []),
                                                  "checks": step.get("checks") or []})
        form.checks.choices = _check_choices(definition)
        forms[i] = form
    published = queries.published_versions(definition)
    return render("workflow/definition_edit.html", definition=definition, draft=draft, current=current,
                  steps=steps, forms=forms, versions=published, usage=versions.version_usage(definition),
                  actors=ACTORS, action_labels=ACTION_LABELS, problems=problems or [], status=status)


@bp.route("/admin/workflows/<int:definition_id>")
@handles(can_edit_workflows, definition=DEFINITION)
def definition_edit(definition):
    return _editor(definition)


def _draft_steps(definition: WorkflowDefinition, index: int | None = None):
    """The definition's draft and a copy of its steps; given `index`, a 404 unless it names a step."""
    draft = versions.draft_of(definition)
    steps = [dict(s) for s in draft.steps]
    if index is not None and not 0 <= index < len(steps):
        abort(404)
    return draft, steps


def _to_step(definition: WorkflowDefinition, index: int):
    """Back to the editor, scrolled to step `index`."""
    return redirect(url_for("workflow.definition_edit", definition_id=definition.id) + f"#step-{index}")


@bp.route("/admin/workflows/<int:definition_id>/steps", methods=["POST"])
@handles(can_edit_workflows, definition=DEFINITION)
def step_add(definition):
    draft, steps = _draft_steps(definition)
    name = (request.form.get("name") or "").strip()[:120] or _("Langkah baru")
    steps.append(make_step(name, actor="", actions=["approve", "reject", "return"], sla_days=5))
    versions.save_draft(draft, steps)
    flash(_("Langkah ditambahkan ke draf. Lengkapi pelakunya, lalu terbitkan."), "success")
    return _to_step(definition, len(steps) - 1)


@bp.route("/admin/workflows/<int:definition_id>/steps/<int:index>", methods=["POST"])
@handles(can_edit_workflows, definition=DEFINITION)
def step_save(definition, index):
    draft, steps = _draft_steps(definition, index)
    form = StepForm(prefix=f"s{index}")
    form.checks.choices = _check_choices(definition)
    if not form.validate_on_submit():
        return _editor(definition, status=422, step_forms={index: form})
    old = steps[index]
    steps[index] = make_step(form.name.data.strip(), form.actor.data, form.actions.data, form.sla_days.data,
                             parse_documents(form.documents.data), form.checks.data,
                             key=old.get("key") or slugify(form.name.data))
    versions.save_draft(draft, steps)
    flash(_("Langkah %(name)s disimpan di draf.", name=form.name.data.strip()), "success")
    return _to_step(definition, index)


@bp.route("/admin/workflows/<int:definition_id>/steps/<int:index>/move", methods=["POST"])
@handles(can_edit_workflows, definition=DEFINITION)
def step_move(definition, index):
    draft, steps = _draft_steps(definition, index)
    target = index - 1 if request.form.get("direction") == "up" else index + 1
    if 0 <= target < len(steps):
        steps[index], steps[target] = steps[target], steps[index]
        versions.save_draft(draft, steps)
    return _to_step(definition, max(target, 0))


@bp.route("/admin/workflows/<int:definition_id>/steps/<int:index>/delete", methods=["POST"])
@handles(can_edit_workflows, definition=DEFINITION)
def step_delete(definition, index):
    draft, steps = _draft_steps(definition, index)
    removed = steps.pop(index)
    versions.save_draft(draft, steps)
    flash(_("Langkah %(name)s dihapus dari draf.", name=removed["name"]), "success")
    return redirect(url_for("workflow.definition_edit", definition_id=definition.id))


@bp.route("/admin/workflows/<int:definition_id>/publish", methods=["POST"])
@handles(can_edit_workflows, definition=DEFINITION)
def publish(definition):
    draft = versions.draft_of(definition, create=False)
    if draft is None:
        flash(_("Tidak ada draf untuk diterbitkan."), "info")
        return redirect(url_for("workflow.definition_edit", definition_id=definition.id))
    with attempt(DefinitionError) as outcome:
        version = versions.publish(draft, current_user.email or current_user.display_name)
    if not outcome.ok:
        return _editor(definition, status=422, problems=outcome.exception.messages)
    flash(_("Versi %(n)s diterbitkan. Kasus baru memakai versi ini; kasus yang sedang berjalan tetap pada "
            "versinya.", n=version.number), "success")
    return redirect(url_for("workflow.definition_edit", definition_id=definition.id))


@bp.route("/admin/workflows/<int:definition_id>/discard", methods=["POST"])
@handles(can_edit_workflows, definition=DEFINITION)
def discard(definition):
    if versions.discard_draft(definition):
        flash(_("Draf dibuang."), "info")
    return redirect(url_for("workflow.definition_edit", definition_id=definition.id))
