"""Cases moving along their pinned definition version.

Every transition is checked (the user is the step's actor, the action is allowed, required
documents are attached, blocking checks pass), written as an immutable history row, and
applied with an atomic compare-and-set on `lock_version`: of two people acting on the same step
at the same moment exactly one wins; the other gets CaseMoved. Operations flush, never commit.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.auth.models import User
from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.tenancy.models import utcnow
from jenjang.workflow import kinds as _kinds  # noqa: F401  (registers the notification kinds)
from jenjang.workflow.definitions import DefinitionError, validate
from jenjang.workflow.models import (
    WorkflowAttachment,
    WorkflowCase,
    WorkflowDefinition,
    WorkflowSettings,
    WorkflowTransition,
    WorkflowVersion,
)
from jenjang.workflow.workdays import add_working_days


class TransitionRefused(Exception):
    """Refused with an explanation the user can read. `status` is the HTTP status to answer."""

    status = 403

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CaseMoved(TransitionRefused):
    status = 409


@dataclass(frozen=True)
class SubjectHandler:
    """What a module tells the engine about its cases (promotion, training enrolment …)."""

    subject_type: str
    link: Callable[[WorkflowCase], tuple[str, dict]]
    evaluate_checks: Callable[[WorkflowCase, list[str]], list[dict]] = lambda case, keys: []
    on_closed: Callable[[WorkflowCase, str], None] = lambda case, outcome: None
    known_checks: Callable[[], set[str]] = set
    can_view: Callable[[object, WorkflowCase], bool] = lambda user, case: False


HANDLERS: dict[str, SubjectHandler] = {}


def register_handler(handler: SubjectHandler) -> None:
    HANDLERS[handler.subject_type] = handler


def known_checks_for(module: str) -> set[str]:
    out: set[str] = set()
    for handler in HANDLERS.values():
        if handler.subject_type.startswith(module):
            out |= set(handler.known_checks())
    return out


# --- definitions and versions ------------------------------------------------------------

def definition_by_key(key: str) -> WorkflowDefinition | None:
    return db.session.scalar(sa.select(WorkflowDefinition).where(WorkflowDefinition.key == key))


def published_version(definition: WorkflowDefinition) -> WorkflowVersion | None:
    return db.session.scalar(
        sa.select(WorkflowVersion).where(WorkflowVersion.definition_id == definition.id,
                                         WorkflowVersion.status == "published")
        .order_by(WorkflowVersion.number.desc()).limit(1))


def ensure_definition(key: str, module: str, name: str, steps: list[dict], description: str | None = None
                      ) -> WorkflowDefinition:
    """Create the definition with a published version 1 when the tenant has none (idempotent)."""
    definition = definition_by_key(key)
    if definition is None:
        definition = WorkflowDefinition(key=key, module=module, name=name, description=description)
        db.session.add(definition)
        db.session.flush()
        db.session.add(WorkflowVersion(definition_id=definition.id, number=1, status="published",
                                       steps=steps, published_at=utcnow(), published_by="system"))
        db.session.flush()
    return definition


def draft_of(definition: WorkflowDefinition, create: bool = True) -> WorkflowVersion | None:
    draft = db.session.scalar(sa.select(WorkflowVersion).where(
        WorkflowVersion.definition_id == definition.id, WorkflowVersion.status == "draft"))
    if draft is None and create:
        current = published_version(definition)
        draft = WorkflowVersion(definition_id=definition.id, status="draft",
                                steps=[dict(s) for s in (current.steps if current else [])])
        db.session.add(draft)
        db.session.flush()
    return draft


def save_draft(draft: WorkflowVersion, steps: list[dict]) -> None:
    if draft.status != "draft":
        raise DefinitionError([_("Versi yang sudah diterbitkan tidak dapat diubah.")])
    draft.steps = [dict(s) for s in steps]
    db.session.flush()


def publish(draft: WorkflowVersion, actor_label: str) -> WorkflowVersion:
    definition = draft.definition
    problems = validate(draft.steps, known_checks_for(definition.module))
    if problems:
        raise DefinitionError(problems)
    last = db.session.scalar(sa.select(sa.func.max(WorkflowVersion.number)).where(
        WorkflowVersion.definition_id == definition.id)) or 0
    before = published_version(definition)
    draft.status = "published"
    draft.number = last + 1
    draft.published_at = utcnow()
    draft.published_by = actor_label
    db.session.flush()
    audit.record("workflow.published", draft, before={"version": before.number if before else None},
                 after={"definition": definition.key, "version": draft.number,
                        "steps": [s["name"] for s in draft.steps]})
    return draft


def version_usage(definition: WorkflowDefinition) -> dict[int, dict]:
    """Per version id: running and closed case counts."""
    rows = db.session.execute(
        sa.select(WorkflowCase.version_id,
                  sa.func.count().filter(WorkflowCase.status == "in_progress"),
                  sa.func.count().filter(WorkflowCase.status != "in_progress"))
        .where(WorkflowCase.definition_id == definition.id).group_by(WorkflowCase.version_id)).all()
    return {vid: {"running": running, "closed": closed} for vid, running, closed in rows}


# --- who acts ----------------------------------------------------------------------------

def _role_user_ids(role: str) -> list[int]:
    return list(db.session.scalars(sa.select(User.id).where(
        User.is_active.is_(True), sa.literal(role) == sa.any_(User.roles)).order_by(User.id)))


def _users_of_employees(employee_ids: list[int]) -> list[int]:
    if not employee_ids:
        return []
    return list(db.session.scalars(sa.select(User.id).where(
        User.employee_id.in_(employee_ids), User.is_active.is_(True))))


def _org_index(cls):
    """The organisation's shape, loaded once per request (a list of cases asks for it per case)."""
    from flask import g, has_request_context

    if not has_request_context():
        return cls.load()
    if "workflow_org_index" not in g:
        g.workflow_org_index = cls.cached()  # on a reading request, the same object people's helpers use
    return g.workflow_org_index


