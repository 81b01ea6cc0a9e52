"""Read side of people: the directory (search, filters, sort, pages), the profile with its
career timeline, the organisation tree. Every list is one bounded query whatever its page size:
rows are plain column tuples joined in SQL, never lazy loads."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from jenjang.core.forms import int_or_none
from jenjang.extensions import db
from jenjang.people.models import (
    EMPLOYMENT_TYPES,
    POSITION_KINDS,
    PPPK_ENTRY_GRADES,
    PPPK_GRADE_REGULATION,
    PPPK_GRADES,
    RANKS,
    Employee,
    EmploymentContract,
    ImportRun,
    PeopleSettings,
    PerformanceRating,
    Position,
    PositionHistory,
    RankHistory,
    Unit,
    grade_label,
    titled_name,
)
from jenjang.people.nip import normalise_nip
from jenjang.people.operations import descendant_unit_ids

SORTS = ("name", "nip", "rank", "unit", "position")
PER_PAGE_CHOICES = (10, 25, 50, 100)


def _int_between(value, lo: int = 1, hi: int = 2**62) -> int | None:
    """A number of the query string within [lo, hi], or None (absent, garbage or out of range:
    a link's filter is then simply not applied)."""
    number = int_or_none(value)  # garbage is NO_CHOICE (-1), below every lo
    return number if number is not None and lo <= number <= hi else None


@dataclass
class DirectoryFilters:
    q: str = ""
    unit: int | None = None
    rank: int | None = None
    kind: str | None = None
    employment: str | None = None  # PNS, PPPK or PPPK_PW
    status: str = "active"
    sort: str = "name"
    desc: bool = False
    page: int = 1
    per_page: int = 25
    allow_nip: bool = field(default=False, repr=False)

    @classmethod
    def from_args(cls, args, *, allow_nip: bool, allow_archived: bool) -> DirectoryFilters:
        status = args.get("status", "active")
        if not allow_archived or status not in ("active", "archived", "all"):
            status = "active"
        per_page = _int_between(args.get("per_page"), 1, 100) or 25
        return cls(q=(args.get("q") or "").strip()[:100], unit=_int_between(args.get("unit")),
                   rank=_int_between(args.get("rank"), 1, len(RANKS)),
                   kind=args.get("kind") if args.get("kind") in POSITION_KINDS else None,
                   employment=args.get("employment") if args.get("employment") in EMPLOYMENT_TYPES else None,
                   status=status, sort=args.get("sort") if args.get("sort") in SORTS else "name",
                   desc=args.get("dir") == "desc", page=_int_between(args.get("page"), 1, 10_000) or 1,
                   per_page=per_page, allow_nip=allow_nip)

    def args(self, **changes) -> dict:
        """Query arguments for a link, keeping only what differs from the defaults."""
        values = asdict(self) | changes
        values.pop("allow_nip", None)
        values["dir"] = "desc" if values.pop("desc") else None
        defaults = {"q": "", "unit": None, "rank": None, "kind": None, "employment": None, "status": "active", "sort": "name",
                    "dir": None, "page": 1, "per_page": 25}
        return {k: v for k, v in values.items() if v != defaults.get(k)}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def name_or_nip(q: str, *, allow_nip: bool = True):
    """The condition "matches what was typed": a NIP prefix (digits, spaces allowed) or every word
    in the name. None when nothing was typed."""
    q = (q or "").strip()
    digits = q.replace(" ", "")
    if q and digits.isdigit() and allow_nip:
        # NIP prefix as a range, so the (tenant_id, nip) index answers whatever the collation.
        return Employee.nip.between(digits, digits + "9" * (18 - len(digits)))
    if q:
        return sa.and_(*[sa.func.lower(Employee.full_name).like(f"%{_like_escape(token)}%", escape="\\")
                         for token in q.lower().split()[:5]])
    return None


def directory_select(f: DirectoryFilters) -> sa.Select:
    """The directory's rows as column tuples (also what the export streams)."""
    stmt = (
        sa.select(Employee.id, Employee.nip, Employee.full_name, Employee.front_title, Employee.back_title,
                  Employee.employment_type, Employee.rank_id, Employee.grade_id, Employee.rank_tmt,
                  Employee.position_tmt, Employee.status, Employee.archive_reason, Employee.email, Employee.phone,
                  Employee.education_level, Employee.education_major, Employee.unit_id,
                  Position.name.label("position_name"), Position.kind.label("position_kind"),
                  Position.functional_level, Unit.name.label("unit_name"), Position.code.label("position_code"),
                  Unit.code.label("unit_code"))
        .outerjoin(Position, sa.and_(Position.tenant_id == Employee.tenant_id, Position.id == Employee.position_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
    )
    stmt = _filtered(stmt, f)
    direction = sa.desc if f.desc else sa.asc
    order = {
        "name": [direction(Employee.full_name), direction(Employee.id)],
        "nip": [direction(Employee.nip)],
        "rank": [direction(Employee.rank_id).nulls_last(), direction(Employee.grade_id).nulls_last(),
                 Employee.full_name, Employee.id],
        "unit": [direction(Unit.name).nulls_last(), Employee.full_name, Employee.id],
        "position": [direction(Position.name).nulls_last(), Employee.full_name, Employee.id],
    }[f.sort]
    return stmt.order_by(*order)


def _filtered(stmt: sa.Select, f: DirectoryFilters) -> sa.Select:
    if f.status != "all":
        stmt = stmt.where(Employee.status == f.status)
    matches = name_or_nip(f.q, allow_nip=f.allow_nip)
    if matches is not None:
        stmt = stmt.where(matches)
    if f.unit:
        stmt = stmt.where(Employee.unit_id.in_(descendant_unit_ids(f.unit)))
    if f.rank:
        stmt = stmt.where(Employee.rank_id == f.rank)
    if f.employment:
        stmt = stmt.where(Employee.employment_type == f.employment)
    if f.kind:
        kind_positions = sa.select(Position.id).where(Position.kind == f.kind)
        stmt = stmt.where(Employee.position_id.in_(kind_positions))
    return stmt


def directory_all(f: DirectoryFilters) -> list:
    """Every row the filters find (the export), read at once inside the request's transaction,
    with each PPPK's latest contract (number, start, end)."""
    latest = (sa.select(EmploymentContract.number.label("contract_number"),
                        EmploymentContract.starts_on.label("contract_start"),
                        EmploymentContract.ends_on.label("contract_end"))
              .where(EmploymentContract.tenant_id == Employee.tenant_id, EmploymentContract.employee_id == Employee.id)
              .order_by(EmploymentContract.starts_on.desc()).limit(1).lateral("latest_contract"))
    stmt = directory_select(f).add_columns(latest.c.contract_number, latest.c.contract_start, latest.c.contract_end)
    return db.session.execute(stmt.outerjoin(latest, sa.true())).all()


def directory_page(f: DirectoryFilters) -> tuple[list, int, bool]:
    """(rows, total, has_next): two queries, whatever the page size."""
    rows = db.session.execute(directory_select(f).limit(f.per_page + 1)
                              .offset((f.page - 1) * f.per_page)).all()
    total = db.session.scalar(_filtered(sa.select(sa.func.count()).select_from(Employee), f))
    return rows[:f.per_page], total, len(rows) > f.per_page


def rank_label(rank_id: int | None, grade_id: int | None = None) -> str:
    """The golongan as a list prints it: "III/b" (PNS) or "IX" (PPPK)."""
    return grade_label(rank_id, grade_id) or "—"


def rank_full_label(rank_id: int | None, grade_id: int | None = None) -> str:
    """"III/b · Penata Muda Tk. I" (PNS) or "Golongan IX (PPPK)"."""
    if rank_id:
        return f"{RANKS[rank_id - 1][0]} · {RANKS[rank_id - 1][1]}"
    if grade_id:
        return f"Golongan {PPPK_GRADES[grade_id - 1]} (PPPK)"
    return "—"


def pppk_entry_grade_rules() -> tuple[dict[str, int], str]:
    """({education level: PPPK grade id}, citation) as the tenant set them, else the defaults."""
    row = db.session.scalar(sa.select(PeopleSettings))
    if row is None:
        return dict(PPPK_ENTRY_GRADES), PPPK_GRADE_REGULATION
    return dict(row.pppk_entry_grades or PPPK_ENTRY_GRADES), row.pppk_grade_regulation or PPPK_GRADE_REGULATION


# --- profile -----------------------------------------------------------------------------

@dataclass
class TimelineEvent:
    date: dt.date
    kind: str  # rank | position | skp | cpns | pppk
    title: str
    detail: str = ""
    note: str = ""


def career_timeline(employee: Employee) -> list[TimelineEvent]:
    """Rank and position history and SKP predicates, newest first."""
    if employee.is_pppk:  # the NI PPPK holds the year of appointment, not a month
        start = TimelineEvent(employee.service_start, "pppk", "PPPK", str(employee.appointment_year))
    else:
        start = TimelineEvent(employee.tmt_cpns, "cpns", "CPNS")
    events = [start]
    for row in db.session.scalars(sa.select(RankHistory).where(RankHistory.employee_id == employee.id)):
        events.append(TimelineEvent(row.tmt, "rank", rank_full_label(row.rank_id, row.grade_id),
                                    row.decree_number or "", row.override_reason or ""))
    for row in db.session.scalars(sa.select(PositionHistory).where(PositionHistory.employee_id == employee.id)):
        events.append(TimelineEvent(row.tmt, "position", row.position_name, row.unit_name or "",
                                    row.decree_number or ""))
    for row in skp_rows(employee.id):
        events.append(TimelineEvent(dt.date(row.year, 12, 31), "skp", row.predicate, str(row.year)))
    order = {"skp": 0, "position": 1, "rank": 2, "cpns": 3, "pppk": 3}
    events.sort(key=lambda e: (e.date, -order[e.kind]), reverse=True)
    return events


def skp_rows(employee_id: int) -> list[PerformanceRating]:
    return list(db.session.scalars(sa.select(PerformanceRating).where(
        PerformanceRating.employee_id == employee_id).order_by(PerformanceRating.year.desc())))


def employee_by_id(employee_id: int | None) -> Employee | None:
    if employee_id is None:
        return None
    return db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))


def active_employee_by_nip(nip: str) -> Employee | None:
    """The active employee with this NIP as typed in a form (spaces and dots allowed), or None."""
    return db.session.scalar(sa.select(Employee).where(Employee.nip == normalise_nip(nip),
                                                       Employee.status == "active"))


def position_by_id(position_id: int | None) -> Position | None:
    if position_id is None:
        return None
    return db.session.scalar(sa.select(Position).where(Position.id == position_id))


def profile_visible(*, allow_archived: bool, self_id: int | None):
    """Which employees' profiles a user may open: archived ones only for HR (and oneself)."""
    if allow_archived:
        return sa.true()
    return sa.or_(Employee.status == "active", Employee.id == self_id)


def recent_import_runs(limit: int = 20) -> list[ImportRun]:
    return list(db.session.scalars(sa.select(ImportRun).order_by(ImportRun.created_at.desc()).limit(limit)))


def employee_with_context(employee_id: int):
    """(employee, position, unit) in one query, or None."""
    return db.session.execute(
        sa.select(Employee, Position, Unit)
        .outerjoin(Position, sa.and_(Position.tenant_id == Employee.tenant_id, Position.id == Employee.position_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .where(Employee.id == employee_id)).first()


def employees_brief(ids: list[int]) -> list:
    """Name, position and unit for a list of employees (team lists, supervisors)."""
    if not ids:
        return []
    return db.session.execute(
        sa.select(Employee.id, Employee.full_name, Employee.front_title, Employee.back_title, Employee.rank_id,
                  Employee.grade_id, Employee.employment_type, Position.name.label("position_name"), Unit.name.label("unit_name"))
        .outerjoin(Position, sa.and_(Position.tenant_id == Employee.tenant_id, Position.id == Employee.position_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .where(Employee.id.in_(ids)).order_by(Position.is_head.desc().nulls_last(), Employee.full_name)).all()


display_name = titled_name  # a row of employees_brief has the same three columns as an Employee


# --- organisation ------------------------------------------------------------------------

@dataclass
class OrgNode:
    id: int
    name: str
    kind: str
    code: str | None
    head_name: str | None = None
    head_id: int | None = None
    head_position: str | None = None
    staff: int = 0
    total: int = 0
    children: list[OrgNode] = field(default_factory=list)


def org_tree(root_id: int | None = None) -> list[OrgNode]:
    """The unit tree with each unit's head and head counts, in four queries."""
    units = db.session.execute(sa.select(Unit.id, Unit.parent_id, Unit.name, Unit.kind, Unit.code)
                               .order_by(Unit.sort_order, Unit.name)).all()
    heads = {r.unit_id: r for r in db.session.execute(
        sa.select(Position.unit_id, Position.name.label("position_name"), Employee.id.label("employee_id"),
                  Employee.full_name, Employee.front_title, Employee.back_title)
        .outerjoin(Employee, sa.and_(Employee.tenant_id == Position.tenant_id, Employee.position_id == Position.id,
                                     Employee.status == "active"))
        .where(Position.is_head).order_by(Employee.id.desc().nulls_first())).all()}
    staff = dict(db.session.execute(sa.select(Employee.unit_id, sa.func.count())
                                    .where(Employee.status == "active").group_by(Employee.unit_id)).all())
    nodes = {u.id: OrgNode(u.id, u.name, u.kind, u.code, staff=staff.get(u.id, 0)) for u in units}
    for unit_id, head in heads.items():
        node = nodes.get(unit_id)
        if node is not None:
            node.head_position = head.position_name
            if head.employee_id:
                node.head_id, node.head_name = head.employee_id, display_name(head)
    roots = []
    for u in units:
        if u.parent_id is not None and u.parent_id in nodes:
            nodes[u.parent_id].children.append(nodes[u.id])
        else:
            roots.append(nodes[u.id])

    def total(node: OrgNode, depth: int = 0) -> int:
        node.total = node.staff + (sum(total(c, depth + 1) for c in node.children) if depth < 30 else 0)
        return node.total

    for r in roots:
        total(r)
    if root_id is not None:
        return [nodes[root_id]] if root_id in nodes else []
    return roots


def unit_options() -> list[tuple[int, str]]:
    """Every unit as (id, indented name) in tree order, for selects."""
    out: list[tuple[int, str]] = []

    def walk(nodes: list[OrgNode], depth: int) -> None:
        for n in nodes:
            out.append((n.id, "\u2003" * depth + n.name))
            if depth < 30:
                walk(n.children, depth + 1)

    units = db.session.execute(sa.select(Unit.id, Unit.parent_id, Unit.name).order_by(Unit.sort_order, Unit.name)).all()
    nodes = {u.id: OrgNode(u.id, u.name, "", None) for u in units}
    roots = []
    for u in units:
        (nodes[u.parent_id].children if u.parent_id in nodes else roots).append(nodes[u.id])
    walk(roots, 0)
    return out


def unit_positions(unit_id: int) -> list:
    """The positions of a unit with their holders (one query)."""
    holder = aliased(Employee)
    return db.session.execute(
        sa.select(Position, holder.id.label("holder_id"), holder.full_name, holder.front_title,
                  holder.back_title, holder.rank_id, holder.grade_id, holder.employment_type)
        .outerjoin(holder, sa.and_(holder.tenant_id == Position.tenant_id, holder.position_id == Position.id,
                                   holder.status == "active"))
        .where(Position.unit_id == unit_id)
        .order_by(Position.is_head.desc(), Position.kind, Position.name, holder.full_name)).all()


def unit_breadcrumbs(unit: Unit) -> list:
    up = sa.select(Unit.id, Unit.parent_id, Unit.name, sa.literal(0).label("depth")).where(
        Unit.id == unit.parent_id).cte("up", recursive=True)
    up = up.union_all(sa.select(Unit.id, Unit.parent_id, Unit.name, (up.c.depth + 1))
                      .join(up, Unit.id == up.c.parent_id).where(up.c.depth < 30))
    return list(reversed(db.session.execute(sa.select(up.c.id, up.c.name).order_by(up.c.depth)).all()))


def position_options() -> list[tuple[int, str]]:
    rows = db.session.execute(sa.select(Position.id, Position.name, Unit.name.label("unit_name"))
                              .join(Unit, sa.and_(Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id))
                              .order_by(Unit.name, Position.name)).all()
    return [(r.id, f"{r.name} — {r.unit_name}") for r in rows]


def people_counts() -> dict:
    row = db.session.execute(sa.select(
        sa.func.count().filter(Employee.status == "active"),
        sa.func.count().filter(Employee.status == "archived"),
        sa.func.count().filter(Employee.status == "active", Employee.employment_type != "PNS"),
    ).select_from(Employee)).one()
    units = db.session.scalar(sa.select(sa.func.count()).select_from(Unit))
    filled = sa.select(Employee.position_id, sa.func.count().label("n")).where(
        Employee.status == "active").group_by(Employee.position_id).subquery()
    vacant = db.session.scalar(sa.select(sa.func.count()).select_from(Position).outerjoin(
        filled, filled.c.position_id == Position.id).where(sa.func.coalesce(filled.c.n, 0) < Position.quota))
    return {"active": row[0], "archived": row[1], "pppk": row[2], "units": units, "vacant": vacant}
