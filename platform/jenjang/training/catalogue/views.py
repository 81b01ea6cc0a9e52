"""Pages of the catalogue: browse and search with "why it suits you", programme and session
management for HR, the session roster, the ICS download, and the training-needs summary."""
from __future__ import annotations

import datetime as dt

from flask import Response, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.core import clock
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import render
from jenjang.training import bp, labels
from jenjang.training import permissions as perm
from jenjang.training.catalogue import ics, operations, queries
from jenjang.training.catalogue import permissions as cperm
from jenjang.training.catalogue.forms import ProgrammeForm, SessionForm
from jenjang.training.catalogue.operations import CatalogueError
from jenjang.training.enrolment import operations as enrolment
from jenjang.training.enrolment import queries as enrolment_queries
from jenjang.training.models import SIASN_KINDS, Programme, TrainingSession
from jenjang.training.pages import me_employee
from jenjang.training.queries import programme_of

PROGRAMME = Load(Programme, "programme_id")
SEEN_PROGRAMME = Load(Programme, "programme_id", visible=cperm.can_see_programme)
SESSION = Load(TrainingSession, "session_id")
SEEN_SESSION = Load(TrainingSession, "session_id", visible=cperm.can_see_session)
ROSTER_SESSION = Load(TrainingSession, "session_id", visible=cperm.can_see_roster)


def _int_arg(name: str) -> int | None:
    try:
        return int(request.args.get(name) or 0) or None
    except ValueError:
        return None


def _refused(form, exc: CatalogueError) -> None:
    """The refusal under its field, or flashed when it concerns the whole form."""
    target = getattr(form, exc.field, None) if exc.field else None
    if target is not None:
        target.errors = [*target.errors, exc.message]
    else:
        flash(exc.message, "error")


# --- the catalogue -------------------------------------------------------------------------------

@bp.route("/training/", endpoint="catalogue")
@handles(perm.can_browse)
def catalogue_index():
    employee = me_employee()
    q = (request.args.get("q") or "").strip()[:100]
    kind = _int_arg("kind")
    provider = request.args.get("provider") if request.args.get("provider") in labels.PROVIDER_LABELS else None
    suits = request.args.get("suits") == "1" and employee is not None
    show_inactive = perm.is_training_admin(current_user) and request.args.get("inactive") == "1"
    rows = queries.search(q=q, kind_code=kind if kind in SIASN_KINDS else None, provider=provider,
                          employee=employee, suits_only=suits, include_inactive=show_inactive)
    return render("training/catalogue/index.html", block="results", rows=rows, q=q, kind=kind, provider=provider,
                  suits=suits, employee=employee, show_inactive=show_inactive)


def _sessions_shown(programme: Programme, is_admin: bool) -> list[TrainingSession]:
    """HR sees every session; others the scheduled ones not yet over. By start."""
    sessions = queries.sessions_of(programme.id)
    if not is_admin:
        today = clock.today()
        sessions = [s for s in sessions if s.status == "scheduled" and clock.local_date(s.ends_at) >= today]
    return sorted(sessions, key=lambda s: s.starts_at)


@bp.route("/training/programmes/<int:programme_id>")
@handles(cperm.can_browse_catalogue, programme=SEEN_PROGRAMME)
def programme_detail(programme: Programme):
    is_admin = perm.is_training_admin(current_user)
    employee = me_employee()
    sessions = _sessions_shown(programme, is_admin)
    mine, hits, problems = {}, [], []
    if employee is not None:
        mine = enrolment_queries.statuses_for(employee.id, [s.id for s in sessions])
        hits = queries.gaps_targeted(employee, [programme.id])[programme.id]
        problems = enrolment_queries.prerequisite_problems(programme, employee)
    return render("training/catalogue/programme.html", programme=programme, sessions=sessions, mine=mine, hits=hits,
                  targets=queries.targets_of([programme.id])[programme.id], problems=problems, employee=employee,
                  is_admin=is_admin, waiting=queries.waitlist_counts([s.id for s in sessions]),
                  prereq_name=queries.competency_name(programme.prereq_competency_id),
                  can_nominate_any=is_admin or perm.leads_team(current_user), today=clock.today(), now=clock.now())


