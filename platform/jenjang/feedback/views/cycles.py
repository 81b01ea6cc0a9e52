"""360 pages, part 1: navigation, HR's cycle setup (settings, questionnaire, preview,
assignments), launch with its progress bar, progress tracking, reminders, deadline, closing.
Rater pages live in views_rater.py, reports and conversion in views_reports.py."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from jenjang.competency.models import Competency
from jenjang.core.nav import NavItem, registry
from jenjang.core.web import page_number, render
from jenjang.extensions import db
from jenjang.feedback import bp, labels, operations, queries, tasks
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
from jenjang.people.api import Employee, Unit


@bp.context_processor
def _feedback_context():
    return {"fb_perm": _Perm(), "fb_labels": labels, "item_text": queries.item_text}


class _Perm:
    def __getattr__(self, name):
        return perm.TEMPLATE_CHECKS[name]


def _forms_card(user) -> dict:
    rows = queries.my_forms(user.employee_id)
    return {"pending": sum(1 for r in rows if r[0].submitted_at is None), "total": len(rows)}


registry.add_nav(NavItem("feedback.my_forms", _l("Umpan balik 360"), perm.has_own_forms, order=220,
                         match_prefix="/360/forms"))
registry.add_nav(NavItem("feedback.cycles", _l("Siklus 360"), perm.can_manage_feedback, order=225,
                         match_prefix="/360/cycles"))
registry.add_card(220, "feedback/card_forms.html", perm.has_own_forms, _forms_card)


def require(check, *args) -> None:
    if not check(current_user, *args):
        abort(403)


def load_cycle(cycle_id: int) -> FeedbackCycle:
    return db.first_or_404(sa.select(FeedbackCycle).where(FeedbackCycle.id == cycle_id))


def _flash_error(exc: FeedbackError) -> None:
    flash(exc.message, "error")


# --- cycles ----------------------------------------------------------------------------------

@bp.route("/cycles/")
@login_required
def cycles():
    require(perm.can_manage_feedback)
    return render("feedback/cycles.html", rows=queries.cycles())


def _cycle_form(cycle: FeedbackCycle | None = None) -> CycleForm:
    form = CycleForm(obj=cycle) if request.method == "GET" and cycle else CycleForm()
    form.scope_unit_ids.choices = [(u.id, u.name) for u in db.session.execute(
        sa.select(Unit.id, Unit.name).where(Unit.parent_id.is_(None)).order_by(Unit.sort_order, Unit.name))]
    return form


def _settings(form: CycleForm) -> dict:
    return {name: getattr(form, name).data for name in operations.SETTINGS}


@bp.route("/cycles/new", methods=["GET", "POST"])
@login_required
def new_cycle():
    require(perm.can_manage_feedback)
    form = _cycle_form()
    if form.validate_on_submit():
        try:
            cycle = operations.create_cycle(**_settings(form))
        except FeedbackError as exc:
            getattr(form, exc.field or "name").errors.append(exc.message)
        else:
            flash(_("Siklus dibuat. Susun kuesionernya."), "success")
            return redirect(url_for("feedback.questions", cycle_id=cycle.id))
    status = 422 if request.method == "POST" else 200
    return render("feedback/cycle_form.html", form=form, cycle=None, status=status)


@bp.route("/cycles/<int:cycle_id>/edit", methods=["GET", "POST"])
@login_required
def edit_cycle(cycle_id: int):
    cycle = load_cycle(cycle_id)
    require(perm.can_manage_feedback)
    if not cycle.is_draft:
        flash(_("Siklus ini sudah diluncurkan: pengaturannya tidak dapat diubah lagi."), "error")
        return redirect(url_for("feedback.cycle", cycle_id=cycle.id))
    form = _cycle_form(cycle)
    if form.validate_on_submit():
        try:
            operations.update_cycle(cycle, **_settings(form))
        except FeedbackError as exc:
            getattr(form, exc.field or "name").errors.append(exc.message)
        else:
            flash(_("Pengaturan disimpan."), "success")
            return redirect(url_for("feedback.cycle", cycle_id=cycle.id))
    return render("feedback/cycle_form.html", form=form, cycle=cycle, status=422 if request.method == "POST" else 200)


@bp.route("/cycles/<int:cycle_id>")
@login_required
def cycle(cycle_id: int):
    cycle = load_cycle(cycle_id)
    require(perm.can_manage_feedback)
    progress = tasks.Progress(cycle.id).read() if cycle.status == "launching" else None
    problems = operations.launch_problems(cycle) if cycle.is_draft else []
    return render("feedback/cycle.html", block="launch_status" if request.args.get("poll") else None,
                  cycle=cycle, stats=queries.stats(cycle), sections=queries.sections(cycle), problems=problems,
                  progress=progress, deadline_form=DeadlineForm(data={"deadline": cycle.deadline}),
                  units={u.id: u.name for u in db.session.execute(sa.select(Unit.id, Unit.name).where(
                      Unit.id.in_(cycle.scope_unit_ids or [-1])))})


# --- questionnaire ---------------------------------------------------------------------------

def _competency_choices():
    return [(c.id, f"{c.code} {c.name}") for c in db.session.execute(
        sa.select(Competency.id, Competency.code, Competency.name).where(Competency.retired_at.is_(None))
        .order_by(Competency.sort_order, Competency.code))]


def _questions_page(cycle, comp_form=None, open_form=None, status=200):
    comp_form = comp_form or CompetencyItemsForm()
    comp_form.competency_id.choices = _competency_choices()
    return render("feedback/questions.html", cycle=cycle, sections=queries.sections(cycle), comp_form=comp_form,
                  open_form=open_form or OpenQuestionForm(), status=status)


@bp.route("/cycles/<int:cycle_id>/questions", methods=["GET", "POST"])
@login_required
def questions(cycle_id: int):
    cycle = load_cycle(cycle_id)
    require(perm.can_manage_feedback)
    if request.method == "GET":
        return _questions_page(cycle)
    what = request.form.get("what")
    try:
        if what == "open":
            form = OpenQuestionForm()
            if not form.validate_on_submit():
                return _questions_page(cycle, open_form=form, status=422)
            operations.add_open_question(cycle, form.text.data, form.text_en.data)
        elif what == "default":
            operations.default_questionnaire(cycle)
        else:
            form = CompetencyItemsForm()
            form.competency_id.choices = _competency_choices()
            if not form.validate_on_submit():
                return _questions_page(cycle, comp_form=form, status=422)
            operations.add_competency(cycle, form.competency_id.data, form.level.data)
    except FeedbackError as exc:
        _flash_error(exc)
        return _questions_page(cycle, status=422)
    flash(_("Kuesioner diperbarui."), "success")
    return redirect(url_for("feedback.questions", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/questions/<int:item_id>/delete", methods=["POST"])
@login_required
def delete_item(cycle_id: int, item_id: int):
    cycle = load_cycle(cycle_id)
    item = db.first_or_404(sa.select(FeedbackItem).where(FeedbackItem.id == item_id, FeedbackItem.cycle_id == cycle.id))
    require(perm.can_manage_feedback)
    try:
        operations.remove_item(cycle, item)
    except FeedbackError as exc:
        _flash_error(exc)
    return redirect(url_for("feedback.questions", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/preview")
@login_required
def preview(cycle_id: int):
    """Exactly what a rater sees (as a peer, or another group chosen in the query string)."""
    cycle = load_cycle(cycle_id)
    require(perm.can_manage_feedback)
    relation = request.args.get("as", "peer")
    if relation not in labels.RELATION_LABELS:
        relation = "peer"
    from jenjang.feedback.views_rater import form_context

    return render("feedback/form.html", preview=True, preview_relation=relation,
                  **form_context(cycle, None, relation, _("Nama Pegawai yang Dinilai")))


# --- assignments ------------------------------------------------------------------------------

@bp.route("/cycles/<int:cycle_id>/assignments", methods=["GET", "POST"])
@login_required
def assignments(cycle_id: int):
    cycle = load_cycle(cycle_id)
    require(perm.can_manage_feedback)
    form = AssignmentForm()
    status = 200
    if request.method == "POST":
        if request.form.get("what") == "prepare":
            try:
                n = operations.prepare_assignments(cycle)
            except FeedbackError as exc:
                _flash_error(exc)
            else:
                flash(_("%(n)s penugasan disusun dari struktur organisasi.", n=n), "success")
                return redirect(url_for("feedback.assignments", cycle_id=cycle.id))
        elif form.validate_on_submit():
            ids = dict(db.session.execute(sa.select(Employee.nip, Employee.id).where(
                Employee.nip.in_([form.subject_nip.data.strip(), form.rater_nip.data.strip()]))).all())
            try:
                operations.add_assignment(cycle, ids.get(form.subject_nip.data.strip()),
                                          ids.get(form.rater_nip.data.strip()), form.relation.data)
            except FeedbackError as exc:
                form.rater_nip.errors.append(exc.message)
            else:
                flash(_("Penilai ditambahkan."), "success")
                return redirect(url_for("feedback.assignments", cycle_id=cycle.id, q=form.subject_nip.data))
        status = 422
    q = request.args.get("q", "")
    rows, has_next = queries.assignment_page(cycle, q=q, page=page_number())
    return render("feedback/assignments.html", block="rows" if request.args.get("partial") else None,
                  cycle=cycle, rows=rows, has_next=has_next, page=page_number(), q=q, form=form,
                  stats=queries.stats(cycle), status=status)


@bp.route("/cycles/<int:cycle_id>/assignments/<int:assignment_id>/delete", methods=["POST"])
@login_required
def delete_assignment(cycle_id: int, assignment_id: int):
    cycle = load_cycle(cycle_id)
    row = db.first_or_404(sa.select(FeedbackAssignment).where(FeedbackAssignment.id == assignment_id,
                                                              FeedbackAssignment.cycle_id == cycle.id))
    require(perm.can_manage_feedback)
    try:
        operations.remove_assignment(cycle, row)
    except FeedbackError as exc:
        _flash_error(exc)
    else:
        flash(_("Penilai dihapus dari penugasan."), "success")
    return redirect(url_for("feedback.assignments", cycle_id=cycle.id, q=request.form.get("q", "")))


# --- launch, reminders, deadline, close ---------------------------------------------------------

@bp.route("/cycles/<int:cycle_id>/launch", methods=["POST"])
@login_required
def launch(cycle_id: int):
    cycle = load_cycle(cycle_id)
    require(perm.can_manage_feedback)
    try:
        done = tasks.start_launch(cycle)
    except FeedbackError as exc:
        _flash_error(exc)
        return redirect(url_for("feedback.cycle", cycle_id=cycle.id))
    flash(_("Siklus diluncurkan: penilai sudah diberi tahu.") if done
          else _("Peluncuran berjalan di latar belakang; kemajuannya tampil di bawah."), "success")
    return redirect(url_for("feedback.cycle", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/remind", methods=["POST"])
@login_required
def remind(cycle_id: int):
    cycle = load_cycle(cycle_id)
    require(perm.can_manage_feedback)
    if not cycle.is_open:
        flash(_("Pengingat hanya dapat dikirim selama siklus berjalan."), "error")
    else:
        from jenjang.tenancy.models import utcnow

        n = tasks.send_reminder(cycle, f"manual-{int(utcnow().timestamp())}")
        flash(_("Pengingat dikirim ke %(n)s penilai yang belum selesai.", n=n), "success")
    return redirect(url_for("feedback.progress", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/deadline", methods=["POST"])
@login_required
def extend(cycle_id: int):
    cycle = load_cycle(cycle_id)
    require(perm.can_manage_feedback)
    form = DeadlineForm()
    try:
        operations.extend_deadline(cycle, form.deadline.data if form.validate_on_submit() else None)
    except FeedbackError as exc:
        _flash_error(exc)
    else:
        flash(_("Batas waktu diperpanjang sampai %(d)s.", d=cycle.deadline.isoformat()), "success")
    return redirect(url_for("feedback.cycle", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/close", methods=["POST"])
@login_required
def close(cycle_id: int):
    cycle = load_cycle(cycle_id)
    require(perm.can_manage_feedback)
    try:
        operations.close_cycle(cycle)
    except FeedbackError as exc:
        _flash_error(exc)
    else:
        flash(_("Siklus ditutup. Laporan sudah tersedia."), "success")
    return redirect(url_for("feedback.cycle", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/progress")
@login_required
def progress(cycle_id: int):
    cycle = load_cycle(cycle_id)
    require(perm.can_manage_feedback)
    rows, has_next = queries.unfinished_raters(cycle, page_number())
    return render("feedback/progress.html", cycle=cycle, stats=queries.stats(cycle),
                  relations=queries.by_relation(cycle), units=queries.by_unit(cycle), raters=rows,
                  has_next=has_next, page=page_number())


from jenjang.feedback import views_rater, views_reports  # noqa: E402, F401
