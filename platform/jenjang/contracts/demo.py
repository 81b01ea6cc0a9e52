"""Demo renewals: in a demo region with PPPK whose contract ends within 90 days, one renewal case in
progress (the unit's proposal), so HR and the PPK of a demo tenant find one waiting; that PPPK gets
the demo sign-in pppk@<slug>.demo, to see "Perjanjian kerja saya" as the employee does."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.contracts import operations, queries
from jenjang.contracts.models import ContractRenewal
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people.api import EmploymentContract, attach_demo_login
from jenjang.tenancy.context import tenant_context
from jenjang.workflow import api as workflow


def seed_demo_renewal(tenant, within_days: int = 90) -> str:
    with tenant_context(tenant.id):
        if db.session.scalar(sa.select(sa.func.count()).select_from(ContractRenewal)):
            return "contract renewals present"
        operations.ensure_workflow()
        today = clock.today()
        months = queries.get_settings().min_months
        for contract, _employee in queries.contracts_due_for_reminder(today, within_days):
            try:
                with db.session.begin_nested():
                    operations.open_renewal(contract, months=months, note="Contoh data demo", today=today)
            except (operations.ContractError, workflow.TransitionRefused):
                continue
            db.session.flush()
            login = attach_demo_login(tenant, _employee)
            return f"1 demo renewal case for contract {contract.number}" + (f"; {login}" if login else "")
        ending = db.session.scalar(sa.select(sa.func.count()).select_from(EmploymentContract))
        return f"no PPPK contract ends within {within_days} days ({ending} contracts): no demo renewal"
