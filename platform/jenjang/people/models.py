"""People and organisation: ranks (national reference data), units (OPD and their bidang/seksi),
positions (jabatan), employees (ASN) and their append-only histories.

The NIP is the civil servant's national identity number (18 digits: birth date, TMT CPNS,
gender, sequence); a PPPK has an NI PPPK instead (birth date, year of appointment, a 2-digit code,
gender, sequence: see people/nip.py). Birth date, gender, year of appointment and (PNS only) TMT
CPNS are generated columns computed from it by the database, so they can never disagree with it.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, belongs_to, tenant_fk, tenant_index, tenant_unique, utcnow

# --- national reference data -------------------------------------------------------------

# Golongan/ruang and pangkat, PP 99/2000. The id is the rank's order (1 = I/a … 17 = IV/e), so a
# range of allowed ranks is a range of ids.
RANKS = (
    ("I/a", "Juru Muda"), ("I/b", "Juru Muda Tingkat I"), ("I/c", "Juru"), ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"), ("II/b", "Pengatur Muda Tingkat I"), ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"), ("III/b", "Penata Muda Tingkat I"), ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"), ("IV/b", "Pembina Tingkat I"), ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"), ("IV/e", "Pembina Utama"),
)
RANK_IDS = {code: i for i, (code, _name) in enumerate(RANKS, start=1)}
RANK_REGULATION = "PP 99/2000"


class Rank(db.Model):
    """A golongan/ruang (global: the same for every region, no tenant_id, no RLS)."""

    __tablename__ = "ranks"

    id: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(sa.String(6), unique=True)
    pangkat: Mapped[str] = mapped_column(sa.String(40))
    golongan: Mapped[str] = mapped_column(sa.String(3))
    ruang: Mapped[str] = mapped_column(sa.String(1))

    @property
    def label(self) -> str:
        return f"{self.code} · {self.pangkat}"


# PPPK salary grades, golongan I–XVII (Perpres 98/2020 tentang Gaji dan Tunjangan PPPK, amounts
# amended since, e.g. Perpres 11/2024). The id is the grade's order (1 = I … 17 = XVII).
PPPK_GRADES = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
               "XVI", "XVII")
PPPK_GRADE_IDS = {code: i for i, code in enumerate(PPPK_GRADES, start=1)}
# The grade a PPPK enters at by diploma (tenant-editable in PeopleSettings; default cited below).
PPPK_ENTRY_GRADES = {"SD": 1, "SMP": 4, "SMA": 5, "D1": 5, "D2": 6, "D3": 7, "D4": 9, "S1": 9, "S2": 10, "S3": 11}
PPPK_GRADE_REGULATION = ("Perpres 98/2020 tentang Gaji dan Tunjangan PPPK (diubah Perpres 11/2024); golongan "
                         "awal menurut kualifikasi pendidikan: SD I, SLTP IV, SLTA/D-I V, D-II VI, D-III VII, "
                         "S1/D-IV IX, S2 X, S3 XI")


class PppkGrade(db.Model):
    """A PPPK golongan (global like ranks: the same for every region, no tenant_id, no RLS)."""

    __tablename__ = "pppk_grades"

    id: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(sa.String(5), unique=True)

    @property
    def label(self) -> str:
        return f"Golongan {self.code}"


def grade_relationship(column: str, owner: str):
    """Like rank_relationship, for the PPPK grade columns."""
    return relationship(PppkGrade, primaryjoin=f"foreign({owner}.{column}) == PppkGrade.id",
                        lazy="raise_on_sql", viewonly=True)


def grade_label(rank_id: int | None = None, grade_id: int | None = None) -> str | None:
    """The golongan of an employee as printed: "III/b" for a PNS, "IX" (golongan PPPK) for a PPPK."""
    if rank_id:
        return RANKS[rank_id - 1][0]
    if grade_id:
        return PPPK_GRADES[grade_id - 1]
    return None


def rank_relationship(column: str, owner: str):
    """Tenant tables point at ranks with a plain smallint (1–17, CHECKed): a foreign key from a
    tenant table to a global one would break the rule that every key includes tenant_id."""
    return relationship(Rank, primaryjoin=f"foreign({owner}.{column}) == Rank.id", lazy="raise_on_sql",
                        viewonly=True)


def titled_name(person) -> str:
    """The name with its academic titles, as letters address a civil servant: "Dr. Siti, M.Si."
    (``person`` is an Employee or any row with full_name, front_title and back_title)."""
    name = person.full_name
    if person.front_title:
        name = f"{person.front_title} {name}"
    if person.back_title:
        name = f"{name}, {person.back_title}"
    return name


def _rank_check(column: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} BETWEEN 1 AND {len(RANKS)}", name=f"{column}_range")


def _grade_check(column: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} BETWEEN 1 AND {len(PPPK_GRADES)}", name=f"{column}_range")


# --- organisation ------------------------------------------------------------------------

# OPD kinds, then the kinds of units inside an OPD.
UNIT_KINDS = ("sekretariat_daerah", "sekretariat_dprd", "inspektorat", "dinas", "badan", "kecamatan",
              "sekretariat", "bidang", "bagian", "seksi", "subbagian", "lainnya")
OPD_KINDS = UNIT_KINDS[:6]

POSITION_KINDS = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas", "fungsional",
                  "pelaksana")
MANAGERIAL_KINDS = POSITION_KINDS[:5]
# Who may hold a position: ASN (PNS and PPPK, the default of fungsional and pelaksana positions),
# PNS only (the default of managerial ones) or PPPK only.
HOLDER_KINDS = ("ASN", "PNS", "PPPK")
# Jabatan fungsional levels and the ranks each allows (UU 20/2023; PermenPANRB on JF).
FUNCTIONAL_LEVELS = {
    "ahli_pertama": ("III/a", "III/b"), "ahli_muda": ("III/c", "III/d"), "ahli_madya": ("IV/a", "IV/c"),
    "ahli_utama": ("IV/d", "IV/e"), "pemula": ("II/a", "II/a"), "terampil": ("II/b", "II/d"),
    "mahir": ("III/a", "III/b"), "penyelia": ("III/c", "III/d"),
}


class Unit(TenantScoped, db.Model):
    """A unit of the organisation: an OPD at the top, bidang/bagian/seksi/subbagian below."""

    __tablename__ = "units"

    parent_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    code: Mapped[str | None] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(30), default="lainnya")
    sort_order: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("parent_id", "units"),
        tenant_unique("code"),
        tenant_index("ix_units_parent", "parent_id"),
        sa.CheckConstraint(f"kind IN ({', '.join(repr(k) for k in UNIT_KINDS)})", name="kind"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )


class Position(TenantScoped, db.Model):
    """A jabatan in a unit. `quota` is the formasi: how many people may hold it (1 for managerial
    positions). `is_head` marks the unit's head: reporting lines follow it."""

    __tablename__ = "positions"

    unit_id: Mapped[int] = mapped_column(sa.BigInteger)
    code: Mapped[str | None] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20))
    functional_level: Mapped[str | None] = mapped_column(sa.String(20))
    min_rank_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    max_rank_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    job_class: Mapped[int | None] = mapped_column(sa.SmallInteger)
    is_head: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    quota: Mapped[int] = mapped_column(sa.Integer, default=1)
    # A "jabatan tertentu" whose applicants may be older than the usual maximum entry age
    # (PP 11/2017 Pasal 23 ayat (2) as amended by PP 17/2020; see PeopleSettings).
    entry_age_exception: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    holder_kinds: Mapped[str] = mapped_column(sa.String(4), default="ASN", server_default="ASN")
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    unit = belongs_to("Position", "unit_id", "Unit", lazy="raise_on_sql")
    min_rank = rank_relationship("min_rank_id", "Position")
    max_rank = rank_relationship("max_rank_id", "Position")

    __table_args__ = (
        tenant_fk("unit_id", "units"),
        tenant_unique("code"),
        tenant_index("ix_positions_unit", "unit_id"),
        # One head per unit.
        sa.Index("uq_positions_head_of_unit", "tenant_id", "unit_id", unique=True,
                 postgresql_where=sa.text("is_head")),
        sa.CheckConstraint(f"kind IN ({', '.join(repr(k) for k in POSITION_KINDS)})", name="kind"),
        sa.CheckConstraint("job_class BETWEEN 1 AND 17", name="job_class_range"),
        sa.CheckConstraint("quota >= 1", name="quota_positive"),
        sa.CheckConstraint("min_rank_id IS NULL OR max_rank_id IS NULL OR min_rank_id <= max_rank_id",
                           name="rank_range_order"),
        sa.CheckConstraint("(kind = 'fungsional') = (functional_level IS NOT NULL)", name="functional_level"),
        sa.CheckConstraint(f"holder_kinds IN ({', '.join(repr(k) for k in HOLDER_KINDS)})", name="holder_kinds"),
        _rank_check("min_rank_id"),
        _rank_check("max_rank_id"),
    )

    def allows_kind(self, employment_type: str) -> bool:
        """Whether an employee of this kind (PNS, PPPK, PPPK_PW) may hold the position."""
        return self.holder_kinds == "ASN" or is_pppk(employment_type) == (self.holder_kinds == "PPPK")

    def allows_rank(self, rank_id: int | None) -> bool:
        if rank_id is None:
            return True
        return (self.min_rank_id is None or rank_id >= self.min_rank_id) and \
            (self.max_rank_id is None or rank_id <= self.max_rank_id)


