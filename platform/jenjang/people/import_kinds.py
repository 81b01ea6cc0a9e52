"""The four imports (units, positions, employees, SKP predicates): what each checks against the
database and the rest of the file, and how it writes. Keys are the region's own: unit and
position codes, the NIP. A row equal to what is stored changes nothing, so importing the same
file twice is harmless; rank and position changes are appended to history. A code that names
no unit or position is an error that suggests the closest known code; a row that would leave
an active employee without a position (or without a unit) is a warning the officer accepts.
Writes go through `self.out`, which writes nothing when the import is only being previewed."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people import bulk
from jenjang.people.entry_age import entry_age_problem, load_entry_age_rules
from jenjang.people.import_columns import STATUS_SPELLING
from jenjang.people.import_run import Handler, ParsedRow, closest
from jenjang.people.models import (
    FUNCTIONAL_LEVELS,
    RANK_IDS,
    RANKS,
    Employee,
    PerformanceRating,
    Position,
    PositionHistory,
    RankHistory,
    Unit,
)
from jenjang.people.problems import Problem
from jenjang.tenancy.models import utcnow

IMPORT_LABEL = "impor"


def _tmt_cpns(nip: str) -> dt.date:
    """Digits 9–14 of an already validated NIP."""
    return dt.date(int(nip[8:12]), int(nip[12:14]), 1)


def _birth_date(nip: str) -> dt.date:
    """Digits 1–8 of an already validated NIP."""
    return dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))


def _dirty(current: dict, target: dict) -> bool:
    return any(current.get(k) != v for k, v in target.items())


def _suggest(value: str, known) -> dict:
    """{"suggestion": nearest known code} for a problem's parameters, or nothing."""
    near = closest(value, known)
    return {"suggestion": near} if near else {}


def _label(labels: dict, key):
    return str(labels[key]) if key in labels else key


def _rank(rank_id):
    return RANKS[rank_id - 1][0] if rank_id else None


# --- units -------------------------------------------------------------------------------

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
                    "ref.unit_unknown", value=parent, **_suggest(parent, [*self.rows, *self.existing])))
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
        from jenjang.people.labels import UNIT_KIND_LABELS

        def show(key, value):
            return code_of.get(value) if key == "parent_id" else _label(UNIT_KIND_LABELS, value) \
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
                if _dirty(current, target):
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


# --- positions ---------------------------------------------------------------------------

class PositionsHandler(Handler):
    kind = "positions"
    stream_apply = False

    def prepare(self):
        self.units = dict(db.session.execute(sa.select(Unit.code, Unit.id).where(Unit.code.is_not(None))).all())
        self.existing = {r.code: r for r in db.session.execute(
            sa.select(Position.id, Position.code, Position.name, Position.kind, Position.functional_level,
                      Position.unit_id, Position.min_rank_id, Position.max_rank_id, Position.job_class,
                      Position.is_head, Position.quota).where(Position.code.is_not(None))).all()}
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
                       Problem("ref.unit_unknown", value=v["unit_code"], **_suggest(v["unit_code"], self.units)))
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
                "is_head", "quota"]
        unit_code_of = {i: c for c, i in self.units.items()}
        from jenjang.people.labels import FUNCTIONAL_LEVEL_LABELS, POSITION_KIND_LABELS

        def show(key, value):
            if key == "unit_id":
                return unit_code_of.get(value)
            if key in ("min_rank_id", "max_rank_id"):
                return _rank(value)
            if key == "kind":
                return _label(POSITION_KIND_LABELS, value)
            return _label(FUNCTIONAL_LEVEL_LABELS, value) if key == "functional_level" else value
        for row in rows:
            v = row.values
            target = {"name": v["name"], "kind": v["kind"],
                      "functional_level": v.get("functional_level") if v["kind"] == "fungsional" else None,
                      "unit_id": self.units[v["unit_code"]], "min_rank_id": v.get("min_rank_id"),
                      "max_rank_id": v.get("max_rank_id"), "job_class": v.get("job_class"),
                      "is_head": bool(v.get("is_head", False)), "quota": 1 if v.get("is_head") else v.get("quota", 1)}
            current = self.existing.get(v["code"])
            if current is None:
                inserts.append({"id": ids.pop(), "code": v["code"], "created_at": now} | target)
                self.note(row.number, v["code"], v["name"])
            else:
                for key in ("min_rank_id", "max_rank_id", "job_class", "quota"):
                    if key not in self.mapping and key not in v:
                        target[key] = getattr(current, key)
                if "is_head" not in self.mapping:
                    target["is_head"], target["quota"] = current.is_head, current.quota
                if _dirty(current._asdict(), target):
                    updates.append(current._asdict() | target)
                    self.note(row.number, v["code"], v["name"], self.diff(current._asdict(), target, {
                        "name": "name", "kind": "kind", "functional_level": "functional_level",
                        "unit_id": "unit_code", "min_rank_id": "min_rank_id", "max_rank_id": "max_rank_id",
                        "job_class": "job_class", "is_head": "is_head", "quota": "quota"}, show))
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


