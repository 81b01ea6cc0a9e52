"""The units import: OPD and their sub-units by code, with their parent, checked for cycles."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.people.imports.kinds.common import dirty, label_of, suggest
from jenjang.people.imports.run import Handler, ParsedRow
from jenjang.people.labels import UNIT_KIND_LABELS
from jenjang.people.models import Unit
from jenjang.people.problems import Problem
from jenjang.tenancy.models import utcnow


class UnitsHandler(Handler):
    kind = "units"
    stream_apply = False

    def prepare(self):
        self.existing = {r.code: r for r in db.session.execute(
            sa.select(Unit.id, Unit.code, Unit.name, Unit.kind, Unit.parent_id, Unit.sort_order)
            .where(Unit.code.is_not(None))).all()}
        self.parent_of_db = dict(db.session.execute(sa.select(Unit.id, Unit.parent_id)).all())
        self.rows: dict[str, ParsedRow] = {}

    def check(self, row, report):
        code = row.values["code"]
        if code in self.rows:
            report.add(row.number, self.header_of("code"), code,
                       Problem("row.duplicate_key", column=self.header_of("code"), value=code,
                               other=self.rows[code].number))
            return
        self.rows[code] = row

    def finish_check(self, report):
        for row in self.rows.values():
            parent = row.values.get("parent_code")
            if parent and parent not in self.rows and parent not in self.existing:
                report.add(row.number, self.header_of("parent_code"), parent, Problem(
                    "ref.unit_unknown", value=parent, **suggest(parent, [*self.rows, *self.existing])))
        if report.error_count:
            return
        # Cycles: follow parents through the file first, then the database.
        for code, row in self.rows.items():
            seen, current = {code}, row.values.get("parent_code")
            while current:
                if current in seen:
                    report.add(row.number, self.header_of("parent_code"), row.values.get("parent_code"),
                               Problem("ref.parent_cycle", value=row.values.get("parent_code")))
                    break
                seen.add(current)
                if current in self.rows:
                    current = self.rows[current].values.get("parent_code")
                else:
                    parent_id = self.parent_of_db.get(self.existing[current].id)
                    current = next((c for c, r in self.existing.items() if r.id == parent_id), None) \
                        if parent_id else None

    def apply_batch(self, rows):
        self.batch = getattr(self, "batch", []) + rows

    def finish_apply(self):
        rows = getattr(self, "batch", [])
        new_codes = [r.values["code"] for r in rows if r.values["code"] not in self.existing]
        ids = dict(zip(new_codes, self.out.reserve_ids(Unit.__table__, len(new_codes)), strict=True))
        id_of = {c: r.id for c, r in self.existing.items()} | ids
        code_of = {i: c for c, i in id_of.items()}
        def show(key, value):
            return code_of.get(value) if key == "parent_id" else label_of(UNIT_KIND_LABELS, value) \
                if key == "kind" else value
        now = utcnow()
        inserts, updates = [], []
        for row in rows:
            v = row.values
            parent_id = id_of.get(v.get("parent_code")) if v.get("parent_code") else None
            target = {"name": v["name"], "kind": v.get("kind", "lainnya"), "parent_id": parent_id,
                      "sort_order": v.get("sort_order", 0)}
            existing = self.existing.get(v["code"])
            if existing is not None:  # what the file does not say stays as stored
                if "kind" not in v:
                    target["kind"] = existing.kind
                if "sort_order" not in v:
                    target["sort_order"] = existing.sort_order
                if "parent_code" not in self.mapping:
                    target["parent_id"] = existing.parent_id
            if v["code"] in ids:
                inserts.append({"id": ids[v["code"]], "code": v["code"], "created_at": now} | target)
                self.note(row.number, v["code"], v["name"])
            else:
                current = existing._asdict()
                if dirty(current, target):
                    updates.append(current | target)
                    self.note(row.number, v["code"], v["name"], self.diff(current, target, {
                        "name": "name", "kind": "kind", "parent_id": "parent_code", "sort_order": "sort_order"}, show))
                else:
                    self.summary["unchanged"] += 1
        # Insert without parents first, then set parents, so the order never matters.
        parents = [{"id": r["id"], "parent_id": r["parent_id"]} for r in inserts if r["parent_id"]]
        self.out.insert(Unit.__table__, [r | {"parent_id": None} for r in inserts])
        self.out.update(Unit.__table__, parents, ["parent_id"])
        self.out.update(Unit.__table__, updates, ["name", "kind", "parent_id", "sort_order"])
        self.summary["created"] += len(inserts)
        self.summary["updated"] += len(updates)
