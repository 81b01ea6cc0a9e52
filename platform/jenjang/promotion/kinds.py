"""The kinds of promotion, their default workflow and document checklist, and the default
eligibility rules with their thresholds. Everything here is a default: tenants edit the rules'
thresholds on the promotion settings page and the workflows in the workflow editor."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from jenjang.workflow.definitions import make_step


@dataclass(frozen=True)
class PromotionKind:
    key: str
    label: object
    changes_rank: bool
    rules: dict  # rule key → default params (an "enabled" flag is added by the settings)
    documents: tuple  # (key, label) of the checklist, attached at the HR verification step
    regulation: str


COMMON_DOCS = (("sk_pangkat_terakhir", _l("SK pangkat terakhir")), ("skp_dua_tahun", _l("SKP dua tahun terakhir")))

KINDS: dict[str, PromotionKind] = {k.key: k for k in (
    PromotionKind("reguler", _l("Kenaikan pangkat reguler"), True,
                  {"years_in_rank": {"min_years": 4}, "skp_two_years": {"min_predicate": "baik"},
                   "education_ceiling": {}, "rank_in_position_range": {}, "no_active_sanction": {}},
                  COMMON_DOCS, "PP 99/2000 Pasal 7–8 jo. PP 12/2002; Peraturan BKN 2/2025 dan 4/2025"),
    PromotionKind("pilihan_struktural", _l("Kenaikan pangkat pilihan — jabatan struktural"), True,
                  {"structural_time": {"min_years": 4, "short_years_in_rank": 1, "short_years_in_position": 1},
                   "skp_two_years": {"min_predicate": "baik"}, "rank_in_position_range": {},
                   "no_active_sanction": {}},
                  COMMON_DOCS + (("sk_jabatan", _l("SK jabatan dan pelantikan")),),
                  "PP 99/2000 Pasal 11–12 jo. PP 12/2002"),
    PromotionKind("pilihan_fungsional", _l("Kenaikan pangkat pilihan — jabatan fungsional"), True,
                  {"years_in_rank": {"min_years": 2}, "skp_two_years": {"min_predicate": "baik"},
                   "rank_in_position_range": {}, "no_active_sanction": {}},
                  COMMON_DOCS + (("pak", _l("Penetapan angka kredit (PAK)")),), "PP 99/2000 Pasal 13 jo. PP 12/2002"),
    PromotionKind("pilihan_prestasi", _l("Kenaikan pangkat pilihan — prestasi kerja luar biasa"), True,
                  {"years_in_rank": {"min_years": 1}, "skp_last_year": {"min_predicate": "sangat_baik"},
                   "rank_in_position_range": {}, "no_active_sanction": {}},
                  COMMON_DOCS + (("bukti_prestasi", _l("Bukti prestasi luar biasa")),), "PP 99/2000 jo. PP 12/2002"),
    # PP 99/2000 Pasal 18: 1 year in rank, "baik" in the last year, a passed adjustment exam and a
    # position that needs the new diploma (checked on the job description attached), to the
    # diploma's entry rank.
    PromotionKind("pilihan_ijazah", _l("Kenaikan pangkat pilihan — penyesuaian ijazah"), True,
                  {"years_in_rank": {"min_years": 1}, "skp_last_year": {"min_predicate": "baik"},
                   "diploma_adjustment": {}, "adjustment_exam_passed": {}, "no_active_sanction": {}},
                  COMMON_DOCS + (("ijazah", _l("Ijazah dan transkrip")),
                                 ("uraian_tugas", _l("Uraian tugas jabatan yang memerlukan ijazah baru")),
                                 ("uji_kompetensi", _l("Tanda lulus ujian kenaikan pangkat penyesuaian ijazah"))),
                  "PP 99/2000 Pasal 18 jo. PP 12/2002"),
    PromotionKind("promosi_jabatan", _l("Promosi jabatan"), False,
                  {"skp_two_years": {"min_predicate": "baik"}, "rank_in_position_range": {},
                   "administrator_education": {"min_education": "S1"}, "administrator_experience": {"min_years": 3},
                   "pengawas_education": {"min_education": "D3"}, "pengawas_experience": {"min_years": 4},
                   "no_active_sanction": {}},
                  (("skp_dua_tahun", _l("SKP dua tahun terakhir")), ("hasil_asesmen", _l("Hasil asesmen kompetensi"))),
                  "UU 20/2023; PP 11/2017 jo. PP 17/2020 Pasal 54–55"),
    PromotionKind("rotasi", _l("Rotasi jabatan"), False,
                  {"rank_in_position_range": {}, "no_active_sanction": {}},
                  (("usulan_rotasi", _l("Usulan rotasi dari unit")),), "PP 11/2017 jo. PP 17/2020"),
    PromotionKind("mutasi", _l("Mutasi"), False,
                  {"rank_in_position_range": {}, "no_active_sanction": {}},
                  (("usulan_mutasi", _l("Usulan mutasi")), ("persetujuan_pyb", _l("Persetujuan PyB"))),
                  "PP 11/2017 jo. PP 17/2020"),
)}


def default_steps(kind: PromotionKind) -> list[dict]:
    """Usulan by the unit → Verifikasi BKPSDM → Sidang TPK → Persetujuan PPK → Penetapan."""
    checks = list(kind.rules)
    return [
        make_step("Usulan unit kerja", "relation:unit_head", ("approve", "reject"), 5, key="usulan"),
        make_step("Verifikasi BKPSDM", "role:hr", ("approve", "reject", "return"), 5,
                  documents=[{"key": k, "label": str(label)} for k, label in kind.documents], checks=checks,
                  key="verifikasi"),
        make_step("Sidang Tim Penilai Kinerja", "role:committee", ("approve", "reject", "return"), 10,
                  checks=checks, key="sidang_tpk"),
        make_step("Persetujuan PPK", "role:ppk", ("approve", "reject", "return"), 5, key="persetujuan_ppk"),
        make_step("Penetapan SK", "role:hr", ("approve",), 5, key="penetapan"),
    ]


def workflow_key(kind_key: str) -> str:
    return f"promotion.{kind_key}"
