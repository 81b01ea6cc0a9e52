"""Changing people data: employees, their rank and position (appended to history, never
overwritten), SKP predicates, archiving, reporting-line overrides. Flush, never commit.

Rules that a form, the importer and the CLI share live here; they raise `PeopleError` with a
`Problem` (people/problems.py), or `RankOutsideRange`, a warning HR may override with a reason.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from jenjang.auth import operations as auth_ops
from jenjang.auth.models import User
from jenjang.core import audit
from jenjang.extensions import db
from jenjang.people.models import (
    EDUCATION_LEVELS,
    MANAGERIAL_KINDS,
    PPPK_ENTRY_GRADES,
    PPPK_GRADES,
    RANKS,
    Employee,
    PeopleSettings,
    PerformanceRating,
    Position,
    PositionHistory,
    RankHistory,
    Unit,
    grade_label,
    is_pppk,
)
from jenjang.people.nip import check_nip, normalise_nip
from jenjang.people.problems import Problem
from jenjang.tenancy.models import utcnow


class PeopleError(ValueError):
    """A rule refused the change. `field` names the form field the problem belongs to."""

    def __init__(self, problem: Problem, field: str | None = None):
        super().__init__(problem.code)
        self.problem = problem
        self.field = field


class RankOutsideRange(PeopleError):
    """Only a warning: repeat the change with `override_reason` to keep it."""


def actor_label() -> str:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.email or current_user.display_name
    return "system"


def rank_code(rank_id: int | None, grade_id: int | None = None) -> str:
    """The golongan's short code: "III/b" (PNS), "IX" (PPPK, given its grade) or "—"."""
    return grade_label(rank_id, grade_id) or "—"


KIND_NAMES = {"PNS": "PNS", "PPPK": "PPPK", "PPPK_PW": "PPPK Paruh Waktu"}
HOLDER_NAMES = {"ASN": "ASN", "PNS": "PNS", "PPPK": "PPPK"}


def kind_problem(employment_type: str, position) -> Problem | None:
    """The refusal when an employee of this kind may not hold the position (Position.holder_kinds)."""
    if position is None or position.holder_kinds == "ASN" or \
            is_pppk(employment_type) == (position.holder_kinds == "PPPK"):  # as Position.allows_kind (rows too)
        return None
    return Problem("position.kind_not_allowed", position=position.name,
                   allowed=HOLDER_NAMES.get(position.holder_kinds, position.holder_kinds),
                   kind=KIND_NAMES.get(employment_type, employment_type))


def pppk_entry_grades() -> dict[str, int]:
    """{education level: PPPK grade id} as the tenant set it (PeopleSettings), else the default."""
    row = db.session.scalar(sa.select(PeopleSettings))
    return dict(row.pppk_entry_grades) if row is not None and row.pppk_entry_grades else dict(PPPK_ENTRY_GRADES)


def snapshot(e: Employee) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in {
        "nip": e.nip, "full_name": e.full_name, "front_title": e.front_title, "back_title": e.back_title,
        "employment_type": e.employment_type, "email": e.email, "phone": e.phone,
        "education_level": e.education_level, "education_major": e.education_major,
        "rank_id": e.rank_id, "grade_id": e.grade_id, "rank_tmt": e.rank_tmt, "position_id": e.position_id,
        "position_tmt": e.position_tmt, "unit_id": e.unit_id, "status": e.status,
        "archive_reason": e.archive_reason, "supervisor_override_id": e.supervisor_override_id,
    }.items()}


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _check_nip_free(nip: str, employee_id: int | None = None, kind: str = "PNS") -> str:
    problem = check_nip(nip, kind=kind)
    if problem is not None:
        raise PeopleError(problem, "nip")
    nip = normalise_nip(nip)
    stmt = sa.select(Employee.id).where(Employee.nip == nip)
    if employee_id is not None:
        stmt = stmt.where(Employee.id != employee_id)
    if db.session.scalar(stmt) is not None:
        raise PeopleError(Problem("nip.duplicate"), "nip")
    return nip


# --- employees ---------------------------------------------------------------------------

PERSONAL_FIELDS = ("full_name", "front_title", "back_title", "employment_type", "email", "phone",
                   "education_level", "education_major")


def _check_golongan(employment_type: str, rank_id: int | None, grade_id: int | None) -> None:
    """A PNS has a golongan/ruang, a PPPK a golongan I–XVII: never the other kind's."""
    if is_pppk(employment_type) and rank_id is not None:
        raise PeopleError(Problem("rank.pppk"), "rank_id")
    if not is_pppk(employment_type) and grade_id is not None:
        raise PeopleError(Problem("grade.pns"), "grade_id")


