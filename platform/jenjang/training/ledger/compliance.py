"""Compliance with the yearly JP target, by unit, all in SQL (a fixed number of queries whatever
the size of the region).

Units are shown one level at a time with their sub-units ROLLED UP: at the top, each OPD counts
everyone in its whole subtree; drilling into a unit shows its direct sub-units (each rolled up)
and a row for the people placed directly in the unit itself. The people behind are listed for a
unit's whole subtree (or the whole region). Only active employees count; an employee with no
entry has 0 JP.

Each person is held to the target of their kind (targets.py: PNS 20, PPPK 24 by default), and every
figure can be narrowed to one kind ("PNS", or "PPPK" with the paruh waktu); `kind_report` gives
the PNS and PPPK figures side by side.

    targets = Targets(pns=20, pppk=24)       # or one int for everyone
    rows, total = unit_report(2026, parent_id=None, targets=targets, kind="PPPK")
    pns, pppk = kind_report(2026, unit_id=None, targets=targets)
    people, has_next = behind(2026, unit_id, targets, page=1, kind="")
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.people.api import Employee, Position, Unit, display_name
from jenjang.training.ledger.targets import KIND_GROUPS, PPPK_TYPES, Targets, kind_clause
from jenjang.training.models import JpEntry

PER_PAGE = 50


@dataclass
class UnitRow:
    unit_id: int | None  # None: employees without a unit (top level only)
    name: str
    employees: int
    compliant: int
    average: Decimal
    has_children: bool = False
    direct: bool = False  # the people placed directly in the drilled unit, not in a sub-unit

    @property
    def behind(self) -> int:
        return self.employees - self.compliant

    @property
    def share(self) -> float:
        """Percent of employees at or above the target (0 when the unit is empty)."""
        return round(100 * self.compliant / self.employees, 1) if self.employees else 0.0


def jp_totals(year: int):
    """Subquery (employee_id, jp) of the year's totals (an employee without entries is absent)."""
    return (sa.select(JpEntry.employee_id, sa.func.sum(JpEntry.jp).label("jp"))
            .where(JpEntry.year == year).group_by(JpEntry.employee_id).subquery("jp_totals"))


def _subtree(unit_id: int):
    """CTE of the unit's id and every unit below it."""
    tree = sa.select(Unit.id.label("id")).where(Unit.id == unit_id).cte("subtree", recursive=True)
    return tree.union_all(sa.select(Unit.id).join(tree, Unit.parent_id == tree.c.id))


def _unit_map(parent_id: int | None):
    """(unit_id, top_id): every unit under the level's rows, mapped to the row it rolls up into."""
    seed = sa.select(Unit.id.label("unit_id"), Unit.id.label("top_id"))
    seed = seed.where(Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id)
    tree = seed.cte("unit_tree", recursive=True)
    tree = tree.union_all(sa.select(Unit.id, tree.c.top_id).join(tree, Unit.parent_id == tree.c.unit_id))
    if parent_id is None:
        return sa.select(tree.c.unit_id, tree.c.top_id).subquery("unit_map")
    own = sa.select(sa.literal(parent_id, sa.BigInteger).label("unit_id"),
                    sa.literal(parent_id, sa.BigInteger).label("top_id"))
    return sa.union_all(sa.select(tree.c.unit_id, tree.c.top_id), own).subquery("unit_map")


def _active(stmt, kind: str):
    stmt = stmt.where(Employee.status == "active")
    clause = kind_clause(kind)
    return stmt if clause is None else stmt.where(clause)


def unit_report(year: int, parent_id: int | None, targets: Targets | int, kind: str = ""
                ) -> tuple[list[UnitRow], UnitRow]:
    """The rows of one level and the level's total (of one kind, or everyone). Three queries."""
    totals = jp_totals(year)
    mapping = _unit_map(parent_id)
    jp = sa.func.coalesce(totals.c.jp, 0)
    target = Targets.of(targets).column()
    stmt = (sa.select(mapping.c.top_id, sa.func.count(Employee.id),
                      sa.func.count(Employee.id).filter(jp >= target), sa.func.avg(jp))
            .select_from(Employee)
            .join(mapping, mapping.c.unit_id == Employee.unit_id, isouter=parent_id is None)
            .outerjoin(totals, totals.c.employee_id == Employee.id)
            .group_by(mapping.c.top_id))
    stmt = _active(stmt, kind)
    figures = {top: (n, ok, Decimal(avg or 0)) for top, n, ok, avg in db.session.execute(stmt)}
    level = Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id
    child = sa.orm.aliased(Unit)
    has_children = sa.exists().where(child.parent_id == Unit.id)
    units = db.session.execute(sa.select(Unit.id, Unit.name, has_children.label("hc")).where(level)
                               .order_by(Unit.sort_order, Unit.name)).all()
    rows = []
    for uid, name, hc in units:
        n, ok, avg = figures.get(uid, (0, 0, Decimal(0)))
        rows.append(UnitRow(uid, name, n, ok, avg, has_children=bool(hc)))
    if parent_id is not None and parent_id in figures:
        n, ok, avg = figures[parent_id]
        name = db.session.scalar(sa.select(Unit.name).where(Unit.id == parent_id)) or ""
        rows.insert(0, UnitRow(parent_id, name, n, ok, avg, direct=True))
    if parent_id is None and None in figures:
        n, ok, avg = figures[None]
        rows.append(UnitRow(None, "", n, ok, avg))
    count = sum(r.employees for r in rows)
    compliant = sum(r.compliant for r in rows)
    average = (sum((r.average * r.employees for r in rows), Decimal(0)) / count) if count else Decimal(0)
    return rows, UnitRow(parent_id, "", count, compliant, average)


