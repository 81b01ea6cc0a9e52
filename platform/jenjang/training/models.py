"""Training: the programme catalogue, sessions with capacity and enrolment windows, enrolments
with their seat and waitlist place, and the JP ledger: the tables every part of training shares
(the parts' own tables are in their sub-packages' models.py).

Capacity is a counter on the session (`seats_taken`) moved only by a conditional UPDATE
(`SET seats_taken = seats_taken + 1 WHERE seats_taken < capacity`), so simultaneous enrolments
can never exceed it; an enrolment that holds a seat has `holds_seat = true` (pending approval,
approved or completed), a waitlisted one does not. One active enrolment per employee per session
is enforced by a partial UNIQUE index. The JP ledger (`jp_entries`) is fed by every source of
competency development (completed sessions, verified external training, mentoring sessions) and is
the only thing the 20-JP figures read: see training/ledger/.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jenjang.extensions import db
from jenjang.tenancy.models import TenantScoped, tenant_fk, tenant_index, tenant_unique, utcnow

# SIASN's 25 kinds of competency development (DOMAIN.md): code → (name, classical?).
SIASN_KINDS: dict[int, tuple[str, bool]] = {
    1: ("Diklat Struktural", True), 2: ("Diklat Fungsional", True), 3: ("Diklat Teknis", True),
    4: ("Workshop", True), 5: ("Pelatihan Manajerial", True), 6: ("Pelatihan Sosial Kultural", True),
    7: ("Sosialisasi", True), 8: ("Bimtek", True), 9: ("Seminar", True), 10: ("Magang", False),
    11: ("Kursus", True), 12: ("Penataran", True), 13: ("Klasikal lainnya", True), 14: ("Coaching", False),
    15: ("Mentoring", False), 16: ("E-Learning", False), 17: ("Pelatihan Jarak Jauh", False),
    18: ("Detasering", False), 19: ("Outbond", True), 20: ("Benchmarking", False),
    21: ("Pertukaran PNS–swasta/BUMN/BUMD", False), 22: ("Belajar Mandiri", False),
    23: ("Community of Practice", False), 24: ("Bimbingan di Tempat Kerja", False),
    25: ("Nonklasikal lainnya", False),
}
PROVIDERS = ("bpsdm", "lan", "internal", "external")
SESSION_MODES = ("in_person", "online", "blended")
SESSION_STATUSES = ("scheduled", "cancelled", "finished")
WAITLIST_ORDERS = ("first_come", "priority")  # priority: mandatory first, then largest gap, then time
ENROLMENT_STATUSES = ("pending", "approved", "waitlisted", "rejected", "cancelled", "completed", "not_completed")
ACTIVE_STATUSES = ("pending", "approved", "waitlisted", "completed", "not_completed")
SEAT_STATUSES = ("pending", "approved", "completed", "not_completed")
ENROLMENT_ORIGINS = ("self", "supervisor", "hr")
LEDGER_SOURCES = ("training", "external", "mentoring", "manual")
DEFAULT_TARGET_JP = 20
# PP 49/2018 Pasal 40 ayat (1)–(2): a PPPK's competency development is at most 24 JP in one year of
# the work agreement (except PPPK in certain JPT posts); the tenant sets its PPPK target from it.
DEFAULT_PPPK_TARGET_JP = 24
TARGET_JP_CITATION = "PP 11/2017 jo. PP 17/2020 Pasal 203 ayat (4): paling sedikit 20 JP dalam 1 tahun"
PPPK_TARGET_CITATION = ("PP 49/2018 Pasal 40 ayat (1)–(2): paling lama 24 JP dalam 1 tahun masa perjanjian kerja "
                        "(kecuali PPPK pada JPT tertentu)")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class TrainingSettings(TenantScoped, db.Model):
    """One row per tenant: the yearly JP targets (PNS and PPPK, each with its citation), the
    enrolment workflow, the default waitlist order, the follow-up delay of the level-3 evaluation.
    Created on first read (training/settings.py)."""

    __tablename__ = "training_settings"

    target_jp: Mapped[int] = mapped_column(sa.SmallInteger, default=DEFAULT_TARGET_JP)  # PNS
    target_jp_citation: Mapped[str] = mapped_column(sa.String(300), default=TARGET_JP_CITATION)
    # PPPK and PPPK paruh waktu (migration 0016c)
    pppk_target_jp: Mapped[int] = mapped_column(sa.SmallInteger, default=DEFAULT_PPPK_TARGET_JP)
    pppk_target_citation: Mapped[str] = mapped_column(sa.String(300), default=PPPK_TARGET_CITATION)
    waitlist_order: Mapped[str] = mapped_column(sa.String(20), default="first_come")
    approval_definition_key: Mapped[str] = mapped_column(sa.String(60), default="training_enrolment")
    followup_days: Mapped[int] = mapped_column(sa.SmallInteger, default=60)
    # JP conversions for non-classical forms (DOMAIN.md): {"mentoring_session": 2, "seminar_day": 4, ...}
    conversions: Mapped[dict] = mapped_column(JSONB, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_unique(name="uq_training_settings_tenant"),
        sa.CheckConstraint("target_jp BETWEEN 0 AND 500", name="target_jp"),
        sa.CheckConstraint("pppk_target_jp BETWEEN 0 AND 500", name="pppk_target_jp"),
        sa.CheckConstraint(_in("waitlist_order", WAITLIST_ORDERS), name="waitlist_order"),
        sa.CheckConstraint("followup_days BETWEEN 1 AND 365", name="followup_days"),
    )


class Programme(TenantScoped, db.Model):
    """A programme of the catalogue (e.g. "Pelatihan Kepemimpinan Administrator")."""

    __tablename__ = "training_programmes"

    code: Mapped[str | None] = mapped_column(sa.String(30))
    title: Mapped[str] = mapped_column(sa.String(250))
    kind_code: Mapped[int] = mapped_column(sa.SmallInteger)  # SIASN_KINDS
    classical: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    jp: Mapped[Decimal] = mapped_column(sa.Numeric(6, 2))
    provider: Mapped[str] = mapped_column(sa.String(20), default="internal")
    provider_name: Mapped[str | None] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    cost_per_participant: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=0)
    allow_self_enrol: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    mandatory: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # Prerequisites: all optional.
    min_rank_id: Mapped[int | None] = mapped_column(sa.SmallInteger)  # ranks.id (global, 1–17): a PNS
    min_grade_id: Mapped[int | None] = mapped_column(sa.SmallInteger)  # pppk_grades.id (I–XVII): a PPPK
    position_kinds: Mapped[list] = mapped_column(JSONB, default=list)  # empty: any kind
    prereq_competency_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    prereq_level: Mapped[int | None] = mapped_column(sa.SmallInteger)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(sa.String(254))

    targets = relationship("ProgrammeCompetency", lazy="raise_on_sql", viewonly=True,
                           primaryjoin="and_(Programme.tenant_id == foreign(ProgrammeCompetency.tenant_id), "
                                       "Programme.id == foreign(ProgrammeCompetency.programme_id))")

    __table_args__ = (
        tenant_fk("prereq_competency_id", "competencies"),
        tenant_unique("code", name="uq_training_programmes_code"),
        tenant_index("ix_training_programmes_active", "active", "title"),
        sa.CheckConstraint("kind_code BETWEEN 1 AND 25", name="kind_code"),
        sa.CheckConstraint("jp >= 0", name="jp_not_negative"),
        sa.CheckConstraint("cost_per_participant >= 0", name="cost_not_negative"),
        sa.CheckConstraint(_in("provider", PROVIDERS), name="provider"),
        sa.CheckConstraint("min_rank_id IS NULL OR min_rank_id BETWEEN 1 AND 17", name="min_rank"),
        sa.CheckConstraint("min_grade_id IS NULL OR min_grade_id BETWEEN 1 AND 17", name="min_grade"),
        sa.CheckConstraint("prereq_level IS NULL OR prereq_level BETWEEN 1 AND 5", name="prereq_level"),
        sa.CheckConstraint("(prereq_competency_id IS NULL) = (prereq_level IS NULL)", name="prereq_pair"),
    )


class ProgrammeCompetency(TenantScoped, db.Model):
    """A competency a programme develops, and the level it brings a participant to."""

    __tablename__ = "training_programme_competencies"

    programme_id: Mapped[int] = mapped_column(sa.BigInteger)
    competency_id: Mapped[int] = mapped_column(sa.BigInteger)
    target_level: Mapped[int] = mapped_column(sa.SmallInteger)

    __table_args__ = (
        tenant_fk("programme_id", "training_programmes", ondelete="CASCADE"),
        tenant_fk("competency_id", "competencies"),
        tenant_unique("programme_id", "competency_id", name="uq_training_programme_competencies"),
        tenant_index("ix_training_programme_competencies_competency", "competency_id"),
        sa.CheckConstraint("target_level BETWEEN 1 AND 5", name="target_level"),
    )


class TrainingSession(TenantScoped, db.Model):
    """One run (angkatan) of a programme: when, where, how many seats, when enrolment is open."""

    __tablename__ = "training_sessions"

    programme_id: Mapped[int] = mapped_column(sa.BigInteger)
    name: Mapped[str] = mapped_column(sa.String(120))  # "Angkatan I"
    starts_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    ends_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    mode: Mapped[str] = mapped_column(sa.String(20), default="in_person")
    place: Mapped[str | None] = mapped_column(sa.String(250))
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    capacity: Mapped[int] = mapped_column(sa.Integer)
    seats_taken: Mapped[int] = mapped_column(sa.Integer, default=0)
    enrol_opens_on: Mapped[dt.date] = mapped_column(sa.Date)
    enrol_closes_on: Mapped[dt.date] = mapped_column(sa.Date)
    facilitator_employee_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    facilitator_name: Mapped[str | None] = mapped_column(sa.String(200))
    cost_per_participant: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))  # None: the programme's
    waitlist_order: Mapped[str | None] = mapped_column(sa.String(20))  # None: the tenant's default
    status: Mapped[str] = mapped_column(sa.String(20), default="scheduled")
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    programme = relationship("Programme", lazy="raise_on_sql", viewonly=True,
                             primaryjoin="and_(TrainingSession.tenant_id == foreign(Programme.tenant_id), "
                                         "TrainingSession.programme_id == foreign(Programme.id))")

    __table_args__ = (
        tenant_fk("programme_id", "training_programmes"),
        tenant_fk("facilitator_employee_id", "employees"),
        tenant_index("ix_training_sessions_programme", "programme_id", "starts_at"),
        tenant_index("ix_training_sessions_starts", "starts_at"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats_within_capacity"),
        sa.CheckConstraint("enrol_closes_on >= enrol_opens_on", name="window_order"),
        sa.CheckConstraint("cost_per_participant IS NULL OR cost_per_participant >= 0", name="cost_not_negative"),
        sa.CheckConstraint(_in("mode", SESSION_MODES), name="mode"),
        sa.CheckConstraint(_in("status", SESSION_STATUSES), name="status"),
        sa.CheckConstraint(f"waitlist_order IS NULL OR {_in('waitlist_order', WAITLIST_ORDERS)}",
                           name="waitlist_order"),
    )


class Enrolment(TenantScoped, db.Model):
    """An employee's place in a session: holding a seat (pending approval, approved, completed,
    not completed) or waiting (waitlisted), or over (rejected, cancelled)."""

    __tablename__ = "training_enrolments"

    session_id: Mapped[int] = mapped_column(sa.BigInteger)
    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    status: Mapped[str] = mapped_column(sa.String(20))
    holds_seat: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    origin: Mapped[str] = mapped_column(sa.String(20), default="self")
    nominated_by: Mapped[str | None] = mapped_column(sa.String(254))  # who nominated (email), when not self
    reason: Mapped[str | None] = mapped_column(sa.Text)  # the employee's or nominator's motivation
    priority: Mapped[int] = mapped_column(sa.Integer, default=0)  # higher first when order is "priority"
    workflow_case_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    requested_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    waitlisted_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    completed_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    score: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    cost: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=0)  # snapshot at enrolment
    certificate_code: Mapped[str | None] = mapped_column(sa.String(40))
    certificate_issued_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))

    session = relationship("TrainingSession", lazy="raise_on_sql", viewonly=True,
                           primaryjoin="and_(Enrolment.tenant_id == foreign(TrainingSession.tenant_id), "
                                       "Enrolment.session_id == foreign(TrainingSession.id))")

    __table_args__ = (
        tenant_fk("session_id", "training_sessions"),
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_fk("workflow_case_id", "workflow_cases"),
        tenant_index("uq_training_enrolments_active", "session_id", "employee_id", unique=True,
                     postgresql_where=sa.text("status IN ('pending', 'approved', 'waitlisted', 'completed', "
                                              "'not_completed')")),
        tenant_index("ix_training_enrolments_employee", "employee_id", "status"),
        tenant_index("ix_training_enrolments_session", "session_id", "status"),
        tenant_unique("certificate_code", name="uq_training_enrolments_certificate_code"),
        sa.CheckConstraint(_in("status", ENROLMENT_STATUSES), name="status"),
        sa.CheckConstraint(_in("origin", ENROLMENT_ORIGINS), name="origin"),
        sa.CheckConstraint(f"holds_seat = ({_in('status', SEAT_STATUSES)})", name="seat_matches_status"),
        sa.CheckConstraint("score IS NULL OR score BETWEEN 0 AND 100", name="score_range"),
        sa.CheckConstraint("cost >= 0", name="cost_not_negative"),
    )


class JpEntry(TenantScoped, db.Model):
    """One credit of competency development hours (JP) to an employee, from one source. The
    (source, source_ref) pair is unique, so crediting the same thing twice updates instead of
    adding (see ledger.credit)."""

    __tablename__ = "jp_entries"

    employee_id: Mapped[int] = mapped_column(sa.BigInteger)
    year: Mapped[int] = mapped_column(sa.SmallInteger)
    occurred_on: Mapped[dt.date] = mapped_column(sa.Date)
    source: Mapped[str] = mapped_column(sa.String(20))
    source_ref: Mapped[str] = mapped_column(sa.String(80))  # e.g. "enrolment:42", "external:7"
    title: Mapped[str] = mapped_column(sa.String(300))
    jp: Mapped[Decimal] = mapped_column(sa.Numeric(6, 2))
    classical: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        tenant_fk("employee_id", "employees", ondelete="CASCADE"),
        tenant_unique("source", "source_ref", name="uq_jp_entries_source_ref"),
        tenant_index("ix_jp_entries_year_employee", "year", "employee_id"),
        tenant_index("ix_jp_entries_employee_date", "employee_id", "occurred_on"),
        sa.CheckConstraint("jp >= 0", name="jp_not_negative"),
        sa.CheckConstraint(_in("source", LEDGER_SOURCES), name="source"),
        sa.CheckConstraint("year = EXTRACT(YEAR FROM occurred_on)", name="year_matches_date"),
    )
