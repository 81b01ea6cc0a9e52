"""A 20,000-row employee import (SIASN-style headers, CSV and XLSX): checked and previewed (nothing
written), then confirmed and applied in one transaction; then the same file again (whose preview
must say nothing changes). Budget: ≤ 60 s for preview + apply, memory bounded (streamed reading):
the process's peak RSS is printed before and after.

    .venv/bin/python bench/people_import.py [--rows 20000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import resource
import time

from _people import fresh_app, make_tenant, report

BUDGET_S = 60.0


def build_rows(n: int, positions: list[str]) -> list[list]:
    rng = random.Random(7)
    rows, seen = [], set()
    while len(rows) < n:
        birth = dt.date(rng.randint(1968, 1998), rng.randint(1, 12), rng.randint(1, 28))
        tmt = dt.date(birth.year + rng.randint(20, 26), rng.randint(1, 12), 1)
        if tmt.year > 2024:
            continue
        nip = f"{birth:%Y%m%d}{tmt:%Y%m}{rng.choice('12')}{rng.randint(1, 999):03d}"
        if nip in seen:
            continue
        seen.add(nip)
        rows.append([nip, f"Pegawai Impor {len(rows)}", "", "S.E.", "PNS", "III/a", f"01-04-{tmt.year + 1}",
                     rng.choice(positions), f"02-01-{tmt.year + 2}", "S1", "Manajemen", f"p{len(rows)}@contoh.go.id",
                     "081234567890"])
    return rows


HEADER = ["NIP BARU", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "JENIS PEGAWAI", "GOL AKHIR", "TMT GOLONGAN",
          "KODE JABATAN", "TMT JABATAN", "TINGKAT PENDIDIKAN", "JURUSAN", "EMAIL", "NOMOR HP"]


def as_csv(rows) -> bytes:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def as_xlsx(rows) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Pegawai")
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    app = fresh_app()
    app.config["PEOPLE_IMPORT_INLINE_ROWS"] = 10**9  # run in-process: we time the work, not the queue
    tenant_id = make_tenant(app)

    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.people import tasks
    from jenjang.people.demo.populate import populate
    from jenjang.people.models import Position
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.models import Tenant

    with app.app_context():
        populate(db.session.get(Tenant, tenant_id), 50)  # the organisation the rows point at
        db.session.commit()
        with tenant_context(tenant_id):
            positions = list(db.session.scalars(sa.select(Position.code).where(
                Position.is_head.is_(False), Position.min_rank_id <= 9, Position.max_rank_id >= 9)))
    rows = build_rows(args.rows, positions)
    files = {"csv": as_csv(rows), "xlsx": as_xlsx(rows)}
    del rows
    figures, ok = [("peak RSS before importing (files in memory)",
                    f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")], True
    for fmt, data in files.items():
        for attempt in ("first", "again"):
            with app.test_request_context(), tenant_context(tenant_id):
                start = time.perf_counter()
                run, problem = tasks.start_import("employees", io.BytesIO(data), f"siasn.{fmt}",
                                                  create_accounts=False, user_id=None)
                db.session.commit()
                previewed = time.perf_counter() - start
                preview = {k: run.summary["preview"][k] for k in ("created", "updated", "unchanged")}
                ok &= run.status == "preview"
                tasks.confirm(run)
                db.session.commit()
                elapsed = time.perf_counter() - start
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
                summary = {k: run.summary.get(k) for k in ("created", "updated", "unchanged")}
                figures.append((f"{fmt} {attempt}: preview {preview}", f"{previewed:.1f} s"))
                figures.append((f"{fmt} {attempt}: {run.status} {summary}",
                                f"{elapsed:.1f} s with the preview, process peak RSS {peak / 2**20:.0f} MiB"))
                ok &= elapsed <= BUDGET_S and run.status == "done" and preview == summary
                if attempt == "again":
                    ok &= summary["created"] == 0 and summary["updated"] == 0
        with app.app_context(), tenant_context(tenant_id):  # start over for the other format
            db.session.execute(sa.text("DELETE FROM employee_rank_history; DELETE FROM employee_position_history; "
                                       "DELETE FROM employee_skp; DELETE FROM employees WHERE email LIKE 'p%@contoh.go.id'"))
            db.session.commit()
    figures.append(("file size csv / xlsx", f"{len(files['csv']) / 2**20:.1f} MiB / "
                                            f"{len(files['xlsx']) / 2**20:.1f} MiB"))
    report(f"employee import, {args.rows:,} rows", figures, f"≤ {BUDGET_S:.0f} s each, memory bounded", ok)


if __name__ == "__main__":
    main()
