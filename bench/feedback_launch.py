"""Launching a 360 cycle for a whole region: 20,000 employees → about 100,000 rater assignments
and one outbox row per rater, in one transaction.

    .venv/bin/python bench/feedback_launch.py [--employees 20000]

Builds a scratch database (`jenjang_bench_fb_launch`) with `populate` (see bench/_feedback.py),
then times `tasks.launch` (what the RQ job runs: assignments in bulk INSERTs from the reporting
lines, notifications through `announce`, the reminder) plus the commit. Budget: ≤ 30 s.
"""
from __future__ import annotations

import argparse
import sys
import time

from _feedback import build, new_cycle

BUDGET = 30.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    args = parser.parse_args()
    app, tid, _ = build("jenjang_bench_fb_launch", args.employees)

    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.feedback import tasks
    from jenjang.tenancy.context import tenant_context

    with app.test_request_context(), tenant_context(tid):
        cycle = new_cycle()
        db.session.commit()
        cycle.status = "launching"
        db.session.flush()
        started = time.perf_counter()
        result = tasks.launch(cycle)
        db.session.commit()  # enqueues the delivery chunks after the commit
        elapsed = time.perf_counter() - started
        outbox = db.session.scalar(sa.text("SELECT count(*) FROM notifications WHERE kind = 'feedback.assigned'"))
    print(f"launch: {result['assignments']} assignments, {outbox} outbox rows in {elapsed:.1f} s "
          f"(budget ≤ {BUDGET:.0f} s)")
    return 0 if elapsed <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
