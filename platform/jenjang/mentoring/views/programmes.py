"""Mentoring pages for programmes: the list, creating and editing a programme, joining, HR's
participants list, the matching board (run, adjust, publish) and the outcomes."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from jenjang.competency.queries import competency_list
from jenjang.core.nav import NavItem, registry
from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.mentoring import bp, cohort, operations, queries
from jenjang.mentoring.forms import JoinForm, NominateForm, ProgrammeForm
from jenjang.mentoring.labels import (
    EMPLOYEE_RULE_LABELS,
    KIND_LABELS,
    MENTEE_RULE_LABELS,
    PAIR_STATUS_LABELS,
    PARTICIPANT_STATUS_LABELS,
    REFUSALS,
    ROLE_LABELS,
    STATUS_LABELS,
)
from jenjang.mentoring.models import MentoringPair, MentoringParticipant, MentoringProgramme
from jenjang.mentoring.permissions import can_decide_participant, can_manage_mentoring, can_see_mentoring_menu
from jenjang.people.api import Employee, rank_code

registry.add_nav(NavItem("mentoring.index", _l("Mentoring"), can_see_mentoring_menu, order=45,
                         match_prefix="/mentoring"))

LABELS = dict(kind_labels=KIND_LABELS, status_labels=STATUS_LABELS, rule_labels=MENTEE_RULE_LABELS,
              role_labels=ROLE_LABELS, participant_labels=PARTICIPANT_STATUS_LABELS, pair_labels=PAIR_STATUS_LABELS,
              rank_code=rank_code)


def _require_manager():
    if not can_manage_mentoring(current_user):
        abort(403)


def _programme_or_404(cohort_id: int) -> MentoringProgramme:
    return db.first_or_404(sa.select(MentoringProgramme).where(MentoringProgramme.id == cohort_id))


def _competency_choices(blank=None):
    choices = [(c.id, f"{c.code} · {c.name}") for c in competency_list(include_retired=False)]
    return ([(None, blank)] if blank else []) + choices


@bp.route("/mentoring")
@login_required
def index():
    if not can_see_mentoring_menu(current_user):
        abort(403)
    me = current_user.employee_id
    return render("mentoring/index.html", manager=can_manage_mentoring(current_user),
                  programmes=queries.programme_list() if can_manage_mentoring(current_user) else [],
                  my_pairs=queries.pairs_of(me) if me else [],
                  applications=queries.my_applications(me) if me else [],
                  joinable=queries.joinable_programmes(me) if me else [], **LABELS)


def _programme_form(form: ProgrammeForm) -> ProgrammeForm:
    form.mentor_competency_id.choices = _competency_choices(_("— tanpa syarat kompetensi —"))
    form.focus_competency_ids.choices = _competency_choices()
    return form


@bp.route("/mentoring/programmes/new", methods=["GET", "POST"])
@login_required
def programme_new():
    _require_manager()
    form = _programme_form(ProgrammeForm())
    if form.validate_on_submit():
        try:
            programme = operations.save_programme(None, **form.values())
        except operations.MentoringError as exc:
            form.ends_on.errors.append(str(exc))
        else:
            flash(_("Program %(name)s dibuat. Pegawai kini dapat mendaftar.", name=programme.name), "success")
            return redirect(url_for("mentoring.programme", cohort_id=programme.id))
    status = 422 if form.is_submitted() else 200
    return render("mentoring/programme_form.html", form=form, programme=None, status=status)


@bp.route("/mentoring/programmes/<int:cohort_id>/edit", methods=["GET", "POST"])
@login_required
def programme_edit(cohort_id: int):
    programme = _programme_or_404(cohort_id)
    _require_manager()
    form = _programme_form(ProgrammeForm(obj=programme))
    if form.validate_on_submit():
        try:
            operations.save_programme(programme, **form.values())
        except operations.MentoringError as exc:
            form.ends_on.errors.append(str(exc))
        else:
            flash(_("Program disimpan."), "success")
            return redirect(url_for("mentoring.programme", cohort_id=programme.id))
    status = 422 if form.is_submitted() else 200
    return render("mentoring/programme_form.html", form=form, programme=programme, status=status)


def _review_notes(programme, participants) -> dict[int, str]:
    """Why a participant does not meet the programme's rule, for HR's review. The 9-box placement
    is shown to whoever may see that person's potential, so never on an HR officer's own row."""
    from jenjang.competency.permissions import can_see_potential
    from jenjang.competency.presenters import box_label

    notes = {}
    by_id = {row[0].id: row[0] for row in participants}
    for pid, (key, box) in cohort.review_problems(programme, list(by_id.values())).items():
        if key != "talent":
            notes[pid] = _("Tidak memenuhi syarat: %(reason)s", reason=REFUSALS[key])
        elif can_see_potential(current_user, by_id[pid].employee_id):
            notes[pid] = (_("Tidak memenuhi syarat talent pool: kotak %(b)s (%(name)s).", b=box, name=box_label(box))
                          if box else _("Tidak memenuhi syarat talent pool: belum dapat dipetakan pada 9-box "
                                        "(tanpa SKP atau nilai potensi)."))
    return notes


def _programme_page(programme, *, join_form=None, nominate_form=None, status=200):
    manager = can_manage_mentoring(current_user)
    me = current_user.employee_id
    mine = db.session.scalar(sa.select(MentoringParticipant).where(
        MentoringParticipant.programme_id == programme.id, MentoringParticipant.employee_id == me)) if me else None
    join_form = join_form or JoinForm(formdata=None)
    join_form.competency_ids.choices = _competency_choices()
    names = queries.competency_names((programme.focus_competency_ids or []) + [programme.mentor_competency_id])
    participants = queries.participants(programme.id) if manager else []
    labels = LABELS if manager else {**LABELS, "rule_labels": EMPLOYEE_RULE_LABELS}
    return render("mentoring/programme.html", programme=programme, manager=manager, mine=mine,
                  can_decide=can_decide_participant,
                  join_form=join_form, nominate_form=nominate_form or NominateForm(formdata=None),
                  participants=participants, review_notes=_review_notes(programme, participants) if manager else {},
                  comp_names=names, status=status, **labels)


@bp.route("/mentoring/programmes/<int:cohort_id>")
@login_required
def programme(cohort_id: int):
    programme = _programme_or_404(cohort_id)
    if not can_see_mentoring_menu(current_user):
        abort(404)
    return _programme_page(programme)


@bp.route("/mentoring/programmes/<int:cohort_id>/join", methods=["POST"])
@login_required
def join(cohort_id: int):
    programme = _programme_or_404(cohort_id)
    if current_user.employee_id is None:
        abort(403)
    form = JoinForm()
    form.competency_ids.choices = _competency_choices()
    if form.validate_on_submit():
        try:
            operations.join(programme, current_user.employee_id, form.role.data, text=form.text.data.strip(),
                            competency_ids=form.competency_ids.data)
        except operations.MentoringError as exc:
            form.text.errors.append(str(exc))
        else:
            flash(_("Pendaftaran Anda terkirim. Pengelola program akan meninjaunya."), "success")
            return redirect(url_for("mentoring.programme", cohort_id=programme.id))
    return _programme_page(programme, join_form=form, status=422)


@bp.route("/mentoring/programmes/<int:cohort_id>/nominate", methods=["POST"])
@login_required
def nominate(cohort_id: int):
    programme = _programme_or_404(cohort_id)
    _require_manager()
    form = NominateForm()
    if form.validate_on_submit():
        nip = "".join(ch for ch in form.nip.data if ch.isdigit())
        person = db.session.scalar(sa.select(Employee).where(Employee.nip == nip)) if nip else None
        try:
            if person is None:
                raise operations.MentoringError(_("Tidak ada pegawai dengan NIP itu."))
            if person.id == current_user.employee_id:
                raise operations.MentoringError(_("Anda tidak dapat menunjuk diri sendiri; daftarlah melalui "
                                                  "formulir pendaftaran, pengelola lain akan meninjaunya."))
            operations.join(programme, person.id, form.role.data, capacity=form.capacity.data, by_hr=True)
        except operations.MentoringError as exc:
            form.nip.errors.append(str(exc))
        else:
            flash(_("%(name)s ditunjuk sebagai %(role)s.", name=person.full_name, role=ROLE_LABELS[form.role.data]),
                  "success")
            return redirect(url_for("mentoring.programme", cohort_id=programme.id))
    return _programme_page(programme, nominate_form=form, status=422)


@bp.route("/mentoring/participants/<int:mentoring_participant_id>/decide", methods=["POST"])
@login_required
def decide(mentoring_participant_id: int):
    from flask import request

    p = db.first_or_404(sa.select(MentoringParticipant).where(MentoringParticipant.id == mentoring_participant_id))
    _require_manager()
    if not can_decide_participant(current_user, p):
        abort(403)
    try:
        operations.decide_participant(p, request.form.get("decision") == "accept")
    except operations.MentoringError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Keputusan disimpan."), "success")
    return redirect(url_for("mentoring.programme", cohort_id=p.programme_id) + "#peserta")


# --- matching --------------------------------------------------------------------------------

def _matching_page(programme, status=200):
    rows = queries.board(programme.id)
    return render("mentoring/matching.html", programme=programme, rows=rows,
                  comp_names=queries.competency_names(queries.breakdown_competency_ids(r[0] for r in rows)),
                  unmatched=queries.unmatched_mentees(programme.id), mentors=queries.accepted_mentors(programme.id),
                  flags=queries.open_flags(programme.id), status=status, **LABELS)


@bp.route("/mentoring/programmes/<int:cohort_id>/matching")
@login_required
def matching(cohort_id: int):
    programme = _programme_or_404(cohort_id)
    _require_manager()
    return _matching_page(programme)


def _act(programme, fn, success):
    try:
        result = fn()
    except operations.MentoringError as exc:
        flash(str(exc), "error")
        return _matching_page(programme, status=422)
    flash(success(result) if callable(success) else success, "success")
    return redirect(url_for("mentoring.matching", cohort_id=programme.id))


@bp.route("/mentoring/programmes/<int:cohort_id>/matching/run", methods=["POST"])
@login_required
def run_matching(cohort_id: int):
    programme = _programme_or_404(cohort_id)
    _require_manager()
    return _act(programme, lambda: operations.run_matching(programme),
                lambda r: _("Pencocokan selesai: %(p)s usulan pasangan, %(u)s mentee belum mendapat mentor.",
                            p=r["proposed"], u=r["unmatched"]))


@bp.route("/mentoring/programmes/<int:cohort_id>/matching/publish", methods=["POST"])
@login_required
def publish(cohort_id: int):
    programme = _programme_or_404(cohort_id)
    _require_manager()
    return _act(programme, lambda: operations.publish(programme),
                lambda n: _("%(n)s pasangan diterbitkan; mentor dan mentee telah diberi tahu.", n=n))


@bp.route("/mentoring/programmes/<int:cohort_id>/matching/add", methods=["POST"])
@login_required
def add_pair(cohort_id: int):
    from flask import request

    programme = _programme_or_404(cohort_id)
    _require_manager()
    mentee = request.form.get("mentee_id", type=int)
    mentor = request.form.get("mentor_id", type=int)
    return _act(programme, lambda: operations.add_pair(programme, mentee, mentor), _("Usulan pasangan ditambahkan."))


@bp.route("/mentoring/pairs/<int:pair_id>/mentor", methods=["POST"])
@login_required
def change_mentor(pair_id: int):
    from flask import request

    pair = db.first_or_404(sa.select(MentoringPair).where(MentoringPair.id == pair_id))
    _require_manager()
    programme = operations.programme_of(pair)
    if request.form.get("action") == "drop":
        return _act(programme, lambda: operations.drop_proposal(pair), _("Usulan dihapus."))
    mentor = request.form.get("mentor_id", type=int)
    return _act(programme, lambda: operations.change_mentor(pair, mentor), _("Mentor usulan diganti."))


@bp.route("/mentoring/programmes/<int:cohort_id>/close", methods=["POST"])
@login_required
def close(cohort_id: int):
    programme = _programme_or_404(cohort_id)
    _require_manager()
    try:
        n = operations.close_programme(programme)
    except operations.MentoringError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Program ditutup; %(n)s pasangan selesai.", n=n), "success")
    return redirect(url_for("mentoring.outcomes", cohort_id=programme.id))


@bp.route("/mentoring/programmes/<int:cohort_id>/outcomes")
@login_required
def outcomes(cohort_id: int):
    programme = _programme_or_404(cohort_id)
    _require_manager()
    return render("mentoring/outcomes.html", programme=programme, o=queries.outcomes(programme),
                  rows=queries.board(programme.id), **LABELS)


from jenjang.mentoring import views_pairs  # noqa: E402, F401  (the pair pages and the dashboard cards)
