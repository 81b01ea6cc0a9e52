"""Demo competency data, so the heatmap, the gap pages and the 9-box of a demo tenant show
something: the national competencies' default standards for every position, assessment-centre
results for a share of the active employees (around their position's standard, deterministic per
employee), and potential scores for the same people. Idempotent: a second run finds the demo batch
and changes nothing. Also used by the load benchmark (bench/load) for its 20,000-employee tenant."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from jenjang.competency import operations
from jenjang.competency.models import CompetencyAssessment, CompetencyStandard, PotentialScore
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people.api import POSITION_KINDS, Employee
from jenjang.tenancy.context import require_tenant_id, tenant_context
from jenjang.tenancy.models import utcnow

BATCH = "demo"
ASSESSOR = "Contoh data demo (assessment center)"


def seed_demo_competency(tenant, share_percent: int = 60) -> str:
    """Standards for all positions, then assessments and potential scores for about
    `share_percent`% of the active employees who hold a position. Set-based: a few statements."""
    with tenant_context(tenant.id):
        tid = require_tenant_id()
        if db.session.scalar(sa.select(CompetencyAssessment.id).where(CompetencyAssessment.batch == BATCH).limit(1)):
            return "demo competency data present"
        operations.apply_default_standards(list(POSITION_KINDS))
        picked = sa.and_(Employee.tenant_id == tid, Employee.status == "active", Employee.position_id.is_not(None),
                         (Employee.id * 7919) % 100 < share_percent)
        # A level around the standard: -2 … +1, clamped to 1 … 5, mixed per (employee, competency).
        level = sa.func.least(5, sa.func.greatest(
            1, CompetencyStandard.required_level - 2 + (Employee.id * 13 + CompetencyStandard.competency_id * 7) % 4))
        assessed_on = sa.literal(clock.today(), sa.Date) - sa.cast((Employee.id * 31) % 600 + 30, sa.Integer)
        source = (sa.select(sa.literal(tid), Employee.id, CompetencyStandard.competency_id, level,
                            sa.literal("assessment_center"), assessed_on, sa.literal(ASSESSOR), sa.literal(BATCH),
                            sa.literal(utcnow(), sa.DateTime(timezone=True)), sa.literal("demo"))
                  .select_from(Employee)
                  .join(CompetencyStandard, sa.and_(CompetencyStandard.tenant_id == Employee.tenant_id,
                                                    CompetencyStandard.position_id == Employee.position_id))
                  .where(picked))
        db.session.execute(pg_insert(CompetencyAssessment).from_select(
            ["tenant_id", "employee_id", "competency_id", "level", "source", "assessed_on", "assessor", "batch",
             "recorded_at", "recorded_by"], source))
        score = sa.cast(35 + (Employee.id * 37) % 6000 / 100.0, sa.Numeric(5, 2))
        potential = (sa.select(sa.literal(tid), Employee.id, score, assessed_on, sa.literal(ASSESSOR),
                               sa.literal(utcnow(), sa.DateTime(timezone=True)))
                     .select_from(Employee).where(picked))
        db.session.execute(pg_insert(PotentialScore).from_select(
            ["tenant_id", "employee_id", "score", "assessed_on", "assessor", "recorded_at"], potential))
        db.session.flush()
        assessed = db.session.scalar(sa.select(sa.func.count()).select_from(CompetencyAssessment)
                                     .where(CompetencyAssessment.batch == BATCH))
        scored = db.session.scalar(sa.select(sa.func.count()).select_from(PotentialScore))
        standards = db.session.scalar(sa.select(sa.func.count()).select_from(CompetencyStandard))
        return f"{standards} standard cells, {assessed} demo assessments, {scored} potential scores"
