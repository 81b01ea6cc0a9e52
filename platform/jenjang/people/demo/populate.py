"""`flask demo populate <slug> --employees N`: a realistic region in seconds.

An OPD tree (demo/org.py), positions of every kind, Indonesian names from Faker's id_ID lists
with academic titles, valid unique NIPs whose birth date and TMT CPNS agree with the rank (4 years
per promotion from the entry rank of the diploma), rank and position histories, three years of
SKP predicates. About a quarter of the staff in fungsional and pelaksana positions are PPPK (some
paruh waktu): real-format NI PPPK numbers, a PPPK golongan by diploma with its history, and a
chain of contracts (mostly 5 years, some 1–2) whose current one ends after today, a few within 30,
60 and 90 days. Rows are built in Python and written with multi-row INSERTs (tenancy/bulk.py);
the six demo accounts are then placed in the organisation so that atasan@ heads the bidang
where pegawai@ works. Deterministic per tenant (seeded by the slug; the PPPK draw has its own
seed, so the PNS are the same people as before)."""
from __future__ import annotations

import datetime as dt
import random
import zlib

import sqlalchemy as sa
from faker.providers.person.id_ID import Provider
from flask import current_app

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.people import operations
from jenjang.people.demo.accounts import DEMO_ACCOUNTS, demo_email
from jenjang.people.demo.org import UnitSpec, region
from jenjang.people.models import (
    MANAGERIAL_KINDS,
    PPPK_ENTRY_GRADES,
    PPPK_GRADES,
    RANK_IDS,
    Employee,
    EmploymentContract,
    PerformanceRating,
    Position,
    PositionHistory,
    RankHistory,
    Unit,
)
from jenjang.tenancy import bulk
from jenjang.tenancy.context import tenant_context
from jenjang.tenancy.models import Tenant, utcnow


def skp_years() -> tuple[int, ...]:
    """The last three finished years, as of the tenant's today. They hold the last two *final* years
    on any date (the SKP of a year is final from 31 January by default, so in January the rules
    read the two years before last) and the year just ended, which a period after that day reads:
    the demo shows eligible candidates and open cases in December, January and February alike."""
    year = clock.today().year
    return tuple(year - n for n in (3, 2, 1))


SKP_WEIGHTS = (("sangat_baik", 15), ("baik", 72), ("butuh_perbaikan", 9), ("kurang", 3), ("sangat_kurang", 1))
ENTRY_RANK = {"SMA": "II/a", "D3": "II/c", "D4": "III/a", "S1": "III/a", "S2": "III/b", "S3": "III/c"}
ENTRY_AGE = {"SMA": (19, 25), "D3": (21, 27), "D4": (22, 28), "S1": (22, 30), "S2": (26, 33), "S3": (29, 36)}
S1_TITLES = (("S.E.", "Manajemen"), ("S.Sos.", "Ilmu Sosial"), ("S.H.", "Ilmu Hukum"), ("S.Kom.", "Teknik Informatika"),
             ("S.T.", "Teknik Sipil"), ("S.IP.", "Ilmu Pemerintahan"), ("S.AP.", "Administrasi Publik"),
             ("S.Ak.", "Akuntansi"), ("S.Psi.", "Psikologi"))
S2_TITLES = ("M.Si.", "M.M.", "M.AP.", "M.Kom.", "M.H.")

# Where each demo account sits: unit code, position name, rank, rank TMT, position TMT, diploma, major.
DEMO_PLACEMENT = {
    "tpk": ("BKPSDM", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "IV/c", "2019-10-01",
            "2021-01-04", "S2", "Administrasi Publik"),
    "ppk": ("SETDA", "Sekretaris Daerah", "IV/d", "2016-04-01", "2020-06-02", "S2", "Ilmu Pemerintahan"),
    "atasan": ("BKPSDM-BANGKOM", "Kepala Bidang Pengembangan Kompetensi", "IV/a", "2020-04-01", "2021-03-01",
               "S2", "Akuntansi"),
    "pegawai": ("BKPSDM-BANGKOM", "Analis Sumber Daya Manusia Aparatur Ahli Pertama", "III/a", "2019-03-01",
                "2020-01-02", "S1", "Sosiologi"),
    "hr": ("BKPSDM-MUTASI", "Analis Sumber Daya Manusia Aparatur Ahli Muda", "III/c", "2019-04-01", "2020-01-02",
           "S2", "Psikologi"),
    "admin": ("BKPSDM-PPI", "Pranata Komputer Ahli Pertama", "III/b", "2017-04-01", "2019-01-02", "S1",
              "Teknik Informatika"),
}


