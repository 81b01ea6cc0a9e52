"""Who acts on a step: the definition's actor (a role, or a relation to the subject: their
supervisor or unit head), unless the step was reassigned to a named person or escalated to a
role. `can_act` answers for one case; `actionable` for a whole list at once, in a fixed number of
queries; `find_assignee` finds the person HR reassigns a step to."""
from __future__ import annotations

import functools

import sqlalchemy as sa
from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from jenjang.auth.models import User
from jenjang.extensions import db
from jenjang.people.api import MAX_DEPTH, Employee, OrgIndex, Position, supervisor_id_of
from jenjang.workflow.definitions import ACTORS
from jenjang.workflow.errors import ReassignRefused
from jenjang.workflow.models import WorkflowCase, WorkflowVersion


def role_user_ids(role: str) -> list[int]:
    return list(db.session.scalars(sa.select(User.id).where(
        User.is_active.is_(True), sa.literal(role) == sa.any_(User.roles)).order_by(User.id)))


def users_of_employees(employee_ids: list[int]) -> list[int]:
    if not employee_ids:
        return []
    return list(db.session.scalars(sa.select(User.id).where(
        User.employee_id.in_(employee_ids), User.is_active.is_(True))))


def _org_index() -> OrgIndex:
    """The organisation's shape, loaded once per request (a list of cases asks for it per case)."""
    if not has_request_context():
        return OrgIndex.load()
    if "workflow_org_index" not in g:
        g.workflow_org_index = OrgIndex.cached()  # on a reading request, the same object people's helpers use
    return g.workflow_org_index


def relation_employee_ids(relation: str, subject_employee_id: int | None) -> list[int]:
    """The employees a relation actor (`supervisor`, `unit_head`) of the subject resolves to."""
    if subject_employee_id is None:
        return []
    employee = db.session.scalar(sa.select(Employee).where(Employee.id == subject_employee_id))
    if employee is None:
        return []
    index = _org_index()
    if relation == "supervisor":
        sid = supervisor_id_of(employee, index)
        return [sid] if sid else []
    if relation == "unit_head":
        sid = index.derived_supervisor(employee.id, employee.unit_id, employee.position_id)
        return [sid] if sid else []
    return []


def defined_actor_ids(case: WorkflowCase, step: dict | None = None) -> list[int]:
    """The accounts the definition's actor of the step resolves to (may be none: a unit head
    without an account, a vacant position, a role nobody holds)."""
    step = step or case.step
    if step is None:
        return []
    kind, _, value = step["actor"].partition(":")
    if kind == "role":
        return role_user_ids(value)
    return users_of_employees(relation_employee_ids(value, case.subject_employee_id))


def actor_user_ids(case: WorkflowCase) -> list[int]:
    """Who acts on the open step now: the person it was reassigned to, else the role it was
    escalated to, else the definition's actor."""
    if case.step is None:
        return []
    if case.assignee_user_id is not None:
        return list(db.session.scalars(sa.select(User.id).where(User.id == case.assignee_user_id,
                                                                User.is_active.is_(True))))
    if case.escalated_role:
        return role_user_ids(case.escalated_role)
    return defined_actor_ids(case)


def can_act(user, case: WorkflowCase) -> bool:
    step = case.step
    if step is None or not user or not user.is_authenticated or getattr(user, "is_operator", False):
        return False
    if case.assignee_user_id is not None:  # reassigned: that person alone, whoever the step named
        return user.id == case.assignee_user_id
    if case.escalated_role:
        return user.has_role(case.escalated_role)
    kind, _, value = step["actor"].partition(":")
    if kind == "role":
        return user.has_role(value)
    if user.employee_id is None or user.employee_id == case.subject_employee_id:
        return False
    return user.employee_id in relation_employee_ids(value, case.subject_employee_id)


