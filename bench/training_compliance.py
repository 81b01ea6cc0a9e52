"""The JP compliance report at regional scale: 20,000 employees (the demo populate) and 100,000
ledger rows. Budget: the unit compliance report ≤ 1 s.

    .venv/bin/python bench/training_compliance.py [--employees 20000] [--entries 100000] [--runs 5]

Builds a scratch database (`jenjang_bench_training_compliance` on DATABASE_URL's server, or
JENJANG_BENCH_TRAINING_DB) with one tenant: the OPD tree and employees from
`people.demo.populate.populate`, then 100,000 jp_entries in one INSERT … SELECT (this year and last,
every source, 1–24 JP each). Then times, as the app role under row level security:

- the top-level report (every OPD, sub-units rolled up) in SQL                  budget ≤ 1 s
- the drill-down into the largest OPD (its sub-units, rolled up)                budget ≤ 1 s
- the first page of people behind, region-wide                                  (reported)
- the compliance page over HTTP (Flask test client, HR signed in)               budget ≤ 1 s
- the xlsx export of the whole region (units + everyone behind)                 (reported)
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("JENJANG_BENCH_TRAINING_DB", "jenjang_bench_training_compliance")
BUDGET = 1.0
PASSWORD = "bench-password-panjang"  # noqa: S105 - scratch database only

LEDGER_SQL = """
WITH emp AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM employees WHERE tenant_id = :t),
     total AS (SELECT count(*) AS n FROM emp)
INSERT INTO jp_entries (tenant_id, employee_id, year, occurred_on, source, source_ref, title, jp, classical,
                        created_at)
SELECT :t, emp.id, extract(year FROM d.day)::int, d.day,
       (ARRAY['training', 'external', 'mentoring', 'manual'])[1 + g % 4], 'bench:' || g,
       'Kegiatan pengembangan ' || g, 1 + (g * 7919 % 24), g % 4 <> 2, now()
FROM generate_series(0::bigint, :n - 1) g
CROSS JOIN LATERAL (SELECT make_date(extract(year FROM current_date)::int - (g % 5 = 0)::int, 1, 1)
                           + ((g * 104729) % 330)::int AS day) d
JOIN emp ON emp.rn = (g * 2654435761) % (SELECT n FROM total)
"""


def scratch_database() -> str:
    from jenjang.config import normalise_db_url

    base = os.environ.get("DATABASE_URL")
    if not base:
        from jenjang import embedded

        base = embedded.database_url("postgres")
    url = make_url(normalise_db_url(base))
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                     "AND pid <> pg_backend_pid()", (BENCH_DB,))
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return url.set(database=BENCH_DB).render_as_string(hide_password=False)


def timed(fn, runs: int):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from jenjang import create_app
    from jenjang.auth import operations as auth_ops
    from jenjang.extensions import db
    from jenjang.people.demo.populate import populate
    from jenjang.tenancy import operations as tenancy_ops
    from jenjang.tenancy.bootstrap import bootstrap
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.dbroles import console_role
    from jenjang.tenancy.models import Tenant
    from jenjang.training.ledger import compliance
    from jenjang.training.settings import get_settings
    from tests.helpers import TenantClient

    owner_url = scratch_database()
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        from jenjang import embedded

        redis_url = embedded.redis_url()
    app = create_app({"DATABASE_URL": owner_url, "REDIS_URL": redis_url, "JENJANG_ENV": "test",
                      "SECRET_KEY": "bench", "BASE_DOMAIN": "localhost"})
    app.config.update(TESTING=True, EXTERNAL_PORT=None)
    with app.app_context():
        upgrade(revision="heads")
    bootstrap(owner_url, app.config["APP_DB_ROLE"], "jenjang_app",
              console_role=app.config["CONSOLE_DB_ROLE"])

    with app.test_request_context(), console_role():  # provisioning: the console role
        tenant = tenancy_ops.create_tenant(
            "jpbench", name="Pemerintah Kota Bench", kind="kota", province="Sumatera Utara",
            hr_agency_name="BKPSDM Kota Bench", timezone="WIB", locale="id", primary_color="#1f6f5c")
        db.session.commit()
        tid = tenant.id

    started = time.perf_counter()
    with app.app_context():
        print("populate:", populate(db.session.get(Tenant, tid), args.employees), flush=True)
        db.session.commit()
    print(f"populated in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    engine = sa.create_engine(owner_url)
    with engine.begin() as conn:
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tid)})
        conn.execute(sa.text(LEDGER_SQL), {"t": tid, "n": args.entries})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
        counts = conn.execute(sa.text(
            "SELECT (SELECT count(*) FROM employees), (SELECT count(*) FROM units), (SELECT count(*) FROM jp_entries),"
            " (SELECT count(*) FROM jp_entries WHERE year = extract(year FROM current_date))")).one()
    engine.dispose()
    print(f"ledger seeded in {time.perf_counter() - started:.1f} s: {counts[0]:,} employees, {counts[1]:,} units, "
          f"{counts[2]:,} ledger rows ({counts[3]:,} this year)", flush=True)

    import datetime as dt

    year = dt.date.today().year
    results = {}
    with app.test_request_context(), tenant_context(tid):
        target = get_settings().target_jp
        results["top level (every OPD, rolled up)"] = timed(lambda: compliance.unit_report(year, None, target),
                                                             args.runs)
        rows, total = results["top level (every OPD, rolled up)"][1]
        largest = max((r for r in rows if r.unit_id), key=lambda r: r.employees)
        results[f"drill-down ({largest.name[:30]})"] = timed(
            lambda: compliance.unit_report(year, largest.unit_id, target), args.runs)
        results["people behind, first page"] = timed(lambda: compliance.behind(year, None, target), args.runs)
        auth_ops.create_user(full_name="HR Bench", email="hr@jpbench.demo", roles=["hr"], password=PASSWORD)
        db.session.commit()

    client = TenantClient(app, "jpbench.localhost")
    client.login("hr@jpbench.demo", PASSWORD)
    client.get("/training/compliance")  # warm up templates and the pool
    page_times, export_times = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        response = client.get("/training/compliance")
        page_times.append(time.perf_counter() - t0)
        assert response.status_code == 200 and "Kepatuhan" in response.get_data(as_text=True)
    for _ in range(2):
        t0 = time.perf_counter()
        response = client.get("/training/compliance/export.xlsx")
        export_times.append(time.perf_counter() - t0)
        assert response.status_code == 200

    ok = True
    print(f"\nmachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; median of {args.runs} runs")
    print(f"region {year}: {total.employees:,} employees, {total.compliant:,} at ≥ {target} JP "
          f"({total.share}%), average {float(total.average):.1f} JP, {len(rows)} OPD rows")
    for name, (seconds, _result) in results.items():
        budget = BUDGET if not name.startswith("people") else None
        verdict = "" if budget is None else (" OK" if seconds <= budget else " MISSED")
        ok &= budget is None or seconds <= budget
        print(f"{name:42s} {seconds * 1000:8.0f} ms{'' if budget is None else f'  budget ≤ {budget * 1000:.0f} ms'}"
              f"{verdict}")
    page = statistics.median(page_times)
    ok &= page <= BUDGET
    print(f"{'compliance page (HTTP)':42s} {page * 1000:8.0f} ms  budget ≤ {BUDGET * 1000:.0f} ms"
          f"{' OK' if page <= BUDGET else ' MISSED'}")
    print(f"{'xlsx export, whole region':42s} {statistics.median(export_times) * 1000:8.0f} ms  "
          f"({total.behind:,} people behind)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
