"""The employees import: by NIP, with rank, position and unit (history appended on change), archive
status, and optionally an account for each new active employee."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.auth.models import User
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people.accounts import create_accounts_for
from jenjang.people.entry_age import entry_age_problem, load_entry_age_rules
from jenjang.people.imports.columns import STATUS_SPELLING
from jenjang.people.imports.kinds.common import (
    IMPORT_LABEL,
    dirty,
    nip_birth_date,
    nip_tmt_cpns,
    rank_text,
    suggest,
)
from jenjang.people.imports.run import Handler, ParsedRow
from jenjang.people.models import RANKS, Employee, Position, PositionHistory, RankHistory, Unit
from jenjang.people.problems import Problem
from jenjang.tenancy import bulk
from jenjang.tenancy.models import utcnow

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
                    "ref.position_unknown", value=v["position_code"], **suggest(v["position_code"], self.positions)))
        unit_id = self.units.get(v["unit_code"]) if v.get("unit_code") else None
        if v.get("unit_code") and unit_id is None:
            report.add(row.number, self.header_of("unit_code"), v["unit_code"],
                       Problem("ref.unit_unknown", value=v["unit_code"], **suggest(v["unit_code"], self.units)))
        current = self.existing.get(nip, {})
        self._check_place(row, report, position, unit_id, current)
        employment = v.get("employment_type") or current.get("employment_type") or "PNS"
        if v.get("rank_id") and employment == "PPPK":
            report.add(row.number, self.header_of("rank_id"), v["rank_id"], Problem("rank.pppk"))
        tmt_cpns = nip_tmt_cpns(nip)
        if v.get("rank_tmt") and v["rank_tmt"] < tmt_cpns:
            report.add(row.number, self.header_of("rank_tmt"), v["rank_tmt"], Problem(
                "rank.tmt_before_cpns", tmt=v["rank_tmt"].strftime("%d-%m-%Y"), cpns=tmt_cpns.strftime("%d-%m-%Y")))
        position_id = position.id if position is not None else current.get("position_id")
        too_old = entry_age_problem(nip_birth_date(nip), tmt_cpns, self.entry_age, employment_type=employment,
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
            tmt_cpns = nip_tmt_cpns(v["nip"])
            target = self._target(v, current or {}, tmt_cpns, now)
            if current is None:
                record = blank | target | {"id": ids.pop(), "nip": v["nip"], "created_at": now, "updated_at": now}
                inserts.append(record)
                current_for_history: dict = {}
                employee_id = record["id"]
                self.existing[v["nip"]] = record | {"tmt_cpns": tmt_cpns}
                self.note(row.number, v["nip"], record.get("full_name"))
            else:
                if not dirty(current, target):
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
            self.out.execute(sa.update(User).where(User.employee_id.in_(newly_archived), User.is_active)
                               .values(is_active=False, disabled_at=now))
        self.summary["created"] += len(inserts)
        self.summary["updated"] += len(updates)
        self.summary["history"] += len(rank_hist) + len(pos_hist)

    def _changes(self, current: dict, target: dict) -> list[tuple]:
        """What an update changes, in the file's columns and spelling (the status as one column)."""
        def show(key, value):
            if key == "rank_id":
                return rank_text(value)
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
            self.summary["accounts"] = create_accounts_for(self.account_nips)
