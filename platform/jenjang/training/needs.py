"""The training-needs summary for HR: per competency, how many active employees are below their
position's standard, the average shortfall, and the programmes that target it. Aggregated in SQL
(the competency module's heatmap query), then two small queries for names and programmes."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.training.models import Programme, ProgrammeCompetency


@dataclass
class NeedRow:
    competency_id: int
    code: str
    name: str
    below: int
    assessed: int
    avg_gap: float
    programmes: list = field(default_factory=list)  # (id, title, jp)


def summary(unit_id: int | None = None) -> list[NeedRow]:
    from jenjang.competency import queries as cq
    from jenjang.competency.models import Competency
    from jenjang.competency.settings import load_rules

    cells = cq.heatmap(load_rules(), group="kind", unit_id=unit_id)
    agg: dict[int, list] = {}
    for c in cells:
        entry = agg.setdefault(c.competency_id, [0, 0, 0.0])
        entry[0] += c.below
        entry[1] += c.n
        entry[2] += float(c.avg_gap) * c.n
    ids = [cid for cid, (below, _n, _g) in agg.items() if below > 0]
    if not ids:
        return []
    names = {r.id: r for r in db.session.execute(sa.select(Competency.id, Competency.code, Competency.name)
                                                 .where(Competency.id.in_(ids)))}
    progs: dict[int, list] = {}
    for cid, pid, title, jp in db.session.execute(
            sa.select(ProgrammeCompetency.competency_id, Programme.id, Programme.title, Programme.jp)
            .join(Programme, sa.and_(Programme.tenant_id == ProgrammeCompetency.tenant_id,
                                     Programme.id == ProgrammeCompetency.programme_id))
            .where(ProgrammeCompetency.competency_id.in_(ids), Programme.active.is_(True))
            .order_by(Programme.title)):
        progs.setdefault(cid, []).append((pid, title, jp))
    rows = [NeedRow(cid, names[cid].code, names[cid].name, agg[cid][0], agg[cid][1],
                    round(agg[cid][2] / agg[cid][1], 2) if agg[cid][1] else 0.0, progs.get(cid, []))
            for cid in ids if cid in names]
    rows.sort(key=lambda r: (-r.below, -r.avg_gap, r.code))
    return rows