def _relation_employee_ids(relation: str, subject_employee_id: int | None) -> list[int]:
    if subject_employee_id is None:
        return []
    from jenjang.people.models import Employee
    from jenjang.people.reporting import OrgIndex, supervisor_id_of

    employee = db.session.scalar(sa.select(Employee).where(Employee.id == subject_employee_id))
    if employee is None:
        return []
    index = _org_index(OrgIndex)
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
        return _role_user_ids(value)
    return _users_of_employees(_relation_employee_ids(value, case.subject_employee_id))


def actor_user_ids(case: WorkflowCase) -> list[int]:
    """Who acts on the open step now: the person it was reassigned to, else the role it was
    escalated to, else the definition's actor."""
    if case.step is None:
        return []
    if case.assignee_user_id is not None:
        return list(db.session.scalars(sa.select(User.id).where(User.id == case.assignee_user_id,
                                                                User.is_active.is_(True))))
    if case.escalated_role:
        return _role_user_ids(case.escalated_role)
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
    return user.employee_id in _relation_employee_ids(value, case.subject_employee_id)


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
    from sqlalchemy.orm import aliased

    from jenjang.people.models import Employee

    return aliased(Employee, name="override_employee")


def _relation_case_ids(me: int | None, subject_type: str, by_relation: dict[tuple[int, int], str]) -> list[int]:
    """Open cases at a relation step (supervisor, unit head) whose actor is employee `me`: the
    same answer as `_relation_employee_ids` gives case by case. One query tells whether `me` holds
    a head position; one more reads the candidate cases (subjects in the units below the one `me`
    heads, or who chose `me` as their supervisor), settled in memory with the org index."""
    from jenjang.people.models import Employee, Position
    from jenjang.people.reporting import MAX_DEPTH, OrgIndex

    if me is None:
        return []
    units: set[int] = set()
    index = None
    my_head_unit = db.session.scalar(sa.select(Position.unit_id).where(
        Position.is_head, Position.id == sa.select(Employee.position_id).where(Employee.id == me).scalar_subquery()))
    if my_head_unit is not None:  # only the holder of a head position can be a derived supervisor
        index = _org_index(OrgIndex)
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
            index = index or _org_index(OrgIndex)
            actor = index.derived_supervisor(employee_id, unit_id, position_id)
        else:
            actor = None
        if actor == me:
            out.append(case_id)
    return out


def allowed_actions(user, case: WorkflowCase) -> list[str]:
    return list(case.step["actions"]) if can_act(user, case) else []


# --- starting and moving -----------------------------------------------------------------

