"""Mentoring pages of a pair: goals, sessions, confirmation and rating, flags, reflections and
declining. Private notes are read only for the pair's own members; the pair's writes are theirs
alone (someone else's pair is a 404, like a missing one)."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.core import clock
from jenjang.core.resources import Load, attempt, handles, load_or_404
from jenjang.core.web import render
from jenjang.mentoring import bp, operations, queries
from jenjang.mentoring.forms import DeclineForm, GoalForm, RateForm, SessionForm, TextForm
from jenjang.mentoring.labels import GOAL_STATUS_LABELS, LABELS, MODE_LABELS
from jenjang.mentoring.models import MentoringFlag, MentoringGoal, MentoringPair, MentoringSession
from jenjang.mentoring.permissions import (
    can_manage_mentoring,
    can_read_private_notes,
    can_view_pair,
    is_pair_member,
    own_pairs,
)
from jenjang.training import ledger

MentoringError = operations.MentoringError
OWN_PAIR = Load(MentoringPair, "pair_id", where=lambda: own_pairs(current_user))


def _own_pair_of(row) -> MentoringPair:
    """The pair a session or goal belongs to, when it is the user's own (else 404)."""
    return load_or_404(MentoringPair, row.pair_id, own_pairs(current_user))


def _goal_form(form=None):
    form = form or GoalForm(formdata=None)
    form.competency_id.choices = queries.competency_choices(_("— tanpa kompetensi —"))
    return form


def _pair_page(pair: MentoringPair, *, status=200, session_form=None, goal_form=None, flag_form=None,
               reflection_form=None, error=None):
    programme = operations.programme_of(pair)
    member = is_pair_member(current_user, pair)
    manager = can_manage_mentoring(current_user)
    role = ("mentor" if current_user.employee_id == pair.mentor_id else "mentee") if member else None
    b = pair.breakdown or {}
    comp_ids = [c["competency_id"] for c in b.get("covered", [])] + list(b.get("uncovered", []))
    year_jp = ledger.year_total(pair.mentee_id, (pair.last_session_on or programme.starts_on).year) \
        if member or manager else None
    return render(
        "mentoring/pair.html", pair=pair, programme=programme, member=member, role=role,
        names=operations.names_of([pair.mentor_id, pair.mentee_id]), manager=manager, error=error,
        sessions=queries.pair_sessions(pair.id, with_notes=can_read_private_notes(current_user, pair)),
        goals=queries.pair_goals(pair.id), flags=queries.pair_flags(pair.id) if member or manager else [],
        jp=queries.pair_jp(pair), year_jp=year_jp, comp_names=queries.competency_names(comp_ids),
        mentee_goals=queries.mentee_goals(pair),
        session_form=session_form or SessionForm(formdata=None), goal_form=_goal_form(goal_form),
        flag_form=flag_form or TextForm(formdata=None, prefix="flag"),
        reflection_form=reflection_form or TextForm(formdata=None, prefix="reflection"),
        rate_form=RateForm(formdata=None), decline_form=DeclineForm(formdata=None),
        today=clock.today(),
        mode_labels=MODE_LABELS, goal_labels=GOAL_STATUS_LABELS, status=status, **LABELS)


@bp.route("/mentoring/pairs/<int:pair_id>")
@handles(pair=Load(MentoringPair, "pair_id", visible=can_view_pair))  # someone else's pair: 404, as a missing one
def pair(pair: MentoringPair):
    return _pair_page(pair)


def _done(pair, message):
    flash(message, "success")
    return redirect(url_for("mentoring.pair", pair_id=pair.id))


def _refused(pair, error):
    return _pair_page(pair, error=error, status=422)


def _form_write(pair, form, field: str, write, message: str, page_form: str):
    """A pair's form: valid and accepted → done; otherwise the pair page again with the form (422),
    a refusal shown on ``field``."""
    if form.validate_on_submit():
        with attempt(MentoringError) as outcome:
            write()
        if outcome.ok:
            return _done(pair, message)
        getattr(form, field).errors.append(outcome.error)
    return _pair_page(pair, status=422, **{page_form: form})


@bp.route("/mentoring/pairs/<int:pair_id>/sessions", methods=["POST"])
@handles(pair=OWN_PAIR)
def log_session(pair: MentoringPair):
    form = SessionForm()
    return _form_write(pair, form, "held_on", lambda: operations.log_session(
        pair, current_user.employee_id, held_on=form.held_on.data, duration_minutes=form.duration_minutes.data,
        mode=form.mode.data, topic=form.topic.data, private_notes=form.private_notes.data),
        _("Sesi dicatat. Pasangan Anda diminta mengonfirmasinya."), "session_form")


