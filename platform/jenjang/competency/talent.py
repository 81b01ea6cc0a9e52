"""Talent management (PermenPANRB 3/2020): the 9-box, the talent pool, succession lists for
critical/target positions, and career opportunities (positions ranked by fit for one person).

Kinerja comes from the SKP predicate of the last final year (people/skp.py; the final date and
how many final years count are tenant settings) through the tenant's mapping: someone without it
is "SKP belum tersedia", never placed from an older SKP; potential from the JPM
against the employee's own position, from an entered potential score, or the score when there is
one and the JPM otherwise (tenant setting). Both axes and the box are computed in SQL.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import distinct_on

from jenjang.competency.jpm import NINE_BOX, TALENT_POOL_BOXES
from jenjang.competency.models import Competency, CompetencyStandard, PotentialScore, SuccessionPosition
from jenjang.competency.queries import (
    _got,
    current_levels,
    employee_jpm_select,
    heatmap,
    jpm_distribution,
    jpm_percent,
    roomy_sort,
    rules_key,
    scope_where,
)
from jenjang.competency.settings import Rules, load_rules
from jenjang.core import clock, datacache
from jenjang.extensions import db
from jenjang.people.api import Employee, PerformanceRating, Position, Unit


def _potential_value(rules: Rules, jp, pot):
    if rules.potential_source == "score":
        return pot.c.score
    if rules.potential_source == "score_or_jpm":
        return sa.func.coalesce(pot.c.score, jp.c.jpm)
    return jp.c.jpm


def talent_select(rules: Rules, *, unit_id: int | None = None, kind: str | None = None,
                  employee_ids=None, as_of: dt.date | None = None) -> sa.Select:
    """One row per active employee in scope: (employee_id, jpm, potential, kinerja, potensial, box)."""
    where = scope_where(unit_id, kind)
    if employee_ids is not None:
        where = Employee.id.in_(employee_ids) if where is None else sa.and_(where, Employee.id.in_(employee_ids))
    jp = employee_jpm_select(rules, as_of, employee_where=where).subquery("jp")
    # Only a final SKP of the recent final years counts (by default the last final year alone): an
    # older predicate says nothing about today's kinerja, and this year's is not final yet.
    years = rules.skp_years(as_of or clock.today())
    skp = (sa.select(PerformanceRating.employee_id, PerformanceRating.predicate, PerformanceRating.year)
           .where(PerformanceRating.year.between(min(years), max(years)))
           .ext(distinct_on(PerformanceRating.employee_id))
           .order_by(PerformanceRating.employee_id, PerformanceRating.year.desc()).subquery("skp"))
    pot = (sa.select(PotentialScore.employee_id, PotentialScore.score)
           .ext(distinct_on(PotentialScore.employee_id))
           .order_by(PotentialScore.employee_id, PotentialScore.assessed_on.desc(), PotentialScore.id.desc())
           .subquery("pot"))
    value = _potential_value(rules, jp, pot)
    kinerja = sa.case(*[(skp.c.predicate == predicate, axis) for predicate, axis in rules.skp_mapping.items()],
                      else_=None)
    potensial = sa.case((value >= rules.potential_high_min, "tinggi"), (value >= rules.potential_mid_min, "menengah"),
                        (value.is_not(None), "rendah"), else_=None)
    box = sa.case(*[(sa.and_(kinerja == k, potensial == p), n) for (k, p), n in NINE_BOX.items()], else_=None)
    # Why someone is not placed: the SKP of the final years is missing ("SKP belum tersedia"), or
    # there is no potential (no standard or score).
    unplaced = sa.case((skp.c.predicate.is_(None), "skp_missing"), (potensial.is_(None), "no_potential"),
                       else_=None)
    stmt = (sa.select(Employee.id.label("employee_id"), jp.c.jpm, value.label("potential"),
                      kinerja.label("kinerja"), potensial.label("potensial"), box.label("box"),
                      skp.c.year.label("skp_year"), unplaced.label("unplaced"))
            .select_from(Employee)
            .outerjoin(jp, jp.c.employee_id == Employee.id)
            .outerjoin(skp, skp.c.employee_id == Employee.id)
            .outerjoin(pot, pot.c.employee_id == Employee.id)
            .where(Employee.status == "active"))
    if where is not None:
        stmt = stmt.where(where)
    return stmt


def skp_note(rules: Rules, today: dt.date | None = None) -> str:
    """What "SKP belum tersedia" means on this day, for the pages: which final year is wanted."""
    years = sorted(rules.skp_years(today or clock.today()))
    if len(years) == 1:
        return _("Predikat SKP tahun %(year)s (tahun terakhir yang sudah final) belum dicatat.", year=years[0])
    return _("Tidak ada predikat SKP tahun %(first)s–%(last)s (tahun-tahun terakhir yang sudah final).",
             first=years[0], last=years[-1])


def _scope_key(scope: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in scope.items()))


def nine_box_counts(rules: Rules, **scope) -> dict:
    """{box: count} with None for people who cannot be placed (no SKP of the final years, or no
    potential). Cached until the data under it changes (core/datacache.py)."""
    if scope.get("employee_ids") is not None and not isinstance(scope["employee_ids"], list | tuple):
        return _nine_box_counts(rules, **scope)  # a subquery of ids: not a key
    return dict(datacache.cached("competency", "nine_box", (_scope_key(scope), clock.today(), rules_key(rules)),
                                 lambda: _nine_box_counts(rules, **scope)))


def _nine_box_counts(rules: Rules, **scope) -> dict:
    t = talent_select(rules, **scope).subquery("t")
    roomy_sort()
    return {box: n for box, n in db.session.execute(sa.select(t.c.box, sa.func.count()).group_by(t.c.box))}


def unplaced_counts(rules: Rules, **scope) -> dict:
    """Why the unplaced are unplaced: {"skp_missing": n, "no_potential": n} ("SKP belum tersedia":
    no SKP in the final years used; otherwise no potential). Cached like the counts."""
    if scope.get("employee_ids") is not None and not isinstance(scope["employee_ids"], list | tuple):
        return _unplaced_counts(rules, **scope)
    return dict(datacache.cached("competency", "unplaced", (_scope_key(scope), clock.today(), rules_key(rules)),
                                 lambda: _unplaced_counts(rules, **scope)))


def _unplaced_counts(rules: Rules, **scope) -> dict:
    t = talent_select(rules, **scope).subquery("t")
    roomy_sort()
    counts = {"skp_missing": 0, "no_potential": 0}
    counts.update({reason: n for reason, n in db.session.execute(
        sa.select(t.c.unplaced, sa.func.count()).where(t.c.unplaced.is_not(None)).group_by(t.c.unplaced))})
    return counts


def box_members(rules: Rules, boxes: tuple[int, ...], *, page: int = 1, per_page: int = 50, **scope):
    """The people of some boxes, best potential first, with their position and unit (one query,
    cached like the counts)."""
    if scope.get("employee_ids") is not None and not isinstance(scope["employee_ids"], list | tuple):
        return _box_members(rules, boxes, page=page, per_page=per_page, **scope)
    rows, has_next = datacache.cached(
        "competency", "box_members",
        (tuple(boxes), page, per_page, _scope_key(scope), clock.today(), rules_key(rules)),
        lambda: _box_members(rules, boxes, page=page, per_page=per_page, **scope))
    return list(rows), has_next


def _box_members(rules: Rules, boxes: tuple[int, ...], *, page: int, per_page: int, **scope):
    t = talent_select(rules, **scope).subquery("t")
    rows = db.session.execute(
        sa.select(t, Employee.nip, Employee.full_name, Employee.front_title, Employee.back_title, Employee.rank_id,
                  Position.name.label("position_name"), Position.kind.label("position_kind"),
                  Unit.name.label("unit_name"))
        .select_from(t).join(Employee, Employee.id == t.c.employee_id)
        .outerjoin(Position, sa.and_(Position.tenant_id == Employee.tenant_id, Position.id == Employee.position_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .where(t.c.box.in_(boxes))
        .order_by(t.c.box.desc(), t.c.potential.desc().nulls_last(), Employee.full_name, Employee.id)
        .limit(per_page + 1).offset((page - 1) * per_page)).all()
    return tuple(rows[:per_page]), len(rows) > per_page


# --- succession --------------------------------------------------------------------------

def succession_positions() -> list:
    holder_count = (sa.select(sa.func.count()).where(Employee.position_id == Position.id,
                                                     Employee.status == "active").scalar_subquery())
    return db.session.execute(
        sa.select(SuccessionPosition, Position.name, Position.kind, Unit.name.label("unit_name"),
                  holder_count.label("holders"), Position.quota)
        .join(Position, sa.and_(Position.tenant_id == SuccessionPosition.tenant_id,
                                Position.id == SuccessionPosition.position_id))
        .join(Unit, sa.and_(Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id))
        .order_by(SuccessionPosition.kind, Position.name)).all()


def _rank_eligible(position: Position):
    """Whether an employee may hold the position: a PNS by its golongan range, a PPPK (who has no
    golongan/ruang) when the position admits PPPK; each kind only where the position admits it."""
    clauses = [Employee.rank_id.is_not(None)] if (position.min_rank_id or position.max_rank_id) else []
    if position.min_rank_id:
        clauses.append(Employee.rank_id >= position.min_rank_id)
    if position.max_rank_id:
        clauses.append(Employee.rank_id <= position.max_rank_id)
    pns = sa.and_(Employee.employment_type == "PNS", *clauses) if position.allows_kind("PNS") else sa.false()
    pppk = Employee.employment_type != "PNS" if position.allows_kind("PPPK") else sa.false()
    return sa.or_(pns, pppk)


def succession_candidates(rules: Rules, position: Position, *, limit: int = 25,
                          as_of: dt.date | None = None) -> list:
    """Active employees other than the position's holders, ranked: rank-eligible first, then by JPM
    against the position's standard, then by box. Three joins, one query, plus the box lookup."""
    s = CompetencyStandard
    cur = current_levels(rules, as_of)
    eligible = _rank_eligible(position)
    got = sa.func.sum(_got(cur))
    req = sa.func.sum(s.required_level)
    ranked = (sa.select(Employee.id.label("employee_id"), jpm_percent(got, req).label("jpm"),
                        sa.func.bool_and(eligible).label("eligible"))
              .select_from(Employee)
              .join(s, sa.and_(s.tenant_id == Employee.tenant_id, s.position_id == position.id))
              .outerjoin(cur, sa.and_(cur.c.employee_id == Employee.id, cur.c.competency_id == s.competency_id))
              .where(Employee.status == "active", Employee.position_id.is_distinct_from(position.id))
              .group_by(Employee.id)
              .order_by(sa.func.bool_and(eligible).desc(), jpm_percent(got, req).desc(), Employee.id)
              .limit(limit * 4)).subquery("ranked")
    t = talent_select(rules, employee_ids=sa.select(ranked.c.employee_id), as_of=as_of).subquery("t")
    rows = db.session.execute(
        sa.select(ranked.c.employee_id, ranked.c.jpm, ranked.c.eligible, t.c.box, Employee.full_name,
                  Employee.front_title, Employee.back_title, Employee.rank_id, Position.name.label("position_name"),
                  Unit.name.label("unit_name"))
        .select_from(ranked).join(Employee, Employee.id == ranked.c.employee_id)
        .outerjoin(t, t.c.employee_id == ranked.c.employee_id)
        .outerjoin(Position, sa.and_(Position.tenant_id == Employee.tenant_id, Position.id == Employee.position_id))
        .outerjoin(Unit, sa.and_(Unit.tenant_id == Employee.tenant_id, Unit.id == Employee.unit_id))
        .order_by(ranked.c.eligible.desc(), ranked.c.jpm.desc(), t.c.box.desc().nulls_last(), Employee.id)
        .limit(limit)).all()
    return rows