# --- employees ---------------------------------------------------------------------------

EMPLOYEE_KEYS = ("full_name", "front_title", "back_title", "employment_type", "email", "phone",
                 "education_level", "education_major", "rank_id", "rank_tmt", "position_id", "position_tmt",
                 "unit_id", "status", "archive_reason", "archived_at", "updated_at")


class EmployeesHandler(Handler):
    kind = "employees"

    def prepare(self):
        self.positions = {r.code: r for r in db.session.execute(
            sa.select(Position.id, Position.code, Position.name, Position.kind, Position.unit_id, Position.min_rank_id,
                      Position.max_rank_id, Unit.name.label("unit_name"))
            .join(Unit, sa.and_(Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id))
            .where(Position.code.is_not(None))).all()}
        self.units = dict(db.session.execute(sa.select(Unit.code, Unit.id).where(Unit.code.is_not(None))).all())
        self.entry_age = load_entry_age_rules()
        self.entry_age_exception_ids = set(db.session.scalars(sa.select(Position.id).where(Position.entry_age_exception)))
        self.unit_code_of = {i: c for c, i in self.units.items()}
        self.position_code_of = {p.id: c for c, p in self.positions.items()}
        cols = [getattr(Employee, k) for k in EMPLOYEE_KEYS]
        self.existing = {r.nip: r._asdict() for r in db.session.execute(
            sa.select(Employee.id, Employee.nip, Employee.tmt_cpns, *cols)).all()}
        self.seen: dict[str, int] = {}
        self.account_nips: list[str] = []
        self.rank_history: list[dict] = []
        self.position_history: list[dict] = []

    def check(self, row, report):
        v = row.values
        nip = v["nip"]
        if nip in self.seen:
            report.add(row.number, self.header_of("nip"), nip, Problem(
                "row.duplicate_key", column=self.header_of("nip"), value=nip, other=self.seen[nip]))
            return
        self.seen[nip] = row.number
        position = None
        if v.get("position_code"):
            position = self.positions.get(v["position_code"])
            if position is None:
                report.add(row.number, self.header_of("position_code"), v["position_code"], Problem(
                    "ref.position_unknown", value=v["position_code"], **_suggest(v["position_code"], self.positions)))
        unit_id = self.units.get(v["unit_code"]) if v.get("unit_code") else None
        if v.get("unit_code") and unit_id is None:
            report.add(row.number, self.header_of("unit_code"), v["unit_code"],
                       Problem("ref.unit_unknown", value=v["unit_code"], **_suggest(v["unit_code"], self.units)))
        current = self.existing.get(nip, {})
        self._check_place(row, report, position, unit_id, current)
        employment = v.get("employment_type") or current.get("employment_type") or "PNS"
        if v.get("rank_id") and employment == "PPPK":
            report.add(row.number, self.header_of("rank_id"), v["rank_id"], Problem("rank.pppk"))
        tmt_cpns = _tmt_cpns(nip)
        if v.get("rank_tmt") and v["rank_tmt"] < tmt_cpns:
            report.add(row.number, self.header_of("rank_tmt"), v["rank_tmt"], Problem(
                "rank.tmt_before_cpns", tmt=v["rank_tmt"].strftime("%d-%m-%Y"), cpns=tmt_cpns.strftime("%d-%m-%Y")))
        position_id = position.id if position is not None else current.get("position_id")
        too_old = entry_age_problem(_birth_date(nip), tmt_cpns, self.entry_age, employment_type=employment,
                                    exception=position_id in self.entry_age_exception_ids)
        if too_old is not None:
            report.add(row.number, self.header_of("nip"), nip, too_old, warning=True)
        rank_id = v.get("rank_id") or current.get("rank_id")
        if position is not None and rank_id and not (
                (position.min_rank_id is None or rank_id >= position.min_rank_id)
                and (position.max_rank_id is None or rank_id <= position.max_rank_id)):
            report.add(row.number, self.header_of("rank_id"), RANKS[rank_id - 1][0], Problem(
                "rank.outside_position", rank=RANKS[rank_id - 1][0], position=position.name,
                lo=RANKS[position.min_rank_id - 1][0] if position.min_rank_id else "—",
                hi=RANKS[position.max_rank_id - 1][0] if position.max_rank_id else "—"), warning=True)

    def _check_place(self, row, report, position, unit_id, current: dict) -> None:
        """Warnings: an active employee left without a position (or without a unit at all), and a
        unit that is not the position's (the position's unit is the one kept)."""
        v = row.values
        if v.get("position_code") and position is None or v.get("unit_code") and unit_id is None:
            return  # already an error
        status = v.get("status") or current.get("status") or "active"
        if status != "active":
            return
        if position is not None:
            if unit_id is not None and unit_id != position.unit_id:
                report.add(row.number, self.header_of("unit_code"), v["unit_code"], Problem(
                    "row.unit_differs", unit=v["unit_code"], position=v["position_code"],
                    position_unit=self.unit_code_of.get(position.unit_id, "—")), warning=True)
            return
        if current.get("position_id"):
            return  # a blank cell keeps the stored position
        if unit_id is None and not current.get("unit_id"):
            report.add(row.number, self.header_of("unit_code"), None, Problem("row.no_unit"), warning=True)
        else:
            report.add(row.number, self.header_of("position_code"), None, Problem("row.no_position"), warning=True)

    def _target(self, v: dict, current: dict, tmt_cpns: dt.date, now) -> dict:
        """The stored values this row asks for; columns not in the file keep what is stored."""
        t = {k: v.get(k) for k in ("full_name", "front_title", "back_title", "employment_type", "email", "phone",
                                   "education_level", "education_major") if k in self.mapping}
        if "employment_type" in t and t["employment_type"] is None:
            t["employment_type"] = current.get("employment_type", "PNS")
        if "rank_id" in self.mapping and v.get("rank_id"):
            same = v["rank_id"] == current.get("rank_id")
            t["rank_id"] = v["rank_id"]
            t["rank_tmt"] = v.get("rank_tmt") or (current.get("rank_tmt") if same else None) or \
                (tmt_cpns if not current else clock.local_date(now))
        if "position_code" in self.mapping and v.get("position_code"):
            p = self.positions[v["position_code"]]
            same = p.id == current.get("position_id")
            t["position_id"], t["unit_id"] = p.id, p.unit_id
            t["position_tmt"] = v.get("position_tmt") or (current.get("position_tmt") if same else None) or \
                (tmt_cpns if not current else clock.local_date(now))
        elif "unit_code" in self.mapping and v.get("unit_code") and not current.get("position_id"):
            t["unit_id"] = self.units[v["unit_code"]]
        if "status" in self.mapping and v.get("status"):
            archived = v["status"] != "active"
            t["status"] = "archived" if archived else "active"
            t["archive_reason"] = v["status"] if archived else None
            if current.get("status") != t["status"] or current.get("archive_reason") != t["archive_reason"]:
                t["archived_at"] = now if archived else None
        return t

    def apply_batch(self, rows: list[ParsedRow]):
        now = utcnow()
        new_rows = [r for r in rows if r.values["nip"] not in self.existing]
        ids = self.out.reserve_ids(Employee.__table__, len(new_rows))
        inserts, updates, rank_hist, pos_hist, newly_archived = [], [], [], [], []
        blank = dict.fromkeys(EMPLOYEE_KEYS) | {"employment_type": "PNS", "status": "active"}
        for row in rows:
            v = row.values
            current = self.existing.get(v["nip"])
            tmt_cpns = _tmt_cpns(v["nip"])
            target = self._target(v, current or {}, tmt_cpns, now)
            if current is None:
                record = blank | target | {"id": ids.pop(), "nip": v["nip"], "created_at": now, "updated_at": now}
                inserts.append(record)
                current_for_history: dict = {}
                employee_id = record["id"]
                self.existing[v["nip"]] = record | {"tmt_cpns": tmt_cpns}
                self.note(row.number, v["nip"], record.get("full_name"))
            else:
                if not _dirty(current, target):
                    self.summary["unchanged"] += 1
                    continue
                self.note(row.number, v["nip"], target.get("full_name") or current.get("full_name"),
                          self._changes(current, target))
                current_for_history = dict(current)
                employee_id = current["id"]
                merged = current | target | {"updated_at": now}
                updates.append(merged)
                if merged["status"] == "archived" and current.get("status") != "archived":
                    newly_archived.append(employee_id)
                self.existing[v["nip"]] = merged
            if target.get("rank_id") and (target["rank_id"], target["rank_tmt"]) != (
                    current_for_history.get("rank_id"), current_for_history.get("rank_tmt")):
                p = self.positions.get(v.get("position_code")) if v.get("position_code") else None
                outside = p is not None and not ((p.min_rank_id is None or target["rank_id"] >= p.min_rank_id)
                                                 and (p.max_rank_id is None or target["rank_id"] <= p.max_rank_id))
                rank_hist.append({"employee_id": employee_id, "rank_id": target["rank_id"], "tmt": target["rank_tmt"],
                                  "decree_number": None, "recorded_at": now, "recorded_by": IMPORT_LABEL,
                                  "override_reason": IMPORT_LABEL if outside else None})
            if target.get("position_id") and (target["position_id"], target["position_tmt"]) != (
                    current_for_history.get("position_id"), current_for_history.get("position_tmt")):
                p = self.positions[v["position_code"]]
                pos_hist.append({"employee_id": employee_id, "position_id": p.id, "unit_id": p.unit_id,
                                 "position_name": p.name, "position_kind": p.kind, "unit_name": p.unit_name,
                                 "tmt": target["position_tmt"], "decree_number": None, "recorded_at": now,
                                 "recorded_by": IMPORT_LABEL})
            if self.options.get("create_accounts") and target.get("status", "active") == "active":
                self.account_nips.append(v["nip"])
        self.out.insert(Employee.__table__, inserts)
        self.out.update(Employee.__table__, updates, EMPLOYEE_KEYS)
        # History goes in after every employee row is in, with fresh plans (see bulk.replan).
        self.rank_history += rank_hist
        self.position_history += pos_hist
        if newly_archived:
            from jenjang.auth.models import User

            self.out.execute(sa.update(User).where(User.employee_id.in_(newly_archived), User.is_active)
                               .values(is_active=False, disabled_at=now))
        self.summary["created"] += len(inserts)
        self.summary["updated"] += len(updates)
        self.summary["history"] += len(rank_hist) + len(pos_hist)

    def _changes(self, current: dict, target: dict) -> list[tuple]:
        """What an update changes, in the file's columns and spelling (the status as one column)."""
        def show(key, value):
            if key == "rank_id":
                return _rank(value)
            if key == "position_id":
                return self.position_code_of.get(value)
            return self.unit_code_of.get(value) if key == "unit_id" else value

        fields = self.diff(current, target, {
            "full_name": "full_name", "front_title": "front_title", "back_title": "back_title",
            "employment_type": "employment_type", "rank_id": "rank_id", "rank_tmt": "rank_tmt",
            "position_id": "position_code", "position_tmt": "position_tmt", "unit_id": "unit_code",
            "education_level": "education_level", "education_major": "education_major", "email": "email",
            "phone": "phone"}, show)
        status_of = lambda r: STATUS_SPELLING[r.get("archive_reason") or "active"]  # noqa: E731
        if "status" in target and status_of(current) != status_of(target):
            fields.append((self.header_of("status"), status_of(current), status_of(target)))
        return fields

    def finish_apply(self):
        if self.dry_run:
            return
        bulk.replan()
        bulk.insert_rows(RankHistory.__table__, self.rank_history)
        bulk.insert_rows(PositionHistory.__table__, self.position_history)
        if self.account_nips:
            from jenjang.people.accounts import create_accounts_for

            self.summary["accounts"] = create_accounts_for(self.account_nips)


# --- SKP predicates ----------------------------------------------------------------------

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


HANDLERS = {"units": UnitsHandler, "positions": PositionsHandler, "employees": EmployeesHandler, "skp": SkpHandler}
