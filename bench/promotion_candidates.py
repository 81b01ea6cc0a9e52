"""Promotion candidates for a 20,000-employee tenant, computed in SQL.

Budget (issue 5): the candidates list for a 20,000-employee tenant in ≤ 2 s.
Run: .venv/bin/python bench/promotion_candidates.py [--employees 20000]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bench_app, flask_cli, timed  # noqa: E402

BUDGET_S = 2.0
SLUG = "bench-promosi"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    args = parser.parse_args()
    app = bench_app()
    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.people.models import Employee
    from jenjang.tenancy import operations as tenancy_ops
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.dbroles import console_role
    from jenjang.tenancy.models import Tenant

    with app.app_context():
        tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == SLUG))
        if tenant is None:
            with console_role():  # provisioning: the console role
                tenant = tenancy_ops.create_tenant(SLUG, name="Kabupaten Bench Promosi", kind="kabupaten",
                                                   province="Sumatera Utara", hr_agency_name="BKPSDM Bench")
                db.session.commit()
        tenant_id = tenant.id
        with tenant_context(tenant_id):
            have = db.session.scalar(sa.select(sa.func.count()).select_from(Employee))
    if have < args.employees:
        flask_cli("demo", "populate", SLUG, "--employees", str(args.employees))
    from jenjang.promotion import candidates, settings

    with app.test_request_context(), tenant_context(tenant_id):
        period = settings.upcoming_periods(count=1)[0]
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Employee))
        rows = []
        median, times = timed(lambda: rows.append(candidates.candidates("reguler", period)), runs=5)
        found = rows[-1]
        eligible = sum(1 for c in found if c.eligible)
    print(f"employees in tenant     : {total}")
    print(f"period                  : {period.isoformat()}")
    print(f"candidates returned     : {len(found)} ({eligible} eligible, {len(found) - eligible} missing one rule)")
    print(f"candidates query median : {median * 1000:.0f} ms  (runs: {', '.join(f'{t * 1000:.0f}' for t in times)} ms)")
    print(f"budget                  : ≤ {BUDGET_S * 1000:.0f} ms  → {'OK' if median <= BUDGET_S else 'OVER BUDGET'}")
    return 0 if median <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