def create_employee(*, nip: str, full_name: str, rank_id: int | None = None, rank_tmt: dt.date | None = None,
                    position_id: int | None = None, position_tmt: dt.date | None = None,
                    unit_id: int | None = None, override_reason: str | None = None,
                    grade_id: int | None = None, **personal) -> Employee:
    """A new employee. A PPPK given a diploma and no grade enters at the grade the tenant set for
    that diploma (PeopleSettings.pppk_entry_grades)."""
    kind = personal.get("employment_type") or "PNS"
    nip = _check_nip_free(nip, kind=kind)
    _check_golongan(kind, rank_id, grade_id)
    if is_pppk(kind) and grade_id is None and personal.get("education_level"):
        grade_id = pppk_entry_grades().get(personal["education_level"])
    if position_id is not None:
        problem = kind_problem(kind, db.session.scalar(sa.select(Position).where(Position.id == position_id)))
        if problem is not None:
            raise PeopleError(problem, "position_id")
    employee = Employee(nip=nip, full_name=full_name.strip(), status="active")
    for key in PERSONAL_FIELDS[1:]:
        if key in personal:
            setattr(employee, key, _clean(personal[key]) if key != "employment_type" else personal[key])
    employee.email = employee.email.lower() if employee.email else None
    employee.employment_type = employee.employment_type or "PNS"
    employee.unit_id = unit_id
    db.session.add(employee)
    db.session.flush()
    db.session.refresh(employee, ["birth_date", "tmt_cpns", "gender", "appointment_year"])
    if position_id is not None:
        change_position(employee, position_id, position_tmt or employee.service_start,
                        override_reason=override_reason, check_rank=False)
    if rank_id is not None:
        change_rank(employee, rank_id, rank_tmt or employee.service_start, override_reason=override_reason)
    if grade_id is not None:
        change_grade(employee, grade_id, rank_tmt or employee.service_start)
    audit.record("employee.created", employee, after=snapshot(employee))
    return employee


def _check_new_kind(e: Employee, kind: str) -> None:
    """Whether `e` may become `kind` (PNS, PPPK, PPPK_PW) with the golongan and position they hold."""
    try:
        _check_golongan(kind, e.rank_id, e.grade_id)
    except PeopleError as refusal:  # the identity form has no golongan field: the kind is what changed
        raise PeopleError(refusal.problem, "employment_type") from None
    position = db.session.get(Position, (e.tenant_id, e.position_id)) if e.position_id else None
    problem = kind_problem(kind, position)
    if problem is not None:
        raise PeopleError(problem, "employment_type")


def update_employee(e: Employee, *, nip: str | None = None, unit_id: int | None = None, **personal) -> bool:
    """Identity and personal data (HR). Rank and position go through change_rank/change_position."""
    before = snapshot(e)
    kind = personal.get("employment_type") or e.employment_type
    if nip is not None and (normalise_nip(nip) != e.nip or kind != e.employment_type):
        e.nip = _check_nip_free(nip, e.id, kind=kind)
    elif kind != e.employment_type:
        problem = check_nip(e.nip, kind=kind)
        if problem is not None:
            raise PeopleError(problem, "nip")
    if kind != e.employment_type:
        _check_new_kind(e, kind)
    for key in PERSONAL_FIELDS:
        if key in personal:
            value = personal[key]
            value = _clean(value) if key not in ("employment_type",) else value
            if key == "email" and value:
                value = value.lower()
            if key == "full_name" and not value:
                continue
            setattr(e, key, value)
    if unit_id is not None and e.position_id is None:
        e.unit_id = unit_id
    old, new = audit.diff(before, snapshot(e))
    if new:
        e.updated_at = utcnow()
        db.session.flush()
        db.session.refresh(e, ["birth_date", "tmt_cpns", "gender", "appointment_year"])
        audit.record("employee.updated", e, before=old, after=new)
    return bool(new)


def update_contact(e: Employee, *, email: str | None, phone: str | None) -> bool:
    """What an employee may correct on their own profile."""
    before = snapshot(e)
    e.email = (_clean(email) or "").lower() or None
    e.phone = _clean(phone)
    old, new = audit.diff(before, snapshot(e))
    if new:
        e.updated_at = utcnow()
        audit.record("employee.contact_updated", e, before=old, after=new)
    return bool(new)


