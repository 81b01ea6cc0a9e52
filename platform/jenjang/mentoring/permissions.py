"""Who sees and does what in mentoring. Private session notes: the pair, and no one else."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.auth.permissions import _has, is_signed_in_employee
from jenjang.extensions import db
from jenjang.mentoring.models import MentoringPair
from jenjang.people.api import Employee, is_supervisor_of


def can_manage_mentoring(user, *_objects) -> bool:
    """HR and admin run every programme (whatever the page loaded: a programme, a pair, a flag)."""
    return _has(user, "hr") or _has(user, "admin")


def can_decide_participant(user, participant) -> bool:
    """HR decides applications, but not their own: deciding would apply the programme's rules to
    them, and the talent-pool rule would tell them their own 9-box placement."""
    return can_manage_mentoring(user) and participant.employee_id != getattr(user, "employee_id", None)


def can_see_mentoring_menu(user, *_objects) -> bool:
    return can_manage_mentoring(user) or (is_signed_in_employee(user) and user.employee_id is not None)


def can_join(user, *_programme) -> bool:
    return user.employee_id is not None


def is_pair_member(user, pair) -> bool:
    return bool(is_signed_in_employee(user) and user.employee_id is not None
                and user.employee_id in (pair.mentor_id, pair.mentee_id))


def own_pairs(user):
    """SQL criteria: the pairs whose mentor or mentee the user is (the rows ``is_pair_member``
    allows). Loading a pair with them makes someone else's pair a 404, like a missing one."""
    if not (is_signed_in_employee(user) and user.employee_id is not None):
        return sa.false()
    return sa.or_(MentoringPair.mentor_id == user.employee_id, MentoringPair.mentee_id == user.employee_id)


def can_read_private_notes(user, pair) -> bool:
    """Only the mentor and the mentee; never HR, admins or supervisors."""
    return is_pair_member(user, pair)


def can_view_pair(user, pair) -> bool:
    if not is_signed_in_employee(user):
        return False
    if is_pair_member(user, pair) or can_manage_mentoring(user):
        return True
    if user.employee_id is None or pair.status == "proposed":
        return False
    mentee = db.session.get(Employee, (pair.tenant_id, pair.mentee_id))
    return mentee is not None and is_supervisor_of(user.employee_id, mentee)
