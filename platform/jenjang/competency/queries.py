"""Read side of competency mapping: current levels, JPM, gaps, heatmap, JPM distribution.
Aggregates are computed in SQL (never a Python loop over employees); every list is a bounded
number of queries whatever its length. The talent (9-box), succession and career queries are in
talent.py.

The current level of an employee in a competency is chosen from their assessments by
`current_levels()`: only valid ones (assessed on or before the date, within the validity of
their source), then the most recent (or the highest-precedence source first, per the tenant's
precedence mode), ties broken by source precedence and then by the newest row.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import distinct_on

from jenjang.competency.jpm import GapRow, JpmResult, jpm_category, jpm_of_rows
from jenjang.competency.models import (
    SOURCES,
    Competency,
    CompetencyAssessment,
    CompetencyLevel,
    CompetencyStandard,
    PotentialScore,
    SuccessionPosition,
)
from jenjang.competency.settings import Rules
from jenjang.core import clock, datacache
from jenjang.extensions import db
from jenjang.people.api import POSITION_KIND_LABELS, Employee, Position, Unit, descendant_unit_ids

# What the tenant-wide aggregates below read: a committed write to any of these tables gives the
# tenant's cached heatmap, JPM distribution and 9-box a new generation (core/datacache.py).
datacache.watch("competency", "competencies", "competency_standards", "competency_assessments",
                "potential_scores", "competency_settings", "employee_skp", "employees", "positions", "units")


def rules_key(rules: Rules) -> str:
    return json.dumps(asdict(rules), sort_keys=True, default=str)


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _by_source(a, values: dict):
    return sa.case(*[(a.source == source, value) for source, value in values.items()], else_=None)


def current_levels(rules: Rules, as_of: dt.date | None = None, *, employee_ids=None):
    """A subquery (employee_id, competency_id, level, source, assessed_on): one row per employee
    and competency with a valid assessment. `employee_ids`: a list or a SELECT of ids.

    Validity and precedence are CASE expressions over the four sources (no join); the ordering
    leads with the columns of ix_competency_assessments_current."""
    as_of = as_of or clock.today()
    a = CompetencyAssessment
    rank = _by_source(a, {s: rules.precedence(s) for s in SOURCES})
    expiring = {s: rules.validity(s) for s in SOURCES if rules.validity(s)}
    oldest = {s: sa.cast(months_before(as_of, m), sa.Date) for s, m in expiring.items()}
    valid = sa.or_(a.source.not_in(list(oldest)), a.assessed_on > _by_source(a, oldest)) if oldest else sa.true()
    order = [a.employee_id, a.competency_id]
    if rules.precedence_mode == "source_first":
        order += [rank, a.assessed_on.desc()]
    else:
        order += [a.assessed_on.desc(), rank]
    stmt = (sa.select(a.employee_id, a.competency_id, a.level, a.source, a.assessed_on)
            .where(a.assessed_on <= as_of, valid)
            .ext(distinct_on(a.employee_id, a.competency_id))
            .order_by(*order, a.id.desc()))
    if employee_ids is not None:
        stmt = stmt.where(a.employee_id.in_(employee_ids))
    return stmt.subquery("cur")


def roomy_sort() -> None:
    """Give this transaction's big aggregate enough sort memory to stay off disk (transaction-local)."""
    db.session.execute(sa.text("SELECT set_config('work_mem', '64MB', true)"))


def _got(cur, s=CompetencyStandard):
    return sa.func.least(sa.func.coalesce(cur.c.level, 0), s.required_level)


def jpm_percent(got_sum, req_sum):
    return sa.func.round(sa.cast(got_sum, sa.Numeric) * 100 / sa.func.nullif(req_sum, 0), 2)


def employee_jpm_select(rules: Rules, as_of: dt.date | None = None, *, employee_ids=None,
                        employee_where=None) -> sa.Select:
    """(employee_id, position_id, req, got, surplus, missing, jpm) of active employees against
    their own position's standard. Employees whose position has no standard have no row."""
    e, s = Employee, CompetencyStandard
    scope = employee_ids
    if scope is None and employee_where is not None:
        scope = sa.select(Employee.id).where(employee_where, Employee.status == "active")
    cur = current_levels(rules, as_of, employee_ids=scope)
    stmt = (sa.select(e.id.label("employee_id"), e.position_id,
                      sa.func.sum(s.required_level).label("req"), sa.func.sum(_got(cur)).label("got"),
                      sa.func.sum(sa.func.greatest(sa.func.coalesce(cur.c.level, 0) - s.required_level, 0))
                      .label("surplus"),
                      sa.func.count().filter(cur.c.level.is_(None)).label("missing"),
                      jpm_percent(sa.func.sum(_got(cur)), sa.func.sum(s.required_level)).label("jpm"))
            .select_from(e)
            .join(s, sa.and_(s.tenant_id == e.tenant_id, s.position_id == e.position_id))
            .outerjoin(cur, sa.and_(cur.c.employee_id == e.id, cur.c.competency_id == s.competency_id))
            .where(e.status == "active")
            .group_by(e.id, e.position_id))
    if employee_ids is not None:
        stmt = stmt.where(e.id.in_(employee_ids))
    if employee_where is not None:
        stmt = stmt.where(employee_where)
    return stmt


