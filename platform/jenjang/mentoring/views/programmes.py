"""Mentoring pages for programmes: the list, creating and editing a programme, joining, HR's
participants list, the matching board (run, adjust, publish) and the outcomes."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.competency.permissions import can_see_potential
from jenjang.competency.presenters import box_label
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render
from jenjang.mentoring import bp, cohort, operations, queries
from jenjang.mentoring.forms import JoinForm, NominateForm, ProgrammeForm
from jenjang.mentoring.labels import EMPLOYEE_RULE_LABELS, LABELS, REFUSALS, ROLE_LABELS
from jenjang.mentoring.models import MentoringPair, MentoringParticipant, MentoringProgramme
from jenjang.mentoring.permissions import (
    can_decide_participant,
    can_join,
    can_manage_mentoring,
    can_see_mentoring_menu,
)

PROGRAMME = Load(MentoringProgramme, "cohort_id")
MentoringError = operations.MentoringError


@bp.route("/mentoring")
@handles(can_see_mentoring_menu)
def index():
    me = current_user.employee_id
    return render("mentoring/index.html", manager=can_manage_mentoring(current_user),
                  programmes=queries.programme_list() if can_manage_mentoring(current_user) else [],
                  my_pairs=queries.pairs_of(me) if me else [],
                  applications=queries.my_applications(me) if me else [],
                  joinable=queries.joinable_programmes(me) if me else [], **LABELS)


def _programme_form(form: ProgrammeForm) -> ProgrammeForm:
    form.mentor_competency_id.choices = queries.competency_choices(_("— tanpa syarat kompetensi —"))
    form.focus_competency_ids.choices = queries.competency_choices()
    return form


def _programme_form_page(programme: MentoringProgramme | None):
    form = _programme_form(ProgrammeForm(obj=programme) if programme else ProgrammeForm())
    if form.validate_on_submit():
        with attempt(MentoringError) as outcome:
            saved = operations.save_programme(programme, **form.values())
        if outcome.ok:
            flash(_("Program %(name)s dibuat. Pegawai kini dapat mendaftar.", name=saved.name) if programme is None
                  else _("Program disimpan."), "success")
            return redirect(url_for("mentoring.programme", cohort_id=saved.id))
        form.ends_on.errors.append(outcome.error)
    status = 422 if form.is_submitted() else 200
    return render("mentoring/programme_form.html", form=form, programme=programme, status=status)


@bp.route("/mentoring/programmes/new", methods=["GET", "POST"])
@handles(can_manage_mentoring)
def programme_new():
    return _programme_form_page(None)


@bp.route("/mentoring/programmes/<int:cohort_id>/edit", methods=["GET", "POST"])
@handles(can_manage_mentoring, programme=PROGRAMME)
def programme_edit(programme: MentoringProgramme):
    return _programme_form_page(programme)


def _review_notes(programme, participants) -> dict[int, str]:
    """Why a participant does not meet the programme's rule, for HR's review. The 9-box placement
    is shown to whoever may see that person's potential, so never on an HR officer's own row."""
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
    join_form = join_form or JoinForm(formdata=None)
    join_form.competency_ids.choices = queries.competency_choices()
    names = queries.competency_names((programme.focus_competency_ids or []) + [programme.mentor_competency_id])
    participants = queries.participants(programme.id) if manager else []
    labels = LABELS if manager else {**LABELS, "rule_labels": EMPLOYEE_RULE_LABELS}
    return render("mentoring/programme.html", programme=programme, manager=manager,
                  mine=queries.participation(programme.id, current_user.employee_id),
                  can_decide=can_decide_participant,
                  join_form=join_form, nominate_form=nominate_form or NominateForm(formdata=None),
                  participants=participants, review_notes=_review_notes(programme, participants) if manager else {},
                  comp_names=names, status=status, **labels)


@bp.route("/mentoring/programmes/<int:cohort_id>")
# the programme is not shown to an account outside mentoring, not even as forbidden (404)
@handles(programme=Load(MentoringProgramme, "cohort_id", visible=lambda user, _p: can_see_mentoring_menu(user)))
def programme(programme: MentoringProgramme):
    return _programme_page(programme)


@bp.route("/mentoring/programmes/<int:cohort_id>/join", methods=["POST"])
@handles(can_join, programme=PROGRAMME)
def join(programme: MentoringProgramme):
    form = JoinForm()
    form.competency_ids.choices = queries.competency_choices()
    if form.validate_on_submit():
        with attempt(MentoringError) as outcome:
            operations.join(programme, current_user.employee_id, form.role.data, text=form.text.data.strip(),
                            competency_ids=form.competency_ids.data)
        if outcome.ok:
            flash(_("Pendaftaran Anda terkirim. Pengelola program akan meninjaunya."), "success")
            return redirect(url_for("mentoring.programme", cohort_id=programme.id))
        form.text.errors.append(outcome.error)
    return _programme_page(programme, join_form=form, status=422)


def _nominee(nip_text: str):
    person = queries.employee_by_nip("".join(ch for ch in nip_text if ch.isdigit()))
    if person is None:
        raise MentoringError(_("Tidak ada pegawai dengan NIP itu."))
    if person.id == current_user.employee_id:
        raise MentoringError(_("Anda tidak dapat menunjuk diri sendiri; daftarlah melalui "
                               "formulir pendaftaran, pengelola lain akan meninjaunya."))
    return person


@bp.route("/mentoring/programmes/<int:cohort_id>/nominate", methods=["POST"])
@handles(can_manage_mentoring, programme=PROGRAMME)
def nominate(programme: MentoringProgramme):
    form = NominateForm()
    if form.validate_on_submit():
        with attempt(MentoringError) as outcome:
            person = _nominee(form.nip.data)
            operations.join(programme, person.id, form.role.data, capacity=form.capacity.data, by_hr=True)
        if outcome.ok:
            flash(_("%(name)s ditunjuk sebagai %(role)s.", name=person.full_name, role=ROLE_LABELS[form.role.data]),
                  "success")
            return redirect(url_for("mentoring.programme", cohort_id=programme.id))
        form.nip.errors.append(outcome.error)
    return _programme_page(programme, nominate_form=form, status=422)


@bp.route("/mentoring/participants/<int:mentoring_participant_id>/decide", methods=["POST"])
@handles(can_decide_participant, p=Load(MentoringParticipant, "mentoring_participant_id"))
def decide(p: MentoringParticipant):
    with attempt(MentoringError) as outcome:
        operations.decide_participant(p, request.form.get("decision") == "accept")
    flash(*((_("Keputusan disimpan."), "success") if outcome.ok else (outcome.error, "error")))
    return redirect(url_for("mentoring.programme", cohort_id=p.programme_id) + "#peserta")


# --- matching --------------------------------------------------------------------------------

def _matching_page(programme, status=200):
    rows = queries.board(programme.id)
    return render("mentoring/matching.html", programme=programme, rows=rows,
                  comp_names=queries.competency_names(queries.breakdown_competency_ids(r[0] for r in rows)),
                  unmatched=queries.unmatched_mentees(programme.id), mentors=queries.accepted_mentors(programme.id),
                  flags=queries.open_flags(programme.id), status=status, **LABELS)


@bp.route("/mentoring/programmes/<int:cohort_id>/matching")
@handles(can_manage_mentoring, programme=PROGRAMME)
def matching(programme: MentoringProgramme):
    return _matching_page(programme)


def _act(programme, fn, success):
    with attempt(MentoringError) as outcome:
        result = fn()
    if not outcome.ok:
        flash(outcome.error, "error")
        return _matching_page(programme, status=422)
    flash(success(result) if callable(success) else success, "success")
    return redirect(url_for("mentoring.matching", cohort_id=programme.id))


@bp.route("/mentoring/programmes/<int:cohort_id>/matching/run", methods=["POST"])
@handles(can_manage_mentoring, programme=PROGRAMME)
def run_matching(programme: MentoringProgramme):
    return _act(programme, lambda: operations.run_matching(programme),
                lambda r: _("Pencocokan selesai: %(p)s usulan pasangan, %(u)s mentee belum mendapat mentor.",
                            p=r["proposed"], u=r["unmatched"]))


@bp.route("/mentoring/programmes/<int:cohort_id>/matching/publish", methods=["POST"])
@handles(can_manage_mentoring, programme=PROGRAMME)
def publish(programme: MentoringProgramme):
    return _act(programme, lambda: operations.publish(programme),
                lambda n: _("%(n)s pasangan diterbitkan; mentor dan mentee telah diberi tahu.", n=n))


@bp.route("/mentoring/programmes/<int:cohort_id>/matching/add", methods=["POST"])
@handles(can_manage_mentoring, programme=PROGRAMME)
def add_pair(programme: MentoringProgramme):
    mentee = request.form.get("mentee_id", type=int)
    mentor = request.form.get("mentor_id", type=int)
    return _act(programme, lambda: operations.add_pair(programme, mentee, mentor), _("Usulan pasangan ditambahkan."))


@bp.route("/mentoring/pairs/<int:pair_id>/mentor", methods=["POST"])
@handles(can_manage_mentoring, pair=Load(MentoringPair, "pair_id"))
def change_mentor(pair: MentoringPair):
    programme = operations.programme_of(pair)
    if request.form.get("action") == "drop":
        return _act(programme, lambda: operations.drop_proposal(pair), _("Usulan dihapus."))
    mentor = request.form.get("mentor_id", type=int)
    return _act(programme, lambda: operations.change_mentor(pair, mentor), _("Mentor usulan diganti."))


@bp.route("/mentoring/programmes/<int:cohort_id>/close", methods=["POST"])
@handles(can_manage_mentoring, programme=PROGRAMME)
def close(programme: MentoringProgramme):
    with attempt(MentoringError) as outcome:
        n = operations.close_programme(programme)
    flash(*((_("Program ditutup; %(n)s pasangan selesai.", n=n), "success") if outcome.ok
            else (outcome.error, "error")))
    return redirect(url_for("mentoring.outcomes", cohort_id=programme.id))


@bp.route("/mentoring/programmes/<int:cohort_id>/outcomes")
@handles(can_manage_mentoring, programme=PROGRAMME)
def outcomes(programme: MentoringProgramme):
    return render("mentoring/outcomes.html", programme=programme, o=queries.outcomes(programme),
                  rows=queries.board(programme.id), **LABELS)
