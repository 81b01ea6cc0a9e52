"""Training pages, part A1: the catalogue (browse and search with "why it suits you"), programme
and session management for HR, the session roster, the ICS download, and the training-needs
summary. Also the nav entry and the template helpers every training page uses."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from jenjang.core import clock
from jenjang.core.nav import NavItem, registry
from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.people.labels import POSITION_KIND_LABELS
from jenjang.people.models import RANKS, Employee
from jenjang.tenancy.models import TIME_ZONES
from jenjang.training import bp, catalogue, enrolment, ics, labels_a, needs
from jenjang.training import permissions as perm
from jenjang.training.catalogue import CatalogueError
from jenjang.training.forms_catalogue import ProgrammeForm, SessionForm
from jenjang.training.models import SIASN_KINDS, Programme, TrainingSession


def can_browse(user) -> bool:
    return perm.is_employee(user) or perm.is_training_admin(user)


registry.add_nav(NavItem("training.catalogue", _l("Pelatihan"), can_browse, order=220, match_prefix="/training"))


@bp.app_context_processor
def _training_context():
    return {"tlabels": labels_a, "train_perm": perm, "siasn_kinds": SIASN_KINDS, "rupiah": rupiah, "jp_fmt": jp_fmt,
            "local_dt": local_dt, "rank_label": rank_label, "position_kind_labels": POSITION_KIND_LABELS}


@bp.app_template_global("training_has_endpoint")
def training_has_endpoint(name: str) -> bool:
    return name in current_app.view_functions


@bp.app_template_global("training_leads_team")
def training_leads_team() -> bool:
    """The signed-in employee supervises someone (cached for the request)."""
    if "training_leads_team" not in g:
        g.training_leads_team = _is_supervisor()
    return g.training_leads_team


def rank_label(rank_id: int | None) -> str:
    if not rank_id or not 1 <= rank_id <= len(RANKS):
        return "—"
    return f"{RANKS[rank_id - 1][0]} ({RANKS[rank_id - 1][1]})"


def rupiah(value) -> str:
    if value is None:
        return "—"
    return "Rp " + f"{Decimal(value):,.0f}".replace(",", ".")


def jp_fmt(value) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    return f"{value:.0f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0").replace(".", ",")


def tenant_zone() -> ZoneInfo:
    tz = getattr(getattr(g, "tenant", None), "timezone", None) or "WIB"
    return ZoneInfo(TIME_ZONES.get(tz, "Asia/Jakarta"))


def local_dt(value: dt.datetime | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    if value is None:
        return "—"
    return value.astimezone(tenant_zone()).strftime(fmt)


def _require(check) -> None:
    if not check(current_user):
        abort(403)


def _programme_or_404(programme_id: int) -> Programme:
    return db.first_or_404(sa.select(Programme).where(Programme.id == programme_id))


def _session_or_404(session_id: int) -> tuple[TrainingSession, Programme]:
    session = db.first_or_404(sa.select(TrainingSession).where(TrainingSession.id == session_id))
    programme = db.session.scalar(sa.select(Programme).where(Programme.id == session.programme_id))
    return session, programme


def me_employee() -> Employee | None:
    if not perm.is_employee(current_user):
        return None
    return db.session.scalar(sa.select(Employee).where(Employee.id == current_user.employee_id))


# --- the catalogue -------------------------------------------------------------------------------

def _int_arg(name: str) -> int | None:
    try:
        return int(request.args.get(name) or 0) or None
    except ValueError:
        return None


@bp.route("/training/", endpoint="catalogue")
@login_required
def catalogue_index():
    _require(can_browse)
    employee = me_employee()
    q = (request.args.get("q") or "").strip()[:100]
    kind = _int_arg("kind")
    provider = request.args.get("provider") if request.args.get("provider") in labels_a.PROVIDER_LABELS else None
    suits = request.args.get("suits") == "1" and employee is not None
    show_inactive = perm.is_training_admin(current_user) and request.args.get("inactive") == "1"
    rows = catalogue.search(q=q, kind_code=kind if kind in SIASN_KINDS else None, provider=provider,
                            employee=employee, suits_only=suits, include_inactive=show_inactive)
    return render("training/catalogue/index.html", block="results", rows=rows, q=q, kind=kind, provider=provider,
                  suits=suits, employee=employee, show_inactive=show_inactive)


@bp.route("/training/programmes/<int:programme_id>")
@login_required
def programme_detail(programme_id):
    _require(can_browse)
    programme = _programme_or_404(programme_id)
    is_admin = perm.is_training_admin(current_user)
    if not programme.active and not is_admin:
        abort(404)
    employee = me_employee()
    sessions = catalogue.sessions_of(programme.id)
    if not is_admin:
        today = clock.today()
        sessions = [s for s in sessions if s.status == "scheduled" and clock.local_date(s.ends_at) >= today]
    sessions.sort(key=lambda s: s.starts_at)
    mine = enrolment.statuses_for(employee.id, [s.id for s in sessions]) if employee else {}
    hits = catalogue.gaps_targeted(employee, [programme.id])[programme.id] if employee else []
    targets = catalogue.targets_of([programme.id])[programme.id]
    problems = enrolment.prerequisite_problems(programme, employee) if employee else []
    prereq_name = None
    if programme.prereq_competency_id:
        from jenjang.competency.models import Competency

        prereq_name = db.session.scalar(sa.select(Competency.name).where(
            Competency.id == programme.prereq_competency_id))
    return render("training/catalogue/programme.html", programme=programme, sessions=sessions, mine=mine, hits=hits,
                  targets=targets, problems=problems, employee=employee, is_admin=is_admin,
                  waiting=catalogue.waitlist_counts([s.id for s in sessions]), prereq_name=prereq_name,
                  can_nominate_any=is_admin or _is_supervisor(), today=clock.today(), now=_now())


def _now() -> dt.datetime:
    return clock.now()


def _is_supervisor() -> bool:
    if not perm.is_employee(current_user):
        return False
    from jenjang.people.reporting import team_ids

    return bool(team_ids(current_user.employee_id))


# --- programmes (HR) ------------------------------------------------------------------------------

def _competencies():
    from jenjang.competency.models import Competency

    return list(db.session.scalars(sa.select(Competency).where(Competency.retired_at.is_(None))
                                   .order_by(Competency.sort_order, Competency.code)))


def _programme_form(programme: Programme | None) -> tuple[ProgrammeForm, dict]:
    form = ProgrammeForm(obj=programme) if programme else ProgrammeForm()
    comps = _competencies()
    form.prereq_competency_id.choices = [(0, _("Tanpa syarat kompetensi"))] + [(c.id, f"{c.code} {c.name}")
                                                                               for c in comps]
    if programme is not None and request.method == "GET":
        form.classical.data = "1" if programme.classical else "0"
        form.min_rank_id.data = programme.min_rank_id or 0
        form.prereq_competency_id.data = programme.prereq_competency_id or 0
        form.prereq_level.data = programme.prereq_level or 0
        form.position_kinds.data = list(programme.position_kinds or [])
    targets = {}
    if programme is not None:
        targets = {r.id: r.target_level for r in catalogue.targets_of([programme.id])[programme.id]}
    if request.method == "POST":
        targets = {}
        for c in comps:
            raw = request.form.get(f"target_{c.id}") or ""
            if raw.isdigit() and 1 <= int(raw) <= 5:
                targets[c.id] = int(raw)
    return form, {"competencies": comps, "targets": targets}


def _programme_page(form, extra, programme, status=200):
    return render("training/catalogue/programme_form.html", form=form, programme=programme, status=status, **extra)


def _save_programme(programme: Programme | None):
    form, extra = _programme_form(programme)
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                programme = catalogue.save_programme(
                    programme, title=form.title.data, code=form.code.data, kind_code=form.kind_code.data,
                    classical=None if form.classical.data == "auto" else form.classical.data == "1",
                    jp=form.jp.data, provider=form.provider.data, provider_name=form.provider_name.data,
                    description=form.description.data, cost_per_participant=form.cost_per_participant.data or 0,
                    allow_self_enrol=form.allow_self_enrol.data, mandatory=form.mandatory.data,
                    active=form.active.data, min_rank_id=form.min_rank_id.data or None,
                    position_kinds=form.position_kinds.data or [],
                    prereq_competency_id=form.prereq_competency_id.data or None,
                    prereq_level=form.prereq_level.data or None, targets=extra["targets"],
                    actor=current_user.email)
            except CatalogueError as exc:
                target = getattr(form, exc.field, None) if exc.field else None
                if target is not None:
                    target.errors = [*target.errors, exc.message]
                else:
                    flash(exc.message, "error")
                return _programme_page(form, extra, programme, status=422)
            flash(_("Program disimpan."), "success")
            return redirect(url_for("training.programme_detail", programme_id=programme.id))
        return _programme_page(form, extra, programme, status=422)
    return _programme_page(form, extra, programme)


@bp.route("/training/programmes/new", methods=["GET", "POST"])
@login_required
def programme_new():
    _require(perm.is_training_admin)
    return _save_programme(None)


@bp.route("/training/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@login_required
def programme_edit(programme_id):
    programme = _programme_or_404(programme_id)
    _require(perm.is_training_admin)
    return _save_programme(programme)


# --- sessions (HR) --------------------------------------------------------------------------------

def _facilitator_choices(current_id: int | None) -> list:
    choices = [(0, _("— bukan pegawai / belum ditentukan —"))]
    if current_id:
        e = db.session.scalar(sa.select(Employee).where(Employee.id == current_id))
        if e is not None:
            choices.append((e.id, f"{e.display_name} ({e.nip})"))
    rows = db.session.execute(sa.select(Employee.id, Employee.full_name, Employee.nip).where(
        Employee.status == "active").order_by(Employee.full_name).limit(500)).all()
    choices += [(r.id, f"{r.full_name} ({r.nip})") for r in rows if r.id != current_id]
    return choices


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=tenant_zone()) if value is not None else None


def _session_form(session: TrainingSession | None) -> SessionForm:
    form = SessionForm(obj=session) if session else SessionForm()
    if session is not None and request.method == "GET":
        form.starts_at.data = session.starts_at.astimezone(tenant_zone()).replace(tzinfo=None)
        form.ends_at.data = session.ends_at.astimezone(tenant_zone()).replace(tzinfo=None)
        form.facilitator_employee_id.data = session.facilitator_employee_id or 0
        form.waitlist_order.data = session.waitlist_order or ""
    elif session is None and request.method == "GET":
        form.enrol_opens_on.data = clock.today()
    form.facilitator_employee_id.choices = _facilitator_choices(session.facilitator_employee_id if session else None)
    return form


def _save_session(programme: Programme, session: TrainingSession | None):
    form = _session_form(session)
    template = "training/catalogue/session_form.html"
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                session = catalogue.save_session(
                    session, programme, name=form.name.data, starts_at=_aware(form.starts_at.data),
                    ends_at=_aware(form.ends_at.data), capacity=form.capacity.data, mode=form.mode.data,
                    place=form.place.data, online_url=form.online_url.data,
                    enrol_opens_on=form.enrol_opens_on.data, enrol_closes_on=form.enrol_closes_on.data,
                    facilitator_employee_id=form.facilitator_employee_id.data or None,
                    facilitator_name=form.facilitator_name.data, cost_per_participant=form.cost_per_participant.data,
                    waitlist_order=form.waitlist_order.data or None)
            except CatalogueError as exc:
                db.session.rollback()
                target = getattr(form, exc.field, None) if exc.field else None
                if target is not None:
                    target.errors = [*target.errors, exc.message]
                else:
                    flash(exc.message, "error")
                return render(template, form=form, programme=programme, session=session, status=422)
            flash(_("Sesi disimpan."), "success")
            return redirect(url_for("training.session_roster", session_id=session.id))
        return render(template, form=form, programme=programme, session=session, status=422)
    return render(template, form=form, programme=programme, session=session)


@bp.route("/training/programmes/<int:programme_id>/sessions/new", methods=["GET", "POST"])
@login_required
def session_new(programme_id):
    programme = _programme_or_404(programme_id)
    _require(perm.is_training_admin)
    return _save_session(programme, None)


@bp.route("/training/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def session_edit(session_id):
    session, programme = _session_or_404(session_id)
    _require(perm.is_training_admin)
    return _save_session(programme, session)


@bp.route("/training/sessions/<int:session_id>/cancel", methods=["POST"])
@login_required
def session_cancel(session_id):
    session, programme = _session_or_404(session_id)
    _require(perm.is_training_admin)
    try:
        n = enrolment.cancel_session(session, current_user, (request.form.get("reason") or "").strip()[:500] or None)
    except enrolment.EnrolmentRefused as exc:
        flash(exc.message, "error")
        return redirect(url_for("training.session_roster", session_id=session.id))
    flash(_("Sesi dibatalkan; %(n)s pendaftaran ikut dibatalkan dan pesertanya diberi tahu.", n=n), "success")
    return redirect(url_for("training.session_roster", session_id=session.id))


@bp.route("/training/sessions")
@login_required
def sessions():
    _require(perm.is_training_admin)
    when = "past" if request.args.get("when") == "past" else "upcoming"
    rows = catalogue.session_list(when=when)
    return render("training/catalogue/sessions.html", rows=rows, when=when, now=_now())


@bp.route("/training/sessions/<int:session_id>")
@login_required
def session_roster(session_id):
    session, programme = _session_or_404(session_id)
    if not (perm.is_training_admin(current_user) or perm.can_record_attendance(current_user, session)):
        abort(404)
    rows = enrolment.roster(session.id)
    waitlisted = [r for r in rows if r[0].status == "waitlisted"]
    seated = [r for r in rows if r[0].holds_seat]
    others = [r for r in rows if not r[0].holds_seat and r[0].status != "waitlisted"]
    if enrolment.waitlist_order(session) == "priority":
        order = {e.id: i for i, e in enumerate(enrolment.waitlist(session))}
        waitlisted.sort(key=lambda r: order.get(r[0].id, 0))
    return render("training/catalogue/roster.html", session=session, programme=programme, seated=seated,
                  waitlisted=waitlisted, others=others, is_admin=perm.is_training_admin(current_user),
                  order=enrolment.waitlist_order(session), now=_now())


@bp.route("/training/sessions/<int:session_id>/calendar.ics")
@login_required
def session_ics(session_id):
    session, programme = _session_or_404(session_id)
    _require(can_browse)
    if session.status == "cancelled" and not perm.is_training_admin(current_user):
        abort(404)
    body = ics.session_calendar(session, programme, host=request.host)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="pelatihan-{session.id}.ics"'})


# --- training needs (HR) --------------------------------------------------------------------------

@bp.route("/training/needs")
@login_required
def needs_summary():
    _require(perm.is_training_admin)
    rows = needs.summary()
    return render("training/catalogue/needs.html", rows=rows)
