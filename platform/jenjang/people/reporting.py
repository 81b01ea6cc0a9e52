"""Reporting lines, derived from the organisation rather than typed in.

An employee's supervisor is the holder of the head position of their unit; the head of a unit
reports to the head of the parent unit. When a head position is vacant the line goes up the
tree to the first filled head. HR may set a manual override per employee, which wins.
"My team" is the inverse: everyone whose supervisor, so derived, is me.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import g, has_request_context, request

from jenjang.core import datacache
from jenjang.extensions import db
from jenjang.people.models import Employee, Position, Unit

# The organisation index reads these; a committed write to any of them makes the next reading
# request load it afresh (core/datacache.py).
datacache.watch("org", "units", "positions", "employees")

MAX_DEPTH = 30  # deeper than any real organisation; guards against a cycle in bad data


@datacache.shared_dataclass
@dataclass
class OrgIndex:
    """The shape of the organisation in memory: a few thousand small tuples at most."""

    parent: dict[int, int | None]
    head_position: dict[int, int]  # unit id → its head position id
    head_holder: dict[int, int]  # unit id → employee id holding its head position (active)

    @classmethod
    def load(cls) -> OrgIndex:
        parent = dict(db.session.execute(sa.select(Unit.id, Unit.parent_id)).all())
        heads = dict(db.session.execute(sa.select(Position.unit_id, Position.id).where(Position.is_head)).all())
        holders_by_position = dict(db.session.execute(
            sa.select(Employee.position_id, sa.func.min(Employee.id))
            .join(Position, sa.and_(Position.tenant_id == Employee.tenant_id, Position.id == Employee.position_id))
            .where(Position.is_head, Employee.status == "active")
            .group_by(Employee.position_id)).all())
        holder = {unit: holders_by_position[pos] for unit, pos in heads.items() if pos in holders_by_position}
        return cls(parent=parent, head_position=heads, head_holder=holder)

    @classmethod
    def cached(cls) -> OrgIndex:
        """Kept across reading requests until the organisation changes (a dashboard asks for it
        from several cards); loaded fresh outside a request and in requests that may change it."""
        if not has_request_context() or request.method not in ("GET", "HEAD"):
            return cls.load()
        if "org_index" not in g:
            g.org_index = datacache.cached("org", "org_index", None, cls.load)
        return g.org_index

    def children(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for unit, parent in self.parent.items():
            if parent is not None:
                out.setdefault(parent, []).append(unit)
        return out

    def derived_supervisor(self, employee_id: int, unit_id: int | None, position_id: int | None) -> int | None:
        """The supervisor from the tree alone (no override)."""
        if unit_id is None:
            return None
        unit: int | None = unit_id
        if position_id is not None and self.head_position.get(unit_id) == position_id:
            unit = self.parent.get(unit_id)  # a head reports to the head of the parent unit
        depth = 0
        while unit is not None and depth < MAX_DEPTH:
            holder = self.head_holder.get(unit)
            if holder is not None and holder != employee_id:
                return holder
            unit = self.parent.get(unit)
            depth += 1
        return None


def supervisor_id_of(employee: Employee, index: OrgIndex | None = None) -> int | None:
    if employee.supervisor_override_id is not None:
        override_active = db.session.scalar(sa.select(Employee.status).where(
            Employee.id == employee.supervisor_override_id)) == "active"
        if override_active:
            return employee.supervisor_override_id
    index = index or OrgIndex.cached()
    return index.derived_supervisor(employee.id, employee.unit_id, employee.position_id)


def supervisor_of(employee: Employee, index: OrgIndex | None = None) -> Employee | None:
    sid = supervisor_id_of(employee, index)
    return db.session.get(Employee, (employee.tenant_id, sid)) if sid is not None else None


def supervisor_chain_ids(employee: Employee, index: OrgIndex | None = None) -> list[int]:
    """Direct supervisor first, then theirs, up to the top."""
    index = index or OrgIndex.cached()
    chain: list[int] = []
    current = employee
    while len(chain) < MAX_DEPTH:
        sid = supervisor_id_of(current, index)
        if sid is None or sid in chain or sid == employee.id:
            break
        chain.append(sid)
        current = db.session.get(Employee, (employee.tenant_id, sid))
        if current is None:
            break
    return chain


def is_supervisor_of(viewer_employee_id: int | None, subject: Employee) -> bool:
    if viewer_employee_id is None or viewer_employee_id == subject.id:
        return False
    return viewer_employee_id in supervisor_chain_ids(subject)


def team_query(manager_id: int, index: OrgIndex | None = None) -> sa.Select:
    """SELECT of the active employees whose supervisor is `manager_id` (direct reports only)."""
    index = index or OrgIndex.cached()
    children = index.children()
    staff_units: set[int] = set()
    heads: set[int] = set()
    headed = [u for u, holder in index.head_holder.items() if holder == manager_id]

    def descend(unit: int, depth: int = 0) -> None:
        for child in children.get(unit, ()):
            holder = index.head_holder.get(child)
            if holder is not None and holder != manager_id:
                heads.add(holder)
            elif depth < MAX_DEPTH:
                staff_units.add(child)  # vacant head: its people report further up, to me
                descend(child, depth + 1)

    for unit in headed:
        staff_units.add(unit)
        descend(unit)
    in_tree = sa.or_(Employee.unit_id.in_(staff_units) if staff_units else sa.false(),
                     Employee.id.in_(heads) if heads else sa.false())
    return (sa.select(Employee)
            .where(Employee.status == "active", Employee.id != manager_id,
                   sa.or_(sa.and_(in_tree, Employee.supervisor_override_id.is_(None)),
                          Employee.supervisor_override_id == manager_id)))


def team_ids(manager_id: int, index: OrgIndex | None = None) -> list[int]:
    stmt = team_query(manager_id, index).with_only_columns(Employee.id)
    return list(db.session.scalars(stmt))


@datacache.warmer("org")
def _warm_org_index() -> None:
    datacache.cached("org", "org_index", None, OrgIndex.load)
