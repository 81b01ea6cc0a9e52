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
from jenjang.people.api import MANAGERIAL_KINDS, RANK_IDS, RANKS, PerformanceRating, Position, PositionHistory
from jenjang.promotion.models import AdjustmentExam, DisciplinarySanction
from jenjang.promotion.settings import DIPLOMA_ENTRY_RANK, final_skp_years
from jenjang.promotion.settings import education_ceiling as ceilings

PREDICATE_ORDER = ("sangat_kurang", "kurang", "butuh_perbaikan", "baik", "sangat_baik")
PREDICATE_LABELS = {"sangat_baik": _l("Sangat Baik"), "baik": _l("Baik"), "butuh_perbaikan": _l("Butuh Perbaikan"),
                    "kurang": _l("Kurang/Misconduct"), "sangat_kurang": _l("Sangat Kurang")}


def rank_code(rank_id: int | None) -> str:

    return RANKS[rank_id - 1][0] if rank_id and 1 <= rank_id <= len(RANKS) else "—"


def rank_id_of(code: str) -> int | None:

    return RANK_IDS.get(code)


def _at_least(predicate: str | None, minimum: str) -> bool:
    return predicate in PREDICATE_ORDER and PREDICATE_ORDER.index(predicate) >= PREDICATE_ORDER.index(minimum)


def _skp(subject: Subject) -> dict[int, str]:
    if "skp" not in subject.cache:

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


def _final_years(subject: Subject, count: int) -> list[int]:
    """The last `count` years whose SKP is final on the evaluation date (tenant setting)."""

    return final_skp_years(subject.as_of, count)


def skp_two_years(subject: Subject, params: dict) -> RuleResult:
    minimum = params.get("min_predicate", "baik")
    years = _final_years(subject, 2)
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
    detail = _("Predikat SKP %(shown)s (dua tahun terakhir yang sudah final per %(date)s); syarat paling "
               "rendah %(min)s di kedua tahun.", shown=shown, date=subject.as_of.isoformat(),
               min=PREDICATE_LABELS[minimum])
    return RuleResult("skp_two_years", passed, inputs, detail)


def skp_last_year(subject: Subject, params: dict) -> RuleResult:
    minimum = params.get("min_predicate", "sangat_baik")
    year = _final_years(subject, 1)[0]
    predicate = _skp(subject).get(year)
    inputs = {"year": year, "predicate": predicate, "min_predicate": minimum}
    if predicate is None:
        return RuleResult("skp_last_year", False, inputs, _("Predikat SKP tahun %(y)s belum tercatat.", y=year))
    return RuleResult("skp_last_year", _at_least(predicate, minimum), inputs,
                      _("Predikat SKP %(y)s: %(p)s (syarat %(min)s).", y=year, p=PREDICATE_LABELS[predicate],
                        min=PREDICATE_LABELS[minimum]))


def education_ceiling(subject: Subject, params: dict) -> RuleResult:

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


# Diplomas in order; D-IV stands level with S1 (PP 99/2000 Pasal 8 and 18 treat them alike).
EDUCATION_ORDER = {"SD": 0, "SMP": 1, "SMA": 2, "D1": 3, "D2": 4, "D3": 5, "D4": 6, "S1": 6, "S2": 7, "S3": 8}


def _position(subject: Subject, position_id: int | None):
    key = f"position:{position_id}"
    if key not in subject.cache:

        subject.cache[key] = db.session.scalar(sa.select(Position).where(Position.id == position_id)) \
            if position_id else None
    return subject.cache[key]


def _history(subject: Subject) -> list:
    if "positions" not in subject.cache:

        subject.cache["positions"] = db.session.execute(
            sa.select(PositionHistory.position_id, PositionHistory.position_kind, PositionHistory.tmt)
            .where(PositionHistory.employee_id == subject.employee.id)
            .order_by(PositionHistory.tmt, PositionHistory.id)).all()
    return subject.cache["positions"]


