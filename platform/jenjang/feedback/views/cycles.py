"""360 pages of HR's cycle setup (settings, questionnaire, preview, assignments), launch with its
progress bar, progress tracking, reminders, deadline and closing."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import page_number, render
from jenjang.feedback import bp, labels, operations, presenters, queries, tasks
from jenjang.feedback import permissions as perm
from jenjang.feedback.forms import (
    AssignmentForm,
    CompetencyItemsForm,
    CycleForm,
    DeadlineForm,
    OpenQuestionForm,
)
from jenjang.feedback.models import FeedbackAssignment, FeedbackCycle, FeedbackItem
from jenjang.feedback.operations import FeedbackError
from jenjang.tenancy.models import utcnow

CYCLE = Load(FeedbackCycle, "cycle_id")


@bp.route("/cycles/")
@handles(perm.can_manage_feedback)
def cycles():
    return render("feedback/cycles.html", rows=queries.cycles())


def _cycle_form(cycle: FeedbackCycle | None = None) -> CycleForm:
    form = CycleForm(obj=cycle) if request.method == "GET" and cycle else CycleForm()
    form.scope_unit_ids.choices = queries.top_units()
    return form


def _save_settings(form: CycleForm, save):
    """Run ``save(**settings)`` on a valid form; a refusal goes to the field it names."""
    with attempt(FeedbackError) as outcome:
        result = save(**{name: getattr(form, name).data for name in operations.SETTINGS})
    if not outcome.ok:
        getattr(form, outcome.exception.field or "name").errors.append(outcome.error)
        return None
    return result


@bp.route("/cycles/new", methods=["GET", "POST"])
@handles(perm.can_manage_feedback)
def new_cycle():
    form = _cycle_form()
    if form.validate_on_submit():
        cycle = _save_settings(form, operations.create_cycle)
        if cycle is not None:
            flash(_("Siklus dibuat. Susun kuesionernya."), "success")
            return redirect(url_for("feedback.questions", cycle_id=cycle.id))
    status = 422 if request.method == "POST" else 200
    return render("feedback/cycle_form.html", form=form, cycle=None, status=status)


@bp.route("/cycles/<int:cycle_id>/edit", methods=["GET", "POST"])
@handles(perm.can_manage_feedback, cycle=CYCLE)
def edit_cycle(cycle: FeedbackCycle):
    if not cycle.is_draft:
        flash(_("Siklus ini sudah diluncurkan: pengaturannya tidak dapat diubah lagi."), "error")
        return redirect(url_for("feedback.cycle", cycle_id=cycle.id))
    form = _cycle_form(cycle)
    if form.validate_on_submit() and _save_settings(form, lambda **values: operations.update_cycle(cycle, **values)):
        flash(_("Pengaturan disimpan."), "success")
        return redirect(url_for("feedback.cycle", cycle_id=cycle.id))
    return render("feedback/cycle_form.html", form=form, cycle=cycle, status=422 if request.method == "POST" else 200)


@bp.route("/cycles/<int:cycle_id>")
@handles(perm.can_manage_feedback, cycle=CYCLE)
def cycle(cycle: FeedbackCycle):
    progress = tasks.Progress(cycle.id).read() if cycle.status == "launching" else None
    problems = operations.launch_problems(cycle) if cycle.is_draft else []
    return render("feedback/cycle.html", block="launch_status" if request.args.get("poll") else None,
                  cycle=cycle, stats=queries.stats(cycle), sections=queries.sections(cycle), problems=problems,
                  progress=progress, deadline_form=DeadlineForm(data={"deadline": cycle.deadline}),
                  units=queries.unit_names(cycle.scope_unit_ids))


# --- questionnaire ---------------------------------------------------------------------------

def _questions_page(cycle, comp_form=None, open_form=None, status=200):
    comp_form = comp_form or CompetencyItemsForm()
    comp_form.competency_id.choices = queries.competency_choices()
    return render("feedback/questions.html", cycle=cycle, sections=queries.sections(cycle), comp_form=comp_form,
                  open_form=open_form or OpenQuestionForm(), status=status)


def _add_questions(cycle: FeedbackCycle, what: str | None):
    """Add what the form asked for; the page again (422) when the form is not valid, else None."""
    if what == "open":
        form = OpenQuestionForm()
        if not form.validate_on_submit():
            return _questions_page(cycle, open_form=form, status=422)
        operations.add_open_question(cycle, form.text.data, form.text_en.data)
    elif what == "default":
        operations.default_questionnaire(cycle)
    else:
        form = CompetencyItemsForm()
        form.competency_id.choices = queries.competency_choices()
        if not form.validate_on_submit():
            return _questions_page(cycle, comp_form=form, status=422)
        operations.add_competency(cycle, form.competency_id.data, form.level.data)
    return None


@bp.route("/cycles/<int:cycle_id>/questions", methods=["GET", "POST"])
@handles(perm.can_manage_feedback, cycle=CYCLE)
def questions(cycle: FeedbackCycle):
    if request.method == "GET":
        return _questions_page(cycle)
    with attempt(FeedbackError) as outcome:
        invalid = _add_questions(cycle, request.form.get("what"))
    if not outcome.ok:
        flash(outcome.error, "error")
        return _questions_page(cycle, status=422)
    if invalid is not None:
        return invalid
    flash(_("Kuesioner diperbarui."), "success")
    return redirect(url_for("feedback.questions", cycle_id=cycle.id))


def _removed(remove, done: str | None, back: str):
    """A removal from a cycle: a refusal is flashed, else `done` (if any); then back to `back`."""
    with attempt(FeedbackError) as outcome:
        remove()
    if not outcome.ok:
        flash(outcome.error, "error")
    elif done:
        flash(done, "success")
    return redirect(back)


@bp.route("/cycles/<int:cycle_id>/questions/<int:item_id>/delete", methods=["POST"])
@handles(perm.can_manage_feedback, cycle=CYCLE,
         item=Load(FeedbackItem, "item_id", where=lambda cycle: FeedbackItem.cycle_id == cycle.id))
def delete_item(cycle: FeedbackCycle, item: FeedbackItem):
    return _removed(lambda: operations.remove_item(cycle, item), None,
                    url_for("feedback.questions", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/preview")
@handles(perm.can_manage_feedback, cycle=CYCLE)
def preview(cycle: FeedbackCycle):
    """Exactly what a rater sees (as a peer, or another group chosen in the query string)."""
    relation = request.args.get("as", "peer")
    if relation not in labels.RELATION_LABELS:
        relation = "peer"
    return render("feedback/form.html", preview=True, preview_relation=relation,
                  **presenters.form_context(cycle, None, relation, _("Nama Pegawai yang Dinilai")))


# --- assignments ------------------------------------------------------------------------------

def _prepare(cycle: FeedbackCycle):
    with attempt(FeedbackError) as outcome:
        n = operations.prepare_assignments(cycle)
    if not outcome.ok:
        flash(outcome.error, "error")
        return None
    flash(_("%(n)s penugasan disusun dari struktur organisasi.", n=n), "success")
    return redirect(url_for("feedback.assignments", cycle_id=cycle.id))


def _add_rater(cycle: FeedbackCycle, form: AssignmentForm):
    subject_nip, rater_nip = form.subject_nip.data.strip(), form.rater_nip.data.strip()
    ids = queries.employee_ids_by_nip([subject_nip, rater_nip])
    with attempt(FeedbackError) as outcome:
        operations.add_assignment(cycle, ids.get(subject_nip), ids.get(rater_nip), form.relation.data)
    if not outcome.ok:
        form.rater_nip.errors.append(outcome.error)
        return None
    flash(_("Penilai ditambahkan."), "success")
    return redirect(url_for("feedback.assignments", cycle_id=cycle.id, q=form.subject_nip.data))


@bp.route("/cycles/<int:cycle_id>/assignments", methods=["GET", "POST"])
@handles(perm.can_manage_feedback, cycle=CYCLE)
def assignments(cycle: FeedbackCycle):
    form = AssignmentForm()
    status = 200
    if request.method == "POST":
        if request.form.get("what") == "prepare":
            done = _prepare(cycle)
        else:
            done = _add_rater(cycle, form) if form.validate_on_submit() else None
        if done is not None:
            return done
        status = 422
    q = request.args.get("q", "")
    rows, has_next = queries.assignment_page(cycle, q=q, page=page_number())
    return render("feedback/assignments.html", block="rows" if request.args.get("partial") else None,
                  cycle=cycle, rows=rows, has_next=has_next, page=page_number(), q=q, form=form,
                  stats=queries.stats(cycle), status=status)


@bp.route("/cycles/<int:cycle_id>/assignments/<int:assignment_id>/delete", methods=["POST"])
@handles(perm.can_manage_feedback, cycle=CYCLE,
         row=Load(FeedbackAssignment, "assignment_id", where=lambda cycle: FeedbackAssignment.cycle_id == cycle.id))
def delete_assignment(cycle: FeedbackCycle, row: FeedbackAssignment):
    return _removed(lambda: operations.remove_assignment(cycle, row), _("Penilai dihapus dari penugasan."),
                    url_for("feedback.assignments", cycle_id=cycle.id, q=request.form.get("q", "")))


# --- launch, reminders, deadline, close ---------------------------------------------------------

@bp.route("/cycles/<int:cycle_id>/launch", methods=["POST"])
@handles(perm.can_manage_feedback, cycle=CYCLE)
def launch(cycle: FeedbackCycle):
    with attempt(FeedbackError) as outcome:
        done = tasks.start_launch(cycle)
    if not outcome.ok:
        flash(outcome.error, "error")
    else:
        flash(_("Siklus diluncurkan: penilai sudah diberi tahu.") if done
              else _("Peluncuran berjalan di latar belakang; kemajuannya tampil di bawah."), "success")
    return redirect(url_for("feedback.cycle", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/remind", methods=["POST"])
@handles(perm.can_manage_feedback, cycle=CYCLE)
def remind(cycle: FeedbackCycle):
    if not cycle.is_open:
        flash(_("Pengingat hanya dapat dikirim selama siklus berjalan."), "error")
    else:
        n = tasks.send_reminder(cycle, f"manual-{int(utcnow().timestamp())}")
        flash(_("Pengingat dikirim ke %(n)s penilai yang belum selesai.", n=n), "success")
    return redirect(url_for("feedback.progress", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/deadline", methods=["POST"])
@handles(perm.can_manage_feedback, cycle=CYCLE)
def extend(cycle: FeedbackCycle):
    form = DeadlineForm()
    with attempt(FeedbackError) as outcome:
        operations.extend_deadline(cycle, form.deadline.data if form.validate_on_submit() else None)
    flash(*((_("Batas waktu diperpanjang sampai %(d)s.", d=cycle.deadline.isoformat()), "success") if outcome.ok
            else (outcome.error, "error")))
    return redirect(url_for("feedback.cycle", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/close", methods=["POST"])
@handles(perm.can_manage_feedback, cycle=CYCLE)
def close(cycle: FeedbackCycle):
    with attempt(FeedbackError) as outcome:
        operations.close_cycle(cycle)
    flash(*((_("Siklus ditutup. Laporan sudah tersedia."), "success") if outcome.ok else (outcome.error, "error")))
    return redirect(url_for("feedback.cycle", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/progress")
@handles(perm.can_manage_feedback, cycle=CYCLE)
def progress(cycle: FeedbackCycle):
    rows, has_next = queries.unfinished_raters(cycle, page_number())
    return render("feedback/progress.html", cycle=cycle, stats=queries.stats(cycle),
                  relations=queries.by_relation(cycle), units=queries.by_unit(cycle), raters=rows, has_next=has_next, page=page_number())
