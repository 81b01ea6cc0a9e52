"""Turning a closed cycle's results into competency assessments (source "feedback_360").

`propose` writes one proposal per employee and competency from the "all others" average (the
anonymity-safe figure of reports.py, never a hidden group alone), rounded half up to a level.
HR reviews the list, then `apply` records the chosen ones through the competency module's own
operation (`record_assessment`), so its rules (validity, precedence by source) decide how the
assessment counts. Applied proposals are never applied twice."""
from __future__ import annotations

import math

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import insert as pg_insert

from jenjang.competency import operations as competency_ops
from jenjang.competency.models import Competency
from jenjang.core import audit, clock
from jenjang.extensions import db
from jenjang.feedback import reports
from jenjang.feedback.models import FeedbackConversion, FeedbackCycle
from jenjang.feedback.operations.common import FeedbackError
from jenjang.people.api import Employee, actor_label
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import utcnow

SOURCE = "feedback_360"


def level_of(mean: float) -> int:
    return max(1, min(5, math.floor(float(mean) + 0.5)))


def propose(cycle: FeedbackCycle) -> int:
    if not cycle.is_closed:
        raise FeedbackError(_("Hasil baru dapat dijadikan penilaian kompetensi setelah siklus ditutup."))
    tid = require_tenant_id()
    rows = [{"tenant_id": tid, "cycle_id": cycle.id, "employee_id": r.subject_id, "competency_id": r.competency_id,
             "others_mean": round(float(r.others_mean), 2), "others_count": r.others_n,
             "proposed_level": level_of(r.others_mean), "status": "proposed"}
            for r in reports.results(cycle) if r.others_mean is not None]
    table = FeedbackConversion.__table__
    for start in range(0, len(rows), 5000):
        stmt = pg_insert(table).values(rows[start:start + 5000])
        stmt = stmt.on_conflict_do_update(
            index_elements=["tenant_id", "cycle_id", "employee_id", "competency_id"],
            set_={"others_mean": stmt.excluded.others_mean, "others_count": stmt.excluded.others_count,
                  "proposed_level": stmt.excluded.proposed_level},
            where=table.c.status == "proposed")
        db.session.execute(stmt)
    db.session.flush()
    return len(rows)


def apply(cycle: FeedbackCycle, conversion_ids: list[int], *, reject: bool = False) -> int:
    """Apply (or reject) the chosen proposals still waiting; returns how many."""
    if not cycle.is_closed:
        raise FeedbackError(_("Hasil baru dapat dijadikan penilaian kompetensi setelah siklus ditutup."))
    chosen = db.session.scalars(sa.select(FeedbackConversion).where(
        FeedbackConversion.cycle_id == cycle.id, FeedbackConversion.id.in_(conversion_ids or [-1]),
        FeedbackConversion.status == "proposed").with_for_update()).all()
    if not chosen:
        raise FeedbackError(_("Pilih sedikitnya satu usulan yang masih menunggu."))
    employees = {e.id: e for e in db.session.scalars(sa.select(Employee).where(
        Employee.id.in_({c.employee_id for c in chosen})))}
    assessed_on = min(clock.local_date(cycle.closed_at or utcnow()), clock.today())
    who = actor_label()
    for conv in chosen:
        if reject:
            conv.status = "rejected"
        else:
            row = competency_ops.record_assessment(
                employees[conv.employee_id], competency_id=conv.competency_id, level=conv.proposed_level,
                source=SOURCE, assessed_on=assessed_on, assessor=f"360: {cycle.name}"[:200],
                evidence=_("Rata-rata penilai lain %(m)s dari %(n)s penilai, siklus %(c)s.",
                           m=f"{float(conv.others_mean):.2f}", n=conv.others_count, c=cycle.name))
            conv.status, conv.assessment_id = "applied", row.id
        conv.decided_by, conv.decided_at = who, utcnow()
    db.session.flush()
    audit.record("feedback.conversion_" + ("rejected" if reject else "applied"), cycle, after={"count": len(chosen)})
    return len(chosen)


def proposals(cycle: FeedbackCycle, *, status: str = "proposed", page: int = 1, per_page: int = 100) -> tuple[list, bool]:
    rows = db.session.execute(
        sa.select(FeedbackConversion, Employee.full_name, Employee.nip, Competency.code, Competency.name)
        .join(Employee, sa.and_(Employee.tenant_id == FeedbackConversion.tenant_id,
                                Employee.id == FeedbackConversion.employee_id))
        .join(Competency, sa.and_(Competency.tenant_id == FeedbackConversion.tenant_id,
                                  Competency.id == FeedbackConversion.competency_id))
        .where(FeedbackConversion.cycle_id == cycle.id, FeedbackConversion.status == status)
        .order_by(Employee.full_name, Competency.sort_order, Competency.code)
        .offset((page - 1) * per_page).limit(per_page + 1)).all()
    return rows[:per_page], len(rows) > per_page


def counts(cycle: FeedbackCycle) -> dict[str, int]:
    return dict(db.session.execute(sa.select(FeedbackConversion.status, sa.func.count()).where(
        FeedbackConversion.cycle_id == cycle.id).group_by(FeedbackConversion.status)).all())