def rank_problem(employee: Employee, rank_id: int | None, position: Position | None) -> Problem | None:
    """The warning for a rank outside the position's range (None when it fits)."""
    if rank_id is None or position is None or position.allows_rank(rank_id):
        return None
    return Problem("rank.outside_position", rank=rank_code(rank_id), position=position.name,
                   lo=rank_code(position.min_rank_id), hi=rank_code(position.max_rank_id))


def change_rank(e: Employee, rank_id: int, tmt: dt.date, *, decree_number: str | None = None,
                override_reason: str | None = None) -> RankHistory | None:
    """Append a rank to the history; it becomes current unless it is older than the current one."""
    if e.is_pppk:
        raise PeopleError(Problem("rank.pppk"), "rank_id")
    if not 1 <= rank_id <= len(RANKS):
        raise PeopleError(Problem("cell.rank", value=rank_id), "rank_id")
    if e.tmt_cpns and tmt < e.tmt_cpns:
        raise PeopleError(Problem("rank.tmt_before_cpns", tmt=tmt.strftime("%d-%m-%Y"),
                                  cpns=e.tmt_cpns.strftime("%d-%m-%Y")), "rank_tmt")
    if e.rank_id == rank_id and e.rank_tmt == tmt:
        return None
    position = db.session.get(Position, (e.tenant_id, e.position_id)) if e.position_id else None
    warning = rank_problem(e, rank_id, position)
    override_reason = _clean(override_reason)
    if warning is not None and not override_reason:
        raise RankOutsideRange(warning, "rank_id")
    row = RankHistory(employee_id=e.id, rank_id=rank_id, tmt=tmt, decree_number=_clean(decree_number),
                      override_reason=override_reason if warning else None, recorded_by=actor_label())
    db.session.add(row)
    before = {"rank": rank_code(e.rank_id), "rank_tmt": e.rank_tmt.isoformat() if e.rank_tmt else None}
    if e.rank_tmt is None or tmt >= e.rank_tmt:
        e.rank_id, e.rank_tmt = rank_id, tmt
        e.updated_at = utcnow()
    audit.record("employee.rank_changed", e, before=before,
                 after={"rank": rank_code(rank_id), "rank_tmt": tmt.isoformat(), "override_reason": row.override_reason})
    db.session.flush()
    return row


def change_grade(e: Employee, grade_id: int, tmt: dt.date, *,
                 decree_number: str | None = None) -> RankHistory | None:
    """A PPPK's golongan (I–XVII), appended to the same history as a PNS's ranks; it becomes current
    unless it is older than the current one. PPPK have no kenaikan pangkat: a grade changes with a
    new contract or position."""
    if not e.is_pppk:
        raise PeopleError(Problem("grade.pns"), "grade_id")
    if not 1 <= grade_id <= len(PPPK_GRADES):
        raise PeopleError(Problem("cell.pppk_grade", value=grade_id), "grade_id")
    if e.grade_id == grade_id and e.rank_tmt == tmt:
        return None
    row = RankHistory(employee_id=e.id, grade_id=grade_id, tmt=tmt, decree_number=_clean(decree_number),
                      recorded_by=actor_label())
    db.session.add(row)
    before = {"grade": rank_code(None, e.grade_id), "rank_tmt": e.rank_tmt.isoformat() if e.rank_tmt else None}
    if e.rank_tmt is None or tmt >= e.rank_tmt:
        e.grade_id, e.rank_tmt = grade_id, tmt
        e.updated_at = utcnow()
    audit.record("employee.grade_changed", e, before=before,
                 after={"grade": rank_code(None, grade_id), "rank_tmt": tmt.isoformat()})
    db.session.flush()
    return row


