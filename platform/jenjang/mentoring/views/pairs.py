"""The pair page (goals, sessions, confirmation and rating, flags, reflections, declining) and the
dashboard cards. Private notes are read only for the pair's own members."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from jenjang.competency.queries import competency_list
from jenjang.core import clock
from jenjang.core.nav import registry
from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.mentoring import bp, operations, queries
from jenjang.mentoring.forms import DeclineForm, GoalForm, RateForm, SessionForm, TextForm
from jenjang.mentoring.labels import GOAL_STATUS_LABELS, MODE_LABELS, PAIR_STATUS_LABELS
from jenjang.mentoring.models import MentoringFlag, MentoringGoal, MentoringPair, MentoringSession
from jenjang.mentoring.permissions import (
    can_manage_mentoring,
    can_read_private_notes,
    can_view_pair,
    is_pair_member,
)
from jenjang.mentoring.views import LABELS


def _pair_or_404(pair_id: int) -> MentoringPair:
    pair = db.first_or_404(sa.select(MentoringPair).where(MentoringPair.id == pair_id))
    if not can_view_pair(current_user, pair):
        abort(404)
    return pair


def _member_pair_or_404(pair_id: int) -> MentoringPair:
    pair = db.first_or_404(sa.select(MentoringPair).where(MentoringPair.id == pair_id))
    if not is_pair_member(current_user, pair):
        abort(404)
    return pair


def _goal_form(form=None):
    form = form or GoalForm(formdata=None)
    form.competency_id.choices = [(None, _("— tanpa kompetensi —"))] + [
        (c.id, f"{c.code} · {c.name}") for c in competency_list(include_retired=False)]
    return form


def _pair_page(pair: MentoringPair, *, status=200, session_form=None, goal_form=None, flag_form=None,
               reflection_form=None, error=None):
    programme = operations.programme_of(pair)
    member = is_pair_member(current_user, pair)
    role = ("mentor" if current_user.employee_id == pair.mentor_id else "mentee") if member else None
    names = operations.names_of([pair.mentor_id, pair.mentee_id])
    from jenjang.training import ledger

    b = pair.breakdown or {}
    comp_ids = [c["competency_id"] for c in b.get("covered", [])] + list(b.get("uncovered", []))
    from jenjang.mentoring.models import MentoringParticipant

    intents = dict(db.session.execute(sa.select(MentoringParticipant.employee_id, MentoringParticipant.goals)
                                      .where(MentoringParticipant.programme_id == pair.programme_id,
                                             MentoringParticipant.employee_id == pair.mentee_id)).all())
    year_jp = ledger.year_total(pair.mentee_id, (pair.last_session_on or programme.starts_on).year) \
        if member or can_manage_mentoring(current_user) else None
    return render(
        "mentoring/pair.html", pair=pair, programme=programme, member=member, role=role, names=names,
        manager=can_manage_mentoring(current_user), error=error,
        sessions=queries.pair_sessions(pair.id, with_notes=can_read_private_notes(current_user, pair)),
        goals=queries.pair_goals(pair.id), flags=queries.pair_flags(pair.id) if member or can_manage_mentoring(current_user) else [],
        jp=queries.pair_jp(pair), year_jp=year_jp, comp_names=queries.competency_names(comp_ids),
        mentee_goals=intents.get(pair.mentee_id),
        session_form=session_form or SessionForm(formdata=None), goal_form=_goal_form(goal_form),
        flag_form=flag_form or TextForm(formdata=None, prefix="flag"),
        reflection_form=reflection_form or TextForm(formdata=None, prefix="reflection"),
        rate_form=RateForm(formdata=None), decline_form=DeclineForm(formdata=None),
        today=clock.today(),
        mode_labels=MODE_LABELS, goal_labels=GOAL_STATUS_LABELS, status=status, **LABELS)


@bp.route("/mentoring/pairs/<int:pair_id>")
@login_required
def pair(pair_id: int):
    return _pair_page(_pair_or_404(pair_id))


def _done(pair, message):
    flash(message, "success")
    return redirect(url_for("mentoring.pair", pair_id=pair.id))


@bp.route("/mentoring/pairs/<int:pair_id>/sessions", methods=["POST"])
@login_required
def log_session(pair_id: int):
    pair = _member_pair_or_404(pair_id)
    form = SessionForm()
    if form.validate_on_submit():
        try:
            operations.log_session(pair, current_user.employee_id, held_on=form.held_on.data,
                                   duration_minutes=form.duration_minutes.data, mode=form.mode.data,
                                   topic=form.topic.data, private_notes=form.private_notes.data)
        except operations.MentoringError as exc:
            form.held_on.errors.append(str(exc))
        else:
            return _done(pair, _("Sesi dicatat. Pasangan Anda diminta mengonfirmasinya."))
    return _pair_page(pair, session_form=form, status=422)


def _session_of(mentoring_session_id: int):
    s = db.first_or_404(sa.select(MentoringSession).where(MentoringSession.id == mentoring_session_id))
    pair = _member_pair_or_404(s.pair_id)
    return s, pair


@bp.route("/mentoring/sessions/<int:mentoring_session_id>/confirm", methods=["POST"])
@login_required
def confirm_session(mentoring_session_id: int):
    s, pair = _session_of(mentoring_session_id)
    try:
        jp = operations.confirm_session(s, pair, current_user.employee_id)
    except operations.MentoringError as exc:
        return _pair_page(pair, error=str(exc), status=422)
    if jp > 0:
        return _done(pair, _("Sesi dikonfirmasi; %(jp)s JP dicatat untuk mentee.", jp=f"{float(jp):g}"))
    return _done(pair, _("Sesi dikonfirmasi. Batas JP mentoring bulan ini sudah tercapai, jadi tidak ada JP tambahan."))


@bp.route("/mentoring/sessions/<int:mentoring_session_id>/rate", methods=["POST"])
@login_required
def rate_session(mentoring_session_id: int):
    s, pair = _session_of(mentoring_session_id)
    form = RateForm()
    try:
        if not form.validate_on_submit():
            raise operations.MentoringError(_("Beri nilai 1 sampai 5."))
        operations.rate_session(s, pair, current_user.employee_id, form.rating.data, form.comment.data)
    except operations.MentoringError as exc:
        return _pair_page(pair, error=str(exc), status=422)
    return _done(pair, _("Terima kasih, penilaian sesi disimpan."))


@bp.route("/mentoring/pairs/<int:pair_id>/goals", methods=["POST"])
@login_required
def add_goal(pair_id: int):
    pair = _member_pair_or_404(pair_id)
    form = _goal_form(GoalForm())
    if form.validate_on_submit():
        try:
            operations.add_goal(pair, current_user.employee_id, title=form.title.data,
                                competency_id=form.competency_id.data, target_level=form.target_level.data)
        except operations.MentoringError as exc:
            form.title.errors.append(str(exc))
        else:
            return _done(pair, _("Sasaran ditambahkan."))
    return _pair_page(pair, goal_form=form, status=422)


@bp.route("/mentoring/goals/<int:mentoring_goal_id>/status", methods=["POST"])
@login_required
def goal_status(mentoring_goal_id: int):
    from flask import request

    goal = db.first_or_404(sa.select(MentoringGoal).where(MentoringGoal.id == mentoring_goal_id))
    pair = _member_pair_or_404(goal.pair_id)
    try:
        operations.set_goal_status(goal, pair, current_user.employee_id, request.form.get("status", ""))
    except operations.MentoringError as exc:
        return _pair_page(pair, error=str(exc), status=422)
    return _done(pair, _("Status sasaran disimpan."))


@bp.route("/mentoring/pairs/<int:pair_id>/flag", methods=["POST"])
@login_required
def flag(pair_id: int):
    pair = _member_pair_or_404(pair_id)
    form = TextForm(prefix="flag")
    if form.validate_on_submit():
        try:
            operations.flag_problem(pair, current_user.employee_id, form.text.data)
        except operations.MentoringError as exc:
            form.text.errors.append(str(exc))
        else:
            return _done(pair, _("Laporan Anda terkirim ke pengelola program."))
    return _pair_page(pair, flag_form=form, status=422)


@bp.route("/mentoring/pairs/<int:pair_id>/reflection", methods=["POST"])
@login_required
def reflection(pair_id: int):
    pair = _member_pair_or_404(pair_id)
    form = TextForm(prefix="reflection")
    if form.validate_on_submit():
        try:
            operations.write_reflection(pair, current_user.employee_id, form.text.data)
        except operations.MentoringError as exc:
            form.text.errors.append(str(exc))
        else:
            return _done(pair, _("Refleksi disimpan."))
    return _pair_page(pair, reflection_form=form, status=422)


@bp.route("/mentoring/pairs/<int:pair_id>/decline", methods=["POST"])
@login_required
def decline(pair_id: int):
    pair = _member_pair_or_404(pair_id)
    form = DeclineForm()
    try:
        if not form.validate_on_submit():
            raise operations.MentoringError(_("Alasan paling panjang 500 karakter."))
        operations.decline(pair, current_user.employee_id, form.reason.data)
    except operations.MentoringError as exc:
        return _pair_page(pair, error=str(exc), status=422)
    flash(_("Anda menolak pasangan ini. Pengelola program akan menetapkan mentor lain."), "success")
    return redirect(url_for("mentoring.index"))


@bp.route("/mentoring/flags/<int:mentoring_flag_id>/resolve", methods=["POST"])
@login_required
def resolve_flag(mentoring_flag_id: int):
    from flask import request

    f = db.first_or_404(sa.select(MentoringFlag).where(MentoringFlag.id == mentoring_flag_id))
    if not can_manage_mentoring(current_user):
        abort(404)
    pair = db.session.scalar(sa.select(MentoringPair).where(MentoringPair.id == f.pair_id))
    try:
        operations.resolve_flag(f, request.form.get("resolution"))
    except operations.MentoringError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Laporan ditandai selesai ditindaklanjuti."), "success")
    return redirect(url_for("mentoring.pair", pair_id=pair.id))


# --- dashboard cards ---------------------------------------------------------------------------

def _has_employee(user) -> bool:
    return bool(user and user.is_authenticated and not getattr(user, "is_operator", False)
                and user.employee_id is not None)


def _my_pairs_card(user) -> dict:
    return {"rows": queries.pairs_of(user.employee_id, statuses=("published",)), "labels": PAIR_STATUS_LABELS}


def _hr_card(user) -> dict:
    return queries.card_for_hr()


registry.add_card(35, "mentoring/card_mine.html", _has_employee, _my_pairs_card)
registry.add_card(36, "mentoring/card_hr.html", can_manage_mentoring, _hr_card)