def _enter_step(case: WorkflowCase, handler: SubjectHandler, now: dt.datetime) -> list[dict]:
    step = case.step
    case.step_entered_at = now
    case.assignee_user_id = None
    case.escalated_role = None
    case.step_due_at = add_working_days(now, step["sla_days"]) if step["sla_days"] else None
    checks = handler.evaluate_checks(case, list(step.get("checks") or []))
    case.last_checks = checks
    return checks


def start_case(definition_key: str, *, subject_type: str, subject_id: int, subject_employee_id: int | None,
               title: str, started_by=None) -> WorkflowCase:
    definition = definition_by_key(definition_key)
    version = published_version(definition) if definition else None
    if version is None or not version.steps:
        raise TransitionRefused(_("Alur persetujuan untuk ini belum diterbitkan. Minta admin menerbitkannya."))
    handler = HANDLERS[subject_type]
    now = utcnow()
    case = WorkflowCase(definition_id=definition.id, version_id=version.id, subject_type=subject_type,
                        subject_id=subject_id, subject_employee_id=subject_employee_id, title=title[:300],
                        step_index=0, status="in_progress", lock_version=1,
                        started_by_user_id=getattr(started_by, "id", None))
    case.version = version
    db.session.add(case)
    db.session.flush()
    checks = _enter_step(case, handler, now)
    db.session.add(WorkflowTransition(case_id=case.id, action="start", from_step=None, to_step=0,
                                      to_step_name=case.step["name"], checks=checks,
                                      actor_user_id=getattr(started_by, "id", None),
                                      actor_label=_actor_label(started_by), at=now))
    db.session.flush()
    _escalate_if_nobody_acts(case, now)
    _notify_step(case, handler)
    return case


def _actor_label(user) -> str:
    if user is None:
        return "system"
    return (getattr(user, "email", None) or getattr(user, "display_name", None) or "?")[:254]


def missing_documents(case: WorkflowCase) -> list[dict]:
    step = case.step
    if not step or not step.get("documents"):
        return []
    have = set(db.session.scalars(sa.select(WorkflowAttachment.document_key).where(
        WorkflowAttachment.case_id == case.id)))
    return [d for d in step["documents"] if d["key"] not in have]


def failing_checks(case: WorkflowCase) -> list[dict]:
    return [c for c in case.last_checks or [] if c.get("passed") is False]


