"""The shape of a demo region: its OPDs, their bidang and seksi, and which positions each unit
has. Rank ranges follow DOMAIN.md; the staff positions after the 2019 simplification of the
bureaucracy (most seksi replaced by functional positions directly under a bidang)."""
from __future__ import annotations

from dataclasses import dataclass, field

from jenjang.people.models import FUNCTIONAL_LEVELS, RANK_IDS


def r(code: str) -> int:
    return RANK_IDS[code]


@dataclass
class PositionSpec:
    name: str
    kind: str
    lo: int
    hi: int
    job_class: int
    level: str | None = None
    is_head: bool = False
    weight: float = 1.0  # share of the unit's staff
    key: str | None = None  # for placing the demo accounts


@dataclass
class UnitSpec:
    code: str
    name: str
    kind: str
    children: list[UnitSpec] = field(default_factory=list)
    positions: list[PositionSpec] = field(default_factory=list)
    weight: float = 1.0  # share of the region's staff
    key: str | None = None


def jf(base: str, level: str, job_class: int, weight: float = 1.0, key: str | None = None) -> PositionSpec:
    lo, hi = FUNCTIONAL_LEVELS[level]
    label = level.replace("_", " ").title()
    return PositionSpec(f"{base} {label}", "fungsional", r(lo), r(hi), job_class, level, weight=weight, key=key)


PELAKSANA = [
    PositionSpec("Pengadministrasi Perkantoran", "pelaksana", r("II/a"), r("III/b"), 5, weight=1.5),
    PositionSpec("Pengolah Data dan Informasi", "pelaksana", r("II/c"), r("III/c"), 6),
    PositionSpec("Penata Layanan Operasional", "pelaksana", r("III/a"), r("III/d"), 7),
]
ANALIS = [jf("Analis Kebijakan", "ahli_pertama", 8), jf("Analis Kebijakan", "ahli_muda", 9, 0.5)]


def head(name: str, kind: str, lo: str, hi: str, job_class: int, key: str | None = None) -> PositionSpec:
    return PositionSpec(name, kind, r(lo), r(hi), job_class, is_head=True, key=key)


def sekretariat(code: str) -> UnitSpec:
    return UnitSpec(f"{code}-SEK", "Sekretariat", "sekretariat", positions=[
        head("Sekretaris", "administrator", "IV/a", "IV/b", 12)], children=[
        UnitSpec(f"{code}-SEK-UMP", "Subbagian Umum dan Kepegawaian", "subbagian",
                 positions=[head("Kepala Subbagian Umum dan Kepegawaian", "pengawas", "III/b", "III/d", 9), *PELAKSANA]),
        UnitSpec(f"{code}-SEK-KEU", "Subbagian Keuangan", "subbagian",
                 positions=[head("Kepala Subbagian Keuangan", "pengawas", "III/b", "III/d", 9), *PELAKSANA[:2]]),
    ])


def bidang(code: str, name: str, staff: list[PositionSpec], key: str | None = None,
           head_key: str | None = None) -> UnitSpec:
    return UnitSpec(code, name, "bidang", key=key,
                    positions=[head(f"Kepala {name}", "administrator", "III/d", "IV/b", 11, key=head_key), *staff])


def opd(code: str, name: str, kind: str, head_name: str, bidangs: list[UnitSpec], weight: float = 1.0,
        key: str | None = None, head_key: str | None = None, head_kind: str = "jpt_pratama") -> UnitSpec:
    lo, hi, cls = ("IV/c", "IV/d", 14) if head_kind == "jpt_pratama" else ("III/d", "IV/b", 11)
    return UnitSpec(code, name, kind, children=[sekretariat(code), *bidangs], weight=weight, key=key,
                    positions=[head(head_name, head_kind, lo, hi, cls, key=head_key)])


GURU = [jf("Guru", "ahli_pertama", 8, 3), jf("Guru", "ahli_muda", 9, 2), jf("Guru", "ahli_madya", 11, 1)]
NAKES = [jf("Perawat", "terampil", 7, 2), jf("Perawat", "ahli_pertama", 8, 1.5), jf("Bidan", "terampil", 7, 1.5),
         jf("Dokter", "ahli_pertama", 9, 0.7), jf("Apoteker", "ahli_pertama", 8, 0.3)]
