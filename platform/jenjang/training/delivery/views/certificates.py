"""Delivery pages: a participant's certificate (page and PDF) and the public verification of a
certificate code."""
from __future__ import annotations

from flask import abort, make_response, redirect, request, url_for
from flask_login import current_user

from jenjang.core.resources import handles, require
from jenjang.core.web import render
from jenjang.extensions import limiter
from jenjang.training import bp
from jenjang.training import permissions as perm
from jenjang.training.delivery import certificates, survey
from jenjang.training.delivery.views.common import ENROLMENT
from jenjang.training.models import Enrolment
from jenjang.training.queries import employee_of, programme_of, session_of


def _employee_seen(enrolment: Enrolment):
    """The participant, to themself, their supervisor chain and HR (403 for anyone else)."""
    employee = employee_of(enrolment)
    require(perm.can_view_employee_training, employee)
    return employee


@bp.route("/training/enrolments/<int:enrolment_id>/certificate")
@handles(enrolment=ENROLMENT)
def certificate_page(enrolment: Enrolment):
    employee = _employee_seen(enrolment)
    cert = certificates.for_enrolment(enrolment.id)
    session = session_of(enrolment)
    return render("training/delivery/certificate.html", enrolment=enrolment, employee=employee, cert=cert,
                  session=session, programme=programme_of(session),
                  reaction=survey.reaction_of(enrolment.id), is_self=perm.is_self(current_user, employee.id),
                  verify_url=certificates.verification_url(cert.code) if cert else None)


@bp.route("/training/enrolments/<int:enrolment_id>/certificate.pdf")
@handles(enrolment=ENROLMENT)
def certificate_pdf(enrolment: Enrolment):
    _employee_seen(enrolment)
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