@bp.route("/mentoring/sessions/<int:mentoring_session_id>/confirm", methods=["POST"])
@handles(s=Load(MentoringSession, "mentoring_session_id"))
def confirm_session(s: MentoringSession):
    pair = _own_pair_of(s)
    with attempt(MentoringError) as outcome:
        jp = operations.confirm_session(s, pair, current_user.employee_id)
    if not outcome.ok:
        return _refused(pair, outcome.error)
    if jp > 0:
        return _done(pair, _("Sesi dikonfirmasi; %(jp)s JP dicatat untuk mentee.", jp=f"{float(jp):g}"))
    return _done(pair, _("Sesi dikonfirmasi. Batas JP mentoring bulan ini sudah tercapai, jadi tidak ada JP tambahan."))


@bp.route("/mentoring/sessions/<int:mentoring_session_id>/rate", methods=["POST"])
@handles(s=Load(MentoringSession, "mentoring_session_id"))
def rate_session(s: MentoringSession):
    pair = _own_pair_of(s)
    form = RateForm()
    with attempt(MentoringError) as outcome:
        if not form.validate_on_submit():
            raise MentoringError(_("Beri nilai 1 sampai 5."))
        operations.rate_session(s, pair, current_user.employee_id, form.rating.data, form.comment.data)
    if not outcome.ok:
        return _refused(pair, outcome.error)
    return _done(pair, _("Terima kasih, penilaian sesi disimpan."))


@bp.route("/mentoring/pairs/<int:pair_id>/goals", methods=["POST"])
@handles(pair=OWN_PAIR)
def add_goal(pair: MentoringPair):
    form = _goal_form(GoalForm())
    return _form_write(pair, form, "title", lambda: operations.add_goal(
        pair, current_user.employee_id, title=form.title.data, competency_id=form.competency_id.data,
        target_level=form.target_level.data), _("Sasaran ditambahkan."), "goal_form")


@bp.route("/mentoring/goals/<int:mentoring_goal_id>/status", methods=["POST"])
@handles(goal=Load(MentoringGoal, "mentoring_goal_id"))
def goal_status(goal: MentoringGoal):
    pair = _own_pair_of(goal)
    with attempt(MentoringError) as outcome:
        operations.set_goal_status(goal, pair, current_user.employee_id, request.form.get("status", ""))
    if not outcome.ok:
        return _refused(pair, outcome.error)
    return _done(pair, _("Status sasaran disimpan."))


def _text_write(pair, prefix: str, write, message: str):
    """The pair page's one-field text forms (`prefix` names the form): `write(pair, employee_id, text)`."""
    form = TextForm(prefix=prefix)
    return _form_write(pair, form, "text", lambda: write(pair, current_user.employee_id, form.text.data),
                       message, f"{prefix}_form")


@bp.route("/mentoring/pairs/<int:pair_id>/flag", methods=["POST"])
@handles(pair=OWN_PAIR)
def flag(pair: MentoringPair):
    return _text_write(pair, "flag", operations.flag_problem, _("Laporan Anda terkirim ke pengelola program."))


@bp.route("/mentoring/pairs/<int:pair_id>/reflection", methods=["POST"])
@handles(pair=OWN_PAIR)
def reflection(pair: MentoringPair):
    return _text_write(pair, "reflection", operations.write_reflection, _("Refleksi disimpan."))


@bp.route("/mentoring/pairs/<int:pair_id>/decline", methods=["POST"])
@handles(pair=OWN_PAIR)
def decline(pair: MentoringPair):
    form = DeclineForm()
    with attempt(MentoringError) as outcome:
        if not form.validate_on_submit():
            raise MentoringError(_("Alasan paling panjang 500 karakter."))
        operations.decline(pair, current_user.employee_id, form.reason.data)
    if not outcome.ok:
        return _refused(pair, outcome.error)
    flash(_("Anda menolak pasangan ini. Pengelola program akan menetapkan mentor lain."), "success")
    return redirect(url_for("mentoring.index"))


@bp.route("/mentoring/flags/<int:mentoring_flag_id>/resolve", methods=["POST"])
# a flag is HR's business: to anyone else it does not exist (404)
@handles(f=Load(MentoringFlag, "mentoring_flag_id", visible=lambda user, _flag: can_manage_mentoring(user)))
def resolve_flag(f: MentoringFlag):
    pair = load_or_404(MentoringPair, f.pair_id)
    with attempt(MentoringError) as outcome:
        operations.resolve_flag(f, request.form.get("resolution"))
    flash(*((_("Laporan ditandai selesai ditindaklanjuti."), "success") if outcome.ok
            else (outcome.error, "error")))
    return redirect(url_for("mentoring.pair", pair_id=pair.id))