def change_position(e: Employee, position_id: int, tmt: dt.date, *, decree_number: str | None = None,
                    override_reason: str | None = None, check_rank: bool = True) -> PositionHistory | None:
    """Append a position to the history; the unit follows the position."""
    position = db.session.get(Position, (e.tenant_id, position_id))
    if position is None:
        raise PeopleError(Problem("ref.position_unknown", value=position_id), "position_id")
    if e.position_id == position_id and e.position_tmt == tmt:
        return None
    problem = kind_problem(e.employment_type, position)
    if problem is not None:
        raise PeopleError(problem, "position_id")
    warning = rank_problem(e, e.rank_id, position) if check_rank else None
    override_reason = _clean(override_reason)
    if warning is not None and not override_reason:
        raise RankOutsideRange(warning, "position_id")
    unit = db.session.get(Unit, (e.tenant_id, position.unit_id))
    row = PositionHistory(employee_id=e.id, position_id=position.id, unit_id=position.unit_id,
                          position_name=position.name, position_kind=position.kind,
                          unit_name=unit.name if unit else None, tmt=tmt, decree_number=_clean(decree_number),
                          recorded_by=actor_label())
    db.session.add(row)
    before = {"position_id": e.position_id, "position_tmt": e.position_tmt.isoformat() if e.position_tmt else None}
    if e.position_tmt is None or tmt >= e.position_tmt:
        e.position_id, e.position_tmt, e.unit_id = position.id, tmt, position.unit_id
        e.updated_at = utcnow()
    audit.record("employee.position_changed", e, before=before,
                 after={"position_id": position.id, "position": position.name, "position_tmt": tmt.isoformat(),
                        "override_reason": override_reason if warning else None})
    db.session.flush()
    return row


def set_skp(e: Employee, year: int, predicate: str) -> bool:
    """Record the year's SKP predicate (one per year; a correction replaces it and is audited)."""
    row = db.session.scalar(sa.select(PerformanceRating).where(
        PerformanceRating.employee_id == e.id, PerformanceRating.year == year))
    if row is not None and row.predicate == predicate:
        return False
    before = {"year": year, "predicate": row.predicate if row else None}
    if row is None:
        db.session.add(PerformanceRating(employee_id=e.id, year=year, predicate=predicate))
    else:
        row.predicate = predicate
        row.recorded_at = utcnow()
    audit.record("employee.skp_recorded", e, before=before, after={"year": year, "predicate": predicate})
    db.session.flush()
    return True


def archive(e: Employee, reason: str) -> None:
    """Employees leave by archiving, never deletion; their account stops signing in."""
    # the account first, while the employee still holds their position: disabling it hands the
    # workflow steps that wait on them to someone else (workflow.api.escalate_cases_left_by)
    user = db.session.scalar(sa.select(User).where(User.employee_id == e.id))
    if user is not None and user.is_active:
        auth_ops.set_active(user, False)
    e.status, e.archive_reason, e.archived_at = "archived", reason, utcnow()
    audit.record("employee.archived", e, after={"reason": reason})


def reinstate(e: Employee) -> None:
    before = {"reason": e.archive_reason}
    e.status, e.archive_reason, e.archived_at = "active", None, None
    user = db.session.scalar(sa.select(User).where(User.employee_id == e.id))
    if user is not None and not user.is_active:
        auth_ops.set_active(user, True)
    audit.record("employee.reinstated", e, before=before)


def set_supervisor_override(e: Employee, supervisor: Employee | None) -> None:
    if supervisor is not None and supervisor.id == e.id:
        raise PeopleError(Problem("ref.parent_cycle", value=e.full_name), "supervisor")
    before = {"supervisor_override_id": e.supervisor_override_id}
    e.supervisor_override_id = supervisor.id if supervisor else None
    audit.record("employee.supervisor_override", e, before=before,
                 after={"supervisor_override_id": e.supervisor_override_id})


# --- organisation ------------------------------------------------------------------------

def descendant_unit_ids(unit_id: int) -> list[int]:
    """The unit and everything below it (one recursive query)."""
    tree = sa.select(Unit.id).where(Unit.id == unit_id).cte("tree", recursive=True)
    tree = tree.union_all(sa.select(Unit.id).join(tree, Unit.parent_id == tree.c.id))
    return list(db.session.scalars(sa.select(tree.c.id)))


def save_unit(unit: Unit | None, *, name: str, kind: str, parent_id: int | None, code: str | None,
              sort_order: int = 0) -> Unit:
    code = _clean(code)
    if code and db.session.scalar(sa.select(Unit.id).where(
            Unit.code == code, Unit.id != (unit.id if unit else -1))) is not None:
        raise PeopleError(Problem("row.duplicate_key", column="kode", value=code, other="—"), "code")
    if unit is not None and parent_id is not None and parent_id in descendant_unit_ids(unit.id):
        raise PeopleError(Problem("ref.parent_cycle", value=name), "parent_id")
    created = unit is None
    unit = unit or Unit()
    before = {} if created else {"name": unit.name, "kind": unit.kind, "parent_id": unit.parent_id, "code": unit.code}
    unit.name, unit.kind, unit.parent_id, unit.code, unit.sort_order = name.strip(), kind, parent_id, code, sort_order
    db.session.add(unit)
    db.session.flush()
    audit.record("unit.created" if created else "unit.updated", unit, before=before or None,
                 after={"name": unit.name, "kind": kind, "parent_id": parent_id, "code": code})
    return unit


