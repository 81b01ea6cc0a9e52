"""The region-wide aggregates of competency mapping: the heatmap (row group × competency), the JPM
distribution, the biggest gaps and the labels of the heatmap's rows. Computed in SQL and cached
per tenant until the data under them changes (core/datacache.py). Read from the analysis page, its
export and the cache warmer; the 9-box is in talent.py."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.competency.models import CompetencyStandard
from jenjang.competency.queries import current_levels, employee_jpm_select, roomy_sort, rules_key, scope_where
from jenjang.competency.settings import Rules
from jenjang.core import clock, datacache
from jenjang.extensions import db
from jenjang.people.api import Employee, Position, Unit
from jenjang.people.labels import POSITION_KIND_LABELS

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


