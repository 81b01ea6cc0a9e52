"""Competency aggregates at regional scale: 20,000 employees × 15 competencies (300,000 assessments).

    .venv/bin/python bench/competency_aggregates.py [--employees 20000] [--runs 5]

Builds a scratch database (`jenjang_bench_comp` on DATABASE_URL's server) with one tenant: 40
units, 400 positions with a 15-competency standard each (9 national + 6 teknis), the employees,
15 assessments each (mixed sources and dates over two years) and an SKP predicate each, all with
bulk INSERT … SELECT. Then times, as the app role under row level security:

- the tenant heatmap (competencies × position kinds, and × positions) in SQL    budget ≤ 1 s
- the 9-box counts in SQL                                                       budget ≤ 1 s
- the JPM distribution                                                          (reported)
- an employee's gap page over HTTP (Flask test client), median of 50            budget ≤ 100 ms
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
BENCH_DB = "jenjang_bench_comp"
AGGREGATE_BUDGET = 1.0
GAP_PAGE_BUDGET = 0.100
PASSWORD = "bench-password-panjang"  # noqa: S105 - scratch database only


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


SEED_SQL = [
    # 40 units, 400 positions (10 per unit, the kinds in turn), 6 teknis competencies.
    """INSERT INTO units (tenant_id, name, kind, sort_order, created_at, code)
       SELECT :t, 'Dinas ' || g, 'dinas', g, now(), 'U' || g FROM generate_series(1, 40) g""",
    """INSERT INTO positions (tenant_id, unit_id, name, kind, functional_level, is_head, quota, created_at, code,
                              min_rank_id, max_rank_id)
       SELECT :t, u.id, 'Jabatan ' || g, k.kind, k.fl, false, 60, now(), 'P' || g, 9, 14
       FROM generate_series(0, 399) g
       JOIN LATERAL (SELECT id FROM units WHERE tenant_id = :t ORDER BY id OFFSET (g % 40) LIMIT 1) u ON true
       JOIN LATERAL (SELECT (ARRAY['jpt_pratama','administrator','pengawas','fungsional','pelaksana'])[1 + g % 5]
                            AS kind,
                            CASE WHEN g % 5 = 3 THEN 'ahli_muda' END AS fl) k ON true""",
    """INSERT INTO competencies (tenant_id, code, name, kind, field, is_national, sort_order, created_at)
       SELECT :t, 'T.' || g, 'Teknis ' || g, 'teknis', 'Bidang ' || (g % 3), false, 100 + g, now()
       FROM generate_series(1, 6) g""",
    """INSERT INTO competency_standards (tenant_id, position_id, competency_id, required_level, updated_at)
       SELECT :t, p.id, c.id, 1 + ((p.id * 7 + c.id * 3) % 4), now()
       FROM positions p CROSS JOIN competencies c WHERE p.tenant_id = :t AND c.tenant_id = :t""",
    # Employees: unique NIPs from (birth day, sequence); each holds one of the 400 positions.
    """INSERT INTO employees (tenant_id, nip, full_name, email, status, employment_type, position_id, unit_id,
                              rank_id, created_at, updated_at)
       SELECT :t, to_char(date '1970-01-01' + (g % 9000), 'YYYYMMDD') || '201505' || (1 + g % 2)::text
                  || lpad((1 + g / 9000)::text, 3, '0'),
              'Pegawai Bench ' || g, NULL, 'active', 'PNS', p.id, p.unit_id, 9 + g % 6, now(), now()
       FROM generate_series(0, :n - 1) g
       JOIN (SELECT id, unit_id, row_number() OVER (ORDER BY id) - 1 AS rn FROM positions WHERE tenant_id = :t) p
         ON p.rn = g % 400""",
    """INSERT INTO competency_assessments (tenant_id, employee_id, competency_id, level, source, assessed_on,
                                          assessor, recorded_at)
       SELECT :t, e.id, c.id, 1 + ((e.id * 13 + c.id * 7) % 5),
              (ARRAY['assessment_center','competency_test','feedback_360','supervisor'])[1 + (e.id + c.id) % 4],
              current_date - ((e.id * 31 + c.id * 17) % 700)::int, 'Asesor', now()
       FROM employees e CROSS JOIN competencies c WHERE e.tenant_id = :t AND c.tenant_id = :t""",
    """INSERT INTO employee_skp (tenant_id, employee_id, year, predicate, recorded_at)
       SELECT :t, e.id, extract(year FROM current_date)::int - 1,
              (ARRAY['sangat_baik','baik','baik','butuh_perbaikan','kurang'])[1 + e.id % 5], now()
       FROM employees e WHERE e.tenant_id = :t""",
]


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from jenjang import create_app
    from jenjang.auth import operations as auth_ops
    from jenjang.competency import queries, talent
    from jenjang.competency.settings import load_rules
    from jenjang.extensions import db
    from jenjang.people.models import Employee
    from jenjang.tenancy import operations as tenancy_ops
    from jenjang.tenancy.bootstrap import bootstrap
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.dbroles import console_role
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
            "kompbench", name="Pemerintah Kota Bench", kind="kota", province="Sumatera Utara",
            hr_agency_name="BKPSDM Kota Bench", timezone="WIB", locale="id", primary_color="#1f6f5c")
        db.session.commit()
        tid = tenant.id

    print(f"seeding {args.employees} employees × 15 competencies …", flush=True)
    started = time.perf_counter()
    engine = sa.create_engine(owner_url)
    with engine.begin() as conn:
        for stmt in SEED_SQL:
            conn.execute(sa.text(stmt), {"t": tid, "n": args.employees})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
        counts = conn.execute(sa.text(
            "SELECT (SELECT count(*) FROM employees), (SELECT count(*) FROM competency_assessments), "
            "(SELECT count(*) FROM competency_standards)")).one()
    engine.dispose()
    print(f"seeded in {time.perf_counter() - started:.1f} s: {counts[0]} employees, {counts[1]} assessments, "
          f"{counts[2]} standard cells", flush=True)

    results = {}
    with app.test_request_context(), tenant_context(tid):
        rules = load_rules()
        results["heatmap × position kinds"] = timed(lambda: queries.heatmap(rules, group="kind"), args.runs)
        results["heatmap × positions"] = timed(lambda: queries.heatmap(rules, group="position"), args.runs)
        results["9-box counts"] = timed(lambda: talent.nine_box_counts(rules), args.runs)
        results["JPM distribution"] = timed(lambda: queries.jpm_distribution(rules), args.runs)
        hr_employee = db.session.scalar(sa.select(Employee).order_by(Employee.id).limit(1))
        auth_ops.create_user(full_name="HR Bench", email="hr@kompbench.demo", roles=["hr"], employee=hr_employee,
                             password=PASSWORD)
        sample = list(db.session.scalars(sa.select(Employee.id).order_by(sa.func.random()).limit(50)))
        db.session.commit()

    client = TenantClient(app, "kompbench.localhost")
    client.login("hr@kompbench.demo", PASSWORD)
    client.get(f"/competency/employees/{sample[0]}")  # warm up templates and the pool
    page_times = []
    for employee_id in sample:
        started = time.perf_counter()
        response = client.get(f"/competency/employees/{employee_id}")
        page_times.append(time.perf_counter() - started)
        assert response.status_code == 200 and "JPM" in response.get_data(as_text=True)

    ok = True
    print(f"\nmachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; median of {args.runs} runs")
    for name, (seconds, result) in results.items():
        budget = AGGREGATE_BUDGET if name != "JPM distribution" else None
        verdict = "" if budget is None else (" OK" if seconds <= budget else " MISSED")
        ok &= budget is None or seconds <= budget
        size = len(result) if isinstance(result, list | dict) else ""
        print(f"{name:28s} {seconds * 1000:8.0f} ms  ({size} rows){'' if budget is None else f'  budget ≤ {budget * 1000:.0f} ms'}{verdict}")
    boxes = results["9-box counts"][1]
    print("9-box counts: " + ", ".join(f"{k}: {boxes[k]}" for k in sorted(boxes, key=lambda k: (k is None, k))))
    median_page = statistics.median(page_times)
    ok &= median_page <= GAP_PAGE_BUDGET
    print(f"{'gap page (HTTP, 50 people)':28s} {median_page * 1000:8.1f} ms median, "
          f"p90 {sorted(page_times)[int(len(page_times) * 0.9)] * 1000:.1f} ms  budget ≤ 100 ms"
          f"{' OK' if median_page <= GAP_PAGE_BUDGET else ' MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