def jpm_by_employee(rules: Rules, employee_ids: list[int]) -> dict[int, float | None]:
    if not employee_ids:
        return {}
    rows = db.session.execute(employee_jpm_select(rules, employee_ids=employee_ids)).all()
    return {r.employee_id: (float(r.jpm) if r.jpm is not None else None) for r in rows}


# --- one employee ----------------------------------------------------------------------------

@dataclass
class GapLine:
    competency_id: int
    code: str
    name: str
    name_en: str | None
    kind: str
    required: int
    current: int | None
    source: str | None
    assessed_on: dt.date | None

    @property
    def row(self) -> GapRow:
        return GapRow(self.competency_id, self.required, self.current)

    @property
    def gap(self) -> int:
        return self.row.gap

    @property
    def surplus(self) -> int:
        return self.row.surplus


@dataclass
class GapReport:
    position_id: int | None
    lines: list[GapLine]  # gaps first (largest first), then met ones
    result: JpmResult
    category: str | None

    @property
    def gaps(self) -> list[GapLine]:
        return [line for line in self.lines if line.gap > 0]


def gap_report(rules: Rules, employee_id: int, position_id: int | None,
               as_of: dt.date | None = None) -> GapReport:
    """Required vs current for a position (the employee's own, or another: career, succession)."""
    if position_id is None:
        return GapReport(None, [], jpm_of_rows([]), None)
    s, c = CompetencyStandard, Competency
    cur = current_levels(rules, as_of, employee_ids=[employee_id])
    rows = db.session.execute(
        sa.select(c.id, c.code, c.name, c.name_en, c.kind, s.required_level, cur.c.level, cur.c.source,
                  cur.c.assessed_on)
        .select_from(s).join(c, sa.and_(c.tenant_id == s.tenant_id, c.id == s.competency_id))
        .outerjoin(cur, cur.c.competency_id == s.competency_id)
        .where(s.position_id == position_id)
        .order_by(c.sort_order, c.code)).all()
    lines = [GapLine(r.id, r.code, r.name, r.name_en, r.kind, r.required_level, r.level, r.source, r.assessed_on)
             for r in rows]
    lines.sort(key=lambda line: -line.gap)  # stable: dictionary order within equal gaps
    result = jpm_of_rows(line.row for line in lines)
    return GapReport(position_id, lines, result, jpm_category(result.percent, rules))


def current_levels_of(rules: Rules, employee_id: int, as_of: dt.date | None = None) -> list:
    """Every competency the employee has a valid level in (for "my competencies")."""
    c = Competency
    cur = current_levels(rules, as_of, employee_ids=[employee_id])
    return db.session.execute(
        sa.select(c.id, c.code, c.name, c.name_en, c.kind, cur.c.level, cur.c.source, cur.c.assessed_on)
        .select_from(cur).join(c, c.id == cur.c.competency_id).order_by(c.sort_order, c.code)).all()


def assessments_of(employee_id: int, limit: int = 200) -> list:
    a, c = CompetencyAssessment, Competency
    return db.session.execute(
        sa.select(a, c.code, c.name).join(c, sa.and_(c.tenant_id == a.tenant_id, c.id == a.competency_id))
        .where(a.employee_id == employee_id).order_by(a.assessed_on.desc(), a.id.desc()).limit(limit)).all()


# --- lists --------------------------------------------------------------------------------

def competency_list(include_retired: bool = True) -> list[Competency]:
    stmt = sa.select(Competency).order_by(Competency.is_national.desc(), Competency.kind, Competency.field,
                                          Competency.sort_order, Competency.code)
    if not include_retired:
        stmt = stmt.where(Competency.retired_at.is_(None))
    return list(db.session.scalars(stmt))


def usage_counts(competency_ids: list[int]) -> dict[int, int]:
    """How many standards and assessments use each competency (two grouped counts)."""
    if not competency_ids:
        return {}
    out: dict[int, int] = {}
    for model in (CompetencyStandard, CompetencyAssessment):
        for cid, n in db.session.execute(sa.select(model.competency_id, sa.func.count())
                                         .where(model.competency_id.in_(competency_ids))
                                         .group_by(model.competency_id)):
            out[cid] = out.get(cid, 0) + n
    return out