# --- employees ---------------------------------------------------------------------------

# PNS, PPPK and PPPK paruh waktu (part-time PPPK, KepmenPANRB 16/2025).
EMPLOYMENT_TYPES = ("PNS", "PPPK", "PPPK_PW")
PPPK_TYPES = ("PPPK", "PPPK_PW")


def is_pppk(employment_type: str | None) -> bool:
    return employment_type in PPPK_TYPES

EDUCATION_LEVELS = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
# contract_ended: a PPPK whose perjanjian kerja ended without renewal (PP 49/2018 Pasal 52).
ARCHIVE_REASONS = ("retired", "moved", "died", "dismissed", "contract_ended")
# The five SKP predicates, best first (PermenPANRB 6/2022).
SKP_PREDICATES = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
SKP_REGULATION = "PermenPANRB 6/2022"


class Employee(TenantScoped, db.Model):
    __tablename__ = "employees"

    nip: Mapped[str] = mapped_column(sa.String(18))
    full_name: Mapped[str] = mapped_column(sa.String(200))
    front_title: Mapped[str | None] = mapped_column(sa.String(50))
    back_title: Mapped[str | None] = mapped_column(sa.String(80))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    # Derived from the NIP by the database (see the module docstring).
    birth_date: Mapped[dt.date] = mapped_column(sa.Date, sa.Computed(
        "make_date(substr(nip, 1, 4)::int, substr(nip, 5, 2)::int, substr(nip, 7, 2)::int)", persisted=True))
    # The month service began, PNS only: an NI PPPK holds the year of appointment, not a month.
    tmt_cpns: Mapped[dt.date | None] = mapped_column(sa.Date, sa.Computed(
        "CASE WHEN employment_type = 'PNS' THEN make_date(substr(nip, 9, 4)::int, substr(nip, 13, 2)::int, 1) END",
        persisted=True))
    # The year of appointment (CPNS for a PNS, first appointment as PPPK for a PPPK).
    appointment_year: Mapped[int] = mapped_column(sa.SmallInteger, sa.Computed(
        "substr(nip, 9, 4)::smallint", persisted=True))
    gender: Mapped[str] = mapped_column(sa.String(1), sa.Computed("substr(nip, 15, 1)", persisted=True))
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    employment_type: Mapped[str] = mapped_column(sa.String(7), default="PNS", server_default="PNS")
    # PNS: golongan/ruang (rank_id); PPPK: golongan I–XVII (grade_id). Never both.
    grade_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    rank_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    rank_tmt: Mapped[dt.date | None] = mapped_column(sa.Date)
    position_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    position_tmt: Mapped[dt.date | None] = mapped_column(sa.Date)
    unit_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    education_level: Mapped[str | None] = mapped_column(sa.String(3))
    education_major: Mapped[str | None] = mapped_column(sa.String(150))
    status: Mapped[str] = mapped_column(sa.String(10), default="active", server_default="active")
    archive_reason: Mapped[str | None] = mapped_column(sa.String(20))
    archived_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    supervisor_override_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                    server_default=sa.func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                    server_default=sa.func.now())

    rank = rank_relationship("rank_id", "Employee")
    grade = grade_relationship("grade_id", "Employee")
    position = belongs_to("Employee", "position_id", "Position", lazy="raise_on_sql")
    unit = belongs_to("Employee", "unit_id", "Unit", lazy="raise_on_sql")

    __table_args__ = (
        tenant_unique("nip"),
        tenant_fk("position_id", "positions"),
        tenant_fk("unit_id", "units"),
        tenant_fk("supervisor_override_id", "employees"),
        tenant_index("ix_employees_name", "full_name", "id"),
        tenant_index("ix_employees_unit", "unit_id"),
        tenant_index("ix_employees_position", "position_id"),
        tenant_index("ix_employees_override", "supervisor_override_id"),
        sa.Index("ix_employees_name_trgm", "tenant_id", sa.text("lower(full_name) gin_trgm_ops"),
                 postgresql_using="gin"),
        sa.CheckConstraint("nip ~ '^[0-9]{18}$'", name="nip_digits"),
        sa.CheckConstraint(f"employment_type IN ({', '.join(repr(k) for k in EMPLOYMENT_TYPES)})",
                           name="employment_type"),
        sa.CheckConstraint("employment_type = 'PNS' OR rank_id IS NULL", name="rank_pns_only"),
        sa.CheckConstraint("employment_type <> 'PNS' OR grade_id IS NULL", name="grade_pppk_only"),
        _grade_check("grade_id"),
        sa.CheckConstraint(f"education_level IN ({', '.join(repr(k) for k in EDUCATION_LEVELS)})",
                           name="education_level"),
        sa.CheckConstraint("status IN ('active', 'archived')", name="status"),
        sa.CheckConstraint("(status = 'archived') = (archive_reason IS NOT NULL)", name="archive_reason"),
        sa.CheckConstraint(f"archive_reason IN ({', '.join(repr(k) for k in ARCHIVE_REASONS)})",
                           name="archive_reason_kind"),
        sa.CheckConstraint("supervisor_override_id IS NULL OR supervisor_override_id <> id",
                           name="not_own_supervisor"),
        _rank_check("rank_id"),
    )

    @property
    def display_name(self) -> str:
        return titled_name(self)

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def is_pppk(self) -> bool:
        return is_pppk(self.employment_type)

    @property
    def golongan(self) -> str | None:
        """"III/b" for a PNS, "IX" for a PPPK: what every page prints in the golongan column."""
        return grade_label(self.rank_id, self.grade_id)

    @property
    def service_start(self) -> dt.date:
        """The TMT CPNS of a PNS; for a PPPK, 1 January of the year of appointment (the NI PPPK
        holds no month): only a fallback where a date is needed and none was given."""
        return self.tmt_cpns or dt.date(self.appointment_year, 1, 1)