class _Slot:
    __slots__ = ("position_id", "unit_id", "unit_name", "name", "kind", "lo", "hi", "is_head", "weight")

    def __init__(self, position_id, unit_id, unit_name, name, kind, lo, hi, is_head, weight):
        self.position_id, self.unit_id, self.unit_name, self.name = position_id, unit_id, unit_name, name
        self.kind, self.lo, self.hi, self.is_head, self.weight = kind, lo, hi, is_head, weight


def _build_org(tenant: Tenant, employees: int) -> None:
    """Units and positions from the template, in two bulk inserts each."""
    specs = region(tenant.kind, schools=max(2, employees // 70), clinics=max(1, employees // 600))
    units: list[tuple[UnitSpec, str | None, int]] = []

    def walk(nodes: list[UnitSpec], parent: str | None):
        for order, node in enumerate(nodes):
            units.append((node, parent, order))
            walk(node.children, node.code)

    walk(specs, None)
    ids = dict(zip([u.code for u, _, _ in units], bulk.reserve_ids(Unit.__table__, len(units)), strict=True))
    now = utcnow()
    bulk.insert_rows(Unit.__table__, [
        {"id": ids[u.code], "parent_id": None, "code": u.code, "name": u.name, "kind": u.kind, "sort_order": order,
         "created_at": now} for u, _, order in units])
    bulk.update_rows(Unit.__table__, [{"id": ids[u.code], "parent_id": ids[p]} for u, p, _ in units if p],
                     ["parent_id"])
    positions = []
    for u, _parent, _order in units:
        for n, p in enumerate(u.positions):
            positions.append({"unit_id": ids[u.code], "code": f"{u.code}-J{n:02d}", "name": p.name, "kind": p.kind,
                              "functional_level": p.level, "min_rank_id": p.lo, "max_rank_id": p.hi,
                              "job_class": p.job_class, "is_head": p.is_head, "quota": 1, "created_at": now,
                              "holder_kinds": "PNS" if p.kind in MANAGERIAL_KINDS else "ASN"})
    for row, pid in zip(positions, bulk.reserve_ids(Position.__table__, len(positions)), strict=True):
        row["id"] = pid
    bulk.insert_rows(Position.__table__, positions)


def _weights() -> dict[tuple[str, str], float]:
    """Share of staff per (unit code, position name), from the template's weights."""
    out: dict[tuple[str, str], float] = {}

    def walk(nodes: list[UnitSpec], inherited: float):
        for node in nodes:
            w = inherited * node.weight
            for p in node.positions:
                out[(node.code, p.name)] = w * p.weight
            walk(node.children, w)

    walk(region("kota", 400, 40), 1.0)
    return out


def _slots() -> list[_Slot]:
    rows = db.session.execute(
        sa.select(Position.id, Position.unit_id, Position.name, Position.kind, Position.min_rank_id,
                  Position.max_rank_id, Position.is_head, Unit.name.label("unit_name"), Unit.code.label("unit_code"))
        .join(Unit, sa.and_(Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id))
        .order_by(Position.id)).all()
    weights = _weights()
    return [_Slot(r.id, r.unit_id, r.unit_name, r.name, r.kind, r.min_rank_id or RANK_IDS["II/a"],
                  r.max_rank_id or RANK_IDS["III/d"], r.is_head, weights.get((r.unit_code, r.name), 1.0))
            for r in rows]


class _People:
    """Makes one plausible civil servant at a time."""

    def __init__(self, rng: random.Random, slug: str, taken_nips: set[str]):
        self.rng, self.slug, self.taken = rng, slug, taken_nips
        self.male, self.female, self.last = Provider.first_names_male, Provider.first_names_female, Provider.last_names
        self.seq: dict[str, int] = {}
        self.today = clock.today()

    def nip(self, birth: dt.date, tmt: dt.date, gender: str) -> str:
        prefix = f"{birth:%Y%m%d}{tmt:%Y%m}{gender}"
        n = self.seq.get(prefix, 0)
        while True:
            n += 1
            nip = f"{prefix}{n:03d}"
            if nip not in self.taken:
                break
        self.seq[prefix] = n
        self.taken.add(nip)
        return nip

    def education(self, slot: _Slot, rank: int) -> tuple[str, str | None, str | None, str]:
        """(level, front title, back title, major)."""
        rng, name = self.rng, slot.name
        if name.startswith("Dokter"):
            return "S1", "dr.", None, "Pendidikan Dokter"
        if name.startswith("Apoteker"):
            return "S1", None, "S.Farm., Apt.", "Farmasi"
        if name.startswith(("Perawat", "Bidan")) and rank < RANK_IDS["III/a"]:
            return ("D3", None, "A.Md.Kep.", "Keperawatan") if name.startswith("Perawat") else \
                ("D3", None, "A.Md.Keb.", "Kebidanan")
        if rank < RANK_IDS["II/c"]:
            return "SMA", None, None, "IPA" if rng.random() < .5 else "IPS"
        if rank < RANK_IDS["III/a"]:
            return ("D3", None, "A.Md.", "Administrasi Perkantoran") if rng.random() < .6 else ("SMA", None, None, "IPS")
        if name.startswith("Guru") or name.startswith("Pengawas Sekolah"):
            s1, major = "S.Pd.", rng.choice(("Pendidikan Guru Sekolah Dasar", "Pendidikan Matematika",
                                             "Pendidikan Bahasa Indonesia", "Pendidikan Bahasa Inggris"))
        elif name.startswith("Perawat"):
            s1, major = "S.Kep., Ns.", "Keperawatan"
        else:
            s1, major = rng.choice(S1_TITLES)
        master = rank >= RANK_IDS["IV/a"] and rng.random() < .6 or rank >= RANK_IDS["III/c"] and rng.random() < .15
        if rank >= RANK_IDS["IV/c"] and rng.random() < .1:
            return "S3", "Dr.", f"{s1}, {rng.choice(S2_TITLES)}", major
        if master:
            return "S2", None, f"{s1}, {'M.Pd.' if s1 == 'S.Pd.' else rng.choice(S2_TITLES)}", major
        return "S1", None, s1, major

    def make(self, slot: _Slot) -> dict:
        rng = self.rng
        rank = rng.randint(slot.lo, slot.hi)
        level, front, back, major = self.education(slot, rank)
        entry = min(RANK_IDS[ENTRY_RANK[level]], rank)
        steps = rank - entry
        tmt_year = self.today.year - 1 - sum(rng.choice((4, 4, 4, 5)) for _ in range(steps)) - rng.randint(0, 3)
        lo, hi = ENTRY_AGE[level]
        birth_year = tmt_year - rng.randint(lo, hi)
        if self.today.year - birth_year > 57:  # nobody past retirement age in the active list
            birth_year = self.today.year - rng.randint(50, 57)
            tmt_year = max(tmt_year, birth_year + lo)
        gender = rng.choice("12")
        birth = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
        tmt_cpns = dt.date(tmt_year, rng.choice((1, 2, 3, 4, 12)), 1)
        first = rng.choice(self.male if gender == "1" else self.female)
        name = f"{first} {rng.choice(self.last)}" if rng.random() < .8 else f"{first} {rng.choice(self.last)} {rng.choice(self.last)}"
        if front is None and level == "S1" and birth_year < 1970 and rng.random() < .4:
            front, back = ("Drs." if gender == "1" else "Dra."), None
        nip = self.nip(birth, tmt_cpns, gender)
        # Promotions spread evenly between the TMT CPNS and last year, on 1 April or 1 October.
        ranks = [(entry, tmt_cpns)]
        last = max(tmt_year + steps, self.today.year - 1 - rng.randint(0, 3))
        span = max(1, last - tmt_year)
        for i in range(1, steps + 1):
            year = tmt_year + max(1, round(span * i / steps))
            when = dt.date(min(year, self.today.year - 1), 4 if rng.random() < .5 else 10, 1)
            if when <= ranks[-1][1]:
                when = dt.date(ranks[-1][1].year + 1, 4, 1)
            ranks.append((entry + i, min(when, self.today)))
        position_tmt = tmt_cpns if span < 4 else dt.date(rng.randint(max(tmt_year + 2, self.today.year - 8),
                                                                     self.today.year - 1), rng.choice((1, 4, 7, 10)), 2)
        local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isalnum() or ch == ".")
        return {
            "nip": nip, "full_name": name, "front_title": front, "back_title": back, "employment_type": "PNS",
            "education_level": level, "education_major": major, "email": f"{local}{nip[-3:]}@{self.slug}.go.id",
            "phone": "08" + "".join(rng.choice("0123456789") for _ in range(10)),
            "rank_id": ranks[-1][0], "rank_tmt": ranks[-1][1], "position_id": slot.position_id,
            "position_tmt": position_tmt, "unit_id": slot.unit_id, "_ranks": ranks, "_tmt_cpns": tmt_cpns,
        }


# --- PPPK ------------------------------------------------------------------------------------

PPPK_SHARE = 0.3  # of the staff (not heads) in fungsional and pelaksana positions: about a quarter of all
PART_TIME_SHARE = 0.15  # of the PPPK: paruh waktu (since 2025)
PPPK_KINDS_OF_POSITION = ("fungsional", "pelaksana")
# The current contract of the first three PPPK ends this many days after today (the reminders of
# 90 and 30 days and the dashboard card have something to show), with a contract of this many years.
ENDING_SOON = ((20, 5), (50, 2), (80, 1))


def _minus_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


class _Pppk:
    """Turns a made-up civil servant into a PPPK: an NI PPPK, a grade, contracts."""

    def __init__(self, rng: random.Random, people: _People):
        self.rng, self.people, self.today = rng, people, people.today
        self.ending_soon = list(ENDING_SOON)
        self.number = 0

    def ni_pppk(self, birth: dt.date, year: int, code: str, gender: str) -> str:
        prefix = f"{birth:%Y%m%d}{year:04d}{code}{gender}"
        n = self.people.seq.get(prefix, 0)
        while True:
            n += 1
            nip = f"{prefix}{n:03d}"
            if nip not in self.people.taken:
                break
        self.people.seq[prefix] = n
        self.people.taken.add(nip)
        return nip

    def contracts(self, part_time: bool) -> list[tuple[dt.date, dt.date]]:
        """(starts_on, ends_on) from the first appointment on; the last one is current."""
        rng, today = self.rng, self.today
        if self.ending_soon and not part_time:  # built backwards from its end, to an appointment by 2025
            days, years = self.ending_soon.pop(0)
            end = today + dt.timedelta(days=days)
            out = [(_minus_years(end + dt.timedelta(days=1), years), end)]
            first_year = rng.randint(2019, min(2025, out[0][0].year))
            while out[0][0].year > first_year and _minus_years(out[0][0], years).year >= 2019:
                start = out[0][0]
                out.insert(0, (_minus_years(start, years), start - dt.timedelta(days=1)))
            return out
        if part_time:
            year, years = min(2025, today.year), 1
        else:
            year = rng.randint(2019, min(2025, today.year))
            years = rng.choices((5, 2, 1), weights=(70, 18, 12))[0]
        start = dt.date(year, rng.choice((1, 3, 4)), 1)
        if start > today:
            start = dt.date(today.year, 1, 1)
        out = []
        while True:
            end = _minus_years(start, -years) - dt.timedelta(days=1)
            out.append((start, end))
            if end > today:
                return out
            start = end + dt.timedelta(days=1)

    def convert(self, p: dict, slot: _Slot) -> tuple[dict, list, list]:
        """The PPPK version of the person `p` (same name, diploma and place): (employee row, grade
        history [(grade, tmt)], contracts [(number, starts_on, ends_on, grade)])."""
        rng = self.rng
        part_time = rng.random() < PART_TIME_SHARE
        contracts = self.contracts(part_time)
        first = contracts[0][0]
        birth = dt.date(first.year - rng.randint(22, 45), rng.randint(1, 12), rng.randint(1, 28))
        gender = p["nip"][14]
        nip = self.ni_pppk(birth, first.year, "24" if part_time else "21", gender)
        level = p["education_level"]
        grade = PPPK_ENTRY_GRADES.get(level, 5)
        grades = [(grade, first)]
        if len(contracts) > 1 and rng.random() < .4 and grade < len(PPPK_GRADES):
            grades.append((grade + 1, contracts[1][0]))  # a renewal on a higher grade
        rows = []
        for start, end in contracts:
            self.number += 1
            current = [g for g, tmt in grades if tmt <= start][-1]
            rows.append((f"800.1.2.5/{self.number:04d}/PK/{start.year}", start, end, current))
        local = p["email"].split("@")[0][:-3] + nip[-3:]
        row = p | {"nip": nip, "employment_type": "PPPK_PW" if part_time else "PPPK", "rank_id": None,
                   "grade_id": grades[-1][0], "rank_tmt": grades[-1][1], "position_tmt": first,
                   "email": f"{local}@{p['email'].split('@')[1]}"}
        return row, grades, rows


def _demo_reserved(tenant: Tenant) -> dict[str, int]:
    """Positions kept for the demo accounts that exist and are not placed yet: local part → position id."""
    emails = {demo_email(local, tenant): local for local, *_ in DEMO_ACCOUNTS}
    waiting = {emails[e] for e in db.session.scalars(sa.select(Employee.email).where(
        Employee.email.in_(emails), Employee.position_id.is_(None)))}
    out = {}
    for local in waiting:
        unit_code, position_name, *_ = DEMO_PLACEMENT[local]
        pid = db.session.scalar(sa.select(Position.id).join(Unit, sa.and_(
            Unit.tenant_id == Position.tenant_id, Unit.id == Position.unit_id))
            .where(Unit.code == unit_code, Position.name == position_name))
        if pid is not None:
            out[local] = pid
    return out


def _place_demo_accounts(tenant: Tenant, reserved: dict[str, int]) -> list[str]:
    placed = []
    for local, position_id in reserved.items():
        _code, _name, rank, rank_tmt, position_tmt, level, major = DEMO_PLACEMENT[local]
        employee = db.session.scalar(sa.select(Employee).where(Employee.email == demo_email(local, tenant)))
        if employee is None or employee.position_id is not None:
            continue
        employee.education_level, employee.education_major = level, major
        operations.change_position(employee, position_id, dt.date.fromisoformat(position_tmt), check_rank=False)
        operations.change_rank(employee, RANK_IDS[rank], dt.date.fromisoformat(rank_tmt))
        for year in skp_years():
            operations.set_skp(employee, year, "baik" if local != "atasan" else "sangat_baik")
        placed.append(local)
    return placed


def populate(tenant: Tenant, wanted: int, *, vacant_share: float = 0.03) -> str:
    """Bring the tenant up to `wanted` employees. Returns what it did, for the CLI."""
    with tenant_context(tenant.id):
        have = db.session.scalar(sa.select(sa.func.count()).select_from(Employee))
        built = False
        if db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == 0:
            _build_org(tenant, wanted)
            built = True
        reserved = _demo_reserved(tenant)
        need = wanted - have
        created = 0
        if need > 0:
            created = _generate(tenant, need, set(reserved.values()), vacant_share if built else 0.0)
        placed = _place_demo_accounts(tenant, reserved)
        db.session.flush()
        parts = []
        if built:
            parts.append("built the organisation")
        parts.append(f"{created} employees created ({have + created} in all)" if created
                     else f"{have} employees already present")
        if placed:
            parts.append("placed demo accounts: " + ", ".join(sorted(placed)))
        return "; ".join(parts)


def _generate(tenant: Tenant, need: int, reserved: set[int], vacant_share: float) -> int:
    rng = random.Random(zlib.crc32(tenant.slug.encode()) + need)
    slots = _slots()
    filled = dict(db.session.execute(sa.select(Employee.position_id, sa.func.count()).where(
        Employee.status == "active", Employee.position_id.is_not(None)).group_by(Employee.position_id)).all())
    heads = [s for s in slots if s.is_head and s.position_id not in reserved and not filled.get(s.position_id)]
    rng.shuffle(heads)
    heads = heads[int(len(heads) * vacant_share):]  # a few heads stay vacant: lines go up the tree
    staff = [s for s in slots if not s.is_head]
    chosen = heads[:need] + rng.choices(staff, weights=[s.weight for s in staff], k=max(0, need - len(heads)))
    people = _People(rng, tenant.slug, set(db.session.scalars(sa.select(Employee.nip))))
    pppk = _Pppk(random.Random(zlib.crc32(f"pppk:{tenant.slug}".encode()) + need), people)
    now, years = utcnow(), skp_years()
    employees, ranks, positions, skp, contracts = [], [], [], [], []
    ids = bulk.reserve_ids(Employee.__table__, len(chosen))
    for slot, employee_id in zip(chosen, ids, strict=True):
        p = people.make(slot)  # always, so the PNS stay the same people whatever the PPPK draw
        rank_rows, tmt_cpns = p.pop("_ranks"), p.pop("_tmt_cpns")
        if not slot.is_head and slot.kind in PPPK_KINDS_OF_POSITION and pppk.rng.random() < PPPK_SHARE:
            p, grade_rows, contract_rows = pppk.convert(p, slot)
            tmt_cpns = p["position_tmt"]  # the start of service (no earlier position)
            rank_rows = []
            ranks += [{"employee_id": employee_id, "rank_id": None, "grade_id": g, "tmt": tmt, "recorded_at": now,
                       "recorded_by": "demo"} for g, tmt in grade_rows]
            contracts += [{"employee_id": employee_id, "number": number, "starts_on": start, "ends_on": end,
                           "position_id": slot.position_id, "position_name": slot.name, "grade_id": g,
                           "recorded_at": now, "recorded_by": "demo"} for number, start, end, g in contract_rows]
        else:
            p["grade_id"] = None
        employees.append(p | {"id": employee_id, "status": "active", "created_at": now, "updated_at": now})
        ranks += [{"employee_id": employee_id, "rank_id": rid, "grade_id": None, "tmt": tmt, "recorded_at": now,
                   "recorded_by": "demo"} for rid, tmt in rank_rows]
        if p["position_tmt"] > tmt_cpns:
            positions.append({"employee_id": employee_id, "position_id": None, "unit_id": slot.unit_id,
                              "position_name": "Pengadministrasi Perkantoran", "position_kind": "pelaksana",
                              "unit_name": slot.unit_name, "tmt": tmt_cpns, "recorded_at": now, "recorded_by": "demo"})
        positions.append({"employee_id": employee_id, "position_id": slot.position_id, "unit_id": slot.unit_id,
                          "position_name": slot.name, "position_kind": slot.kind, "unit_name": slot.unit_name,
                          "tmt": p["position_tmt"], "recorded_at": now, "recorded_by": "demo"})
        for year in years:
            if tmt_cpns.year < year:
                predicate = rng.choices([w[0] for w in SKP_WEIGHTS], weights=[w[1] for w in SKP_WEIGHTS])[0]
                skp.append({"employee_id": employee_id, "year": year, "predicate": predicate, "recorded_at": now})
    bulk.replan()
    bulk.insert_rows(Employee.__table__, employees)
    bulk.replan()
    bulk.insert_rows(RankHistory.__table__, ranks)
    bulk.insert_rows(PositionHistory.__table__, positions)
    bulk.insert_rows(PerformanceRating.__table__, skp)
    _insert_contracts(contracts)
    # The formasi of staff positions grows with the people placed in them.
    db.session.execute(sa.update(Position).where(Position.is_head.is_(False)).values(
        quota=sa.func.greatest(Position.quota, sa.select(sa.func.count()).where(
            Employee.tenant_id == Position.tenant_id, Employee.position_id == Position.id,
            Employee.status == "active").scalar_subquery())))
    return len(employees)


def _insert_contracts(rows: list[dict]) -> None:
    """Each renewal points at the contract it follows (ids reserved up front)."""
    ids = bulk.reserve_ids(EmploymentContract.__table__, len(rows))
    previous: dict[int, int] = {}
    for row, contract_id in zip(rows, ids, strict=True):  # in order of start per employee
        row["id"], row["previous_id"] = contract_id, previous.get(row["employee_id"])
        previous[row["employee_id"]] = contract_id
    bulk.insert_rows(EmploymentContract.__table__, rows)


def analyze_as_owner() -> None:
    """Refresh planner statistics after a bulk load (as autovacuum soon would). Only the table
    owner may ANALYZE, so this uses the owner connection; the CLI has it, the web app never does."""
    engine = sa.create_engine(current_app.config["OWNER_DATABASE_URL"], poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            for table in ("units", "positions", "employees", "employee_rank_history",
                          "employee_position_history", "employee_skp", "employee_contracts"):
                conn.execute(sa.text(f'ANALYZE "{table}"'))
            conn.commit()
    finally:
        engine.dispose()


def provision_demo_data(manifest) -> str:
    """Populate a demo tenant with `manifest.demo["employees"]` employees when it has fewer;
    idempotent (a second run finds enough employees and only checks the demo accounts' places)."""
    wanted = int((manifest.demo or {}).get("employees", 0))
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == manifest.slug))
    if tenant is None:
        return "tenant not provisioned yet (run flask tenants apply first)"
    if not wanted:
        return "no demo employees requested"
    result = populate(tenant, wanted)
    db.session.commit()
    analyze_as_owner()
    return result
