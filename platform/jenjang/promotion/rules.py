"""The promotion eligibility rules (registered in jenjang.eligibility). Each returns what it
looked at and a sentence explaining the outcome, stored with the case."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from jenjang.eligibility import Rule, RuleResult, Subject, register
from jenjang.extensions import db

PREDICATE_ORDER = ("sangat_kurang", "kurang", "butuh_perbaikan", "baik", "sangat_baik")
PREDICATE_LABELS = {"sangat_baik": _l("Sangat Baik"), "baik": _l("Baik"), "butuh_perbaikan": _l("Butuh Perbaikan"),
                    "kurang": _l("Kurang/Misconduct"), "sangat_kurang": _l("Sangat Kurang")}


def rank_code(rank_id: int | None) -> str:
    from jenjang.people.models import RANKS

    return RANKS[rank_id - 1][0] if rank_id and 1 <= rank_id <= len(RANKS) else "—"


def rank_id_of(code: str) -> int | None:
    from jenjang.people.models import RANK_IDS

    return RANK_IDS.get(code)


def _at_least(predicate: str | None, minimum: str) -> bool:
    return predicate in PREDICATE_ORDER and PREDICATE_ORDER.index(predicate) >= PREDICATE_ORDER.index(minimum)


def _skp(subject: Subject) -> dict[int, str]:
    if "skp" not in subject.cache:
        from jenjang.people.models import PerformanceRating

        subject.cache["skp"] = dict(db.session.execute(
            sa.select(PerformanceRating.year, PerformanceRating.predicate)
            .where(PerformanceRating.employee_id == subject.employee.id)).all())
    return subject.cache["skp"]


def years_months(start: dt.date, end: dt.date) -> tuple[int, int]:
    delta = relativedelta(end, start)
    return delta.years, delta.months


def years_in_rank(subject: Subject, params: dict) -> RuleResult:
    e = subject.employee
    need = int(params.get("min_years", 4))
    inputs = {"rank": rank_code(e.rank_id), "rank_tmt": e.rank_tmt.isoformat() if e.rank_tmt else None,
              "as_of": subject.as_of.isoformat(), "min_years": need}
    if e.rank_tmt is None or e.rank_id is None:
        return RuleResult("years_in_rank", False, inputs, _("TMT golongan belum tercatat."))
    # relativedelta keeps month ends: 29 Feb + 1 year = 28 Feb.
    completes = e.rank_tmt + relativedelta(years=need)
    years, months = years_months(e.rank_tmt, subject.as_of) if subject.as_of >= e.rank_tmt else (0, 0)
    inputs["completes_on"] = completes.isoformat()
    passed = completes <= subject.as_of
    detail = _("%(y)s tahun %(m)s bulan di golongan %(rank)s per %(date)s (syarat %(need)s tahun, terpenuhi "
               "%(done)s).", y=years, m=months, rank=rank_code(e.rank_id), date=subject.as_of.isoformat(),
               need=need, done=completes.isoformat())
    return RuleResult("years_in_rank", passed, inputs, detail)


def skp_two_years(subject: Subject, params: dict) -> RuleResult:
    minimum = params.get("min_predicate", "baik")
    years = [subject.as_of.year - 1, subject.as_of.year - 2]
    skp = _skp(subject)
    got = {y: skp.get(y) for y in years}
    missing = [y for y, p in got.items() if p is None]
    low = [y for y, p in got.items() if p is not None and not _at_least(p, minimum)]
    inputs = {"years": years, "predicates": {str(y): p for y, p in got.items()}, "min_predicate": minimum}
    shown = ", ".join(f"{y}: {PREDICATE_LABELS.get(p, '—') if p else '—'}" for y, p in got.items())
    if missing:
        return RuleResult("skp_two_years", False, inputs,
                          _("Predikat SKP tahun %(years)s belum tercatat (%(shown)s).",
                            years=", ".join(map(str, missing)), shown=shown))
    passed = not low
    detail = _("Predikat SKP %(shown)s; syarat paling rendah %(min)s di kedua tahun.", shown=shown,
               min=PREDICATE_LABELS[minimum])
    return RuleResult("skp_two_years", passed, inputs, detail)


def skp_last_year(subject: Subject, params: dict) -> RuleResult:
    minimum = params.get("min_predicate", "sangat_baik")
    year = subject.as_of.year - 1
    predicate = _skp(subject).get(year)
    inputs = {"year": year, "predicate": predicate, "min_predicate": minimum}
    if predicate is None:
        return RuleResult("skp_last_year", False, inputs, _("Predikat SKP tahun %(y)s belum tercatat.", y=year))
    return RuleResult("skp_last_year", _at_least(predicate, minimum), inputs,
                      _("Predikat SKP %(y)s: %(p)s (syarat %(min)s).", y=year, p=PREDICATE_LABELS[predicate],
                        min=PREDICATE_LABELS[minimum]))


def education_ceiling(subject: Subject, params: dict) -> RuleResult:
    from jenjang.promotion.settings import education_ceiling as ceilings

    e = subject.employee
    target = subject.target_rank_id or ((e.rank_id or 0) + 1)
    ceiling_code = ceilings().get(e.education_level or "")
    inputs = {"education": e.education_level, "ceiling": ceiling_code, "target_rank": rank_code(target)}
    if ceiling_code is None:
        return RuleResult("education_ceiling", False, inputs,
                          _("Pendidikan terakhir belum tercatat; batas pangkat menurut ijazah tidak dapat dinilai."))
    ceiling_id = rank_id_of(ceiling_code)
    passed = target <= ceiling_id
    return RuleResult("education_ceiling", passed, inputs,
                      _("Pendidikan %(edu)s: paling tinggi %(ceiling)s; tujuan %(target)s.", edu=e.education_level,
                        ceiling=ceiling_code, target=rank_code(target)))


def rank_in_position_range(subject: Subject, params: dict) -> RuleResult:
    from jenjang.people.models import Position

    e = subject.employee
    position_id = subject.target_position_id or e.position_id
    rank = subject.target_rank_id or e.rank_id
    position = db.session.scalar(sa.select(Position).where(Position.id == position_id)) if position_id else None
    inputs = {"position_id": position_id, "rank": rank_code(rank)}
    if position is None:
        return RuleResult("rank_in_position_range", None, inputs, _("Pegawai belum menduduki jabatan."))
    inputs.update({"position": position.name, "min": rank_code(position.min_rank_id),
                   "max": rank_code(position.max_rank_id)})
    if position.min_rank_id is None and position.max_rank_id is None:
        return RuleResult("rank_in_position_range", None, inputs,
                          _("Jabatan %(p)s tidak menetapkan rentang golongan.", p=position.name))
    passed = position.allows_rank(rank)
    return RuleResult("rank_in_position_range", passed, inputs,
                      _("Golongan %(rank)s; jabatan %(p)s menerima %(lo)s–%(hi)s.", rank=rank_code(rank),
                        p=position.name, lo=rank_code(position.min_rank_id), hi=rank_code(position.max_rank_id)))


def no_active_sanction(subject: Subject, params: dict) -> RuleResult:
    from jenjang.promotion.models import DisciplinarySanction

    active = db.session.scalars(sa.select(DisciplinarySanction).where(
        DisciplinarySanction.employee_id == subject.employee.id,
        DisciplinarySanction.starts_on <= subject.as_of,
        sa.or_(DisciplinarySanction.ends_on.is_(None), DisciplinarySanction.ends_on >= subject.as_of))).all()
    inputs = {"as_of": subject.as_of.isoformat(),
              "sanctions": [{"level": s.level, "from": s.starts_on.isoformat(),
                             "to": s.ends_on.isoformat() if s.ends_on else None} for s in active]}
    if active:
        s = active[0]
        return RuleResult("no_active_sanction", False, inputs,
                          _("Sedang menjalani hukuman disiplin %(level)s (%(desc)s) sampai %(to)s.", level=s.level,
                            desc=s.description, to=s.ends_on.isoformat() if s.ends_on else "—"))
    return RuleResult("no_active_sanction", True, inputs, _("Tidak sedang menjalani hukuman disiplin."))


for _rule in (
    Rule("years_in_rank", _l("Masa kerja dalam golongan"), ("reguler", "pilihan_struktural", "pilihan_fungsional",
         "pilihan_prestasi", "pilihan_ijazah"), {"min_years": 4}, years_in_rank, "PP 99/2000 Pasal 7–10"),
    Rule("skp_two_years", _l("Predikat SKP dua tahun terakhir"), ("reguler",), {"min_predicate": "baik"},
         skp_two_years, "PP 99/2000; PermenPANRB 6/2022"),
    Rule("skp_last_year", _l("Predikat SKP tahun terakhir"), ("pilihan_prestasi",), {"min_predicate": "sangat_baik"},
         skp_last_year, "PP 99/2000 Pasal 10; PermenPANRB 6/2022"),
    Rule("education_ceiling", _l("Batas pangkat menurut ijazah"), ("reguler", "pilihan_ijazah"), {},
         education_ceiling, "PP 99/2000 Pasal 18"),
    Rule("rank_in_position_range", _l("Golongan sesuai rentang jabatan"), ("reguler",), {},
         rank_in_position_range, "UU 20/2023; PermenPANRB tentang kelas jabatan"),
    Rule("no_active_sanction", _l("Tidak sedang menjalani hukuman disiplin"), ("reguler",), {},
         no_active_sanction, "PP 94/2021"),
):
    register(_rule)

PROMOTION_RULE_KEYS = ("years_in_rank", "skp_two_years", "skp_last_year", "education_ceiling",
                       "rank_in_position_range", "no_active_sanction")
