"""Changing competency data: the dictionary, position standards (one cell, defaults by position
kind in bulk, copy), assessments and potential scores, settings, succession flags.
Flush, never commit: the same functions run from views, the importer, the CLI and tests.

Rules refuse bad input with `CompetencyError`, whose message tells the user what to do.
"""
from __future__ import annotations

import calendar
import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import insert as pg_insert

from jenjang.competency import national
from jenjang.competency.models import (
    SOURCES,
    SUCCESSION_KINDS,
    Competency,
    CompetencyAssessment,
    CompetencyLevel,
    CompetencySettings,
    CompetencyStandard,
    PotentialScore,
    SuccessionPosition,
)
from jenjang.competency.settings import FIELDS, Rules
from jenjang.core import audit, clock
from jenjang.core.refusals import Refusal
from jenjang.extensions import db
from jenjang.people.api import Employee, Position, actor_label
from jenjang.tenancy.context import require_tenant_id
from jenjang.tenancy.models import utcnow
from jenjang.tenancy.operations import provisioner

# Default required level of every national competency by position kind: the commonly cited
# managerial defaults (DOMAIN.md); jabatan fungsional by jenjang (ahli pertama 1 … ahli utama 4,
# keterampilan 1). Applied in bulk as editable per-position data, never read at assessment time.
DEFAULT_LEVELS = {"jpt_utama": 5, "jpt_madya": 5, "jpt_pratama": 4, "administrator": 3, "pengawas": 2,
                  "pelaksana": 1}
DEFAULT_FUNCTIONAL_LEVELS = {"ahli_utama": 4, "ahli_madya": 3, "ahli_muda": 2, "ahli_pertama": 1,
                             "penyelia": 1, "mahir": 1, "terampil": 1, "pemula": 1}


class CompetencyError(Refusal):
    """A refused change of competency data (dictionary, standards, assessments, plans, settings)."""


def check_level(level, field: str = "level") -> int:
    try:
        value = int(level)
    except (TypeError, ValueError):
        raise CompetencyError(_("Level harus angka 1 sampai 5."), field) from None
    if not 1 <= value <= 5 or str(level).strip() not in (str(value), f"{value}.0"):
        raise CompetencyError(_("Level %(value)s di luar rentang: tulis 1 sampai 5.", value=level), field)
    return value


def usable_competency(competency_id: int | None, field: str = "competency_id") -> Competency:
    comp = db.session.scalar(sa.select(Competency).where(Competency.id == competency_id)) \
        if competency_id is not None else None
    if comp is None:
        raise CompetencyError(_("Kompetensi tidak ada."), field)
    if comp.is_retired:
        raise CompetencyError(_("Kompetensi %(code)s sudah dipensiunkan: pilih kompetensi yang masih berlaku.",
                                code=comp.code), field)
    return comp


# --- the dictionary ------------------------------------------------------------------------

@provisioner
def ensure_national_competencies() -> int:
    """Give the current tenant the nine national competencies it lacks; returns how many were
    added. Idempotent: called when a tenant is created and by `flask tenants apply`."""
    tid = require_tenant_id()
    rows = [{"tenant_id": tid, "code": c.code, "name": c.name["id"], "name_en": c.name["en"], "kind": c.kind,
             "is_national": True, "sort_order": i, "created_at": utcnow()}
            for i, c in enumerate(national.NATIONAL, start=1)]
    result = db.session.execute(pg_insert(Competency).values(rows)
                                .on_conflict_do_nothing(index_elements=["tenant_id", "code"])
                                .returning(Competency.id))
    return len(result.all())


