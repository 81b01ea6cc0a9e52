"""The employees import: by NIP, with rank, position and unit (history appended on change), archive
status, and optionally an account for each new active employee.

PNS and PPPK (and PPPK paruh waktu) mix in one file: each row's number is checked by the row's kind
(a NIP for a PNS, an NI PPPK for a PPPK), its golongan likewise (III/b for a PNS, IX for a PPPK;
SIASN writes both in one column), and a PPPK row may carry its current contract (number, start,
end), which is recorded as the employee's EmploymentContract. A value of the other kind is a row
error that names the kind. Positions and units may be given by name (SIASN's JABATAN NAMA, UNOR
NAMA) when the file has no codes."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.auth.models import User
from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people.accounts import create_accounts_for
from jenjang.people.entry_age import entry_age_problem, load_entry_age_rules
from jenjang.people.imports.columns import EMPLOYMENT_TYPE_SPELLING, STATUS_SPELLING, PppkGradeCell
from jenjang.people.imports.files import normalise_header
from jenjang.people.imports.kinds.common import (
    IMPORT_LABEL,
    dirty,
    nip_birth_date,
    nip_service_start,
    rank_text,
    suggest,
)
from jenjang.people.imports.run import Handler, ParsedRow
from jenjang.people.models import (
    RANKS,
    Employee,
    EmploymentContract,
    Position,
    PositionHistory,
    RankHistory,
    Unit,
    grade_label,
    is_pppk,
)
from jenjang.people.nip import check_nip
from jenjang.people.operations import kind_problem, pppk_entry_grades
from jenjang.people.problems import Problem
from jenjang.tenancy import bulk
from jenjang.tenancy.models import utcnow

EMPLOYEE_KEYS = ("full_name", "front_title", "back_title", "employment_type", "email", "phone",
                 "education_level", "education_major", "rank_id", "grade_id", "rank_tmt", "position_id",
                 "position_tmt", "unit_id", "status", "archive_reason", "archived_at", "updated_at")
CONTRACT_KEYS = ("contract_number", "contract_start", "contract_end")


class EmployeesHandler(Handler):
    kind = "employees"

    def prepare(self):
        positions = db.session.execute(
            sa.select(Position.id, Position.code, Position.name, Position.kind, Position.unit_id, Position.min_rank_id,
                      Position.max_rank_id, Position.holder_kinds, Unit.name.label("unit_name"))
            .join(Unit, sa.and_(Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id))).all()
        self.position_rows = {r.id: r for r in positions}
        self.positions = {r.code: r for r in positions if r.code is not None}
        self.positions_by_name: dict[str, list] = {}
        for r in positions:
            self.positions_by_name.setdefault(normalise_header(r.name), []).append(r)
        units = db.session.execute(sa.select(Unit.code, Unit.id, Unit.name)).all()
        self.units = {u.code: u.id for u in units if u.code is not None}
        self.units_by_name: dict[str, list[int]] = {}
        for u in units:
            self.units_by_name.setdefault(normalise_header(u.name), []).append(u.id)
        self.entry_grades = pppk_entry_grades()
        self.contracts: dict[int, dict] = {}
        for c in db.session.execute(sa.select(EmploymentContract.id, EmploymentContract.employee_id,
                                              EmploymentContract.number, EmploymentContract.starts_on,
                                              EmploymentContract.ends_on)).all():
            self.contracts.setdefault(c.employee_id, {})[c.starts_on] = c._asdict()
        self.contract_inserts: list[dict] = []
        self.contract_updates: list[dict] = []
        self.entry_age = load_entry_age_rules()
        self.entry_age_exception_ids = set(db.session.scalars(sa.select(Position.id).where(Position.entry_age_exception)))
        self.unit_code_of = {i: c for c, i in self.units.items()}
        self.position_code_of = {p.id: c for c, p in self.positions.items()}
        cols = [getattr(Employee, k) for k in EMPLOYEE_KEYS]
        self.existing = {r.nip: r._asdict() for r in db.session.execute(
            sa.select(Employee.id, Employee.nip, Employee.tmt_cpns, Employee.appointment_year, *cols)).all()}
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
        current = self.existing.get(nip, {})
        employment = v.get("employment_type") or current.get("employment_type") or "PNS"
        wrong_kind = check_nip(nip, kind=employment)
        if wrong_kind is not None:  # valid for the other kind only (the cell parser let it through)
            report.add(row.number, self.header_of("nip"), nip, wrong_kind)
            return
        position = self._position(row, report)
        unit_id = self._unit(row, report)
        self._check_place(row, report, position, unit_id, current)
        self._check_golongan(row, report, employment)
        start = nip_service_start(nip, employment)
        if v.get("rank_tmt") and not is_pppk(employment) and v["rank_tmt"] < start:
            report.add(row.number, self.header_of("rank_tmt"), v["rank_tmt"], Problem(
                "rank.tmt_before_cpns", tmt=v["rank_tmt"].strftime("%d-%m-%Y"), cpns=start.strftime("%d-%m-%Y")))
        position_id = position.id if position is not None else current.get("position_id")
        held = position if position is not None else self.position_rows.get(position_id)
        refused = kind_problem(employment, held)
        if refused is not None:
            report.add(row.number, self.header_of("position_code" if "position_code" in v else "position_name"),
                       held.code or held.name, refused)
        if not is_pppk(employment):
            too_old = entry_age_problem(nip_birth_date(nip), start, self.entry_age, employment_type=employment,
                                        exception=position_id in self.entry_age_exception_ids)
            if too_old is not None:
                report.add(row.number, self.header_of("nip"), nip, too_old, warning=True)
        self._check_contract(row, report, employment)
        rank_id = v.get("rank_id") or (current.get("rank_id") if not is_pppk(employment) else None)
        if position is not None and rank_id and not (
                (position.min_rank_id is None or rank_id >= position.min_rank_id)
                and (position.max_rank_id is None or rank_id <= position.max_rank_id)):
            report.add(row.number, self.header_of("rank_id"), RANKS[rank_id - 1][0], Problem(
                "rank.outside_position", rank=RANKS[rank_id - 1][0], position=position.name,
                lo=RANKS[position.min_rank_id - 1][0] if position.min_rank_id else "—",
                hi=RANKS[position.max_rank_id - 1][0] if position.max_rank_id else "—"), warning=True)

    def _position(self, row, report):
        """The row's position, by code, else by name (in the row's unit when the name repeats);
        remembered as v["position_ref"]."""
        v = row.values
        position = None
        if v.get("position_code"):
            position = self.positions.get(v["position_code"])
            if position is None:
                report.add(row.number, self.header_of("position_code"), v["position_code"], Problem(
                    "ref.position_unknown", value=v["position_code"], **suggest(v["position_code"], self.positions)))
        elif v.get("position_name"):
            found = self.positions_by_name.get(normalise_header(v["position_name"]), [])
            unit_ids = set(self.units_by_name.get(normalise_header(v.get("unit_name") or ""), []))
            if v.get("unit_code") in self.units:
                unit_ids = {self.units[v["unit_code"]]}
            if len(found) > 1 and unit_ids:
                found = [p for p in found if p.unit_id in unit_ids]
            if len(found) == 1:
                position = found[0]
            else:
                report.add(row.number, self.header_of("position_name"), v["position_name"], Problem(
                    "ref.position_name_ambiguous" if found else "ref.position_name_unknown",
                    value=v["position_name"], n=len(found)))
        if position is not None:
            v["position_ref"] = position.id
        return position

    def _unit(self, row, report) -> int | None:
        """The row's unit id, by code, else by name; remembered as v["unit_ref"]."""
        v = row.values
        unit_id = None
        if v.get("unit_code"):
            unit_id = self.units.get(v["unit_code"])
            if unit_id is None:
                report.add(row.number, self.header_of("unit_code"), v["unit_code"],
                           Problem("ref.unit_unknown", value=v["unit_code"], **suggest(v["unit_code"], self.units)))
        elif v.get("unit_name"):
            found = self.units_by_name.get(normalise_header(v["unit_name"]), [])
            if len(found) == 1:
                unit_id = found[0]
            else:
                report.add(row.number, self.header_of("unit_name"), v["unit_name"], Problem(
                    "ref.unit_name_ambiguous" if found else "ref.unit_name_unknown", value=v["unit_name"],
                    n=len(found)))
        if unit_id is not None:
            v["unit_ref"] = unit_id
        return unit_id

    def _check_golongan(self, row, report, employment: str) -> None:
        """III/b is a PNS's, IX a PPPK's. A PPPK grade in the golongan column (as SIASN writes it)
        moves to the grade; a value of the other kind is an error naming the kind."""
        v = row.values
        cell = v.get("rank_id")
        if isinstance(cell, PppkGradeCell):
            if is_pppk(employment):
                v.setdefault("grade_id", int(cell))
                del v["rank_id"]
            else:
                report.add(row.number, self.header_of("rank_id"), grade_label(grade_id=cell), Problem("grade.pns"))
        elif cell and is_pppk(employment):
            report.add(row.number, self.header_of("rank_id"), RANKS[cell - 1][0], Problem("rank.pppk"))
        if v.get("grade_id") and not is_pppk(employment) and not isinstance(cell, PppkGradeCell):
            report.add(row.number, self.header_of("grade_id"), grade_label(grade_id=v["grade_id"]),
                       Problem("grade.pns"))

    def _check_contract(self, row, report, employment: str) -> None:
        v = row.values
        given = [k for k in CONTRACT_KEYS if v.get(k)]
        if not given:
            return
        if not is_pppk(employment):
            report.add(row.number, self.header_of(given[0]), v[given[0]], Problem("contract.pns"))
        elif len(given) < len(CONTRACT_KEYS):
            missing = next(k for k in CONTRACT_KEYS if not v.get(k))
            report.add(row.number, self.header_of(missing), None, Problem("contract.incomplete"))
        elif v["contract_end"] <= v["contract_start"]:
            report.add(row.number, self.header_of("contract_end"), v["contract_end"], Problem(
                "contract.period_order", end=v["contract_end"].strftime("%d-%m-%Y"),
                start=v["contract_start"].strftime("%d-%m-%Y")))

    def _check_place(self, row, report, position, unit_id, current: dict) -> None:
        """Warnings: an active employee left without a position (or without a unit at all), and a
        unit that is not the position's (the position's unit is the one kept)."""
        v = row.values
        if (v.get("position_code") or v.get("position_name")) and position is None or \
                (v.get("unit_code") or v.get("unit_name")) and unit_id is None:
            return  # already an error
        status = v.get("status") or current.get("status") or "active"
        if status != "active":
            return
        if position is not None:
            if unit_id is not None and unit_id != position.unit_id:
                unit_key = "unit_code" if v.get("unit_code") else "unit_name"
                report.add(row.number, self.header_of(unit_key), v[unit_key], Problem(
                    "row.unit_differs", unit=v[unit_key], position=v.get("position_code") or v.get("position_name"),
                    position_unit=self.unit_code_of.get(position.unit_id, "—")), warning=True)
            return
        if current.get("position_id"):
            return  # a blank cell keeps the stored position
        if unit_id is None and not current.get("unit_id"):
            report.add(row.number, self.header_of("unit_code"), None, Problem("row.no_unit"), warning=True)
        else:
            report.add(row.number, self.header_of("position_code"), None, Problem("row.no_position"), warning=True)

    def _target(self, v: dict, current: dict, start: dt.date, now) -> dict:
        """The stored values this row asks for; columns not in the file keep what is stored. A
        change of kind drops the other kind's golongan; a new PPPK with a diploma and no grade
        enters at the grade the region set for that diploma."""
        t = {k: v.get(k) for k in ("full_name", "front_title", "back_title", "employment_type", "email", "phone",
                                   "education_level", "education_major") if k in self.mapping}
        if "employment_type" in t and t["employment_type"] is None:
            t["employment_type"] = current.get("employment_type", "PNS")
        kind = t.get("employment_type") or current.get("employment_type") or "PNS"
        if kind != (current.get("employment_type") or "PNS") or not current:
            t["rank_id" if is_pppk(kind) else "grade_id"] = None
        grade = v.get("grade_id")
        if grade is None and not current and is_pppk(kind) and v.get("education_level"):
            grade = self.entry_grades.get(v["education_level"])
        for key, value in (("rank_id", v.get("rank_id")), ("grade_id", grade)):
            if value:
                same = value == current.get(key)
                t[key] = int(value)
                t["rank_tmt"] = v.get("rank_tmt") or (current.get("rank_tmt") if same else None) or \
                    (start if not current else clock.local_date(now))
        if v.get("position_ref"):
            p = self.position_rows[v["position_ref"]]
            same = p.id == current.get("position_id")
            t["position_id"], t["unit_id"] = p.id, p.unit_id
            t["position_tmt"] = v.get("position_tmt") or (current.get("position_tmt") if same else None) or \
                (start if not current else clock.local_date(now))
        elif v.get("unit_ref") and not current.get("position_id"):
            t["unit_id"] = v["unit_ref"]
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
            kind = v.get("employment_type") or (current or {}).get("employment_type") or "PNS"
            start = nip_service_start(v["nip"], kind)
            target = self._target(v, current or {}, start, now)
            if current is None:
                record = blank | target | {"id": ids.pop(), "nip": v["nip"], "created_at": now, "updated_at": now}
                inserts.append(record)
                current_for_history: dict = {}
                employee_id = record["id"]
                self.existing[v["nip"]] = record | {"tmt_cpns": None if is_pppk(kind) else start}
                self.note(row.number, v["nip"], record.get("full_name"))
                stored = record
            else:
                employee_id = current["id"]
                if not dirty(current, target):
                    if not self._contract(v, current, employee_id, now):
                        self.summary["unchanged"] += 1
                    continue
                self.note(row.number, v["nip"], target.get("full_name") or current.get("full_name"),
                          self._changes(current, target))
                current_for_history = dict(current)
                merged = current | target | {"updated_at": now}
                updates.append(merged)
                if merged["status"] == "archived" and current.get("status") != "archived":
                    newly_archived.append(employee_id)
                self.existing[v["nip"]] = merged
                stored = merged
            self._contract(v, stored, employee_id, now)
            for key in ("rank_id", "grade_id"):
                if target.get(key) and (target[key], target["rank_tmt"]) != (
                        current_for_history.get(key), current_for_history.get("rank_tmt")):
                    p = self.position_rows.get(v.get("position_ref"))
                    outside = key == "rank_id" and p is not None and not (
                        (p.min_rank_id is None or target[key] >= p.min_rank_id)
                        and (p.max_rank_id is None or target[key] <= p.max_rank_id))
                    rank_hist.append({"employee_id": employee_id, "rank_id": target.get("rank_id"),
                                      "grade_id": target.get("grade_id"), "tmt": target["rank_tmt"],
                                      "decree_number": None, "recorded_at": now, "recorded_by": IMPORT_LABEL,
                                      "override_reason": IMPORT_LABEL if outside else None} | {
                                          "rank_id" if key == "grade_id" else "grade_id": None})
            if target.get("position_id") and (target["position_id"], target["position_tmt"]) != (
                    current_for_history.get("position_id"), current_for_history.get("position_tmt")):
                p = self.position_rows[v["position_ref"]]
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

    def _contract(self, v: dict, stored: dict, employee_id: int, now) -> bool:
        """The row's current contract (PPPK): added, or its number and end corrected when a contract
        with that start is stored. True when something is to be written."""
        if not v.get("contract_number"):
            return False
        number, starts_on, ends_on = v["contract_number"], v["contract_start"], v["contract_end"]
        mine = self.contracts.setdefault(employee_id, {})
        known = mine.get(starts_on)
        if known is not None:
            if (known["number"], known["ends_on"]) == (number, ends_on):
                return False
            known.update(number=number, ends_on=ends_on)
            if known["id"] is not None:
                self.contract_updates.append({"id": known["id"], "number": number, "ends_on": ends_on})
            self.summary["contracts"] = self.summary.get("contracts", 0) + 1
            return True
        earlier = [c for start, c in mine.items() if start < starts_on and c["id"] is not None]
        previous = max(earlier, key=lambda c: c["starts_on"])["id"] if earlier else None
        position = self.position_rows.get(stored.get("position_id"))
        self.contract_inserts.append({
            "employee_id": employee_id, "number": number, "starts_on": starts_on, "ends_on": ends_on,
            "position_id": stored.get("position_id"), "position_name": position.name if position else None,
            "grade_id": stored.get("grade_id"), "previous_id": previous, "recorded_at": now,
            "recorded_by": IMPORT_LABEL})
        mine[starts_on] = {"id": None, "number": number, "starts_on": starts_on, "ends_on": ends_on}
        self.summary["contracts"] = self.summary.get("contracts", 0) + 1
        return True

    def _changes(self, current: dict, target: dict) -> list[tuple]:
        """What an update changes, in the file's columns and spelling (the status as one column)."""
        def show(key, value):
            if key == "rank_id":
                return rank_text(value)
            if key == "grade_id":
                return grade_label(grade_id=value)
            if key == "employment_type":
                return EMPLOYMENT_TYPE_SPELLING.get(value, value)
            if key == "position_id":
                return self.position_code_of.get(value)
            return self.unit_code_of.get(value) if key == "unit_id" else value

        fields = self.diff(current, target, {
            "full_name": "full_name", "front_title": "front_title", "back_title": "back_title",
            "employment_type": "employment_type", "rank_id": "rank_id", "grade_id": "grade_id",
            "rank_tmt": "rank_tmt",
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
        bulk.insert_rows(EmploymentContract.__table__, self.contract_inserts)
        bulk.update_rows(EmploymentContract.__table__, self.contract_updates, ("number", "ends_on"))
        if self.account_nips:
            self.summary["accounts"] = create_accounts_for(self.account_nips)
