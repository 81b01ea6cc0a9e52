"""What every write of mentoring shares: the refusal (MentoringError) and the small reads of the
people a write names (their user accounts, their names, the employee, the pair's programme)."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.auth.models import User
from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.mentoring.labels import REFUSALS
from jenjang.mentoring.models import MentoringPair, MentoringProgramme
from jenjang.people.api import Employee


class MentoringError(Refusal):
    """A refused change; str(error) is the reason shown to the user."""


def refuse(key_or_message) -> MentoringError:
    return MentoringError(str(REFUSALS.get(key_or_message, key_or_message)))


def user_ids_of(employee_ids) -> dict[int, int]:
    ids = [e for e in employee_ids if e is not None]
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(User.employee_id, User.id)
                                   .where(User.employee_id.in_(ids), User.is_active.is_(True))).all())


def names_of(employee_ids) -> dict[int, str]:
    ids = [e for e in employee_ids if e is not None]
    return dict(db.session.execute(sa.select(Employee.id, Employee.full_name).where(Employee.id.in_(ids or [-1]))).all())


def employee(employee_id) -> Employee:
    """An employee of this tenant (the ORM wall hides every other tenant's)."""
    e = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id)) if employee_id else None
    if e is None:
        raise MentoringError(_("Pegawai tidak ditemukan."))
    return e


def programme_of(pair: MentoringPair) -> MentoringProgramme:
    return db.session.scalar(sa.select(MentoringProgramme).where(MentoringProgramme.id == pair.programme_id))



def require_open(programme: MentoringProgramme) -> None:
    if programme.status == "closed":
        raise MentoringError(_("Program ini sudah selesai."))