def save_position(position: Position | None, *, unit_id: int, name: str, kind: str,
                  functional_level: str | None, min_rank_id: int | None, max_rank_id: int | None,
                  job_class: int | None, is_head: bool, quota: int, code: str | None,
                  entry_age_exception: bool | None = None, holder_kinds: str | None = None) -> Position:
    code = _clean(code)
    pid = position.id if position else -1
    if code and db.session.scalar(sa.select(Position.id).where(Position.code == code, Position.id != pid)):
        raise PeopleError(Problem("row.duplicate_key", column="kode", value=code, other="—"), "code")
    if is_head and db.session.scalar(sa.select(Position.id).where(
            Position.unit_id == unit_id, Position.is_head, Position.id != pid)) is not None:
        unit = db.session.scalar(sa.select(Unit).where(Unit.id == unit_id))
        raise PeopleError(Problem("ref.head_taken", value=unit.name if unit else unit_id), "is_head")
    if min_rank_id and max_rank_id and min_rank_id > max_rank_id:
        min_rank_id, max_rank_id = max_rank_id, min_rank_id
    created = position is None
    position = position or Position()
    for key, value in dict(unit_id=unit_id, name=name.strip(), kind=kind,
                           functional_level=functional_level if kind == "fungsional" else None,
                           min_rank_id=min_rank_id, max_rank_id=max_rank_id, job_class=job_class,
                           is_head=is_head, quota=1 if is_head else max(1, quota), code=code).items():
        setattr(position, key, value)
    if entry_age_exception is not None:
        position.entry_age_exception = bool(entry_age_exception)
    if holder_kinds is not None:
        position.holder_kinds = holder_kinds
    elif created:
        position.holder_kinds = "PNS" if kind in MANAGERIAL_KINDS else "ASN"
    db.session.add(position)
    db.session.flush()
    if not created:
        # Holders move with their position: keep their unit in step.
        db.session.execute(sa.update(Employee).where(Employee.position_id == position.id)
                           .values(unit_id=position.unit_id))
    audit.record("position.created" if created else "position.updated", position,
                 after={"name": position.name, "kind": kind, "unit_id": unit_id, "is_head": is_head,
                        "entry_age_exception": position.entry_age_exception,
                        "holder_kinds": position.holder_kinds})
    return position


def holders_count(position_ids: list[int]) -> dict[int, int]:
    if not position_ids:
        return {}
    return dict(db.session.execute(
        sa.select(Employee.position_id, sa.func.count()).where(
            Employee.position_id.in_(position_ids), Employee.status == "active")
        .group_by(Employee.position_id)).all())


def save_people_settings(*, entry_age_max: int, entry_age_max_exception: int, entry_age_regulation: str,
                         pppk_entry_grades: dict[str, int] | None = None,
                         pppk_grade_regulation: str | None = None):
    """The tenant's maximum entry ages and the PPPK entry grade per diploma (reference data with
    their citations), audited."""
    if not 18 <= entry_age_max <= 60 or not 18 <= entry_age_max_exception <= 60:
        raise PeopleError(Problem("settings.entry_age_range"), "entry_age_max")
    if entry_age_max_exception < entry_age_max:
        raise PeopleError(Problem("settings.entry_age_order"), "entry_age_max_exception")
    if pppk_entry_grades is not None:
        pppk_entry_grades = {level: int(grade) for level, grade in pppk_entry_grades.items() if grade}
        if any(level not in EDUCATION_LEVELS or not 1 <= grade <= len(PPPK_GRADES)
               for level, grade in pppk_entry_grades.items()):
            raise PeopleError(Problem("cell.pppk_grade", value=pppk_entry_grades), "pppk_entry_grades")
    fields = ("entry_age_max", "entry_age_max_exception", "entry_age_regulation", "pppk_entry_grades",
              "pppk_grade_regulation")
    with audit.settings_change(PeopleSettings, "people.settings_changed",
                               lambda row: {name: getattr(row, name) for name in fields}) as row:
        row.entry_age_max, row.entry_age_max_exception = entry_age_max, entry_age_max_exception
        row.entry_age_regulation = entry_age_regulation.strip()
        if pppk_entry_grades is not None:
            row.pppk_entry_grades = pppk_entry_grades
        if pppk_grade_regulation is not None:
            row.pppk_grade_regulation = pppk_grade_regulation.strip()
    return row