def actionable(user, subject_type: str) -> sa.ColumnElement[bool] | None:
    """A condition on WorkflowCase selecting the open cases of `subject_type` that `user` acts on
    (those for which `can_act` is true), for a whole list at once. Its cost does not depend on the
    number of cases: one query for the steps at which open cases wait and, when some of those
    have a relation actor, at most two more (see `_relation_case_ids`). None when the user acts on
    no open case (the caller can skip its query)."""
    if not user or not user.is_authenticated or getattr(user, "is_operator", False):
        return None
    by_role: list[tuple[int, int]] = []
    by_relation: dict[tuple[int, int], str] = {}
    waiting_at = (sa.select(WorkflowCase.version_id, WorkflowCase.step_index).distinct()
                  .where(WorkflowCase.status == "in_progress", WorkflowCase.subject_type == subject_type,
                         WorkflowCase.assignee_user_id.is_(None), WorkflowCase.escalated_role.is_(None))
                  .subquery())
    for version_id, index, steps in db.session.execute(  # the steps at which open cases wait
            sa.select(waiting_at.c.version_id, waiting_at.c.step_index, WorkflowVersion.steps)
            .join(WorkflowVersion, WorkflowVersion.id == waiting_at.c.version_id)):
        if not 0 <= index < len(steps or ()):
            continue
        kind, _, value = steps[index]["actor"].partition(":")
        if kind != "role":
            by_relation[(version_id, index)] = value
        elif user.has_role(value):
            by_role.append((version_id, index))
    at_step = sa.tuple_(WorkflowCase.version_id, WorkflowCase.step_index)
    as_defined = sa.and_(WorkflowCase.assignee_user_id.is_(None), WorkflowCase.escalated_role.is_(None))
    either = []
    if by_role:
        either.append(sa.and_(as_defined, at_step.in_(by_role)))
    case_ids = _relation_case_ids(user.employee_id, subject_type, by_relation) if by_relation else []
    if case_ids:
        either.append(WorkflowCase.id.in_(case_ids))
    # steps reassigned to this user, or escalated to a role this user holds (one query: the steps
    # whose definition names nobody are listed by the same statement as the others)
    either.append(WorkflowCase.assignee_user_id == user.id)
    roles = [r for r in (getattr(user, "roles", None) or []) if r]
    if roles:
        either.append(sa.and_(WorkflowCase.assignee_user_id.is_(None), WorkflowCase.escalated_role.in_(roles)))
    return sa.and_(WorkflowCase.subject_type == subject_type, WorkflowCase.status == "in_progress", sa.or_(*either))


@functools.cache
def _override_alias():
    """The chosen supervisor's row, joined to the subject's. Made once: building an alias of the
    employees table costs milliseconds."""
    return aliased(Employee, name="override_employee")