SDM = [jf("Analis Sumber Daya Manusia Aparatur", "ahli_pertama", 8, key="analis_sdm_pertama"),
       jf("Analis Sumber Daya Manusia Aparatur", "ahli_muda", 9, key="analis_sdm_muda"), PELAKSANA[1]]


def region(kind: str, schools: int, clinics: int) -> list[UnitSpec]:
    sekda_kind = "jpt_madya" if kind == "provinsi" else "jpt_pratama"
    sekda = UnitSpec("SETDA", "Sekretariat Daerah", "sekretariat_daerah", key="setda", positions=[
        PositionSpec("Sekretaris Daerah", sekda_kind, r("IV/c"), r("IV/e"), 15 if sekda_kind == "jpt_pratama" else 16,
                     is_head=True, key="sekda")], children=[
        UnitSpec(f"SETDA-{i}", name, "bagian", positions=[
            head(f"Kepala {name}", "administrator", "III/d", "IV/b", 11), *ANALIS, *PELAKSANA])
        for i, name in enumerate(("Bagian Pemerintahan", "Bagian Hukum", "Bagian Organisasi", "Bagian Umum"), 1)
    ], weight=0.6)
    schools_units = [UnitSpec(f"SDN-{i:03d}", f"UPT SD Negeri {i:03d}", "lainnya", positions=[
        head(f"Kepala UPT SD Negeri {i:03d}", "pengawas", "III/c", "IV/a", 9), *GURU, PELAKSANA[0]], weight=8)
        for i in range(1, schools + 1)]
    clinics_units = [UnitSpec(f"PKM-{i:02d}", f"UPT Puskesmas {i:02d}", "lainnya", positions=[
        head(f"Kepala UPT Puskesmas {i:02d}", "pengawas", "III/c", "IV/a", 9), *NAKES, PELAKSANA[0]], weight=10)
        for i in range(1, clinics + 1)]
    units = [
        sekda,
        opd("SETWAN", "Sekretariat DPRD", "sekretariat_dprd", "Sekretaris DPRD", [
            bidang("SETWAN-SID", "Bagian Persidangan", [*ANALIS, *PELAKSANA])], weight=0.4),
        opd("INSP", "Inspektorat", "inspektorat", "Inspektur", [
            bidang(f"INSP-W{i}", f"Inspektur Pembantu Wilayah {n}", [jf("Auditor", "ahli_pertama", 8, 2),
                                                                     jf("Auditor", "ahli_muda", 9)])
            for i, n in ((1, "I"), (2, "II"), (3, "III"))], weight=0.6),
        opd("DISDIK", "Dinas Pendidikan", "dinas", "Kepala Dinas Pendidikan", [
            UnitSpec("DISDIK-SD", "Bidang Pembinaan Sekolah Dasar", "bidang", positions=[
                head("Kepala Bidang Pembinaan Sekolah Dasar", "administrator", "III/d", "IV/b", 11),
                jf("Pengawas Sekolah", "ahli_madya", 11)], children=schools_units),
            bidang("DISDIK-SMP", "Bidang Pembinaan Sekolah Menengah Pertama", [*GURU, *PELAKSANA]),
            bidang("DISDIK-PAUD", "Bidang PAUD dan Pendidikan Nonformal", [jf("Pamong Belajar", "ahli_pertama", 8),
                                                                          *PELAKSANA]),
        ], weight=2),
        opd("DINKES", "Dinas Kesehatan", "dinas", "Kepala Dinas Kesehatan", [
            bidang("DINKES-KESMAS", "Bidang Kesehatan Masyarakat", [jf("Epidemiolog Kesehatan", "ahli_pertama", 8),
                                                                   *PELAKSANA]),
            bidang("DINKES-P2P", "Bidang Pencegahan dan Pengendalian Penyakit", [*NAKES[:2], *PELAKSANA]),
            UnitSpec("DINKES-YANKES", "Bidang Pelayanan Kesehatan", "bidang", positions=[
                head("Kepala Bidang Pelayanan Kesehatan", "administrator", "III/d", "IV/b", 11), *NAKES[3:]],
                children=clinics_units),
        ], weight=1.5),
        opd("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", "Kepala Dinas Pekerjaan Umum dan Penataan Ruang", [
            bidang("DPUPR-BM", "Bidang Bina Marga", [jf("Teknik Jalan dan Jembatan", "ahli_pertama", 8), *PELAKSANA]),
            bidang("DPUPR-SDA", "Bidang Sumber Daya Air", [jf("Teknik Pengairan", "ahli_pertama", 8), *PELAKSANA]),
            bidang("DPUPR-TR", "Bidang Penataan Ruang", [jf("Penata Ruang", "ahli_pertama", 8), *PELAKSANA]),
        ]),
        opd("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas",
            "Kepala Dinas Kependudukan dan Pencatatan Sipil", [
                bidang("DUKCAPIL-DAFDUK", "Bidang Pelayanan Pendaftaran Penduduk", [jf("Administrator Database Kependudukan", "ahli_pertama", 8), *PELAKSANA]),
                bidang("DUKCAPIL-CAPIL", "Bidang Pelayanan Pencatatan Sipil", PELAKSANA)]),
        opd("DINSOS", "Dinas Sosial", "dinas", "Kepala Dinas Sosial", [
            bidang("DINSOS-REHSOS", "Bidang Rehabilitasi Sosial", [jf("Pekerja Sosial", "ahli_pertama", 8), *PELAKSANA]),
            bidang("DINSOS-LINJAMSOS", "Bidang Perlindungan dan Jaminan Sosial", PELAKSANA)], weight=0.7),
        opd("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan",
            "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", [
                bidang("BKPSDM-PPI", "Bidang Pengadaan, Pemberhentian dan Informasi",
                       [jf("Pranata Komputer", "ahli_pertama", 8, key="pranata_komputer"), *SDM], key="bkpsdm_ppi"),
                bidang("BKPSDM-MUTASI", "Bidang Mutasi dan Promosi", SDM, key="bkpsdm_mutasi"),
                bidang("BKPSDM-BANGKOM", "Bidang Pengembangan Kompetensi", SDM, key="bkpsdm_bangkom",
                       head_key="kabid_bangkom"),
                bidang("BKPSDM-PKP", "Bidang Penilaian Kinerja dan Penghargaan", SDM),
            ], weight=0.7, key="bkpsdm", head_key="kepala_bkpsdm"),
        opd("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan", "Kepala Badan Perencanaan Pembangunan Daerah", [
            bidang("BAPPEDA-EKO", "Bidang Perencanaan Ekonomi", [jf("Perencana", "ahli_pertama", 8), jf("Perencana", "ahli_muda", 9)]),
            bidang("BAPPEDA-SOSBUD", "Bidang Perencanaan Sosial Budaya", [jf("Perencana", "ahli_pertama", 8), *PELAKSANA])],
            weight=0.6),
        opd("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan", "Kepala Badan Pengelolaan Keuangan dan Aset Daerah", [
            bidang("BPKAD-ANG", "Bidang Anggaran", [jf("Analis Keuangan Pusat dan Daerah", "ahli_pertama", 8), *PELAKSANA]),
            bidang("BPKAD-PBN", "Bidang Perbendaharaan", PELAKSANA),
            bidang("BPKAD-ASET", "Bidang Aset", [jf("Penata Kelola Barang Milik Negara", "ahli_pertama", 8), *PELAKSANA])]),
    ]
    for i, name in enumerate(("Kota", "Utara", "Selatan", "Timur", "Barat"), 1):
        code = f"KEC-{i}"
        units.append(UnitSpec(code, f"Kecamatan {name}", "kecamatan", weight=0.5, positions=[
            head(f"Camat {name}", "administrator", "III/d", "IV/b", 12)], children=[
            UnitSpec(f"{code}-SEK", "Sekretariat Kecamatan", "sekretariat", positions=[
                head("Sekretaris Kecamatan", "pengawas", "III/c", "IV/a", 10), *PELAKSANA]),
            *[UnitSpec(f"{code}-{j}", f"Seksi {s}", "seksi", positions=[
                head(f"Kepala Seksi {s}", "pengawas", "III/b", "III/d", 9), PELAKSANA[0], PELAKSANA[2]])
              for j, s in enumerate(("Pemerintahan", "Pemberdayaan Masyarakat", "Ketenteraman dan Ketertiban"), 1)],
        ]))
    return units
