"""The directory's first page with 50,000 employees in the tenant: median response time over
repeated requests as HR, and the number of SQL statements for 10 and for 100 rows per page.
Budget: ≤ 100 ms median; the same number of statements whatever the page size.

    .venv/bin/python bench/people_directory.py [--employees 50000] [--runs 30]
"""
from __future__ import annotations

import argparse
import statistics
import time

from _people import fresh_app, make_tenant, report

BUDGET_MS = 100.0
PASSWORD = "rahasia-yang-panjang"  # noqa: S105 - a throwaway account in a throwaway database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    app = fresh_app()
    tenant_id = make_tenant(app)

    import sqlalchemy as sa

    from jenjang.auth import operations as auth_ops
    from jenjang.extensions import db
    from jenjang.people.demo.populate import populate
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.models import Tenant

    with app.app_context():
        start = time.perf_counter()
        populate(db.session.get(Tenant, tenant_id), args.employees)
        db.session.commit()
        built = time.perf_counter() - start
    with app.test_request_context(), tenant_context(tenant_id):
        auth_ops.create_user(full_name="HR Bench", email="hr@bench.demo", roles=["hr"], password=PASSWORD)
        db.session.commit()
    # Statistics, as autovacuum would gather them after a bulk load (the app role may not ANALYZE).
    owner = sa.create_engine(app.config["OWNER_DATABASE_URL"], poolclass=sa.pool.NullPool)
    with owner.connect() as conn:
        conn.execute(sa.text("ANALYZE"))
        conn.commit()
    owner.dispose()

    client = app.test_client()
    base = "http://benchkota.localhost"
    client.post("/login", data={"login": "hr@bench.demo", "password": PASSWORD}, base_url=base)

    def timed(path: str, headers=None) -> list[float]:
        client.get(path, base_url=base, headers=headers)  # warm
        out = []
        for _ in range(args.runs):
            t = time.perf_counter()
            response = client.get(path, base_url=base, headers=headers)
            out.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.status_code
        return out

    statements: list[str] = []

    def listener(conn, cursor, statement, *a):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    counts = {}
    for per_page in (10, 100):
        statements.clear()
        sa.event.listen(engine, "before_cursor_execute", listener)
        client.get(f"/people?per_page={per_page}", base_url=base)
        sa.event.remove(engine, "before_cursor_execute", listener)
        counts[per_page] = len(statements)
    page = timed("/people")
    fragment = timed("/people?q=sri", headers={"HX-Request": "true"})
    nip_search = timed("/people?q=1985", headers={"HX-Request": "true"})
    unit_filter = timed("/people?unit=1&sort=rank", headers={"HX-Request": "true"})
    median = statistics.median(page)
    figures = [
        ("tenant built", f"{args.employees:,} employees in {built:.1f} s"),
        ("first page (full HTML), median / p95", f"{median:.1f} ms / {sorted(page)[int(len(page) * .95) - 1]:.1f} ms"),
        ("name search 'sri' (htmx fragment), median", f"{statistics.median(fragment):.1f} ms"),
        ("NIP prefix search (htmx fragment), median", f"{statistics.median(nip_search):.1f} ms"),
        ("unit filter with subunits, sorted by rank", f"{statistics.median(unit_filter):.1f} ms"),
        ("SQL statements for 10 rows / 100 rows", f"{counts[10]} / {counts[100]}"),
    ]
    report(f"directory with {args.employees:,} employees", figures,
           f"≤ {BUDGET_MS:.0f} ms median; same statements for any page size",
           median <= BUDGET_MS and counts[10] == counts[100])


if __name__ == "__main__":
    main()
