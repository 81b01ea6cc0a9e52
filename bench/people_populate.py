"""`flask demo populate` speed: a 20,000-employee tenant (OPD tree, positions, employees with rank
and position histories and three years of SKP). Budget: ≤ 60 s.

    .venv/bin/python bench/people_populate.py [--employees 20000]
"""
from __future__ import annotations

import argparse
import time

from _people import fresh_app, make_tenant, report

BUDGET_S = 60.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    args = parser.parse_args()
    app = fresh_app()
    tenant_id = make_tenant(app)

    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.people.demo.populate import populate
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.models import Tenant

    with app.app_context():
        tenant = db.session.get(Tenant, tenant_id)
        start = time.perf_counter()
        result = populate(tenant, args.employees)
        db.session.commit()
        elapsed = time.perf_counter() - start
        with tenant_context(tenant_id):
            counts = {t: db.session.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in (
                "units", "positions", "employees", "employee_rank_history", "employee_position_history",
                "employee_skp")}
    figures = [("populate", result), ("elapsed", f"{elapsed:.1f} s"),
               ("employees per second", f"{args.employees / elapsed:,.0f}")]
    figures += [(f"rows in {t}", f"{n:,}") for t, n in counts.items()]
    report(f"flask demo populate --employees {args.employees:,}", figures, f"≤ {BUDGET_S:.0f} s",
           elapsed <= BUDGET_S)


if __name__ == "__main__":
    main()