def scope_where(unit_id: int | None = None, kind: str | None = None):
    """The employees of a unit (and the units below it) and/or of a position kind."""
    clauses = []
    if unit_id:
        clauses.append(Employee.unit_id.in_(descendant_unit_ids(unit_id)))
    if kind:
        clauses.append(Employee.position_id.in_(sa.select(Position.id).where(Position.kind == kind)))
    return sa.and_(*clauses) if clauses else None


def employee_page(rules: Rules, *, q: str = "", unit_id: int | None = None, page: int = 1,
                  per_page: int = 25) -> tuple[list, dict, bool]:
    """Employees with their JPM: three queries whatever the page size."""
    stmt = (sa.select(Employee.id, Employee.nip, Employee.full_name, Employee.front_title, Employee.back_title,
                      Employee.position_id, Position.name.label("position_name"), Unit.name.label("unit_name"))
            .outerjoin(Position, sa.and_(Position.tenant_id == Employee.tenant_id, Position.id == Employee.position_id))
            .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
            .where(Employee.status == "active"))
    q = q.strip()
    if q.replace(" ", "").isdigit():
        digits = q.replace(" ", "")
        stmt = stmt.where(Employee.nip.between(digits, digits + "9" * (18 - len(digits))))
    elif q:
        for token in q.lower().split()[:5]:
            stmt = stmt.where(sa.func.lower(Employee.full_name).contains(token, autoescape=True))
    where = scope_where(unit_id)
    if where is not None:
        stmt = stmt.where(where)
    rows = db.session.execute(stmt.order_by(Employee.full_name, Employee.id)
                              .limit(per_page + 1).offset((page - 1) * per_page)).all()
    rows, has_next = rows[:per_page], len(rows) > per_page
    return rows, jpm_by_employee(rules, [r.id for r in rows]), has_next


# --- aggregates -----------------------------------------------------------------------------

GROUPS = ("kind", "position", "unit")
HEATMAP_MAX_ROWS = 60


def heatmap(rules: Rules, *, group: str = "kind", unit_id: int | None = None, kind: str | None = None,
            as_of: dt.date | None = None) -> list:
    """(grp, competency_id, avg_gap, below, n) per row group × competency, over active employees:
    avg_gap is the average shortfall below the standard (0 when everyone meets it). Cached until
    the data under it changes (or the day does: validity windows count from today)."""
    as_of = as_of or clock.today()
    return list(datacache.cached(
        "competency", "heatmap", (group, unit_id, kind, as_of, rules_key(rules)),
        lambda: tuple(_heatmap(rules, group=group, unit_id=unit_id, kind=kind, as_of=as_of))))


def _heatmap(rules: Rules, *, group: str, unit_id: int | None, kind: str | None, as_of: dt.date) -> list:
    e, s, p = Employee, CompetencyStandard, Position
    where = scope_where(unit_id, kind)
    scope = sa.select(Employee.id).where(where, Employee.status == "active") if where is not None else None
    cur = current_levels(rules, as_of, employee_ids=scope)
    grp = {"kind": p.kind, "position": p.id, "unit": e.unit_id}[group]
    shortfall = sa.func.greatest(s.required_level - sa.func.coalesce(cur.c.level, 0), 0)
    stmt = (sa.select(grp.label("grp"), s.competency_id, sa.func.round(sa.func.avg(shortfall), 2).label("avg_gap"),
                      sa.func.count().filter(shortfall > 0).label("below"), sa.func.count().label("n"))
            .select_from(e)
            .join(p, sa.and_(p.tenant_id == e.tenant_id, p.id == e.position_id))
            .join(s, sa.and_(s.tenant_id == e.tenant_id, s.position_id == e.position_id))
            .outerjoin(cur, sa.and_(cur.c.employee_id == e.id, cur.c.competency_id == s.competency_id))
            .where(e.status == "active")
            .group_by(grp, s.competency_id))
    if where is not None:
        stmt = stmt.where(where)
    roomy_sort()
    return db.session.execute(stmt).all()


def jpm_distribution(rules: Rules, *, unit_id: int | None = None, kind: str | None = None) -> dict:
    """How many active employees fall in each JPM category, and how many have no standard (cached
    like the heatmap)."""
    return dict(datacache.cached(
        "competency", "jpm_distribution", (unit_id, kind, clock.today(), rules_key(rules)),
        lambda: _jpm_distribution(rules, unit_id=unit_id, kind=kind)))


