"""The SKP import: one predicate per employee (by NIP) and year."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.people.imports.run import Handler
from jenjang.people.models import Employee, PerformanceRating
from jenjang.people.problems import Problem
from jenjang.tenancy.models import utcnow


class SkpHandler(Handler):
    kind = "skp"

    def prepare(self):
        self.employees = dict(db.session.execute(sa.select(Employee.nip, Employee.id)).all())
        self.existing = {(r.employee_id, r.year): (r.id, r.predicate) for r in db.session.execute(
            sa.select(PerformanceRating.id, PerformanceRating.employee_id, PerformanceRating.year,
                      PerformanceRating.predicate)).all()}
        self.seen: dict[tuple, int] = {}

    def check(self, row, report):
        v = row.values
        employee_id = self.employees.get(v["nip"])
        if employee_id is None:
            report.add(row.number, self.header_of("nip"), v["nip"], Problem("ref.employee_unknown", value=v["nip"]))
            return

        key = (v["nip"], v["year"])
        if key in self.seen:
            report.add(row.number, self.header_of("year"), v["year"], Problem(
                "row.duplicate_key", column="NIP + " + self.header_of("year"), value=f"{v['nip']} {v['year']}",
                other=self.seen[key]))
        self.seen[key] = row.number

    def apply_batch(self, rows):
        now = utcnow()
        inserts, updates = [], []
        for row in rows:
            v = row.values
            employee_id = self.employees[v["nip"]]
            current = self.existing.get((employee_id, v["year"]))
            key = f"{v['nip']} {v['year']}"
            if current is None:
                inserts.append({"employee_id": employee_id, "year": v["year"], "predicate": v["predicate"],
                                "recorded_at": now})
                self.existing[(employee_id, v["year"])] = (None, v["predicate"])
                self.note(row.number, key, None)
            elif current[1] != v["predicate"]:
                updates.append({"id": current[0], "predicate": v["predicate"], "recorded_at": now})
                self.note(row.number, key, None, [(self.header_of("predicate"), current[1], v["predicate"])])
            else:
                self.summary["unchanged"] += 1
        self.out.insert(PerformanceRating.__table__, inserts)
        self.out.update(PerformanceRating.__table__, updates, ["predicate", "recorded_at"])
        self.summary["created"] += len(inserts)
        self.summary["updated"] += len(updates)