class RankHistory(TenantScoped, db.Model):
    """One row per rank (PNS, kenaikan pangkat) or PPPK grade an employee has held. Appended,
    never rewritten."""

    __tablename__ = "employee_rank_history"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    rank_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    grade_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    tmt: Mapped[dt.date] = mapped_column(sa.Date)
    decree_number: Mapped[str | None] = mapped_column(sa.String(100))
    # Filled when HR confirmed a rank outside the position's range.
    override_reason: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                     server_default=sa.func.now())
    recorded_by: Mapped[str | None] = mapped_column(sa.String(254))

    rank = rank_relationship("rank_id", "RankHistory")
    grade = grade_relationship("grade_id", "RankHistory")

    __table_args__ = (
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_index("ix_rank_history_employee", "employee_id", "tmt"),
        _rank_check("rank_id"),
        _grade_check("grade_id"),
        sa.CheckConstraint("num_nonnulls(rank_id, grade_id) = 1", name="rank_or_grade"),
    )

    @property
    def golongan(self) -> str | None:
        return grade_label(self.rank_id, self.grade_id)


class EmploymentContract(TenantScoped, db.Model):
    """A PPPK's perjanjian kerja: one row per contract, the renewals pointing at the contract they
    follow. At least one year long and renewable on performance, competency and need, with the
    PPK's approval (PP 49/2018 Pasal 37). The signed document lives under
    FILES_DIR/<tenant>/contracts/<stored name>."""

    __tablename__ = "employee_contracts"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    number: Mapped[str] = mapped_column(sa.String(100))
    starts_on: Mapped[dt.date] = mapped_column(sa.Date)
    ends_on: Mapped[dt.date] = mapped_column(sa.Date)
    position_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    # The position's name when the contract was signed (renaming a position does not rewrite it).
    position_name: Mapped[str | None] = mapped_column(sa.String(200))
    grade_id: Mapped[int | None] = mapped_column(sa.SmallInteger)
    document_name: Mapped[str | None] = mapped_column(sa.String(255))
    document_stored: Mapped[str | None] = mapped_column(sa.String(100))
    previous_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    # Set by the expiry job when the contract ended without a renewal and the employee was archived.
    ended_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                     server_default=sa.func.now())
    recorded_by: Mapped[str | None] = mapped_column(sa.String(254))

    grade = grade_relationship("grade_id", "EmploymentContract")

    __table_args__ = (
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("position_id", "positions"),
        tenant_fk("previous_id", "employee_contracts"),
        tenant_unique("employee_id", "starts_on"),
        tenant_index("ix_employee_contracts_employee", "employee_id", "ends_on"),
        tenant_index("ix_employee_contracts_ends_on", "ends_on"),
        sa.CheckConstraint("ends_on > starts_on", name="period_order"),
        sa.CheckConstraint("previous_id IS NULL OR previous_id <> id", name="not_own_previous"),
        _grade_check("grade_id"),
    )