def position_since(subject: Subject) -> dt.date | None:
    """The date the employee took the current position: the latest history row of that position
    (the employee's position TMT where the history holds none)."""
    e = subject.employee
    rows = [r.tmt for r in _history(subject) if r.position_id == e.position_id and e.position_id is not None]
    return max(rows) if rows else getattr(e, "position_tmt", None)


def years_in_kind(subject: Subject, kinds: set[str]) -> int:
    """Days spent in positions of these kinds up to the evaluation date (each history row lasts
    until the next one)."""
    rows = [r for r in _history(subject) if r.tmt <= subject.as_of]
    days = 0
    for row, following in zip(rows, [*rows[1:], None], strict=True):
        if row.position_kind in kinds:
            end = min(following.tmt, subject.as_of) if following else subject.as_of
            days += max(0, (end - row.tmt).days)
    return days


def structural_time(subject: Subject, params: dict) -> RuleResult:
    """Pilihan, structural position: 4 years in rank; a holder whose rank is still one step below
    the position's lowest rank after 1 year in rank and 1 year in the position."""

    e = subject.employee
    need = int(params.get("min_years", 4))
    short_rank, short_position = int(params.get("short_years_in_rank", 1)), int(params.get("short_years_in_position", 1))
    position = _position(subject, e.position_id)
    inputs = {"rank": rank_code(e.rank_id), "rank_tmt": e.rank_tmt.isoformat() if e.rank_tmt else None,
              "as_of": subject.as_of.isoformat(), "min_years": need, "short_years_in_rank": short_rank,
              "short_years_in_position": short_position}
    if position is None or position.kind not in MANAGERIAL_KINDS:
        return RuleResult("structural_time", False, inputs,
                          _("Tidak menduduki jabatan struktural (JPT, administrator, atau pengawas)."))
    since = position_since(subject)
    inputs.update({"position": position.name, "position_min_rank": rank_code(position.min_rank_id),
                   "position_since": since.isoformat() if since else None})
    if e.rank_tmt is None or e.rank_id is None:
        return RuleResult("structural_time", False, inputs, _("TMT golongan belum tercatat."))
    below = position.min_rank_id is not None and e.rank_id == position.min_rank_id - 1
    inputs["one_step_below"] = below
    by_rule = e.rank_tmt + relativedelta(years=need)
    if below and since is not None:
        by_short = max(e.rank_tmt + relativedelta(years=short_rank), since + relativedelta(years=short_position))
        completes = min(by_rule, by_short)
        inputs["completes_on"] = completes.isoformat()
        return RuleResult("structural_time", completes <= subject.as_of, inputs, _(
            "Golongan %(rank)s satu tingkat di bawah pangkat terendah jabatan %(p)s (%(lo)s): syarat %(r)s tahun "
            "dalam golongan (TMT %(tmt)s) dan %(j)s tahun dalam jabatan (sejak %(since)s), atau %(need)s tahun "
            "dalam golongan; terpenuhi %(done)s.", rank=rank_code(e.rank_id), p=position.name,
            lo=rank_code(position.min_rank_id), r=short_rank, tmt=e.rank_tmt.isoformat(), j=short_position,
            since=since.isoformat(), need=need, done=completes.isoformat()))
    inputs["completes_on"] = by_rule.isoformat()
    return RuleResult("structural_time", by_rule <= subject.as_of, inputs, _(
        "Golongan %(rank)s sejak %(tmt)s di jabatan %(p)s: syarat %(need)s tahun dalam golongan, terpenuhi "
        "%(done)s.", rank=rank_code(e.rank_id), tmt=e.rank_tmt.isoformat(), p=position.name, need=need,
        done=by_rule.isoformat()))


def diploma_entry_rank_id(education: str | None) -> int | None:

    code = DIPLOMA_ENTRY_RANK.get(education or "")
    return rank_id_of(code) if code else None


