"""What the delivery pages share: their template helpers, the year asked for, the tenant's time
zone name, and the loaders of a session and of an enrolment in it."""
from __future__ import annotations

from flask import request

from jenjang.core import clock
from jenjang.core.resources import Load
from jenjang.training import bp
from jenjang.training.delivery import attendance, certificates
from jenjang.training.delivery.labels import STATUS_LABELS
from jenjang.training.labels import decimal_comma
from jenjang.training.models import Enrolment, TrainingSession

SESSION = Load(TrainingSession, "session_id")
ENROLMENT_IN_SESSION = Load(Enrolment, "enrolment_id", where=lambda session: Enrolment.session_id == session.id)
ENROLMENT = Load(Enrolment, "enrolment_id")


def zone_name() -> str:
    """The tenant's time zone by name, for SQL (``timezone(name, starts_at)``)."""
    return clock.tenant_zone().key


def year_arg() -> int:
    try:
        year = int(request.args.get("year", ""))
    except ValueError:
        year = attendance.today().year
    return year if 2000 <= year <= 2100 else attendance.today().year


def _fmt_avg(value) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def _fmt_pct(value) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


@bp.context_processor
def _delivery_context():
    return {"fmt_avg": _fmt_avg, "fmt_pct": _fmt_pct, "fmt_num": decimal_comma,
            "format_code": certificates.format_code, "status_labels": STATUS_LABELS}