class PositionHistory(TenantScoped, db.Model):
    """One row per position held. The names are kept as they were at the time, so renaming a
    unit later does not rewrite somebody's career."""

    __tablename__ = "employee_position_history"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    position_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    unit_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    position_name: Mapped[str] = mapped_column(sa.String(200))
    position_kind: Mapped[str | None] = mapped_column(sa.String(20))
    unit_name: Mapped[str | None] = mapped_column(sa.String(200))
    tmt: Mapped[dt.date] = mapped_column(sa.Date)
    decree_number: Mapped[str | None] = mapped_column(sa.String(100))
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                     server_default=sa.func.now())
    recorded_by: Mapped[str | None] = mapped_column(sa.String(254))

    __table_args__ = (
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("position_id", "positions"),
        tenant_fk("unit_id", "units"),
        tenant_index("ix_position_history_employee", "employee_id", "tmt"),
    )


class PerformanceRating(TenantScoped, db.Model):
    """The yearly SKP predicate of an employee (entered or imported; SKP itself runs elsewhere)."""

    __tablename__ = "employee_skp"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    year: Mapped[int] = mapped_column(sa.SmallInteger)
    predicate: Mapped[str] = mapped_column(sa.String(20))
    recorded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                     server_default=sa.func.now())

    __table_args__ = (
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_unique("employee_id", "year"),
        sa.CheckConstraint(f"predicate IN ({', '.join(repr(k) for k in SKP_PREDICATES)})", name="predicate"),
        sa.CheckConstraint("year BETWEEN 1990 AND 2100", name="year_range"),
    )