def diploma_adjustment(subject: Subject, params: dict) -> RuleResult:
    """Penyesuaian ijazah: the new diploma's entry rank is above the current one and is the target."""
    e = subject.employee
    entry = diploma_entry_rank_id(e.education_level)
    target = subject.target_rank_id or entry
    inputs = {"education": e.education_level, "rank": rank_code(e.rank_id), "entry_rank": rank_code(entry),
              "target_rank": rank_code(target)}
    if entry is None:
        return RuleResult("diploma_adjustment", False, inputs,
                          _("Pendidikan terakhir belum tercatat atau tidak memberi pangkat pertama (SD)."))
    passed = e.rank_id is not None and e.rank_id < entry and target == entry
    return RuleResult("diploma_adjustment", passed, inputs, _(
        "Ijazah %(edu)s: pangkat pertama %(entry)s; golongan sekarang %(rank)s, tujuan %(target)s (harus di bawah "
        "dan tepat pangkat pertama ijazah).", edu=e.education_level, entry=rank_code(entry), rank=rank_code(e.rank_id),
        target=rank_code(target)))


def adjustment_exam_passed(subject: Subject, params: dict) -> RuleResult:
    """A passed diploma adjustment exam for the diploma the employee now holds, on or before the
    evaluation date."""

    e = subject.employee
    exam = db.session.scalars(sa.select(AdjustmentExam).where(
        AdjustmentExam.employee_id == e.id, AdjustmentExam.education_level == (e.education_level or ""),
        AdjustmentExam.passed_on <= subject.as_of).order_by(AdjustmentExam.passed_on.desc()).limit(1)).first()
    inputs = {"education": e.education_level, "as_of": subject.as_of.isoformat(),
              "passed_on": exam.passed_on.isoformat() if exam else None, "reference": exam.reference if exam else None}
    if exam is None:
        return RuleResult("adjustment_exam_passed", False, inputs, _(
            "Belum tercatat lulus ujian penyesuaian ijazah %(edu)s per %(date)s.", edu=e.education_level or "—",
            date=subject.as_of.isoformat()))
    return RuleResult("adjustment_exam_passed", True, inputs, _(
        "Lulus ujian penyesuaian ijazah %(edu)s pada %(d)s.", edu=e.education_level, d=exam.passed_on.isoformat()))


