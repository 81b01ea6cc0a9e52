"""The definition editor (tenant admin) and the generic case actions every module's case page
posts to: transition, attach, download, re-check, reassign."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from jenjang import eligibility
from jenjang.core.nav import NavItem, registry
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render, send_stored
from jenjang.workflow import attachments, bp, queries, versions
from jenjang.workflow.actors import current_actor_label, find_assignee
from jenjang.workflow.cases import reassign, reevaluate, transition
from jenjang.workflow.definitions import (
    ACTION_LABELS,
    ACTORS,
    DefinitionError,
    documents_text,
    make_step,
    parse_documents,
    slugify,
)
from jenjang.workflow.errors import ReassignRefused, TransitionRefused
from jenjang.workflow.escalation import escalation_role, set_escalation_role
from jenjang.workflow.forms import EscalationForm, ReassignForm, StepForm, TransitionForm
from jenjang.workflow.handlers import handler_of, known_checks_for
from jenjang.workflow.models import WorkflowAttachment, WorkflowCase, WorkflowDefinition
from jenjang.workflow.permissions import can_edit_workflows, can_reassign, can_view_case, can_work_on

registry.add_nav(NavItem("workflow.definitions", _l("Alur persetujuan"), can_edit_workflows, order=905,
                         match_prefix="/admin/workflows"))

DEFINITION = Load(WorkflowDefinition, "definition_id")


# a case the user may not see (its module's handler decides) is a 404, like another tenant's
CASE = Load(WorkflowCase, "case_id", visible=can_view_case)


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


# --- generic case actions -----------------------------------------------------------------

def _back(case: WorkflowCase):
    handler = handler_of(case)
    if not handler.can_view(current_user, case):
        # a person the step was reassigned to sees the case only while it waits for them
        return redirect(url_for("core.index"))
    endpoint, values = handler.link(case)
    return redirect(url_for(endpoint, **values))


@bp.route("/cases/<int:case_id>/transition", methods=["POST"])
@handles(None, case=CASE)
def case_transition(case):
    form = TransitionForm()
    if not form.validate_on_submit() or not (form.lock.data or "").isdigit():
        abort(400)
    with attempt(TransitionRefused) as outcome:
        status = transition(case, current_user, form.action.data, seen_lock=int(form.lock.data),
                            comment=form.comment.data)
    if not outcome.ok:
        flash(outcome.error, "error")
        response = _back(case)
        response.status_code = 303
        return response
    labels = {"approved": _("Disetujui; kasus selesai."), "rejected": _("Ditolak; kasus selesai."),
              "in_progress": _("Tersimpan; kasus berpindah ke langkah berikutnya.")}
    flash(labels.get(status, _("Tersimpan.")), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/attachments", methods=["POST"])
@handles(can_work_on, case=CASE)
def case_attach(case):
    with attempt(attachments.AttachmentRefused) as outcome:
        attachments.attach(case, request.files.get("file"), request.form.get("document_key") or None, current_user)
    if outcome.ok:
        flash(_("Lampiran disimpan."), "success")
    else:
        flash(outcome.error, "error")
    return _back(case)


@bp.route("/cases/<int:case_id>/attachments/<int:attachment_id>")
@handles(None, case=CASE, attachment=Load(WorkflowAttachment, "attachment_id",
                                          where=lambda case: WorkflowAttachment.case_id == case.id))
def case_attachment(case, attachment):
    return send_stored(lambda: attachments.file_path(attachment), attachment.mime, attachment.filename)


@bp.route("/cases/<int:case_id>/recheck", methods=["POST"])
@handles(can_work_on, case=CASE)
def case_recheck(case):
    reevaluate(case)
    flash(_("Pemeriksaan otomatis dijalankan ulang."), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/reassign", methods=["GET", "POST"])
@handles(can_reassign, case=CASE)
def case_reassign(case):
    if not case.is_open:
        flash(_("Kasus ini sudah selesai; tidak ada langkah untuk dialihkan."), "info")
        return _back(case)
    form = ReassignForm(data={"lock": case.lock_version} if request.method == "GET" else None)
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        with attempt(TransitionRefused) as outcome:
            assignee = find_assignee(form.person.data)
            reassign(case, current_user, assignee, form.reason.data, seen_lock=int(form.lock.data or 0))
        if outcome.ok:
            flash(_("Langkah %(step)s dialihkan kepada %(name)s.", step=case.step["name"],
                    name=assignee.display_name), "success")
            return _back(case)
        if not isinstance(outcome.exception, ReassignRefused):  # the case moved meanwhile
            flash(outcome.error, "error")
            return _back(case)
        field = getattr(form, outcome.exception.field)
        field.errors = [*field.errors, outcome.error]
    endpoint, values = handler_of(case).link(case)
    return render("workflow/reassign.html", case=case, form=form, status=status,
                  back_url=url_for(endpoint, **values), actor_label=current_actor_label(case))
