"""Display names of the people module's codes, in the reader's language (lazy strings)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

UNIT_KIND_LABELS = {
    "sekretariat_daerah": _l("Sekretariat Daerah"), "sekretariat_dprd": _l("Sekretariat DPRD"),
    "inspektorat": _l("Inspektorat"), "dinas": _l("Dinas"), "badan": _l("Badan"), "kecamatan": _l("Kecamatan"),
    "sekretariat": _l("Sekretariat"), "bidang": _l("Bidang"), "bagian": _l("Bagian"), "seksi": _l("Seksi"),
    "subbagian": _l("Subbagian"), "lainnya": _l("Lainnya"),
}
POSITION_KIND_LABELS = {
    "jpt_utama": _l("JPT Utama"), "jpt_madya": _l("JPT Madya"), "jpt_pratama": _l("JPT Pratama"),
    "administrator": _l("Administrator"), "pengawas": _l("Pengawas"), "fungsional": _l("Fungsional"),
    "pelaksana": _l("Pelaksana"),
}
FUNCTIONAL_LEVEL_LABELS = {
    "ahli_pertama": _l("Ahli Pertama"), "ahli_muda": _l("Ahli Muda"), "ahli_madya": _l("Ahli Madya"),
    "ahli_utama": _l("Ahli Utama"), "pemula": _l("Pemula"), "terampil": _l("Terampil"), "mahir": _l("Mahir"),
    "penyelia": _l("Penyelia"),
}
SKP_LABELS = {
    "sangat_baik": _l("Sangat Baik"), "baik": _l("Baik"), "butuh_perbaikan": _l("Butuh Perbaikan"),
    "kurang": _l("Kurang/Misconduct"), "sangat_kurang": _l("Sangat Kurang"),
}
ARCHIVE_REASON_LABELS = {
    "retired": _l("Pensiun"), "moved": _l("Pindah"), "died": _l("Meninggal"), "dismissed": _l("Diberhentikan"),
    "contract_ended": _l("Perjanjian kerja berakhir"),
}
# The kinds of ASN (UU 20/2023): PNS, PPPK and PPPK paruh waktu (part-time, KepmenPANRB 16/2025).
EMPLOYMENT_TYPE_LABELS = {"PNS": _l("PNS"), "PPPK": _l("PPPK"), "PPPK_PW": _l("PPPK Paruh Waktu")}
# Who may hold a position.
HOLDER_KIND_LABELS = {"ASN": _l("ASN (PNS dan PPPK)"), "PNS": _l("PNS saja"), "PPPK": _l("PPPK saja")}
STATUS_LABELS = {"active": _l("Aktif"), "archived": _l("Diarsipkan"), "all": _l("Semua")}
GENDER_LABELS = {"1": _l("Laki-laki"), "2": _l("Perempuan")}
IMPORT_KIND_LABELS = {
    "units": _l("Unit organisasi"), "positions": _l("Jabatan"), "employees": _l("Pegawai"),
    "skp": _l("Predikat SKP"),
}
IMPORT_STATUS_LABELS = {
    "mapping": _l("Menunggu pemetaan kolom"), "queued": _l("Dalam antrean pemeriksaan"),
    "running": _l("Sedang diperiksa"), "preview": _l("Menunggu persetujuan Anda"), "applying": _l("Sedang diterapkan"),
    "invalid": _l("Ditolak: ada baris yang salah"), "done": _l("Selesai"), "failed": _l("Gagal"),
    "cancelled": _l("Dibatalkan"),
}
SORT_LABELS = {"name": _l("Nama"), "nip": _l("NIP"), "rank": _l("Golongan"), "unit": _l("Unit"),
               "position": _l("Jabatan")}

ALL = {
    "unit_kind": UNIT_KIND_LABELS, "position_kind": POSITION_KIND_LABELS,
    "functional_level": FUNCTIONAL_LEVEL_LABELS, "skp": SKP_LABELS, "archive_reason": ARCHIVE_REASON_LABELS,
    "status": STATUS_LABELS, "gender": GENDER_LABELS, "import_kind": IMPORT_KIND_LABELS,
    "import_status": IMPORT_STATUS_LABELS, "sort": SORT_LABELS, "employment_type": EMPLOYMENT_TYPE_LABELS,
    "holder_kinds": HOLDER_KIND_LABELS,
}