def save_competency(comp: Competency | None, *, code: str, name: str, field: str | None,
                    name_en: str | None = None, description: str | None = None,
                    description_en: str | None = None, levels: dict[int, dict] | None = None) -> Competency:
    """Create or edit a teknis competency and its level indicators. National ones are locked."""
    if comp is not None and comp.is_national:
        raise CompetencyError(_("Kompetensi nasional tidak dapat diubah."))
    code = (code or "").strip().upper()
    if not code:
        raise CompetencyError(_("Kode wajib diisi."), "code")
    if code in national.CODES or db.session.scalar(sa.select(Competency.id).where(
            Competency.code == code, Competency.id != (comp.id if comp else -1))) is not None:
        raise CompetencyError(_("Kode %(code)s sudah dipakai kompetensi lain.", code=code), "code")
    created = comp is None
    comp = comp or Competency(kind="teknis", is_national=False, sort_order=100)
    before = None if created else {"code": comp.code, "name": comp.name, "field": comp.field}
    comp.code, comp.name, comp.name_en = code, name.strip(), (name_en or "").strip() or None
    comp.field = (field or "").strip() or None
    comp.description = (description or "").strip() or None
    comp.description_en = (description_en or "").strip() or None
    db.session.add(comp)
    db.session.flush()
    existing = {lv.level: lv for lv in db.session.scalars(
        sa.select(CompetencyLevel).where(CompetencyLevel.competency_id == comp.id))}
    for number, data in (levels or {}).items():
        desc = (data.get("description") or "").strip()
        row = existing.get(number)
        if not desc:
            if row is not None:
                db.session.delete(row)
            continue
        row = row or CompetencyLevel(competency_id=comp.id, level=number)
        row.description, row.description_en = desc, (data.get("description_en") or "").strip() or None
        row.indicators = (data.get("indicators") or "").strip() or None
        row.indicators_en = (data.get("indicators_en") or "").strip() or None
        db.session.add(row)
    db.session.flush()
    audit.record("competency.created" if created else "competency.updated", comp, before=before,
                 after={"code": comp.code, "name": comp.name, "field": comp.field})
    return comp


def retire_competency(comp: Competency) -> None:
    """Retired competencies keep their standards and assessments but take no new ones."""
    if comp.is_national:
        raise CompetencyError(_("Kompetensi nasional tidak dapat dipensiunkan."))
    if comp.retired_at is None:
        comp.retired_at = utcnow()
        audit.record("competency.retired", comp, after={"code": comp.code})


def restore_competency(comp: Competency) -> None:
    if comp.retired_at is not None:
        comp.retired_at = None
        audit.record("competency.restored", comp, after={"code": comp.code})


# --- standards -----------------------------------------------------------------------------

def set_standard(position_id: int, competency_id: int, level) -> CompetencyStandard | None:
    """One cell of the standards grid; an empty level removes the requirement."""
    position = db.session.scalar(sa.select(Position).where(Position.id == position_id))
    if position is None:
        raise CompetencyError(_("Jabatan tidak ada."), "position_id")
    row = db.session.scalar(sa.select(CompetencyStandard).where(
        CompetencyStandard.position_id == position_id, CompetencyStandard.competency_id == competency_id))
    if level in (None, "", "0"):
        if row is not None:
            audit.record("competency.standard_removed", object_type="Position", object_id=position_id,
                         before={"competency_id": competency_id, "level": row.required_level})
            db.session.delete(row)
            db.session.flush()
        return None
    value = check_level(level)
    usable_competency(competency_id)
    before = row.required_level if row else None
    if row is None:
        row = CompetencyStandard(position_id=position_id, competency_id=competency_id, required_level=value)
        db.session.add(row)
    elif row.required_level == value:
        return row
    row.required_level, row.updated_at = value, utcnow()
    db.session.flush()
    audit.record("competency.standard_set", object_type="Position", object_id=position_id,
                 before={"competency_id": competency_id, "level": before},
                 after={"competency_id": competency_id, "level": value})
    return row


def default_level_for(kind: str, functional_level: str | None) -> int | None:
    if kind == "fungsional":
        return DEFAULT_FUNCTIONAL_LEVELS.get(functional_level or "")
    return DEFAULT_LEVELS.get(kind)