def _managerial(kind: str, key: str):
    """Conditions of PP 11/2017 for appointment to an Administrator or Pengawas position, checked
    only when the target position is of that kind."""

    lower = {"administrator": {"pengawas"}, "pengawas": {"pelaksana"}}[kind]

    def education(subject: Subject, params: dict) -> RuleResult:
        target = _position(subject, subject.target_position_id)
        minimum = params.get("min_education", "S1" if kind == "administrator" else "D3")
        got = subject.employee.education_level
        inputs = {"target_kind": getattr(target, "kind", None), "education": got, "min_education": minimum}
        if target is None or target.kind != kind:
            return RuleResult(f"{key}_education", None, inputs, _("Tidak berlaku: jabatan tujuan bukan %(k)s.", k=kind))
        passed = got in EDUCATION_ORDER and EDUCATION_ORDER[got] >= EDUCATION_ORDER[minimum]
        return RuleResult(f"{key}_education", passed, inputs, _(
            "Pendidikan %(got)s; jabatan %(k)s mensyaratkan paling rendah %(min)s.", got=got or "—", k=kind,
            min=minimum))

    def experience(subject: Subject, params: dict) -> RuleResult:
        target = _position(subject, subject.target_position_id)
        need = int(params.get("min_years", 3 if kind == "administrator" else 4))
        inputs = {"target_kind": getattr(target, "kind", None), "lower_kinds": sorted(lower), "min_years": need,
                  "as_of": subject.as_of.isoformat()}
        if target is None or target.kind != kind:
            return RuleResult(f"{key}_experience", None, inputs, _("Tidak berlaku: jabatan tujuan bukan %(k)s.", k=kind))
        days = years_in_kind(subject, lower)
        required = (subject.as_of - (subject.as_of - relativedelta(years=need))).days
        inputs.update({"days": days, "required_days": required})
        years, rest = divmod(days, 365)
        return RuleResult(f"{key}_experience", days >= required, inputs, _(
            "%(y)s tahun %(m)s bulan sebagai %(lower)s per %(date)s; jabatan %(k)s mensyaratkan %(need)s tahun.",
            y=years, m=rest // 30, lower="/".join(sorted(lower)), date=subject.as_of.isoformat(), k=kind, need=need))

    return education, experience


administrator_education, administrator_experience = _managerial("administrator", "administrator")
pengawas_education, pengawas_experience = _managerial("pengawas", "pengawas")

PP99 = "PP 99/2000 jo. PP 12/2002"


def pp99(article: str) -> str:
    return f"PP 99/2000 Pasal {article} jo. PP 12/2002"
PP11_ADMINISTRATOR = "PP 11/2017 jo. PP 17/2020, Pasal 54 (jabatan administrator)"
PP11_PENGAWAS = "PP 11/2017 jo. PP 17/2020, Pasal 55 (jabatan pengawas)"

for _rule in (
    Rule("years_in_rank", _l("Masa kerja dalam golongan"), ("reguler", "pilihan_fungsional", "pilihan_prestasi",
         "pilihan_ijazah"), {"min_years": 4},
         years_in_rank, "PP 99/2000 Pasal 7 (reguler, 4 tahun), 13 (fungsional, 2 tahun), 18 (ijazah, 1 tahun) jo. PP 12/2002"),
    Rule("skp_two_years", _l("Predikat SKP dua tahun terakhir yang sudah final"), ("reguler",),
         {"min_predicate": "baik"}, skp_two_years, f"{pp99('7')}; PermenPANRB 6/2022"),
    Rule("skp_last_year", _l("Predikat SKP tahun terakhir yang sudah final"), ("pilihan_prestasi",),
         {"min_predicate": "sangat_baik"}, skp_last_year, f"{PP99}; PermenPANRB 6/2022"),
    Rule("education_ceiling", _l("Batas pangkat menurut ijazah"), ("reguler",), {},
         education_ceiling, "PP 99/2000 Pasal 8 jo. PP 12/2002; Peraturan BKN 2/2025"),
    Rule("rank_in_position_range", _l("Golongan sesuai rentang jabatan"), ("reguler",), {},
         rank_in_position_range, "UU 20/2023; PermenPANRB tentang kelas jabatan"),
    Rule("no_active_sanction", _l("Tidak sedang menjalani hukuman disiplin"), ("reguler",), {},
         no_active_sanction, "PP 94/2021"),
    Rule("structural_time", _l("Masa dalam golongan dan jabatan struktural"), ("pilihan_struktural",),
         {"min_years": 4, "short_years_in_rank": 1, "short_years_in_position": 1}, structural_time,
         pp99("11–12")),
    Rule("diploma_adjustment", _l("Pangkat pertama ijazah baru"), ("pilihan_ijazah",), {}, diploma_adjustment,
         pp99("18")),
    Rule("adjustment_exam_passed", _l("Lulus ujian penyesuaian ijazah"), ("pilihan_ijazah",), {},
         adjustment_exam_passed, pp99("18")),
    Rule("administrator_education", _l("Pendidikan untuk jabatan administrator"), ("promosi_jabatan",),
         {"min_education": "S1"}, administrator_education, PP11_ADMINISTRATOR),
    Rule("administrator_experience", _l("Pengalaman sebagai pengawas"), ("promosi_jabatan",),
         {"min_years": 3}, administrator_experience, PP11_ADMINISTRATOR),
    Rule("pengawas_education", _l("Pendidikan untuk jabatan pengawas"), ("promosi_jabatan",),
         {"min_education": "D3"}, pengawas_education, PP11_PENGAWAS),
    Rule("pengawas_experience", _l("Pengalaman sebagai pelaksana"), ("promosi_jabatan",),
         {"min_years": 4}, pengawas_experience, PP11_PENGAWAS),
):
    register(_rule)

PROMOTION_RULE_KEYS = ("years_in_rank", "skp_two_years", "skp_last_year", "education_ceiling",
                       "rank_in_position_range", "no_active_sanction", "structural_time", "diploma_adjustment",
                       "adjustment_exam_passed",
                       "administrator_education", "administrator_experience", "pengawas_education",
                       "pengawas_experience")