def _relation_case_ids(me: int | None, subject_type: str, by_relation: dict[tuple[int, int], str]) -> list[int]:
    """Open cases at a relation step (supervisor, unit head) whose actor is employee `me`: the
    same answer as `relation_employee_ids` gives case by case. One query tells whether `me` holds
    a head position; one more reads the candidate cases (subjects in the units below the one `me`
    heads, or who chose `me` as their supervisor), settled in memory with the org index."""
    if me is None:
        return []
    units: set[int] = set()
    index = None
    my_head_unit = db.session.scalar(sa.select(Position.unit_id).where(
        Position.is_head, Position.id == sa.select(Employee.position_id).where(Employee.id == me).scalar_subquery()))
    if my_head_unit is not None:  # only the holder of a head position can be a derived supervisor
        index = _org_index()
        children = index.children()
        frontier = [u for u, holder in index.head_holder.items() if holder == me]
        depth = 0
        while frontier and depth <= MAX_DEPTH + 1:  # whoever reports to me works in a unit below mine
            units.update(frontier)
            frontier = [c for u in frontier for c in children.get(u, ()) if c not in units]
            depth += 1
    chosen = "supervisor" in by_relation.values()  # a manual override names the supervisor itself
    if not units and not chosen:
        return []
    override = _override_alias()
    near = [Employee.unit_id.in_(units)] if units else []
    if chosen:
        near.append(Employee.supervisor_override_id == me)
    rows = db.session.execute(
        sa.select(WorkflowCase.id, WorkflowCase.version_id, WorkflowCase.step_index, Employee.id, Employee.unit_id,
                  Employee.position_id, Employee.supervisor_override_id, override.status)
        .join(Employee, sa.and_(Employee.tenant_id == WorkflowCase.tenant_id,
                                Employee.id == WorkflowCase.subject_employee_id))
        .outerjoin(override, sa.and_(override.tenant_id == Employee.tenant_id,
                                     override.id == Employee.supervisor_override_id))
        .where(WorkflowCase.subject_type == subject_type, WorkflowCase.status == "in_progress",
               WorkflowCase.subject_employee_id != me,
               sa.tuple_(WorkflowCase.version_id, WorkflowCase.step_index).in_(list(by_relation)),
               sa.or_(*near))).all()
    out = []
    for case_id, version_id, step_index, employee_id, unit_id, position_id, override_id, override_status in rows:
        relation = by_relation[(version_id, step_index)]
        if relation == "supervisor" and override_id is not None and override_status == "active":
            actor = override_id
        elif relation in ("supervisor", "unit_head"):
            index = index or _org_index()
            actor = index.derived_supervisor(employee_id, unit_id, position_id)
        else:
            actor = None
        if actor == me:
            out.append(case_id)
    return out


def allowed_actions(user, case: WorkflowCase) -> list[str]:
    return list(case.step["actions"]) if can_act(user, case) else []


def user_label(user) -> str:
    """How the history names the person who acted (system when nobody did)."""
    if user is None:
        return "system"
    return (getattr(user, "email", None) or getattr(user, "display_name", None) or "?")[:254]


def actor_label(step: dict | None) -> str:
    """The definition's actor of `step`, as the pages name it."""
    return str(ACTORS.get(step["actor"], step["actor"])) if step else ""


def current_actor_label(case: WorkflowCase) -> str:
    """Who the open step waits for, as the case page says it."""
    if case.step is None:
        return ""
    if case.assignee_user_id is not None:
        user = db.session.scalar(sa.select(User).where(User.id == case.assignee_user_id))
        return user.display_name if user else "?"
    if case.escalated_role:
        return str(ACTORS.get(f"role:{case.escalated_role}", case.escalated_role))
    return actor_label(case.step)


def find_assignee(text: str) -> User:
    """The active account named by an email or an NIP, in this tenant (another tenant's people are
    simply not found)."""
    text = (text or "").strip()
    if not text:
        raise ReassignRefused(_("Isi NIP atau email orang yang akan menerima langkah ini."))
    user, employee = _account_and_employee(text)
    if user is None and employee is None:
        raise ReassignRefused(_("Tidak ada pegawai dengan NIP atau email %(q)s di instansi ini.", q=text))
    if user is None or not user.is_active:
        name = employee.display_name if employee is not None else user.display_name
        raise ReassignRefused(_("%(name)s belum punya akun aktif, jadi tidak dapat menerima langkah ini. "
                                "Buatkan akunnya dulu atau pilih orang lain.", name=name))
    return user


def _account_and_employee(text: str) -> tuple[User | None, Employee | None]:
    digits = text.replace(" ", "")
    if "@" in text:
        user = db.session.scalar(sa.select(User).where(User.email == text.lower()))
        employee = user.employee if user is not None else db.session.scalar(
            sa.select(Employee).where(sa.func.lower(Employee.email) == text.lower()))
        return user, employee
    if digits.isdigit():
        employee = db.session.scalar(sa.select(Employee).where(Employee.nip == digits))
        if employee is not None:
            return db.session.scalar(sa.select(User).where(User.employee_id == employee.id)), employee
    return None, None