# --- career opportunities -------------------------------------------------------------------

def career_options(rules: Rules, employee: Employee, *, vacant_only: bool = False, eligible_only: bool = False,
                   page: int = 1, per_page: int = 20, as_of: dt.date | None = None):
    """Positions with a standard, vacant first, then by the employee's JPM against each, with
    what is missing for the shown ones. Three queries whatever the page size."""
    s = CompetencyStandard
    cur = current_levels(rules, as_of, employee_ids=[employee.id])
    fit = (sa.select(s.position_id, sa.func.sum(s.required_level).label("req"), sa.func.sum(_got(cur)).label("got"),
                     jpm_percent(sa.func.sum(_got(cur)), sa.func.sum(s.required_level)).label("jpm"))
           .select_from(s).outerjoin(cur, cur.c.competency_id == s.competency_id)
           .group_by(s.position_id).subquery("fit"))
    holders = (sa.select(Employee.position_id, sa.func.count().label("n")).where(Employee.status == "active")
               .group_by(Employee.position_id).subquery("holders"))
    vacant = sa.func.coalesce(holders.c.n, 0) < Position.quota
    rank = employee.rank_id
    if employee.employment_type != "PNS":  # a PPPK: the positions that admit PPPK, no golongan range
        eligible = Position.holder_kinds != "PNS"
    elif rank is not None:
        eligible = sa.and_(Position.holder_kinds != "PPPK",
                           sa.or_(Position.min_rank_id.is_(None), sa.literal(rank) >= Position.min_rank_id),
                           sa.or_(Position.max_rank_id.is_(None), sa.literal(rank) <= Position.max_rank_id))
    else:
        eligible = sa.and_(Position.holder_kinds != "PPPK", Position.min_rank_id.is_(None),
                           Position.max_rank_id.is_(None))
    stmt = (sa.select(Position.id, Position.name, Position.kind, Position.min_rank_id, Position.max_rank_id,
                      Position.quota, Unit.name.label("unit_name"), fit.c.jpm, vacant.label("vacant"),
                      eligible.label("eligible"))
            .join(fit, fit.c.position_id == Position.id)
            .join(Unit, sa.and_(Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id))
            .outerjoin(holders, holders.c.position_id == Position.id)
            .where(Position.id.is_distinct_from(employee.position_id)))
    if vacant_only:
        stmt = stmt.where(vacant)
    if eligible_only:
        stmt = stmt.where(eligible)
    rows = db.session.execute(stmt.order_by(vacant.desc(), fit.c.jpm.desc(), eligible.desc(), Position.name,
                                            Position.id)
                              .limit(per_page + 1).offset((page - 1) * per_page)).all()
    rows, has_next = rows[:per_page], len(rows) > per_page
    return rows, missing_for(cur, [r.id for r in rows]), has_next


