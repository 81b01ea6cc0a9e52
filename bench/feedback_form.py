"""The rater's form: page answer time and autosave round trip (Flask test client, real database).

    .venv/bin/python bench/feedback_form.py [--employees 3000] [--runs 60]

Builds a scratch database (`jenjang_bench_fb_form`), launches a cycle (9 competencies, 37 items),
logs in as one rater and times GET of a form screen, GET of the whole form on one page, and the
autosave POST (htmx). Budgets: form page median ≤ 50 ms, autosave median ≤ 30 ms.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from _feedback import build, new_cycle

PAGE_BUDGET = 0.050
SAVE_BUDGET = 0.030
PASSWORD = "bench-password-panjang"  # noqa: S105 - scratch database only


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    app, tid, _ = build("jenjang_bench_fb_form", args.employees)

    import sqlalchemy as sa

    from jenjang.auth import operations as auth_ops
    from jenjang.extensions import db
    from jenjang.feedback import tasks
    from jenjang.feedback.models import FeedbackAssignment, FeedbackItem
    from jenjang.people.models import Employee
    from jenjang.tenancy.context import tenant_context
    from tests.helpers import TenantClient

    with app.test_request_context(), tenant_context(tid):
        cycle = new_cycle()
        tasks.start_launch(cycle, inline=True)
        db.session.commit()
        a = db.session.scalar(sa.select(FeedbackAssignment).where(FeedbackAssignment.relation == "peer").limit(1))
        rater = db.session.scalar(sa.select(Employee).where(Employee.id == a.rater_employee_id))
        db.session.execute(sa.text("DELETE FROM users WHERE employee_id = :e"), {"e": rater.id})
        auth_ops.create_user(full_name=rater.full_name, email="rater@bench.go.id", employee=rater, password=PASSWORD)
        items = list(db.session.scalars(sa.select(FeedbackItem.id).where(FeedbackItem.cycle_id == cycle.id,
                                                                         FeedbackItem.kind == "scale")))
        aid = a.id
        db.session.commit()

    client = TenantClient(app, "fbbench.localhost")
    client.login("rater@bench.go.id", PASSWORD)

    def median_ms(fn, runs):
        times = []
        for i in range(runs):
            start = time.perf_counter()
            r = fn(i)
            times.append(time.perf_counter() - start)
            assert r.status_code == 200, r.status_code
        return statistics.median(times)

    median_ms(lambda i: client.get(f"/360/forms/{aid}?step=1"), 5)  # warm up
    page = median_ms(lambda i: client.get(f"/360/forms/{aid}?step={i % 9}"), args.runs)
    whole = median_ms(lambda i: client.get(f"/360/forms/{aid}?all=1"), args.runs // 3)
    save = median_ms(lambda i: client.post(f"/360/forms/{aid}/save", {f"item-{items[i % len(items)]}": str(1 + i % 5)},
                                           headers={"HX-Request": "true"}), args.runs)
    print(f"form screen median {page * 1000:.1f} ms (budget ≤ {PAGE_BUDGET * 1000:.0f} ms)")
    print(f"whole form on one page median {whole * 1000:.1f} ms (reported)")
    print(f"autosave round trip median {save * 1000:.1f} ms (budget ≤ {SAVE_BUDGET * 1000:.0f} ms)")
    return 0 if page <= PAGE_BUDGET and save <= SAVE_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