def transition(case: WorkflowCase, user, action: str, *, seen_lock: int, comment: str | None = None) -> str:
    """Apply `action`; returns the case's new status. Raises TransitionRefused / CaseMoved."""
    comment = (comment or "").strip() or None
    if not case.is_open or seen_lock != case.lock_version:
        raise CaseMoved(_("Kasus ini sudah berpindah langkah sejak Anda membukanya. Muat ulang untuk "
                          "melihat keadaan terbarunya."))
    if not can_act(user, case):
        raise TransitionRefused(_("Langkah ini menunggu %(actor)s; Anda tidak dapat bertindak di sini.",
                                  actor=actor_label(case.step)))
    step = case.step
    if action not in step["actions"]:
        raise TransitionRefused(_("Tindakan ini tidak diizinkan pada langkah %(step)s.", step=step["name"]))
    if action in ("reject", "return") and not comment:
        raise TransitionRefused(_("Tulis alasan di kolom catatan sebelum menolak atau mengembalikan."))
    if action == "approve":
        missing = missing_documents(case)
        if missing:
            raise TransitionRefused(_("Lampirkan dulu dokumen wajib: %(docs)s.",
                                      docs=", ".join(d["label"] for d in missing)))
        failing = failing_checks(case)
        if failing:
            raise TransitionRefused(_("Pemeriksaan otomatis belum terpenuhi: %(checks)s.",
                                      checks="; ".join(c.get("detail") or c["key"] for c in failing)))
    handler = HANDLERS[case.subject_type]
    steps = case.version.steps
    now = utcnow()
    from_index = case.step_index
    if action == "approve" and from_index + 1 < len(steps):
        new_index, new_status = from_index + 1, "in_progress"
    elif action == "approve":
        new_index, new_status = from_index, "approved"
    elif action == "return":
        new_index, new_status = 0, "in_progress"
    else:
        new_index, new_status = from_index, "rejected"
    result = db.session.execute(
        sa.update(WorkflowCase)
        .where(WorkflowCase.id == case.id, WorkflowCase.lock_version == seen_lock,
               WorkflowCase.status == "in_progress")
        .values(step_index=new_index, status=new_status, lock_version=seen_lock + 1,
                assignee_user_id=None, escalated_role=None,
                closed_at=now if new_status != "in_progress" else None)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise CaseMoved(_("Orang lain baru saja bertindak pada kasus ini. Muat ulang untuk melihat "
                          "keadaan terbarunya; tindakan Anda tidak disimpan."))
    _cancel_step_reminders(case)
    db.session.refresh(case)
    checks = []
    if new_status == "in_progress":
        checks = _enter_step(case, handler, now)
    else:
        case.step_due_at = None
    db.session.add(WorkflowTransition(
        case_id=case.id, action=action, from_step=from_index, to_step=new_index if new_status == "in_progress"
        else None, from_step_name=steps[from_index]["name"],
        to_step_name=steps[new_index]["name"] if new_status == "in_progress" else None,
        actor_user_id=user.id, actor_label=_actor_label(user), comment=comment, checks=checks, at=now))
    db.session.flush()
    if new_status == "in_progress":
        _escalate_if_nobody_acts(case, now)
        _notify_step(case, handler)
    else:
        handler.on_closed(case, new_status)
        _notify_closed(case, handler, new_status)
    return new_status


def cancel_case(case: WorkflowCase, user, comment: str) -> None:
    if not case.is_open:
        raise CaseMoved(_("Kasus ini sudah selesai."))
    _cancel_step_reminders(case)
    step_name = case.step["name"]
    case.status = "cancelled"
    case.closed_at = utcnow()
    case.lock_version += 1
    db.session.add(WorkflowTransition(case_id=case.id, action="cancel", from_step=case.step_index,
                                      from_step_name=step_name, actor_user_id=getattr(user, "id", None),
                                      actor_label=_actor_label(user), comment=comment))
    db.session.flush()
    HANDLERS[case.subject_type].on_closed(case, "cancelled")


def reevaluate(case: WorkflowCase) -> list[dict]:
    """Run the current step's checks again (e.g. after HR corrected the data)."""
    handler = HANDLERS[case.subject_type]
    case.last_checks = handler.evaluate_checks(case, list(case.step.get("checks") or [])) if case.step else []
    db.session.flush()
    return case.last_checks


def actor_label(step: dict | None) -> str:
    from jenjang.workflow.definitions import ACTORS

    return str(ACTORS.get(step["actor"], step["actor"])) if step else ""


def current_actor_label(case: WorkflowCase) -> str:
    """Who the open step waits for, as the case page says it."""
    from jenjang.workflow.definitions import ACTORS

    if case.step is None:
        return ""
    if case.assignee_user_id is not None:
        user = db.session.scalar(sa.select(User).where(User.id == case.assignee_user_id))
        return user.display_name if user else "?"
    if case.escalated_role:
        return str(ACTORS.get(f"role:{case.escalated_role}", case.escalated_role))
    return actor_label(case.step)


# --- a case never gets stuck ---------------------------------------------------------------

ESCALATION_ROLES = ("hr", "admin", "committee", "ppk")


def escalation_role() -> str:
    """The role a step goes to when its actor resolves to nobody (tenant setting, default HR)."""
    row = db.session.scalar(sa.select(WorkflowSettings))
    return row.escalation_role if row else "hr"


def set_escalation_role(role: str) -> WorkflowSettings:
    if role not in ESCALATION_ROLES:
        raise ValueError(role)
    row = db.session.scalar(sa.select(WorkflowSettings))
    before = row.escalation_role if row else "hr"
    if row is None:
        row = WorkflowSettings(escalation_role=role)
        db.session.add(row)
    row.escalation_role = role
    row.updated_at = utcnow()
    db.session.flush()
    if before != role:
        audit.record("workflow.settings_changed", row, before={"escalation_role": before},
                     after={"escalation_role": role})
    return row


def _escalate_if_nobody_acts(case: WorkflowCase, now: dt.datetime) -> bool:
    """A step whose actor resolves to nobody would wait forever: it goes to the escalation role
    (the admin when nobody holds that role either), with a history row saying why."""
    if case.step is None or case.assignee_user_id is not None or case.escalated_role or defined_actor_ids(case):
        return False
    from flask_babel import force_locale

    from jenjang.workflow.definitions import ACTORS

    role = escalation_role()
    if not _role_user_ids(role) and role != "admin":
        role = "admin"
    case.escalated_role = role
    with force_locale("id"):  # the history is data, in the region's language
        comment = _("Tidak ada akun yang dapat bertindak sebagai %(actor)s pada langkah ini (jabatan kosong atau "
                    "pemegangnya belum punya akun). Langkah dialihkan ke %(role)s.",
                    actor=actor_label(case.step), role=ACTORS.get(f"role:{role}", role))
    db.session.add(WorkflowTransition(
        case_id=case.id, action="escalate", from_step=case.step_index, to_step=case.step_index,
        from_step_name=case.step["name"], to_step_name=case.step["name"], actor_user_id=None, actor_label="system",
        comment=comment, at=now))
    db.session.flush()
    return True


def escalate_if_stuck(case: WorkflowCase) -> bool:
    """An open step whose actors have gone since the case entered it (the person it was
    reassigned to, or the only holder of the actor's account, was disabled or archived) goes back
    to the definition's actor or, when that is nobody, to the escalation role; the actors are
    notified afresh (a new lock_version, so new reminder and notification keys)."""
    if case.step is None or actor_user_ids(case):
        return False
    now = utcnow()
    seen = case.lock_version
    _cancel_step_reminders(case)
    result = db.session.execute(
        sa.update(WorkflowCase)
        .where(WorkflowCase.id == case.id, WorkflowCase.lock_version == seen, WorkflowCase.status == "in_progress")
        .values(assignee_user_id=None, escalated_role=None, lock_version=seen + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False  # someone moved it meanwhile: it has actors again
    db.session.refresh(case)
    _escalate_if_nobody_acts(case, now)
    _notify_step(case, HANDLERS[case.subject_type])
    return True


def escalate_cases_left_by(user) -> int:
    """After `user` lost their account: every open case they could act on that now has nobody."""
    count = 0
    lost_roles = {r for r in (user.roles or []) if not _role_user_ids(r)}
    for subject_type in list(HANDLERS):
        condition = actionable(user, subject_type)
        if condition is None:
            continue
        for case in db.session.scalars(sa.select(WorkflowCase).where(condition).order_by(WorkflowCase.id)):
            kind, _sep, value = case.step["actor"].partition(":")
            if (case.assignee_user_id is None and case.escalated_role is None and kind == "role"
                    and value not in lost_roles):
                continue  # another holder of the role acts on it; no query per case
            if case.escalated_role is not None and case.escalated_role not in lost_roles:
                continue
            count += escalate_if_stuck(case)
    return count


class ReassignRefused(TransitionRefused):
    """Refused reassignment; `field` names the form field the message belongs to."""

    status = 422

    def __init__(self, message: str, field: str = "person"):
        super().__init__(message)
        self.field = field


def find_assignee(text: str) -> User:
    """The active account named by an email or an NIP, in this tenant (another tenant's people are
    simply not found)."""
    from jenjang.people.models import Employee

    text = (text or "").strip()
    if not text:
        raise ReassignRefused(_("Isi NIP atau email orang yang akan menerima langkah ini."))
    digits = text.replace(" ", "")
    user = None
    if "@" in text:
        user = db.session.scalar(sa.select(User).where(User.email == text.lower()))
        employee = user.employee if user is not None else db.session.scalar(
            sa.select(Employee).where(sa.func.lower(Employee.email) == text.lower()))
    elif digits.isdigit():
        employee = db.session.scalar(sa.select(Employee).where(Employee.nip == digits))
        if employee is not None:
            user = db.session.scalar(sa.select(User).where(User.employee_id == employee.id))
    else:
        employee = None
    if user is None and employee is None:
        raise ReassignRefused(_("Tidak ada pegawai dengan NIP atau email %(q)s di instansi ini.", q=text))
    if user is None or not user.is_active:
        name = employee.display_name if employee is not None else user.display_name
        raise ReassignRefused(_("%(name)s belum punya akun aktif, jadi tidak dapat menerima langkah ini. "
                                "Buatkan akunnya dulu atau pilih orang lain.", name=name))
    return user


def reassign(case: WorkflowCase, by_user, assignee: User, reason: str, *, seen_lock: int) -> None:
    """Give the open step to a named person (HR or an admin decides; the view checks that). The
    definition's actor can no longer act on it; the person sees it in "waiting for me"."""
    reason = (reason or "").strip()
    if not reason:
        raise ReassignRefused(_("Tulis alasan pengalihan."), field="reason")
    if not case.is_open or seen_lock != case.lock_version:
        raise CaseMoved(_("Kasus ini sudah berpindah langkah sejak Anda membukanya. Muat ulang untuk "
                          "melihat keadaan terbarunya."))
    if case.subject_employee_id is not None and assignee.employee_id == case.subject_employee_id:
        raise ReassignRefused(_("Pegawai yang diajukan tidak dapat memproses kasusnya sendiri. Pilih orang lain."))
    if case.assignee_user_id == assignee.id:
        raise ReassignRefused(_("Langkah ini sudah dialihkan kepada %(name)s.", name=assignee.display_name))
    before = {"actor": current_actor_label(case), "assignee_user_id": case.assignee_user_id,
              "escalated_role": case.escalated_role}
    now = utcnow()
    _cancel_step_reminders(case)
    result = db.session.execute(
        sa.update(WorkflowCase)
        .where(WorkflowCase.id == case.id, WorkflowCase.lock_version == seen_lock,
               WorkflowCase.status == "in_progress")
        .values(assignee_user_id=assignee.id, escalated_role=None, lock_version=seen_lock + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise CaseMoved(_("Orang lain baru saja bertindak pada kasus ini. Muat ulang untuk melihat "
                          "keadaan terbarunya; pengalihan tidak disimpan."))
    db.session.refresh(case)
    from flask_babel import force_locale

    who = f"{assignee.display_name} ({assignee.email})" if assignee.email else assignee.display_name
    with force_locale("id"):
        comment = _("Kepada %(who)s. Alasan: %(reason)s", who=who, reason=reason)
    db.session.add(WorkflowTransition(
        case_id=case.id, action="reassign", from_step=case.step_index, to_step=case.step_index,
        from_step_name=case.step["name"], to_step_name=case.step["name"], actor_user_id=by_user.id,
        actor_label=_actor_label(by_user), comment=comment, at=now))
    db.session.flush()
    audit.record("workflow.reassigned", case, before=before,
                 after={"step": case.step["name"], "assignee_user_id": assignee.id, "assignee": who, "reason": reason})
    _notify_step(case, HANDLERS[case.subject_type])


def history(case: WorkflowCase) -> list[WorkflowTransition]:
    return list(db.session.scalars(sa.select(WorkflowTransition).where(
        WorkflowTransition.case_id == case.id).order_by(WorkflowTransition.at, WorkflowTransition.id)))


# --- notifications -----------------------------------------------------------------------

def _notify_step(case: WorkflowCase, handler: SubjectHandler) -> None:
    from jenjang.notifications.api import announce, schedule_reminder

    step = case.step
    actors = actor_user_ids(case)
    link = handler.link(case)
    payload = {"title": case.title, "step": step["name"],
               "due": clock.local_date(case.step_due_at).isoformat() if case.step_due_at else ""}
    if actors:
        announce("workflow.assigned", actors, payload, f"workflow.assigned:{case.id}:{case.lock_version}",
                 link=link)
    if case.step_due_at and actors:
        schedule_reminder("workflow.overdue", actors, payload, key=f"workflow.sla:{case.id}:{case.lock_version}",
                          due_at=case.step_due_at, link=link)
        admins = _role_user_ids("admin")
        if admins:  # a working day after the deadline, like the deadline itself
            schedule_reminder("workflow.overdue_admin", admins, payload,
                              key=f"workflow.sla-admin:{case.id}:{case.lock_version}",
                              due_at=add_working_days(case.step_due_at, 1), link=link)


def _cancel_step_reminders(case: WorkflowCase) -> None:
    from jenjang.notifications.api import cancel_reminder

    cancel_reminder(f"workflow.sla:{case.id}:{case.lock_version}")
    cancel_reminder(f"workflow.sla-admin:{case.id}:{case.lock_version}")


def _notify_closed(case: WorkflowCase, handler: SubjectHandler, outcome: str) -> None:
    from jenjang.notifications.api import announce

    recipients = set(_users_of_employees([case.subject_employee_id] if case.subject_employee_id else []))
    if case.started_by_user_id:
        recipients.add(case.started_by_user_id)
    if recipients:
        announce("workflow.closed", recipients, {"title": case.title, "outcome": outcome},
                 f"workflow.closed:{case.id}", link=handler.link(case))