# --- imports -----------------------------------------------------------------------------

IMPORT_KINDS = ("units", "positions", "employees", "skp")
# queued/running: being checked; preview: checked, waiting for the officer; applying: confirmed
IMPORT_STATUSES = ("mapping", "queued", "running", "preview", "applying", "invalid", "done", "failed", "cancelled")


class ImportRun(TenantScoped, db.Model):
    """One uploaded file and what became of it. The file lives under FILES_DIR/<tenant>/imports."""

    __tablename__ = "import_runs"

    kind: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20), default="mapping")
    original_name: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(100))
    file_format: Mapped[str] = mapped_column(sa.String(10))
    headers: Mapped[list] = mapped_column(JSONB, default=list)
    mapping: Mapped[dict] = mapped_column(JSONB, default=dict)
    total_rows: Mapped[int | None] = mapped_column(sa.Integer)
    error_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    errors: Mapped[list] = mapped_column(JSONB, default=list)
    summary: Mapped[dict] = mapped_column(JSONB, default=dict)
    create_accounts: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_by_user_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        tenant_index("ix_import_runs_created", sa.text("created_at DESC")),
        sa.CheckConstraint(f"kind IN ({', '.join(repr(k) for k in IMPORT_KINDS)})", name="kind"),
        sa.CheckConstraint(f"status IN ({', '.join(repr(k) for k in IMPORT_STATUSES)})", name="status"),
    )

    @property
    def is_finished(self) -> bool:
        return self.status in ("invalid", "done", "failed", "cancelled")


