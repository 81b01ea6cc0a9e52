"""Training delivery pages: attendance per day (a phone-friendly htmx checklist), completion and
score, certificates (page, PDF, public verification), evaluation (participant's reaction, the
supervisor's follow-up, results for HR) and the yearly budget."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, g, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block

from jenjang.core import clock
from jenjang.core.nav import registry
from jenjang.core.web import render
from jenjang.extensions import db, limiter
from jenjang.people.models import Employee
from jenjang.people.reporting import is_supervisor_of
from jenjang.tenancy.models import TIME_ZONES
from jenjang.training import attendance, bp, budget, certificates, completion, evaluation
from jenjang.training import permissions as perm
from jenjang.training.forms_delivery import BudgetForm, BulkCompleteForm, FollowupForm, ReactionForm
from jenjang.training.models import Enrolment, Programme, TrainingSession
from jenjang.training.models_delivery import FOLLOWUP_ITEMS, REACTION_ITEMS

STATUS_LABELS = {
    "approved": _l("Disetujui"), "completed": _l("Selesai"), "not_completed": _l("Tidak selesai"),
    "pending": _l("Menunggu persetujuan"), "waitlisted": _l("Daftar tunggu"),
}
REACTION_LABELS = {"relevance": _l("Relevansi"), "facilitator": _l("Fasilitator"), "materials": _l("Bahan"),
                   "overall": _l("Keseluruhan")}
FOLLOWUP_LABELS = {"application": _l("Penerapan"), "impact": _l("Dampak")}


def require(check, *args) -> None:
    if not check(current_user, *args):
        abort(403)


def _zone_name() -> str:
    return TIME_ZONES[g.tenant.timezone]


def _session_or_404(session_id: int) -> TrainingSession:
    return db.first_or_404(sa.select(TrainingSession).where(TrainingSession.id == session_id))


def _programme_of(session: TrainingSession) -> Programme:
    return db.session.scalar(sa.select(Programme).where(Programme.id == session.programme_id))


def _enrolment_in(session: TrainingSession, enrolment_id: int) -> Enrolment:
    return db.first_or_404(sa.select(Enrolment).where(Enrolment.id == enrolment_id,
                                                      Enrolment.session_id == session.id))


def _year_arg() -> int:
    try:
        year = int(request.args.get("year", ""))
    except ValueError:
        year = attendance.today().year
    return year if 2000 <= year <= 2100 else attendance.today().year


def _fmt_avg(value) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def _fmt_num(value) -> str:
    """24 → "24", 24.50 → "24,5" (Indonesian decimal comma); None → ""."""
    if value is None:
        return ""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _fmt_pct(value) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


@bp.context_processor
def _delivery_context():
    return {"fmt_avg": _fmt_avg, "fmt_pct": _fmt_pct, "fmt_num": _fmt_num,
            "format_code": certificates.format_code, "status_labels": STATUS_LABELS}


# --- the facilitator's dashboard card -------------------------------------------------------

def _facilitates_something(user) -> bool:
    if not perm.is_employee(user) or perm.is_training_admin(user):
        return False
    now = clock.now()
    return bool(db.session.scalar(sa.select(sa.func.count()).select_from(TrainingSession).where(
        TrainingSession.facilitator_employee_id == user.employee_id, TrainingSession.status != "cancelled",
        TrainingSession.ends_at >= now - dt.timedelta(days=14),
        TrainingSession.starts_at <= now + dt.timedelta(days=30))))


def _facilitator_card(user) -> dict:
    now = clock.now()
    rows = db.session.execute(
        sa.select(TrainingSession, Programme.title)
        .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                 Programme.id == TrainingSession.programme_id))
        .where(TrainingSession.facilitator_employee_id == user.employee_id, TrainingSession.status != "cancelled",
               TrainingSession.ends_at >= now - dt.timedelta(days=14),
               TrainingSession.starts_at <= now + dt.timedelta(days=30))
        .order_by(TrainingSession.starts_at).limit(5)).all()
    return {"sessions": rows}


registry.add_card(320, "training/delivery/card_facilitator.html", _facilitates_something, _facilitator_card)


# --- sessions to record attendance for ------------------------------------------------------

def _delivery_session_rows(year: int, *, facilitator_id: int | None):
    zone = _zone_name()
    seat = sa.func.count(Enrolment.id).filter(Enrolment.status.in_(attendance.ROSTER_STATUSES))
    done = sa.func.count(Enrolment.id).filter(Enrolment.status == "completed")
    q = (sa.select(TrainingSession, Programme.title, seat.label("participants"), done.label("completed"))
         .join(Programme, sa.and_(Programme.tenant_id == TrainingSession.tenant_id,
                                  Programme.id == TrainingSession.programme_id))
         .outerjoin(Enrolment, sa.and_(Enrolment.tenant_id == TrainingSession.tenant_id,
                                       Enrolment.session_id == TrainingSession.id))
         .where(TrainingSession.status != "cancelled",
                sa.extract("year", sa.func.timezone(zone, TrainingSession.starts_at)) == year)
         .group_by(TrainingSession.tenant_id, TrainingSession.id, Programme.title)
         .order_by(TrainingSession.starts_at, TrainingSession.id))
    if facilitator_id is not None:
        q = q.where(TrainingSession.facilitator_employee_id == facilitator_id)
    return db.session.execute(q).all()


@bp.route("/training/delivery")
@login_required
def delivery_sessions():
    admin = perm.is_training_admin(current_user)
    if not admin and not perm.is_employee(current_user):
        abort(403)
    year = _year_arg()
    rows = _delivery_session_rows(year, facilitator_id=None if admin else current_user.employee_id)
    if not admin and not rows and not _facilitates_something(current_user):
        abort(403)
    zone = attendance.tenant_zone()
    today = attendance.today(zone)
    items = []
    for session, title, participants, completed in rows:
        first, last = attendance.session_dates(session, zone)
        state = "now" if first <= today <= last else ("past" if last < today else "future")
        items.append({"session": session, "title": title, "participants": participants, "completed": completed,
                      "first": first, "last": last, "state": state})
    return render("training/delivery/sessions.html", items=items, year=year, admin=admin)


# --- attendance ------------------------------------------------------------------------------

def _pick_day(days: list[dt.date], today: dt.date) -> dt.date:
    raw = request.values.get("day")
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            abort(404)
        if day not in days:
            abort(404)
        return day
    if today in days:
        return today
    past = [d for d in days if d <= today]
    return past[-1] if past else days[0]


def _attendance_context(session: TrainingSession, day: dt.date) -> dict:
    zone = attendance.tenant_zone()
    days = attendance.session_days(session, zone)
    today = attendance.today(zone)
    return {"session": session, "programme": _programme_of(session), "days": days, "day": day, "today": today,
            "future": day > today, "participants": attendance.roster(session.id),
            "marks": attendance.marks(session.id, day), "counts": attendance.day_counts(session.id, day)}


@bp.route("/training/sessions/<int:session_id>/attendance")
@login_required
def delivery_attendance(session_id: int):
    session = _session_or_404(session_id)
    require(perm.can_record_attendance, session)
    zone = attendance.tenant_zone()
    day = _pick_day(attendance.session_days(session, zone), attendance.today(zone))
    return render("training/delivery/attendance.html", block="attendance_panel", **_attendance_context(session, day))


@bp.route("/training/sessions/<int:session_id>/attendance/<int:enrolment_id>", methods=["POST"])
@login_required
def delivery_attendance_mark(session_id: int, enrolment_id: int):
    session = _session_or_404(session_id)
    enrolment = _enrolment_in(session, enrolment_id)
    require(perm.can_record_attendance, session)
    zone = attendance.tenant_zone()
    day = _pick_day(attendance.session_days(session, zone), attendance.today(zone))
    present = request.form.get("present") == "1"
    error = None
    try:
        attendance.set_attendance(session, enrolment.id, day, present, by=current_user.email)
    except attendance.AttendanceError as exc:
        error = exc.message
    if not request.htmx:
        if error:
            flash(error, "error")
        return redirect(url_for("training.delivery_attendance", session_id=session.id, day=day.isoformat())
                        + f"#att-{enrolment.id}")
    ctx = _attendance_context(session, day)
    participant = next((p for p in ctx["participants"] if p.enrolment_id == enrolment.id), None)
    if participant is None:
        abort(404)
    template = "training/delivery/attendance.html"
    body = render_block(template, "attendance_row", p=participant, row_error=error, **ctx) \
        + render_block(template, "attendance_counts", oob=True, **ctx)
    return make_response(body, 422 if error else 200)


@bp.route("/training/sessions/<int:session_id>/attendance/all", methods=["POST"])
@login_required
def delivery_attendance_all(session_id: int):
    session = _session_or_404(session_id)
    require(perm.can_record_attendance, session)
    zone = attendance.tenant_zone()
    day = _pick_day(attendance.session_days(session, zone), attendance.today(zone))
    try:
        n = attendance.mark_all(session, day, True, by=current_user.email)
    except attendance.AttendanceError as exc:
        flash(exc.message, "error")
    else:
        flash(_("%(n)s peserta yang belum dicatat ditandai hadir.", n=n), "success")
    return redirect(url_for("training.delivery_attendance", session_id=session.id, day=day.isoformat()))


# --- completion -----------------------------------------------------------------------------

def _completion_context(session: TrainingSession) -> dict:
    zone = attendance.tenant_zone()
    days = attendance.session_days(session, zone)
    participants = attendance.roster(session.id)
    present = attendance.present_days(session.id, days)
    summary = {s: sum(1 for p in participants if p.status == s) for s in attendance.ROSTER_STATUSES}
    return {"session": session, "programme": _programme_of(session), "days": days, "participants": participants,
            "present": present, "summary": summary, "bulk_form": BulkCompleteForm(),
            "started": attendance.today(zone) >= days[0]}


@bp.route("/training/sessions/<int:session_id>/completion")
@login_required
def delivery_completion(session_id: int):
    session = _session_or_404(session_id)
    require(perm.can_record_attendance, session)
    return render("training/delivery/completion.html", **_completion_context(session))


@bp.route("/training/sessions/<int:session_id>/completion/<int:enrolment_id>", methods=["POST"])
@login_required
def delivery_completion_update(session_id: int, enrolment_id: int):
    session = _session_or_404(session_id)
    enrolment = _enrolment_in(session, enrolment_id)
    require(perm.can_record_attendance, session)
    action = request.form.get("action")
    error = None
    try:
        if action == "complete":
            completion.complete(enrolment, request.form.get("score"), by=current_user.email)
        elif action == "not_completed":
            completion.mark_not_completed(enrolment, request.form.get("score"))
        elif action == "undo":
            completion.undo(enrolment)
        else:
            abort(400)
    except completion.CompletionError as exc:
        error = exc.message
        db.session.rollback()
    if not request.htmx:
        if error:
            flash(error, "error")
        else:
            flash(_("Penilaian peserta disimpan."), "success")
        return redirect(url_for("training.delivery_completion", session_id=session.id) + f"#peserta-{enrolment_id}")
    ctx = _completion_context(session)
    participant = next((p for p in ctx["participants"] if p.enrolment_id == enrolment_id), None)
    if participant is None:
        abort(404)
    template = "training/delivery/completion.html"
    body = render_block(template, "completion_row", p=participant, row_error=error, **ctx) \
        + render_block(template, "completion_summary", oob=True, **ctx)
    return make_response(body, 422 if error else 200)


@bp.route("/training/sessions/<int:session_id>/completion/bulk", methods=["POST"])
@login_required
def delivery_completion_bulk(session_id: int):
    session = _session_or_404(session_id)
    require(perm.can_record_attendance, session)
    form = BulkCompleteForm()
    if not form.validate_on_submit():
        ctx = _completion_context(session)
        ctx["bulk_form"] = form
        return render("training/delivery/completion.html", status=422, **ctx)
    try:
        n = completion.bulk_complete(session, form.min_percent.data, by=current_user.email)
    except completion.CompletionError as exc:
        db.session.rollback()
        ctx = _completion_context(session)
        form.min_percent.errors.append(exc.message)
        ctx["bulk_form"] = form
        return render("training/delivery/completion.html", status=422, **ctx)
    flash(_("%(n)s peserta dinyatakan selesai.", n=n), "success")
    return redirect(url_for("training.delivery_completion", session_id=session.id))


# --- certificates ---------------------------------------------------------------------------

def _own_or_hr_enrolment(enrolment_id: int) -> tuple[Enrolment, Employee]:
    enrolment = db.first_or_404(sa.select(Enrolment).where(Enrolment.id == enrolment_id))
    employee = db.session.scalar(sa.select(Employee).where(Employee.id == enrolment.employee_id))
    require(perm.can_view_employee_training, employee)
    return enrolment, employee


@bp.route("/training/enrolments/<int:enrolment_id>/certificate")
@login_required
def certificate_page(enrolment_id: int):
    enrolment, employee = _own_or_hr_enrolment(enrolment_id)
    cert = certificates.for_enrolment(enrolment.id)
    reaction = evaluation.reaction_of(enrolment.id)
    session = db.session.scalar(sa.select(TrainingSession).where(TrainingSession.id == enrolment.session_id))
    return render("training/delivery/certificate.html", enrolment=enrolment, employee=employee, cert=cert,
                  session=session, programme=_programme_of(session), reaction=reaction,
                  is_self=perm.is_self(current_user, employee.id),
                  verify_url=certificates.verification_url(cert.code) if cert else None)


@bp.route("/training/enrolments/<int:enrolment_id>/certificate.pdf")
@login_required
def certificate_pdf(enrolment_id: int):
    enrolment, _employee = _own_or_hr_enrolment(enrolment_id)
    cert = certificates.for_enrolment(enrolment.id)
    if cert is None:
        abort(404)
    response = make_response(certificates.pdf_bytes(cert))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="sertifikat-{cert.code}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/verify", methods=["GET"])
@limiter.limit("30 per minute")
def verify_form():
    raw = (request.args.get("code") or "").strip()
    if raw:
        code = certificates.normalise_code(raw)
        if code is None:
            return render("training/verify.html", cert=None, searched=raw[:64], malformed=True, status=404)
        return redirect(url_for("training.verify", code=certificates.format_code(code)))
    return render("training/verify.html", cert=None, searched=None)


@bp.route("/verify/<code>")
@limiter.limit("30 per minute")
def verify(code: str):
    cert = certificates.lookup(code)
    response = make_response(*render("training/verify.html", cert=cert, searched=code[:64],
                                     status=200 if cert else 404))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# --- evaluation: the participant (level 1) and the supervisor (level 3) -----------------------

@bp.route("/training/enrolments/<int:enrolment_id>/evaluation", methods=["GET", "POST"])
@login_required
def evaluation_form(enrolment_id: int):
    enrolment = db.first_or_404(sa.select(Enrolment).where(Enrolment.id == enrolment_id))
    if not perm.is_self(current_user, enrolment.employee_id):
        abort(403)
    session = db.session.scalar(sa.select(TrainingSession).where(TrainingSession.id == enrolment.session_id))
    programme = _programme_of(session)
    done = evaluation.reaction_of(enrolment.id)
    form = ReactionForm()
    ctx = {"enrolment": enrolment, "session": session, "programme": programme, "done": done, "form": form,
           "items": REACTION_ITEMS}
    if done is not None or enrolment.status != "completed":
        return render("training/delivery/evaluation_form.html", status=409 if request.method == "POST" else 200,
                      **ctx)
    if form.validate_on_submit():
        try:
            evaluation.submit_reaction(enrolment, {i: getattr(form, i).data for i in REACTION_ITEMS},
                                       form.comment.data)
        except evaluation.EvaluationError as exc:
            flash(exc.message, "error")
            return redirect(url_for("training.evaluation_form", enrolment_id=enrolment.id))
        flash(_("Terima kasih, evaluasi Anda tersimpan."), "success")
        return redirect(url_for("training.certificate_page", enrolment_id=enrolment.id))
    return render("training/delivery/evaluation_form.html", status=422 if request.method == "POST" else 200, **ctx)


@bp.route("/training/enrolments/<int:enrolment_id>/followup", methods=["GET", "POST"])
@login_required
def followup_form(enrolment_id: int):
    enrolment = db.first_or_404(sa.select(Enrolment).where(Enrolment.id == enrolment_id))
    employee = db.session.scalar(sa.select(Employee).where(Employee.id == enrolment.employee_id))
    if not (perm.is_employee(current_user) and is_supervisor_of(current_user.employee_id, employee)):
        abort(403)
    session = db.session.scalar(sa.select(TrainingSession).where(TrainingSession.id == enrolment.session_id))
    done = evaluation.followup_of(enrolment.id)
    form = FollowupForm()
    ctx = {"enrolment": enrolment, "employee": employee, "session": session, "programme": _programme_of(session),
           "done": done, "form": form, "items": FOLLOWUP_ITEMS}
    if done is not None or enrolment.status != "completed":
        return render("training/delivery/followup_form.html", status=409 if request.method == "POST" else 200,
                      **ctx)
    if form.validate_on_submit():
        try:
            evaluation.submit_followup(enrolment, current_user.employee_id,
                                       {i: getattr(form, i).data for i in FOLLOWUP_ITEMS}, form.comment.data)
        except evaluation.EvaluationError as exc:
            flash(exc.message, "error")
            return redirect(url_for("training.followup_form", enrolment_id=enrolment.id))
        flash(_("Terima kasih, evaluasi pascapelatihan tersimpan."), "success")
        return redirect(url_for("core.index"))
    return render("training/delivery/followup_form.html", status=422 if request.method == "POST" else 200, **ctx)


# --- evaluation results (HR) -----------------------------------------------------------------

@bp.route("/training/evaluation")
@login_required
def evaluation_results():
    require(perm.is_training_admin)
    year = _year_arg()
    zone = _zone_name()
    return render("training/delivery/evaluation_results.html", year=year,
                  programmes=evaluation.results_by_programme(year, zone),
                  sessions=evaluation.results_by_session(year, zone),
                  reaction_labels=REACTION_LABELS, followup_labels=FOLLOWUP_LABELS)


@bp.route("/training/programmes/<int:programme_id>/evaluation")
@login_required
def evaluation_programme(programme_id: int):
    programme = db.first_or_404(sa.select(Programme).where(Programme.id == programme_id))
    require(perm.is_training_admin)
    sessions = evaluation.results_by_session(None, _zone_name(), programme_id=programme.id)
    rows = evaluation.results_by_programme(None, _zone_name(), programme_id=programme.id)
    total = rows[0] if rows else None
    return render("training/delivery/evaluation_detail.html", programme=programme, session=None, total=total,
                  sessions=sessions, comments=evaluation.comments(programme_id=programme.id),
                  reaction_labels=REACTION_LABELS, followup_labels=FOLLOWUP_LABELS)


@bp.route("/training/sessions/<int:session_id>/evaluation")
@login_required
def evaluation_session(session_id: int):
    session = _session_or_404(session_id)
    require(perm.is_training_admin)
    return render("training/delivery/evaluation_detail.html", programme=_programme_of(session), session=session,
                  total=evaluation.session_result(session.id), sessions=[],
                  comments=evaluation.comments(session_id=session.id),
                  reaction_labels=REACTION_LABELS, followup_labels=FOLLOWUP_LABELS)


# --- budget ---------------------------------------------------------------------------------

@bp.route("/training/budget", methods=["GET", "POST"])
@login_required
def budget_page():
    require(perm.is_training_admin)
    year = _year_arg() if request.method == "GET" else _form_year()
    form = BudgetForm()
    if form.validate_on_submit():
        budget.set_budget(year, form.parsed, by=current_user.email)
        flash(_("Pagu anggaran pelatihan %(year)s disimpan.", year=year), "success")
        return redirect(url_for("training.budget_page", year=year))
    figures = budget.figures(year, _zone_name())
    if request.method == "GET" and figures.budget is not None:
        form.amount.data = budget.rupiah(figures.budget).replace("Rp ", "")
    return render("training/delivery/budget.html", year=year, figures=figures, form=form,
                  status=422 if request.method == "POST" else 200)


def _form_year() -> int:
    try:
        year = int(request.form.get("year", ""))
    except ValueError:
        abort(400)
    if not 2000 <= year <= 2100:
        abort(400)
    return year