# --- programmes (HR) ------------------------------------------------------------------------------

def _targets_posted(competencies) -> dict[int, int]:
    targets = {}
    for c in competencies:
        raw = request.form.get(f"target_{c.id}") or ""
        if raw.isdigit() and 1 <= int(raw) <= 5:
            targets[c.id] = int(raw)
    return targets


def _programme_form(programme: Programme | None) -> tuple[ProgrammeForm, dict]:
    form = ProgrammeForm(obj=programme) if programme else ProgrammeForm()
    comps = queries.competencies()
    form.prereq_competency_id.choices = [(0, _("Tanpa syarat kompetensi"))] + [(c.id, f"{c.code} {c.name}")
                                                                               for c in comps]
    if programme is not None and request.method == "GET":
        form.classical.data = "1" if programme.classical else "0"
        form.min_rank_id.data = programme.min_rank_id or 0
        form.min_grade_id.data = programme.min_grade_id or 0
        form.prereq_competency_id.data = programme.prereq_competency_id or 0
        form.prereq_level.data = programme.prereq_level or 0
        form.position_kinds.data = list(programme.position_kinds or [])
    if request.method == "POST":
        targets = _targets_posted(comps)
    elif programme is not None:
        targets = {r.id: r.target_level for r in queries.targets_of([programme.id])[programme.id]}
    else:
        targets = {}
    return form, {"competencies": comps, "targets": targets}


def _programme_values(form: ProgrammeForm) -> dict:
    return dict(title=form.title.data, code=form.code.data, kind_code=form.kind_code.data,
                classical=None if form.classical.data == "auto" else form.classical.data == "1",
                jp=form.jp.data, provider=form.provider.data, provider_name=form.provider_name.data,
                description=form.description.data, cost_per_participant=form.cost_per_participant.data or 0,
                allow_self_enrol=form.allow_self_enrol.data, mandatory=form.mandatory.data,
                active=form.active.data, min_rank_id=form.min_rank_id.data or None,
                min_grade_id=form.min_grade_id.data or None,
                position_kinds=form.position_kinds.data or [],
                prereq_competency_id=form.prereq_competency_id.data or None,
                prereq_level=form.prereq_level.data or None)


def _save_programme(programme: Programme | None):
    form, extra = _programme_form(programme)
    template = "training/catalogue/programme_form.html"
    if request.method != "POST":
        return render(template, form=form, programme=programme, **extra)
    if form.validate_on_submit():
        with attempt(CatalogueError) as outcome:
            programme = operations.save_programme(programme, targets=extra["targets"], actor=current_user.email,
                                                  **_programme_values(form))
        if outcome.ok:
            flash(_("Program disimpan."), "success")
            return redirect(url_for("training.programme_detail", programme_id=programme.id))
        _refused(form, outcome.exception)
    return render(template, form=form, programme=programme, status=422, **extra)


@bp.route("/training/programmes/new", methods=["GET", "POST"])
@handles(cperm.can_manage_catalogue)
def programme_new():
    return _save_programme(None)


@bp.route("/training/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@handles(cperm.can_manage_catalogue, programme=PROGRAMME)
def programme_edit(programme: Programme):
    return _save_programme(programme)


# --- sessions (HR) --------------------------------------------------------------------------------

def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=clock.tenant_zone()) if value is not None else None


def _session_form(session: TrainingSession | None) -> SessionForm:
    form = SessionForm(obj=session) if session else SessionForm()
    if session is not None and request.method == "GET":
        form.starts_at.data = session.starts_at.astimezone(clock.tenant_zone()).replace(tzinfo=None)
        form.ends_at.data = session.ends_at.astimezone(clock.tenant_zone()).replace(tzinfo=None)
        form.facilitator_employee_id.data = session.facilitator_employee_id or 0
        form.waitlist_order.data = session.waitlist_order or ""
    elif session is None and request.method == "GET":
        form.enrol_opens_on.data = clock.today()
    form.facilitator_employee_id.choices = [(0, _("— bukan pegawai / belum ditentukan —"))] + \
        queries.facilitator_options(session.facilitator_employee_id if session else None)
    return form


