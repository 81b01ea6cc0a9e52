"""The columns each import accepts, the header names regions already have in their SIMPEG or
SIASN exports (so most files map themselves), and the parsers that turn a cell into a value
or a `Problem`."""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from jenjang.people.imports.files import normalise_header
from jenjang.people.models import (
    ARCHIVE_REASONS,
    EDUCATION_LEVELS,
    FUNCTIONAL_LEVELS,
    HOLDER_KINDS,
    POSITION_KINDS,
    PPPK_GRADE_IDS,
    PPPK_GRADES,
    RANK_IDS,
    RANKS,
    SKP_PREDICATES,
    UNIT_KINDS,
)
from jenjang.people.nip import check_nip, normalise_nip
from jenjang.people.problems import Problem


class CellError(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.problem = Problem(code, **params)


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def text(max_len: int) -> Callable:
    def parse(value):
        value = _text(value)
        if len(value) > max_len:
            raise CellError("cell.too_long", n=max_len)
        return value
    return parse


def choice(options: dict[str, str], shown: str) -> Callable:
    lookup = {normalise_header(k): v for k, v in options.items()}

    def parse(value):
        found = lookup.get(normalise_header(value))
        if found is None:
            raise CellError("cell.choice", value=_text(value)[:60], choices=shown)
        return found
    return parse


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%y")


DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
YMD = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


def date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = _text(value)
    candidate = raw.split(" ")[0].split("T")[0]
    for pattern, order in ((DMY, (3, 2, 1)), (YMD, (1, 2, 3))):  # the common shapes, without strptime
        m = pattern.match(candidate)
        if m:
            try:
                parsed = dt.date(int(m.group(order[0])), int(m.group(order[1])), int(m.group(order[2])))
            except ValueError:
                break
            if 1900 <= parsed.year <= 2100:
                return parsed
            break
    for fmt in DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2100:
            return parsed
    raise CellError("cell.date", value=raw[:40])


def integer(lo: int, hi: int) -> Callable:
    def parse(value):
        raw = _text(value)
        try:
            number = int(float(raw)) if re.fullmatch(r"-?\d+(\.0+)?", raw) else int(raw)
        except ValueError as exc:
            raise CellError("cell.integer", value=raw[:40]) from exc
        if not lo <= number <= hi:
            raise CellError("cell.range", lo=lo, hi=hi)
        return number
    return parse


def boolean(value) -> bool:
    key = normalise_header(value)
    if key in ("ya", "y", "yes", "1", "true", "benar", "x", "v"):
        return True
    if key in ("tidak", "t", "no", "n", "0", "false", "salah", "bukan"):
        return False
    raise CellError("cell.boolean", value=_text(value)[:40])


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email(value) -> str:
    raw = _text(value).lower()
    if len(raw) > 254 or not EMAIL_RE.match(raw):
        raise CellError("cell.email", value=raw[:60])
    return raw


def nip(value) -> str:
    """A NIP (PNS) or an NI PPPK: the cell alone does not say which kind the row is, so a number
    valid for either passes here and the employees import checks it again by the row's kind."""
    problem = check_nip(value)
    if problem is not None:
        pppk_problem = check_nip(value, kind="PPPK")
        if pppk_problem is None:
            return normalise_nip(value)
        if problem.params.get("pppk"):  # digits 13–14 are not a month: the PPPK rule says more
            problem = pppk_problem
        raise CellError(problem.code, **problem.params)
    return normalise_nip(value)


class PppkGradeCell(int):
    """A PPPK grade written in the golongan column (SIASN puts both kinds' golongan in one column):
    the employees import moves it to the grade, or refuses it for a PNS."""


_GRADE_RE = re.compile(r"^(?:gol(?:ongan)?\.?\s*)?(?:pppk\s*)?([ivx]+|\d{1,2})(?:\s*\(?pppk\)?)?$", re.I)


def pppk_grade(value) -> int:
    """IX, 9, Gol. IX, Golongan IX, IX (PPPK): golongan PPPK I–XVII."""
    raw = _text(value)
    found = _pppk_grade(raw)
    if found is None:
        raise CellError("cell.pppk_grade", value=raw[:40])
    return found


@functools.lru_cache(maxsize=256)
def _pppk_grade(raw: str) -> int | None:
    m = _GRADE_RE.match(raw.strip())
    if not m:
        return None
    part = m.group(1).upper()
    if part.isdigit():
        return int(part) if 1 <= int(part) <= len(PPPK_GRADES) else None
    return PPPK_GRADE_IDS.get(part)


def golongan(value) -> int:
    """The employees' golongan column: a PNS golongan/ruang (III/b, 3b, Penata Muda) as its rank id,
    or a PPPK grade (IX, Gol. IX) as a PppkGradeCell."""
    raw = _text(value)
    try:
        return _rank(raw)
    except CellError:
        grade = _pppk_grade(raw)
        if grade is None:
            raise
        return PppkGradeCell(grade)


ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_PANGKAT = {normalise_header(name): i for i, (_code, name) in enumerate(RANKS, start=1)}


def rank(value) -> int:
    """III/a, III-a, 3a, 3/a, 'III/a - Penata Muda', 'Penata Muda', 'Penata Muda (III/a)'."""
    return _rank(_text(value))


@functools.lru_cache(maxsize=1024)
def _rank(raw: str) -> int:
    m = re.search(r"\b(IV|III|II|I|[1-4])\s*[/\-. ]?\s*([a-eA-E])\b", raw)
    if m:
        gol = ROMAN.get(m.group(1), m.group(1).upper())
        code = f"{gol}/{m.group(2).lower()}"
        if code in RANK_IDS:
            return RANK_IDS[code]
    found = _PANGKAT.get(normalise_header(raw))
    if found:
        return found
    raise CellError("cell.rank", value=raw[:40])


UNIT_KIND_NAMES = {**{k: k for k in UNIT_KINDS}, "Sekretariat Daerah": "sekretariat_daerah", "Setda": "sekretariat_daerah",
                   "Sekretariat DPRD": "sekretariat_dprd", "Setwan": "sekretariat_dprd", "Lain-lain": "lainnya",
                   "UPT": "lainnya", "UPTD": "lainnya", "Kelurahan": "lainnya", "Sub Bagian": "subbagian"}
POSITION_KIND_NAMES = {**{k: k for k in POSITION_KINDS}, "JPT Utama": "jpt_utama", "JPT Madya": "jpt_madya",
                       "JPT Pratama": "jpt_pratama", "Eselon I": "jpt_madya", "Eselon II": "jpt_pratama",
                       "Eselon III": "administrator", "Eselon IV": "pengawas", "JFT": "fungsional",
                       "Jabatan Fungsional": "fungsional", "Fungsional Tertentu": "fungsional",
                       "JFU": "pelaksana", "Fungsional Umum": "pelaksana", "Jabatan Pelaksana": "pelaksana",
                       "Struktural": "administrator"}
LEVEL_NAMES = {k: k for k in FUNCTIONAL_LEVELS} | {k.replace("_", " "): k for k in FUNCTIONAL_LEVELS}
SKP_NAMES = {**{k: k for k in SKP_PREDICATES}, "Sangat Baik": "sangat_baik", "Baik": "baik",
             "Butuh Perbaikan": "butuh_perbaikan", "Kurang": "kurang", "Misconduct": "kurang",
             "Kurang/Misconduct": "kurang", "Sangat Kurang": "sangat_kurang"}
# PNS, PPPK and PPPK paruh waktu as regions and SIASN write them.
EMPLOYMENT_TYPE_NAMES = {"PNS": "PNS", "CPNS": "PNS", "PNS Pusat DPK": "PNS", "PNS Daerah": "PNS",
                         "PPPK": "PPPK", "P3K": "PPPK", "ASN PPPK": "PPPK", "PPPK Penuh Waktu": "PPPK",
                         "PPPK_PW": "PPPK_PW", "PPPK Paruh Waktu": "PPPK_PW", "PPPK PW": "PPPK_PW",
                         "P3K Paruh Waktu": "PPPK_PW", "P3K PW": "PPPK_PW", "Paruh Waktu": "PPPK_PW",
                         "PPPK-PW": "PPPK_PW"}
# how a kind is written in a file (the export and the template write these)
EMPLOYMENT_TYPE_SPELLING = {"PNS": "PNS", "PPPK": "PPPK", "PPPK_PW": "PPPK Paruh Waktu"}
HOLDER_KIND_NAMES = {**{k: k for k in HOLDER_KINDS}, "PNS dan PPPK": "ASN", "Semua": "ASN", "PNS saja": "PNS",
                     "PPPK saja": "PPPK", "P3K": "PPPK", "P3K saja": "PPPK"}
HOLDER_KIND_SPELLING = {"ASN": "ASN", "PNS": "PNS saja", "PPPK": "PPPK saja"}
STATUS_NAMES = {"aktif": "active", "active": "active", **{r: r for r in ARCHIVE_REASONS},
                "pensiun": "retired", "pindah": "moved", "mutasi keluar": "moved", "meninggal": "died",
                "wafat": "died", "diberhentikan": "dismissed", "berhenti": "dismissed",
                "kontrak berakhir": "contract_ended", "perjanjian kerja berakhir": "contract_ended"}
# how a status is written in a file (the export writes these; the import reads them back)
STATUS_SPELLING = {"active": "aktif", "retired": "pensiun", "moved": "pindah", "died": "meninggal",
                   "dismissed": "diberhentikan", "contract_ended": "kontrak berakhir"}
EDUCATION_NAMES = {**{e: e for e in EDUCATION_LEVELS}, "SLTA": "SMA", "SMK": "SMA", "SMU": "SMA", "SLTP": "SMP",
                   "D-III": "D3", "DIII": "D3", "D-IV": "D4", "DIV": "D4", "Sarjana": "S1", "Magister": "S2",
                   "Doktor": "S3", "D-I": "D1", "D-II": "D2", "Strata 1": "S1", "Strata 2": "S2", "Strata 3": "S3"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the template's header
    parse: Callable
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: str = ""

    def matches(self, header: str) -> bool:
        key = normalise_header(header)
        return key == normalise_header(self.header) or key in self.aliases


def _c(key, header, parse, required=False, aliases="", example=""):
    return Column(key, header, parse, required, tuple(a for a in aliases.split() if a), example)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "units": (
        _c("code", "kode_unit", text(40), True, "kode kodeunit idunor unorid kodeunor id", "DISDIK"),
        _c("name", "nama_unit", text(200), True, "nama namaunit unornama namaunor unitorganisasi unor", "Dinas Pendidikan"),
        _c("kind", "jenis_unit", choice(UNIT_KIND_NAMES, "Sekretariat Daerah, Sekretariat DPRD, Inspektorat, Dinas, "
                                        "Badan, Kecamatan, Sekretariat, Bidang, Bagian, Seksi, Subbagian, Lainnya"),
           False, "jenis jenisunit eselonunit", "Dinas"),
        _c("parent_code", "kode_induk", text(40), False, "induk kodeinduk unorinduk idunorinduk unorindukid diatasanid", ""),
        _c("sort_order", "urutan", integer(0, 100000), False, "urut nourut", "1"),
    ),
    "positions": (
        _c("code", "kode_jabatan", text(40), True, "kode kodejabatan jabatanid idjabatan", "DISDIK-KADIS"),
        _c("name", "nama_jabatan", text(200), True, "nama namajabatan jabatannama jabatan", "Kepala Dinas Pendidikan"),
        _c("kind", "jenis_jabatan", choice(POSITION_KIND_NAMES, "JPT Utama, JPT Madya, JPT Pratama, Administrator, "
                                           "Pengawas, Fungsional, Pelaksana"), True,
           "jenis jenisjabatan jenisjabatannama", "JPT Pratama"),
        _c("functional_level", "jenjang_fungsional", choice(LEVEL_NAMES, "Ahli Pertama, Ahli Muda, Ahli Madya, "
                                                            "Ahli Utama, Pemula, Terampil, Mahir, Penyelia"),
           False, "jenjang jenjangjabatan", ""),
        _c("unit_code", "kode_unit", text(40), True, "unit kodeunit idunor unorid", "DISDIK"),
        _c("min_rank_id", "golongan_terendah", rank, False, "golmin golonganmin golonganterendah", "IV/c"),
        _c("max_rank_id", "golongan_tertinggi", rank, False, "golmax golonganmax golongantertinggi", "IV/d"),
        _c("job_class", "kelas_jabatan", integer(1, 17), False, "kelas kelasjabatan", "14"),
        _c("is_head", "kepala_unit", boolean, False, "kepala kepalaunit", "ya"),
        _c("quota", "formasi", integer(1, 10000), False, "jumlahformasi kebutuhan", "1"),
        _c("holder_kinds", "pemangku", choice(HOLDER_KIND_NAMES, "ASN, PNS saja, PPPK saja"), False,
           "bolehdipegang jenispemangku untuk", "ASN"),
    ),
    "employees": (
        _c("nip", "nip", nip, True, "nipbaru nip18 nipasn nomorindukpegawai nipnipppk nipppk nomorindukpppk",
           "198609262015051001"),
        _c("full_name", "nama", text(200), True, "namalengkap namapegawai namatanpagelar", "Budi Santoso"),
        _c("front_title", "gelar_depan", text(50), False, "gelardepan", "Dr."),
        _c("back_title", "gelar_belakang", text(80), False, "gelarbelakang", "S.E., M.M."),
        _c("employment_type", "jenis_kepegawaian", choice(EMPLOYMENT_TYPE_NAMES, "PNS, PPPK, PPPK Paruh Waktu"),
           False, "jeniskepegawaian statuspegawai jenisasn jenispegawai kedudukanhukum jenispegawainama", "PNS"),
        _c("rank_id", "golongan", golongan, False,
           "gol golakhir golakhirnama golonganruang pangkatgolongan golruang golongannama", "III/c"),
        _c("grade_id", "golongan_pppk", pppk_grade, False, "golonganpppk golpppk gradepppk", ""),
        _c("rank_tmt", "tmt_golongan", date, False, "tmtgol tmtgolongan tmtpangkat tmtgolakhir", "2019-04-01"),
        _c("position_code", "kode_jabatan", text(40), False, "kodejabatan jabatanid idjabatan", "DISDIK-KADIS"),
        _c("position_name", "nama_jabatan", text(200), False, "jabatannama namajabatan jabatan", ""),
        _c("position_tmt", "tmt_jabatan", date, False, "tmtjabatan", "2021-01-04"),
        _c("unit_code", "kode_unit", text(40), False, "kodeunit unorid idunor kodeunor", "DISDIK"),
        _c("unit_name", "nama_unit", text(200), False, "unornama namaunor unitorganisasi unor namaunit", ""),
        _c("education_level", "pendidikan", choice(EDUCATION_NAMES, ", ".join(EDUCATION_LEVELS)), False,
           "tingkatpendidikan tingkatpendidikannama jenjangpendidikan pendidikanterakhir", "S1"),
        _c("education_major", "jurusan", text(150), False, "pendidikannama prodi programstudi", "Manajemen"),
        _c("email", "email", email, False, "emailkantor alamatemail surel", "budi@contoh.go.id"),
        _c("phone", "telepon", text(30), False, "nohp nomorhp hp telp nomortelepon", "081234567890"),
        _c("status", "status", choice(STATUS_NAMES, "aktif, pensiun, pindah, meninggal, diberhentikan"), False,
           "statusaktif kedudukan", "aktif"),
        _c("contract_number", "nomor_perjanjian", text(100), False,
           "nomorperjanjian noperjanjian nomorperjanjiankerja nomorpk nopk", ""),
        _c("contract_start", "tmt_perjanjian", date, False,
           "tmtperjanjian mulaiperjanjian tmtperjanjiankerja tmtpk tanggalmulaiperjanjian", ""),
        _c("contract_end", "akhir_perjanjian", date, False,
           "akhirperjanjian selesaiperjanjian tmtakhirperjanjian akhirpk tanggalakhirperjanjian "
           "tanggalselesaiperjanjian", ""),
    ),
    "skp": (
        _c("nip", "nip", nip, True, "nipbaru nip18", "198609262015051001"),
        _c("year", "tahun", integer(1990, 2100), True, "tahunskp periode", "2024"),
        _c("predicate", "predikat", choice(SKP_NAMES, "Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, "
                                           "Sangat Kurang"), True, "predikatkinerja nilaiskp hasil", "Baik"),
    ),
}


def auto_mapping(kind: str, headers: list[str]) -> dict[str, int]:
    """Column key → index in the file, for every column whose header we recognise."""
    mapping: dict[str, int] = {}
    for column in COLUMNS[kind]:
        for index, header in enumerate(headers):
            if index not in mapping.values() and column.matches(header):
                mapping[column.key] = index
                break
    return mapping


def missing_required(kind: str, mapping: dict[str, int]) -> list[Column]:
    return [c for c in COLUMNS[kind] if c.required and c.key not in mapping]