# --- the tenant's people rules -------------------------------------------------------------------

ENTRY_AGE_MAX = 35
ENTRY_AGE_MAX_EXCEPTION = 40
ENTRY_AGE_REGULATION = ("PP 11/2017 Pasal 23 ayat (1) huruf a dan ayat (2), diubah PP 17/2020: "
                        "18–35 tahun saat melamar; jabatan tertentu paling tinggi 40 tahun")


class PeopleSettings(TenantScoped, db.Model):
    """One row per tenant (absent: the defaults above): the maximum age at entry of a PNS, the
    usual one and the one of the positions flagged `entry_age_exception`, with their citation.
    A NIP whose TMT CPNS falls after that age is a warning, never a refusal (people/entry_age.py)."""

    __tablename__ = "people_settings"

    entry_age_max: Mapped[int] = mapped_column(sa.SmallInteger, default=ENTRY_AGE_MAX)
    entry_age_max_exception: Mapped[int] = mapped_column(sa.SmallInteger, default=ENTRY_AGE_MAX_EXCEPTION)
    entry_age_regulation: Mapped[str] = mapped_column(sa.String(300), default=ENTRY_AGE_REGULATION)
    # {education level: PPPK grade id} and its citation (PPPK_ENTRY_GRADES, PPPK_GRADE_REGULATION).
    pppk_entry_grades: Mapped[dict] = mapped_column(JSONB, default=lambda: dict(PPPK_ENTRY_GRADES))
    pppk_grade_regulation: Mapped[str] = mapped_column(sa.String(300), default=PPPK_GRADE_REGULATION)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_unique(name="uq_people_settings_tenant"),
        sa.CheckConstraint("entry_age_max BETWEEN 18 AND 60", name="entry_age_max"),
        sa.CheckConstraint("entry_age_max_exception BETWEEN entry_age_max AND 60", name="entry_age_order"),
    )