@dataclass
class KindRow:
    """The figures of one kind (PNS, or PPPK with the paruh waktu) against its own target."""
    kind: str  # "PNS" or "PPPK"
    target: int
    employees: int
    compliant: int
    average: Decimal
    paruh_waktu: int = 0  # of the PPPK, how many are part-time

    @property
    def behind(self) -> int:
        return self.employees - self.compliant

    @property
    def share(self) -> float:
        return round(100 * self.compliant / self.employees, 1) if self.employees else 0.0


def kind_report(year: int, unit_id: int | None, targets: Targets | int) -> list[KindRow]:
    """[PNS, PPPK]: each kind's people, how many reach their own target, their average; for the
    unit's subtree or the whole region. One query."""
    targets = Targets.of(targets)
    totals = jp_totals(year)
    jp = sa.func.coalesce(totals.c.jp, 0)
    group = sa.case((Employee.employment_type.in_(PPPK_TYPES), "PPPK"), else_="PNS")
    stmt = (sa.select(group.label("kind"), sa.func.count(Employee.id),
                      sa.func.count(Employee.id).filter(jp >= targets.column()), sa.func.avg(jp),
                      sa.func.count(Employee.id).filter(Employee.employment_type == "PPPK_PW"))
            .select_from(Employee)
            .outerjoin(totals, totals.c.employee_id == Employee.id)
            .where(Employee.status == "active")
            .group_by(group))
    if unit_id is not None:
        stmt = stmt.where(Employee.unit_id.in_(sa.select(_subtree(unit_id).c.id)))
    figures = {k: (n, ok, Decimal(avg or 0), pw) for k, n, ok, avg, pw in db.session.execute(stmt)}
    return [KindRow(k, targets.for_group(k), *figures.get(k, (0, 0, Decimal(0), 0))) for k in KIND_GROUPS]


@dataclass
class BehindRow:
    employee_id: int
    nip: str
    name: str
    position: str | None
    unit: str | None
    jp: Decimal
    employment_type: str = "PNS"
    target: int = 0

    @property
    def missing(self) -> Decimal:
        return Decimal(self.target) - self.jp


def _behind_stmt(year: int, unit_id: int | None, targets: Targets, kind: str):
    totals = jp_totals(year)
    jp = sa.func.coalesce(totals.c.jp, 0)
    target = targets.column()
    stmt = (sa.select(Employee.id, Employee.nip, Employee.full_name, Employee.front_title, Employee.back_title,
                      Employee.employment_type, Position.name.label("position"), Unit.name.label("unit"),
                      jp.label("jp"), target.label("target"))
            .select_from(Employee)
            .outerjoin(totals, totals.c.employee_id == Employee.id)
            .outerjoin(Position, sa.and_(Position.tenant_id == Employee.tenant_id,
                                         Position.id == Employee.position_id))
            .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
            .where(jp < target))
    stmt = _active(stmt, kind)
    if unit_id is not None:
        stmt = stmt.where(Employee.unit_id.in_(sa.select(_subtree(unit_id).c.id)))
    return stmt.order_by(jp, Employee.full_name, Employee.id)


def _row(r) -> BehindRow:
    return BehindRow(r.id, r.nip, display_name(r), r.position, r.unit, Decimal(r.jp), r.employment_type,
                     int(r.target))


def behind(year: int, unit_id: int | None, targets: Targets | int, page: int = 1, per_page: int = PER_PAGE,
           kind: str = "") -> tuple[list[BehindRow], bool]:
    """One page of the people under their target in the unit's subtree (lowest JP first)."""
    stmt = _behind_stmt(year, unit_id, Targets.of(targets), kind).limit(per_page + 1).offset((page - 1) * per_page)
    rows = [_row(r) for r in db.session.execute(stmt)]
    return rows[:per_page], len(rows) > per_page


def behind_all(year: int, unit_id: int | None, targets: Targets | int, kind: str = "") -> Iterator[BehindRow]:
    """Everyone behind, streamed (for the export)."""
    stmt = _behind_stmt(year, unit_id, Targets.of(targets), kind).execution_options(yield_per=2000)
    for r in db.session.execute(stmt):
        yield _row(r)


def unit_path(unit_id: int) -> list[tuple[int, str]]:
    """The unit and its ancestors, top first (for the breadcrumb). One query."""
    up = sa.select(Unit.id.label("id"), Unit.parent_id.label("parent_id"), Unit.name.label("name"),
                   sa.literal(0).label("depth")).where(Unit.id == unit_id).cte("up", recursive=True)
    up = up.union_all(sa.select(Unit.id, Unit.parent_id, Unit.name, up.c.depth + 1)
                      .join(up, Unit.id == up.c.parent_id).where(up.c.depth < 30))
    return [(r.id, r.name) for r in db.session.execute(sa.select(up.c.id, up.c.name).order_by(up.c.depth.desc()))]