def _jpm_distribution(rules: Rules, *, unit_id: int | None, kind: str | None) -> dict:
    where = scope_where(unit_id, kind)
    jp = employee_jpm_select(rules, employee_where=where).subquery()
    roomy_sort()
    row = db.session.execute(sa.select(
        sa.func.count().filter(jp.c.jpm >= rules.jpm_optimal_min),
        sa.func.count().filter(jp.c.jpm < rules.jpm_optimal_min, jp.c.jpm >= rules.jpm_cukup_min),
        sa.func.count().filter(jp.c.jpm < rules.jpm_cukup_min),
        sa.func.round(sa.func.avg(jp.c.jpm), 1))).one()
    counts = {"optimal": row[0], "cukup_optimal": row[1], "kurang_optimal": row[2]}
    avg = row[3]
    total_stmt = sa.select(sa.func.count()).select_from(Employee).where(Employee.status == "active")
    if where is not None:
        total_stmt = total_stmt.where(where)
    total = db.session.scalar(total_stmt)
    with_standard = sum(counts.values())
    return {"optimal": counts.get("optimal", 0), "cukup_optimal": counts.get("cukup_optimal", 0),
            "kurang_optimal": counts.get("kurang_optimal", 0), "no_standard": total - with_standard,
            "total": total, "average": float(avg) if avg is not None else None}


def biggest_gaps(cells: list, limit: int = 10) -> list:
    """Per competency over the heatmap's cells: weighted average shortfall and people below."""
    agg: dict[int, list] = {}
    for cell in cells:
        entry = agg.setdefault(cell.competency_id, [0.0, 0, 0])
        entry[0] += float(cell.avg_gap) * cell.n
        entry[1] += cell.below
        entry[2] += cell.n
    ranked = [(cid, round(total / n, 2) if n else 0.0, below, n) for cid, (total, below, n) in agg.items()]
    ranked.sort(key=lambda r: (-r[1], -r[2]))
    return [r for r in ranked if r[1] > 0][:limit]


def group_labels(group: str, keys: list) -> dict:
    if group == "kind":
        return {k: str(POSITION_KIND_LABELS.get(k, k)) for k in keys}
    model = Position if group == "position" else Unit
    ids = [k for k in keys if k is not None]
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(model.id, model.name).where(model.id.in_(ids))).all())


def counts_for_card() -> dict:
    """Cheap figures for HR's dashboard card (no per-employee aggregate)."""
    row = db.session.execute(sa.select(
        sa.select(sa.func.count()).select_from(Competency).where(Competency.retired_at.is_(None)).scalar_subquery(),
        sa.select(sa.func.count(sa.distinct(CompetencyStandard.position_id))).scalar_subquery(),
        sa.select(sa.func.count()).select_from(Position).scalar_subquery(),
        sa.select(sa.func.count()).select_from(CompetencyAssessment).where(
            CompetencyAssessment.assessed_on >= clock.today() - dt.timedelta(days=365)).scalar_subquery(),
    )).one()
    return {"competencies": row[0], "positions_with_standard": row[1], "positions": row[2],
            "assessments_year": row[3]}


def competency_levels(competency_id: int) -> list[CompetencyLevel]:
    """The level rows (descriptions and indicators) of a competency of the region's own, in order."""
    return list(db.session.scalars(sa.select(CompetencyLevel).where(CompetencyLevel.competency_id == competency_id)
                                   .order_by(CompetencyLevel.level)))


def position_and_unit(employee: Employee) -> tuple[Position | None, Unit | None]:
    """The employee's position and unit rows (None where not set)."""
    position = db.session.scalar(sa.select(Position).where(Position.id == employee.position_id)) \
        if employee.position_id else None
    unit = db.session.scalar(sa.select(Unit).where(Unit.id == employee.unit_id)) if employee.unit_id else None
    return position, unit


def usable_competencies() -> list[Competency]:
    """The competencies still in force, national first, for the choices of a form."""
    return list(db.session.scalars(sa.select(Competency).where(Competency.retired_at.is_(None))
                                   .order_by(Competency.is_national.desc(), Competency.sort_order, Competency.code)))


def potential_history(employee_id: int, limit: int = 20) -> list[PotentialScore]:
    return list(db.session.scalars(sa.select(PotentialScore).where(PotentialScore.employee_id == employee_id)
                                   .order_by(PotentialScore.assessed_on.desc()).limit(limit)))


def unit_name(unit_id: int) -> str | None:
    return db.session.scalar(sa.select(Unit.name).where(Unit.id == unit_id))


def competencies_by_id() -> dict[int, Competency]:
    return {c.id: c for c in db.session.scalars(sa.select(Competency).order_by(
        Competency.is_national.desc(), Competency.sort_order, Competency.code))}


def succession_flag(position_id: int) -> SuccessionPosition | None:
    return db.session.scalar(sa.select(SuccessionPosition).where(SuccessionPosition.position_id == position_id))
