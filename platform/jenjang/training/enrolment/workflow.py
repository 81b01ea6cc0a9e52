"""Enrolment's side of the workflow engine (registered on import): when an enrolment's approval
case closes, the enrolment is decided (approved keeps the seat; rejected or cancelled frees it and
the waitlist moves up); and who may view the case — whoever may see the employee's training, or the
person the step waits for."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.training import permissions as perm
from jenjang.training.enrolment.operations import SUBJECT_TYPE, decide
from jenjang.training.models import Enrolment
from jenjang.training.queries import employee_of
from jenjang.workflow import api as workflow


def _on_closed(wcase, outcome: str) -> None:
    row = db.session.scalar(sa.select(Enrolment).where(Enrolment.id == wcase.subject_id))
    if row is not None:
        decide(row, outcome)


def _can_view(user, wcase) -> bool:
    row = db.session.scalar(sa.select(Enrolment).where(Enrolment.id == wcase.subject_id))
    if row is None:
        return False
    employee = employee_of(row)
    if employee is not None and perm.can_view_employee_training(user, employee):
        return True
    return workflow.can_act(user, wcase)  # a person HR reassigned the step to, while it waits for them


workflow.register_handler(workflow.SubjectHandler(
    subject_type=SUBJECT_TYPE,
    link=lambda wcase: ("training.enrolment_detail", {"enrolment_id": wcase.subject_id}),
    on_closed=_on_closed,
    can_view=_can_view,
))
