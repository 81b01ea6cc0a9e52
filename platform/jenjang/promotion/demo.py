"""Demo promotion cases, so HR, the committee and the PPK of a demo tenant find work waiting."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.people.api import Employee
from jenjang.promotion import candidates, operations
from jenjang.promotion import settings as promo_settings
from jenjang.promotion.models import PromotionCase
from jenjang.tenancy.context import tenant_context
from jenjang.workflow import api as workflow


def seed_demo_cases(tenant, how_many: int = 4) -> str:
    with tenant_context(tenant.id):
        if db.session.scalar(sa.select(sa.func.count()).select_from(PromotionCase)):
            return "promotion cases present"
        operations.ensure_workflows()
        period = promo_settings.upcoming_periods(count=1)[0]
        eligible = [c for c in candidates.candidates("reguler", period, limit=200) if c.eligible][:how_many]
        opened = 0
        for candidate in eligible:
            employee = db.session.scalar(sa.select(Employee).where(Employee.id == candidate.employee_id))
            try:
                with db.session.begin_nested():
                    operations.open_case(employee, "reguler", period, note="Contoh data demo")
                opened += 1
            except (operations.PromotionError, workflow.TransitionRefused):
                continue
        db.session.flush()
        return f"{opened} demo promotion cases for {period.isoformat()}"