def apply_default_standards(kinds: list[str], *, overwrite: bool = False) -> int:
    """The national competencies' default levels for every position of the given kinds, in one
    statement. Returns how many cells were written."""
    tid = require_tenant_id()
    level = sa.case(
        *[(Position.kind == k, v) for k, v in DEFAULT_LEVELS.items()],
        *[(sa.and_(Position.kind == "fungsional", Position.functional_level == f), v)
          for f, v in DEFAULT_FUNCTIONAL_LEVELS.items()],
        else_=None)
    source = (sa.select(sa.literal(tid).label("tenant_id"), Position.id, Competency.id, level,
                        sa.literal(utcnow(), sa.DateTime(timezone=True)))
              .select_from(Position).join(Competency, Competency.tenant_id == Position.tenant_id)
              .where(Position.tenant_id == tid, Competency.tenant_id == tid, Competency.is_national,
                     Competency.retired_at.is_(None), Position.kind.in_(kinds), level.is_not(None)))
    stmt = pg_insert(CompetencyStandard).from_select(
        ["tenant_id", "position_id", "competency_id", "required_level", "updated_at"], source)
    if overwrite:
        stmt = stmt.on_conflict_do_update(
            index_elements=["tenant_id", "position_id", "competency_id"],
            set_={"required_level": stmt.excluded.required_level, "updated_at": stmt.excluded.updated_at})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=["tenant_id", "position_id", "competency_id"])
    count = db.session.execute(stmt).rowcount
    audit.record("competency.standard_defaults", object_type="Position",
                 after={"kinds": kinds, "overwrite": overwrite, "cells": count})
    db.session.flush()
    return count


def copy_standard(source_position_id: int, target_position_ids: list[int]) -> int:
    """Make each target's standard equal to the source's (cells the source lacks are removed)."""
    tid = require_tenant_id()
    targets = list(db.session.scalars(sa.select(Position.id).where(
        Position.id.in_(target_position_ids), Position.id != source_position_id)))
    if not targets:
        raise CompetencyError(_("Pilih paling sedikit satu jabatan tujuan."), "targets")
    db.session.execute(sa.delete(CompetencyStandard).where(
        CompetencyStandard.tenant_id == tid, CompetencyStandard.position_id.in_(targets)))
    target = sa.values(sa.column("pid", sa.BigInteger), name="targets").data([(t,) for t in targets])
    source = (sa.select(CompetencyStandard.tenant_id, target.c.pid, CompetencyStandard.competency_id,
                        CompetencyStandard.required_level, sa.literal(utcnow(), sa.DateTime(timezone=True)))
              .select_from(CompetencyStandard).join(target, sa.true())
              .where(CompetencyStandard.tenant_id == tid, CompetencyStandard.position_id == source_position_id))
    count = db.session.execute(pg_insert(CompetencyStandard).from_select(
        ["tenant_id", "position_id", "competency_id", "required_level", "updated_at"], source)).rowcount
    audit.record("competency.standard_copied", object_type="Position", object_id=source_position_id,
                 after={"targets": targets, "cells": count})
    db.session.flush()
    return len(targets)


# --- assessments and potential ----------------------------------------------------------------

def check_source(source: str) -> str:
    if source not in SOURCES:
        raise CompetencyError(_("Sumber penilaian tidak dikenal."), "source")
    return source


def check_assessed_on(value: dt.date | None, field: str = "assessed_on") -> dt.date:
    if value is None:
        raise CompetencyError(_("Tanggal penilaian wajib diisi."), field)
    if value > clock.today():
        raise CompetencyError(_("Tanggal penilaian tidak boleh di masa depan."), field)
    if value.year < 2000:
        raise CompetencyError(_("Tanggal penilaian terlalu lama: tulis tanggal sejak tahun 2000."), field)
    return value


def record_assessment(employee: Employee, *, competency_id: int, level, source: str, assessed_on: dt.date,
                      assessor: str | None = None, evidence: str | None = None) -> CompetencyAssessment:
    comp = usable_competency(competency_id)
    row = CompetencyAssessment(employee_id=employee.id, competency_id=comp.id, level=check_level(level),
                               source=check_source(source), assessed_on=check_assessed_on(assessed_on),
                               assessor=(assessor or "").strip()[:200] or None,
                               evidence=(evidence or "").strip() or None, recorded_by=actor_label())
    db.session.add(row)
    db.session.flush()
    audit.record("competency.assessed", object_type="Employee", object_id=employee.id,
                 after={"competency": comp.code, "level": row.level, "source": source,
                        "assessed_on": assessed_on.isoformat()})
    return row


