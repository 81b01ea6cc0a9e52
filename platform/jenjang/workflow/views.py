"""The definition editor (tenant admin) and the generic case actions every module's case page
posts to: transition, attach, download, re-check."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from jenjang import eligibility
from jenjang.core.nav import NavItem, registry
from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.workflow import attachments, bp, engine
from jenjang.workflow.definitions import (
    ACTION_LABELS,
    ACTORS,
    DefinitionError,
    documents_text,
    make_step,
    parse_documents,
    slugify,
)
from jenjang.workflow.forms import EscalationForm, ReassignForm, StepForm, TransitionForm
from jenjang.workflow.models import WorkflowAttachment, WorkflowCase, WorkflowDefinition, WorkflowVersion
from jenjang.workflow.permissions import can_edit_workflows, can_reassign

registry.add_nav(NavItem("workflow.definitions", _l("Alur persetujuan"), can_edit_workflows, order=905,
                         match_prefix="/admin/workflows"))


def _require_editor():
    if not can_edit_workflows(current_user):
        abort(403)


def _definition_or_404(definition_id: int) -> WorkflowDefinition:
    return db.first_or_404(sa.select(WorkflowDefinition).where(WorkflowDefinition.id == definition_id))


def _check_choices(definition: WorkflowDefinition) -> list[tuple[str, str]]:
    keys = sorted(engine.known_checks_for(definition.module))
    return [(k, str(eligibility.get(k).label) if eligibility.get(k) else k) for k in keys]


@bp.route("/admin/workflows")
@login_required
def definitions():
    _require_editor()
    rows = db.session.scalars(sa.select(WorkflowDefinition).order_by(WorkflowDefinition.module,
                                                                    WorkflowDefinition.name)).all()
    versions = db.session.execute(
        sa.select(WorkflowVersion.definition_id, sa.func.max(WorkflowVersion.number),
                  sa.func.count().filter(WorkflowVersion.status == "draft"))
        .group_by(WorkflowVersion.definition_id)).all()
    info = {d: {"current": n, "draft": bool(dr)} for d, n, dr in versions}
    running = dict(db.session.execute(
        sa.select(WorkflowCase.definition_id, sa.func.count()).where(WorkflowCase.status == "in_progress")
        .group_by(WorkflowCase.definition_id)).all())
    escalation = EscalationForm(data={"escalation_role": engine.escalation_role()})
    return render("workflow/definitions.html", definitions=rows, info=info, running=running, escalation=escalation)


@bp.route("/admin/workflows/escalation", methods=["POST"])
@login_required
def escalation_save():
    _require_editor()
    form = EscalationForm()
    if not form.validate_on_submit():
        flash(_("Pilih peran yang menerima langkah tanpa pelaku."), "error")
        return redirect(url_for("workflow.definitions"))
    engine.set_escalation_role(form.escalation_role.data)
    flash(_("Tersimpan. Langkah yang pelakunya tidak ditemukan kini dialihkan ke %(role)s.",
            role=dict(form.escalation_role.choices)[form.escalation_role.data]), "success")
    return redirect(url_for("workflow.definitions"))


def _editor(definition: WorkflowDefinition, status: int = 200, step_forms: dict | None = None,
            problems: list | None = None):
    draft = engine.draft_of(definition, create=False)
    current = engine.published_version(definition)
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
    versions = db.session.scalars(sa.select(WorkflowVersion).where(
        WorkflowVersion.definition_id == definition.id, WorkflowVersion.status == "published")
        .order_by(WorkflowVersion.number.desc())).all()
    return render("workflow/definition_edit.html", definition=definition, draft=draft, current=current,
                  steps=steps, forms=forms, versions=versions, usage=engine.version_usage(definition),
                  actors=ACTORS, action_labels=ACTION_LABELS, problems=problems or [], status=status)


@bp.route("/admin/workflows/<int:definition_id>")
@login_required
def definition_edit(definition_id):
    _require_editor()
    return _editor(_definition_or_404(definition_id))


def _draft_steps(definition: WorkflowDefinition):
    draft = engine.draft_of(definition)
    return draft, [dict(s) for s in draft.steps]


@bp.route("/admin/workflows/<int:definition_id>/steps", methods=["POST"])
@login_required
def step_add(definition_id):
    _require_editor()
    definition = _definition_or_404(definition_id)
    draft, steps = _draft_steps(definition)
    name = (request.form.get("name") or "").strip()[:120] or _("Langkah baru")
    steps.append(make_step(name, actor="", actions=["approve", "reject", "return"], sla_days=5))
    engine.save_draft(draft, steps)
    flash(_("Langkah ditambahkan ke draf. Lengkapi pelakunya, lalu terbitkan."), "success")
    return redirect(url_for("workflow.definition_edit", definition_id=definition.id) + f"#step-{len(steps) - 1}")


def _step_index(steps: list, index: int) -> int:
    if not 0 <= index < len(steps):
        abort(404)
    return index


@bp.route("/admin/workflows/<int:definition_id>/steps/<int:index>", methods=["POST"])
@login_required
def step_save(definition_id, index):
    _require_editor()
    definition = _definition_or_404(definition_id)
    draft, steps = _draft_steps(definition)
    index = _step_index(steps, index)
    form = StepForm(prefix=f"s{index}")
    form.checks.choices = _check_choices(definition)
    if not form.validate_on_submit():
        return _editor(definition, status=422, step_forms={index: form})
    old = steps[index]
    steps[index] = make_step(form.name.data.strip(), form.actor.data, form.actions.data, form.sla_days.data,
                             parse_documents(form.documents.data), form.checks.data,
                             key=old.get("key") or slugify(form.name.data))
    engine.save_draft(draft, steps)
    flash(_("Langkah %(name)s disimpan di draf.", name=form.name.data.strip()), "success")
    return redirect(url_for("workflow.definition_edit", definition_id=definition.id) + f"#step-{index}")


@bp.route("/admin/workflows/<int:definition_id>/steps/<int:index>/move", methods=["POST"])
@login_required
def step_move(definition_id, index):
    _require_editor()
    definition = _definition_or_404(definition_id)
    draft, steps = _draft_steps(definition)
    index = _step_index(steps, index)
    target = index - 1 if request.form.get("direction") == "up" else index + 1
    if 0 <= target < len(steps):
        steps[index], steps[target] = steps[target], steps[index]
        engine.save_draft(draft, steps)
    return redirect(url_for("workflow.definition_edit", definition_id=definition.id) + f"#step-{max(target, 0)}")


@bp.route("/admin/workflows/<int:definition_id>/steps/<int:index>/delete", methods=["POST"])
@login_required
def step_delete(definition_id, index):
    _require_editor()
    definition = _definition_or_404(definition_id)
    draft, steps = _draft_steps(definition)
    index = _step_index(steps, index)
    removed = steps.pop(index)
    engine.save_draft(draft, steps)
    flash(_("Langkah %(name)s dihapus dari draf.", name=removed["name"]), "success")
    return redirect(url_for("workflow.definition_edit", definition_id=definition.id))


@bp.route("/admin/workflows/<int:definition_id>/publish", methods=["POST"])
@login_required
def publish(definition_id):
    _require_editor()
    definition = _definition_or_404(definition_id)
    draft = engine.draft_of(definition, create=False)
    if draft is None:
        flash(_("Tidak ada draf untuk diterbitkan."), "info")
        return redirect(url_for("workflow.definition_edit", definition_id=definition.id))
    try:
        version = engine.publish(draft, current_user.email or current_user.display_name)
    except DefinitionError as exc:
        return _editor(definition, status=422, problems=exc.messages)
    flash(_("Versi %(n)s diterbitkan. Kasus baru memakai versi ini; kasus yang sedang berjalan tetap pada "
            "versinya.", n=version.number), "success")
    return redirect(url_for("workflow.definition_edit", definition_id=definition.id))


@bp.route("/admin/workflows/<int:definition_id>/discard", methods=["POST"])
@login_required
def discard(definition_id):
    _require_editor()
    definition = _definition_or_404(definition_id)
    draft = engine.draft_of(definition, create=False)
    if draft is not None:
        db.session.delete(draft)
        flash(_("Draf dibuang."), "info")
    return redirect(url_for("workflow.definition_edit", definition_id=definition.id))


# --- generic case actions -----------------------------------------------------------------

def _case_or_404(case_id: int) -> WorkflowCase:
    case = db.first_or_404(sa.select(WorkflowCase).where(WorkflowCase.id == case_id))
    handler = engine.HANDLERS.get(case.subject_type)
    if handler is None or not handler.can_view(current_user, case):
        abort(404)
    return case


def _back(case: WorkflowCase):
    handler = engine.HANDLERS[case.subject_type]
    if not handler.can_view(current_user, case):
        # a person the step was reassigned to sees the case only while it waits for them
        return redirect(url_for("core.index"))
    endpoint, values = handler.link(case)
    return redirect(url_for(endpoint, **values))


@bp.route("/cases/<int:case_id>/transition", methods=["POST"])
@login_required
def case_transition(case_id):
    case = _case_or_404(case_id)
    form = TransitionForm()
    if not form.validate_on_submit() or not (form.lock.data or "").isdigit():
        abort(400)
    try:
        outcome = engine.transition(case, current_user, form.action.data, seen_lock=int(form.lock.data),
                                    comment=form.comment.data)
    except engine.TransitionRefused as exc:
        flash(exc.message, "error")
        db.session.rollback()
        response = _back(case)
        response.status_code = 303
        return response
    labels = {"approved": _("Disetujui; kasus selesai."), "rejected": _("Ditolak; kasus selesai."),
              "in_progress": _("Tersimpan; kasus berpindah ke langkah berikutnya.")}
    flash(labels.get(outcome, _("Tersimpan.")), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/attachments", methods=["POST"])
@login_required
def case_attach(case_id):
    case = _case_or_404(case_id)
    if not engine.can_act(current_user, case) and not current_user.has_role("hr"):
        abort(403)
    try:
        attachments.attach(case, request.files.get("file"), request.form.get("document_key") or None, current_user)
        flash(_("Lampiran disimpan."), "success")
    except attachments.AttachmentRefused as exc:
        flash(str(exc), "error")
    return _back(case)


@bp.route("/cases/<int:case_id>/attachments/<int:attachment_id>")
@login_required
def case_attachment(case_id, attachment_id):
    case = _case_or_404(case_id)
    attachment = db.first_or_404(sa.select(WorkflowAttachment).where(
        WorkflowAttachment.id == attachment_id, WorkflowAttachment.case_id == case.id))
    try:
        path = attachments.file_path(attachment)
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=attachment.mime, download_name=attachment.filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@bp.route("/cases/<int:case_id>/recheck", methods=["POST"])
@login_required
def case_recheck(case_id):
    case = _case_or_404(case_id)
    if not current_user.has_role("hr") and not engine.can_act(current_user, case):
        abort(403)
    engine.reevaluate(case)
    flash(_("Pemeriksaan otomatis dijalankan ulang."), "success")
    return _back(case)


@bp.route("/cases/<int:case_id>/reassign", methods=["GET", "POST"])
@login_required
def case_reassign(case_id):
    case = _case_or_404(case_id)
    if not can_reassign(current_user):
        abort(403)
    if not case.is_open:
        flash(_("Kasus ini sudah selesai; tidak ada langkah untuk dialihkan."), "info")
        return _back(case)
    form = ReassignForm(data={"lock": case.lock_version} if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        try:
            assignee = engine.find_assignee(form.person.data)
            engine.reassign(case, current_user, assignee, form.reason.data, seen_lock=int(form.lock.data or 0))
        except engine.CaseMoved as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return _back(case)
        except engine.ReassignRefused as exc:
            getattr(form, exc.field).errors = [*getattr(form, exc.field).errors, exc.message]
            status = 422
        else:
            flash(_("Langkah %(step)s dialihkan kepada %(name)s.", step=case.step["name"],
                    name=assignee.display_name), "success")
            return _back(case)
    elif request.method == "POST":
        status = 422
    endpoint, values = engine.HANDLERS[case.subject_type].link(case)
    return render("workflow/reassign.html", case=case, form=form, status=status,
                  back_url=url_for(endpoint, **values), actor_label=engine.current_actor_label(case))