def placement_of(rules: Rules, employee_id: int):
    """One employee's row of the 9-box (kinerja, potential, box), or None when they cannot be placed."""
    return db.session.execute(talent_select(rules, employee_ids=[employee_id])).first()


def missing_for(cur, position_ids: list[int]) -> dict[int, list]:
    """Per position: the competencies where the current level is below the standard."""
    if not position_ids:
        return {}
    s, c = CompetencyStandard, Competency
    out: dict[int, list] = {}
    for r in db.session.execute(
            sa.select(s.position_id, c.code, c.name, s.required_level, cur.c.level)
            .select_from(s).join(c, sa.and_(c.tenant_id == s.tenant_id, c.id == s.competency_id))
            .outerjoin(cur, cur.c.competency_id == s.competency_id)
            .where(s.position_id.in_(position_ids), sa.func.coalesce(cur.c.level, 0) < s.required_level)
            .order_by(s.position_id, (s.required_level - sa.func.coalesce(cur.c.level, 0)).desc(), c.code)):
        out.setdefault(r.position_id, []).append(r)
    return out


@datacache.warmer("competency")
def warm_region_views() -> None:
    """What HR opens first, for the whole region: the heatmap by position kind, the JPM
    distribution, the 9-box, each box's first page and the talent pool's (the same arguments the
    pages pass, so the same keys)."""
    rules = load_rules()
    region = {"unit_id": None, "kind": None}
    heatmap(rules, group="kind", **region)
    jpm_distribution(rules, **region)
    nine_box_counts(rules, **region)
    unplaced_counts(rules, **region)
    for box in range(1, 10):
        box_members(rules, (box,), page=1, **region)
    box_members(rules, TALENT_POOL_BOXES, page=1, per_page=100, **region)
