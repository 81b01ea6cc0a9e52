"""Delivery pages of the post-training survey (Kirkpatrick): the participant's reaction (level 1),
the supervisor's follow-up (level 3), and the results for HR. The URLs and endpoint names keep the
word "evaluation" the pages had first."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.core.resources import Load, attempt, handles, require
from jenjang.core.web import render
from jenjang.training import bp
from jenjang.training.delivery import permissions as dperm
from jenjang.training.delivery import survey
from jenjang.training.delivery.forms import FollowupForm, ReactionForm
from jenjang.training.delivery.labels import FOLLOWUP_LABELS, REACTION_LABELS
from jenjang.training.delivery.models import FOLLOWUP_ITEMS, REACTION_ITEMS
from jenjang.training.delivery.views.common import ENROLMENT, SESSION, year_arg, zone_name
from jenjang.training.models import Enrolment, Programme, TrainingSession
from jenjang.training.queries import employee_of, programme_of, session_of


def _answer_page(template: str, ctx: dict, form, items, submit, again: str, thanks: str, done_url: str):
    """The one flow of both levels: answered already (or not completed) → the page says so (409 on a
    post); a valid answer → saved and thanked; otherwise the form again (422 on a post)."""
    posted = request.method == "POST"
    if ctx["done"] is not None or ctx["enrolment"].status != "completed":
        return render(template, status=409 if posted else 200, **ctx)
    if form.validate_on_submit():
        with attempt(survey.SurveyRefused) as outcome:
            submit({i: getattr(form, i).data for i in items}, form.comment.data)
        if not outcome.ok:
            flash(outcome.error, "error")
            return redirect(again)
        flash(thanks, "success")
        return redirect(done_url)
    return render(template, status=422 if posted else 200, **ctx)


@bp.route("/training/enrolments/<int:enrolment_id>/evaluation", methods=["GET", "POST"], endpoint="evaluation_form")
@handles(dperm.can_answer_survey, enrolment=ENROLMENT)
def survey_form(enrolment: Enrolment):
    session = session_of(enrolment)
    form = ReactionForm()
    ctx = {"enrolment": enrolment, "session": session, "programme": programme_of(session),
           "done": survey.reaction_of(enrolment.id), "form": form, "items": REACTION_ITEMS}
    return _answer_page("training/delivery/survey_form.html", ctx, form, REACTION_ITEMS,
                        lambda values, comment: survey.submit_reaction(enrolment, values, comment),
                        url_for("training.evaluation_form", enrolment_id=enrolment.id),
                        _("Terima kasih, evaluasi Anda tersimpan."),
                        url_for("training.certificate_page", enrolment_id=enrolment.id))


@bp.route("/training/enrolments/<int:enrolment_id>/followup", methods=["GET", "POST"])
@handles(enrolment=ENROLMENT)
def followup_form(enrolment: Enrolment):
    employee = employee_of(enrolment)
    require(dperm.can_answer_followup, employee)
    session = session_of(enrolment)
    form = FollowupForm()
    ctx = {"enrolment": enrolment, "employee": employee, "session": session,
           "programme": programme_of(session), "done": survey.followup_of(enrolment.id), "form": form,
           "items": FOLLOWUP_ITEMS}
    return _answer_page("training/delivery/survey_followup_form.html", ctx, form, FOLLOWUP_ITEMS,
                        lambda values, comment: survey.submit_followup(enrolment, current_user.employee_id,
                                                                       values, comment),
                        url_for("training.followup_form", enrolment_id=enrolment.id),
                        _("Terima kasih, evaluasi pascapelatihan tersimpan."), url_for("core.index"))


# --- results (HR) ------------------------------------------------------------------------------

LABELS = {"reaction_labels": REACTION_LABELS, "followup_labels": FOLLOWUP_LABELS}


@bp.route("/training/evaluation", endpoint="evaluation_results")
@handles(dperm.can_read_survey_results)
def survey_results():
    year = year_arg()
    zone = zone_name()
    return render("training/delivery/survey_results.html", year=year,
                  programmes=survey.survey_results_by_programme(year, zone),
                  sessions=survey.survey_results_by_session(year, zone), **LABELS)


@bp.route("/training/programmes/<int:programme_id>/evaluation", endpoint="evaluation_programme")
@handles(dperm.can_read_survey_results, programme=Load(Programme, "programme_id"))
def survey_programme(programme: Programme):
    sessions = survey.survey_results_by_session(None, zone_name(), programme_id=programme.id)
    rows = survey.survey_results_by_programme(None, zone_name(), programme_id=programme.id)
    return render("training/delivery/survey_detail.html", programme=programme, session=None,
                  total=rows[0] if rows else None, sessions=sessions,
                  comments=survey.survey_comments(programme_id=programme.id), **LABELS)


@bp.route("/training/sessions/<int:session_id>/evaluation", endpoint="evaluation_session")
@handles(dperm.can_read_survey_results, session=SESSION)
def survey_session(session: TrainingSession):
    return render("training/delivery/survey_detail.html", programme=programme_of(session), session=session,
                  total=survey.session_survey_result(session.id), sessions=[],
                  comments=survey.survey_comments(session_id=session.id), **LABELS)
