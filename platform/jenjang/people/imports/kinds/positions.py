"""The positions import: positions by code, in their unit, with rank range, quota and who may hold
them (ASN, PNS only, PPPK only; a new managerial position defaults to PNS, any other to ASN)."""
from __future__ import annotations

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.people.imports.kinds.common import dirty, label_of, rank_text, suggest
from jenjang.people.imports.run import Handler, ParsedRow
from jenjang.people.labels import FUNCTIONAL_LEVEL_LABELS, HOLDER_KIND_LABELS, POSITION_KIND_LABELS
from jenjang.people.models import FUNCTIONAL_LEVELS, MANAGERIAL_KINDS, RANK_IDS, Employee, Position, Unit
from jenjang.people.problems import Problem
from jenjang.tenancy.models import utcnow


class PositionsHandler(Handler):
    kind = "positions"
    stream_apply = False

    def prepare(self):
        self.units = dict(db.session.execute(sa.select(Unit.code, Unit.id).where(Unit.code.is_not(None))).all())
        self.existing = {r.code: r for r in db.session.execute(
            sa.select(Position.id, Position.code, Position.name, Position.kind, Position.functional_level,
                      Position.unit_id, Position.min_rank_id, Position.max_rank_id, Position.job_class,
                      Position.is_head, Position.quota, Position.holder_kinds).where(Position.code.is_not(None))).all()}
        self.heads = {r.unit_id: r.code for r in db.session.execute(
            sa.select(Position.unit_id, Position.code).where(Position.is_head)).all()}
        self.rows: dict[str, ParsedRow] = {}

    def check(self, row, report):
        v = row.values
        if v["code"] in self.rows:
            report.add(row.number, self.header_of("code"), v["code"], Problem(
                "row.duplicate_key", column=self.header_of("code"), value=v["code"], other=self.rows[v["code"]].number))
            return
        self.rows[v["code"]] = row
        if v["unit_code"] not in self.units:
            report.add(row.number, self.header_of("unit_code"), v["unit_code"],
                       Problem("ref.unit_unknown", value=v["unit_code"], **suggest(v["unit_code"], self.units)))
        if v["kind"] == "fungsional" and not v.get("functional_level"):
            report.add(row.number, self.header_of("functional_level"), None, Problem("cell.required"))
        if v.get("functional_level") and v["kind"] == "fungsional":
            lo, hi = FUNCTIONAL_LEVELS[v["functional_level"]]
            v.setdefault("min_rank_id", RANK_IDS[lo])
            v.setdefault("max_rank_id", RANK_IDS[hi])
        if v.get("min_rank_id") and v.get("max_rank_id") and v["min_rank_id"] > v["max_rank_id"]:
            v["min_rank_id"], v["max_rank_id"] = v["max_rank_id"], v["min_rank_id"]

    def finish_check(self, report):
        heads = dict(self.heads)
        for code, row in self.rows.items():  # the file's word wins over the database's
            unit_id = self.units.get(row.values["unit_code"])
            if heads.get(unit_id) == code and not row.values.get("is_head"):
                heads.pop(unit_id)
        for code, row in self.rows.items():
            unit_id = self.units.get(row.values["unit_code"])
            if row.values.get("is_head") and unit_id is not None:
                if heads.get(unit_id) not in (None, code):
                    report.add(row.number, self.header_of("is_head"), "ya",
                               Problem("ref.head_taken", value=row.values["unit_code"]))
                heads[unit_id] = code

    def apply_batch(self, rows):
        self.batch = getattr(self, "batch", []) + rows

    def finish_apply(self):
        rows = getattr(self, "batch", [])
        new = [r for r in rows if r.values["code"] not in self.existing]
        ids = self.out.reserve_ids(Position.__table__, len(new))
        now = utcnow()
        inserts, updates = [], []
        keys = ["name", "kind", "functional_level", "unit_id", "min_rank_id", "max_rank_id", "job_class",
                "is_head", "quota", "holder_kinds"]
        unit_code_of = {i: c for c, i in self.units.items()}

        def show(key, value):
            return _shown(key, value, unit_code_of)
        for row in rows:
            v = row.values
            target = {"name": v["name"], "kind": v["kind"],
                      "functional_level": v.get("functional_level") if v["kind"] == "fungsional" else None,
                      "unit_id": self.units[v["unit_code"]], "min_rank_id": v.get("min_rank_id"),
                      "max_rank_id": v.get("max_rank_id"), "job_class": v.get("job_class"),
                      "is_head": bool(v.get("is_head", False)), "quota": 1 if v.get("is_head") else v.get("quota", 1)}
            current = self.existing.get(v["code"])
            target["holder_kinds"] = v.get("holder_kinds") or (
                current.holder_kinds if current is not None else "PNS" if v["kind"] in MANAGERIAL_KINDS else "ASN")
            if current is None:
                inserts.append({"id": ids.pop(), "code": v["code"], "created_at": now} | target)
                self.note(row.number, v["code"], v["name"])
            else:
                for key in ("min_rank_id", "max_rank_id", "job_class", "quota"):
                    if key not in self.mapping and key not in v:
                        target[key] = getattr(current, key)
                if "is_head" not in self.mapping:
                    target["is_head"], target["quota"] = current.is_head, current.quota
                if dirty(current._asdict(), target):
                    updates.append(current._asdict() | target)
                    self.note(row.number, v["code"], v["name"], self.diff(current._asdict(), target, {
                        "name": "name", "kind": "kind", "functional_level": "functional_level",
                        "unit_id": "unit_code", "min_rank_id": "min_rank_id", "max_rank_id": "max_rank_id",
                        "job_class": "job_class", "is_head": "is_head", "quota": "quota",
                        "holder_kinds": "holder_kinds"}, show))
                else:
                    self.summary["unchanged"] += 1
        # Heads that stop being heads first, so the one-head-per-unit index never trips.
        updates.sort(key=lambda r: r["is_head"])
        self.out.update(Position.__table__, updates, keys)
        self.out.insert(Position.__table__, inserts)
        moved = [r["id"] for r in updates]
        if moved:
            self.out.execute(sa.update(Employee).where(Employee.position_id.in_(moved)).values(
                unit_id=sa.select(Position.unit_id).where(Position.id == Employee.position_id,
                                                          Position.tenant_id == Employee.tenant_id)
                .scalar_subquery()))
        self.summary["created"] += len(inserts)
        self.summary["updated"] += len(updates)


def _shown(key: str, value, unit_code_of: dict):
    """A position's stored value as the import report prints it."""
    if key == "unit_id":
        return unit_code_of.get(value)
    if key in ("min_rank_id", "max_rank_id"):
        return rank_text(value)
    labels = {"kind": POSITION_KIND_LABELS, "holder_kinds": HOLDER_KIND_LABELS,
              "functional_level": FUNCTIONAL_LEVEL_LABELS}.get(key)
    return label_of(labels, value) if labels is not None else value