def _session_values(form: SessionForm) -> dict:
    return dict(name=form.name.data, starts_at=_aware(form.starts_at.data), ends_at=_aware(form.ends_at.data),
                capacity=form.capacity.data, mode=form.mode.data, place=form.place.data,
                online_url=form.online_url.data, enrol_opens_on=form.enrol_opens_on.data,
                enrol_closes_on=form.enrol_closes_on.data,
                facilitator_employee_id=form.facilitator_employee_id.data or None,
                facilitator_name=form.facilitator_name.data, cost_per_participant=form.cost_per_participant.data,
                waitlist_order=form.waitlist_order.data or None)


def _save_session(programme: Programme, session: TrainingSession | None):
    form = _session_form(session)
    template = "training/catalogue/session_form.html"
    if request.method != "POST":
        return render(template, form=form, programme=programme, session=session)
    if form.validate_on_submit():
        with attempt(CatalogueError) as outcome:
            saved = operations.save_session(session, programme, **_session_values(form))
        if outcome.ok:
            flash(_("Sesi disimpan."), "success")
            return redirect(url_for("training.session_roster", session_id=saved.id))
        _refused(form, outcome.exception)
    return render(template, form=form, programme=programme, session=session, status=422)


@bp.route("/training/programmes/<int:programme_id>/sessions/new", methods=["GET", "POST"])
@handles(cperm.can_manage_catalogue, programme=PROGRAMME)
def session_new(programme: Programme):
    return _save_session(programme, None)


@bp.route("/training/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@handles(cperm.can_manage_catalogue, session=SESSION)
def session_edit(session: TrainingSession):
    return _save_session(programme_of(session), session)


@bp.route("/training/sessions/<int:session_id>/cancel", methods=["POST"])
@handles(cperm.can_manage_catalogue, session=SESSION)
def session_cancel(session: TrainingSession):
    with attempt(enrolment.EnrolmentRefused) as outcome:
        n = enrolment.cancel_session(session, current_user, (request.form.get("reason") or "").strip()[:500] or None)
    if outcome.ok:
        flash(_("Sesi dibatalkan; %(n)s pendaftaran ikut dibatalkan dan pesertanya diberi tahu.", n=n), "success")
    else:
        flash(outcome.error, "error")
    return redirect(url_for("training.session_roster", session_id=session.id))


@bp.route("/training/sessions")
@handles(cperm.can_manage_catalogue)
def sessions():
    when = "past" if request.args.get("when") == "past" else "upcoming"
    return render("training/catalogue/sessions.html", rows=queries.session_list(when=when), when=when,
                  now=clock.now())


@bp.route("/training/sessions/<int:session_id>")
@handles(session=ROSTER_SESSION)
def session_roster(session: TrainingSession):
    rows = enrolment_queries.roster(session.id)
    order = enrolment_queries.waitlist_order(session)
    waitlisted = [r for r in rows if r[0].status == "waitlisted"]
    seated = [r for r in rows if r[0].holds_seat]
    others = [r for r in rows if not r[0].holds_seat and r[0].status != "waitlisted"]
    if order == "priority":
        place = {e.id: i for i, e in enumerate(enrolment_queries.waitlist(session))}
        waitlisted.sort(key=lambda r: place.get(r[0].id, 0))
    return render("training/catalogue/roster.html", session=session, programme=programme_of(session),
                  seated=seated, waitlisted=waitlisted, others=others,
                  is_admin=perm.is_training_admin(current_user), order=order, now=clock.now())


@bp.route("/training/sessions/<int:session_id>/calendar.ics")
@handles(cperm.can_browse_catalogue, session=SEEN_SESSION)
def session_ics(session: TrainingSession):
    body = ics.session_calendar(session, programme_of(session), host=request.host)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="pelatihan-{session.id}.ics"'})


# --- training needs (HR) --------------------------------------------------------------------------

@bp.route("/training/needs")
@handles(cperm.can_manage_catalogue)
def needs_summary():
    return render("training/catalogue/needs.html", rows=queries.needs_summary())