def record_potential(employee: Employee, *, score, assessed_on: dt.date, assessor: str | None = None,
                     note: str | None = None) -> PotentialScore:
    try:
        value = float(score)
    except (TypeError, ValueError):
        raise CompetencyError(_("Skor potensi harus angka 0 sampai 100."), "score") from None
    if not 0 <= value <= 100:
        raise CompetencyError(_("Skor potensi harus angka 0 sampai 100."), "score")
    row = PotentialScore(employee_id=employee.id, score=value, assessed_on=check_assessed_on(assessed_on),
                         assessor=(assessor or "").strip()[:200] or None, note=(note or "").strip() or None)
    db.session.add(row)
    db.session.flush()
    # The score itself stays out of the audit log, which admins read: potential is confidential.
    audit.record("competency.potential_recorded", object_type="Employee", object_id=employee.id,
                 after={"assessed_on": assessed_on.isoformat()})
    return row


# --- settings and succession ----------------------------------------------------------------

def save_settings(rules: Rules) -> CompetencySettings:
    if rules.jpm_cukup_min > rules.jpm_optimal_min:
        raise CompetencyError(_("Batas Cukup Optimal harus di bawah batas Optimal."), "jpm_cukup_min")
    if rules.test_mms_min > rules.test_ms_min:
        raise CompetencyError(_("Batas Masih Memenuhi Syarat harus di bawah batas Memenuhi Syarat."),
                              "test_mms_min")
    if rules.potential_mid_min > rules.potential_high_min:
        raise CompetencyError(_("Batas potensi menengah harus di bawah batas tinggi."), "potential_mid_min")
    month, day = int(rules.skp_final_month), int(rules.skp_final_day)
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
        raise CompetencyError(_("Tanggal itu tidak ada pada bulan yang dipilih."), "skp_final_day")
    if not 1 <= int(rules.skp_recent_years) <= 5:
        raise CompetencyError(_("1 sampai 5 tahun."), "skp_recent_years")
    for box, text in (rules.box_actions or {}).items():
        if str(box) not in {str(b) for b in range(1, 10)}:
            raise CompetencyError(_("Kotak %(n)s tidak ada; kotak bernomor 1 sampai 9.", n=box), "action_1")
        if len(text) > 500:
            raise CompetencyError(_("Paling banyak %(n)s karakter.", n=500), f"action_{box}")
    with audit.settings_change(CompetencySettings, "competency.settings_changed",
                               lambda row: {name: _jsonable(getattr(row, name)) for name in FIELDS}) as row:
        for name, value in rules.as_dict().items():
            setattr(row, name, value)
    return row


def _jsonable(value):
    return float(value) if hasattr(value, "as_integer_ratio") and not isinstance(value, int) else value


def flag_succession(position_id: int, kind: str, note: str | None = None) -> SuccessionPosition:
    if kind not in SUCCESSION_KINDS:
        raise CompetencyError(_("Pilih kritikal atau target."), "kind")
    if db.session.scalar(sa.select(Position.id).where(Position.id == position_id)) is None:
        raise CompetencyError(_("Jabatan tidak ada."), "position_id")
    row = db.session.scalar(sa.select(SuccessionPosition).where(SuccessionPosition.position_id == position_id))
    row = row or SuccessionPosition(position_id=position_id)
    row.kind, row.note = kind, (note or "").strip()[:500] or None
    db.session.add(row)
    db.session.flush()
    audit.record("competency.succession_flagged", object_type="Position", object_id=position_id,
                 after={"kind": kind})
    return row


def unflag_succession(row: SuccessionPosition) -> None:
    audit.record("competency.succession_unflagged", object_type="Position", object_id=row.position_id,
                 before={"kind": row.kind})
    db.session.delete(row)
    db.session.flush()
