"""What can be wrong with people data, said once: a code, the message and how to fix it.

Validators return `Problem(code, **params)`; forms and the import report turn it into text in
the reader's language with `describe()`. Storing codes (not text) lets an import report saved
in Indonesian be read later in English.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext


def N_(text: str) -> str:  # noqa: N802 - marks a msgid for extraction; translated at display
    return text


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict = field(default_factory=dict)

    def __init__(self, code: str, **params):
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", params)

    @property
    def message(self) -> str:
        return describe(self.code, self.params)[0]

    @property
    def fix(self) -> str:
        return describe(self.code, self.params)[1]


MESSAGES: dict[str, tuple[str, str]] = {
    # NIP
    "nip.required": (N_("NIP wajib diisi."), N_("Tulis 18 digit NIP pegawai.")),
    "nip.not_digits": (N_("NIP hanya boleh berisi angka; '%(value)s' memuat huruf atau tanda lain."),
                       N_("Tulis 18 angka; spasi di antara bagian NIP boleh.")),
    "nip.length": (N_("NIP harus 18 digit; yang ditulis %(n)s digit."),
                   N_("Periksa angka yang hilang atau berlebih.")),
    "nip.birth_date": (N_("8 digit pertama NIP (%(part)s) bukan tanggal lahir yang ada."),
                       N_("Bagian ini adalah tanggal lahir TTTTBBHH, misalnya 19860926.")),
    "nip.birth_range": (N_("Tanggal lahir dari NIP (%(date)s) tidak mungkin."),
                        N_("Periksa 8 digit pertama NIP (tanggal lahir TTTTBBHH).")),
    "nip.tmt_month": (N_("Digit ke-9 sampai ke-14 NIP (%(part)s) bukan bulan TMT CPNS yang ada."),
                      N_("Bagian ini adalah TMT CPNS TTTTBB, misalnya 201505.")),
    "nip.tmt_month+pppk": (N_("Digit ke-13 dan ke-14 NIP (%(pppk)s) bukan bulan TMT CPNS: nomor ini tampak seperti "
                              "NI PPPK (tahun pengangkatan lalu kode perjanjian kerja)."),
                           N_("Bila pegawai ini PPPK, pilih jenis kepegawaian PPPK (atau PPPK Paruh Waktu); "
                              "bila PNS, periksa TMT CPNS TTTTBB pada NIP.")),
    "nip.pppk_code": (N_("Digit ke-13 dan ke-14 NI PPPK (%(part)s) bukan kode yang dikenal."),
                      N_("Periksa nomornya; pada NI PPPK bagian ini umumnya 21 (paruh waktu misalnya 24).")),
    "nip.pppk_looks_pns": (N_("Digit ke-9 sampai ke-14 (%(part)s) berbentuk bulan TMT CPNS: nomor ini tampak "
                              "seperti NIP PNS, bukan NI PPPK."),
                           N_("Bila pegawai ini PNS, pilih jenis kepegawaian PNS; bila PPPK, periksa nomornya "
                              "(NI PPPK: tahun pengangkatan TTTT lalu kode, misalnya 2022 21).")),
    "nip.pppk_year_before_adult": (N_("Tahun pengangkatan PPPK pada NI PPPK (%(year)s) jatuh sebelum pegawai "
                                      "berusia 18 tahun (lahir %(birth)s)."),
                                   N_("Periksa tanggal lahir dan tahun pengangkatan pada NI PPPK.")),
    "nip.pppk_year_future": (N_("Tahun pengangkatan PPPK pada NI PPPK (%(year)s) terlalu jauh di masa depan."),
                             N_("Periksa digit ke-9 sampai ke-12 NI PPPK (tahun pengangkatan TTTT).")),
    "nip.tmt_before_adult": (N_("TMT CPNS pada NIP (%(tmt)s) jatuh sebelum pegawai berusia 18 tahun "
                                "(lahir %(birth)s)."),
                             N_("Periksa tanggal lahir dan TMT CPNS pada NIP.")),
    "nip.tmt_future": (N_("TMT CPNS pada NIP (%(tmt)s) terlalu jauh di masa depan."),
                       N_("Periksa digit ke-9 sampai ke-14 NIP (TMT CPNS TTTTBB).")),
    "nip.gender": (N_("Digit ke-15 NIP (%(digit)s) harus 1 (laki-laki) atau 2 (perempuan)."),
                   N_("Periksa digit jenis kelamin pada NIP.")),
    "nip.sequence": (N_("Nomor urut NIP (3 digit terakhir) tidak boleh 000."),
                     N_("Periksa 3 digit terakhir NIP.")),
    "nip.entry_age": (N_("Menurut NIP, pegawai mulai bertugas (TMT CPNS %(tmt)s) pada usia %(years)s tahun "
                         "%(months)s bulan %(days)s hari, di atas batas usia pelamar %(limit)s tahun "
                         "(%(regulation)s)."),
                      N_("Periksa tanggal lahir dan TMT CPNS pada NIP. Bila benar (misalnya jabatan tertentu "
                         "dengan batas 40 tahun, atau usia saat melamar masih di bawah batas), terima "
                         "peringatan ini.")),
    "nip.duplicate": (N_("NIP ini sudah terdaftar untuk pegawai lain di wilayah ini."),
                      N_("Buka profil pegawai itu, atau periksa kembali NIP-nya.")),
    # files
    "file.not_spreadsheet": (N_("Berkas ini bukan spreadsheet XLSX atau CSV."),
                             N_("Simpan ulang dari Excel atau LibreOffice sebagai .xlsx atau CSV UTF-8.")),
    "file.legacy_xls": (N_("Berkas ini berformat Excel lama (.xls)."),
                        N_("Buka di Excel lalu simpan sebagai Buku Kerja Excel (.xlsx).")),
    "file.unreadable": (N_("Berkas XLSX rusak atau tidak dapat dibaca."),
                        N_("Buka berkas di Excel, simpan ulang sebagai .xlsx, lalu unggah lagi.")),
    "file.empty": (N_("Berkas tidak berisi baris data."),
                   N_("Isi baris di bawah judul kolom, atau unduh templat untuk contoh.")),
    "file.no_header": (N_("Baris judul kolom tidak ditemukan."),
                       N_("Baris pertama berkas harus berisi judul kolom.")),
    "file.too_many_rows": (N_("Berkas berisi lebih dari %(max)s baris data."),
                           N_("Bagi berkas menjadi beberapa bagian, masing-masing paling banyak %(max)s baris.")),
    "file.mixed_encoding": (N_("Berkas mencampur pengodean karakter: baris %(lines)s bukan UTF-8 "
                               "sedangkan baris lain UTF-8."),
                            N_("Simpan ulang berkas sebagai \"CSV UTF-8\" lalu unggah lagi.")),
    "file.binary": (N_("Berkas berisi data biner, bukan teks CSV."),
                    N_("Unggah berkas .xlsx atau CSV yang disimpan dari spreadsheet.")),
    # columns and cells
    "column.missing": (N_("Kolom wajib \"%(column)s\" tidak ada di berkas."),
                       N_("Tambahkan kolom itu, atau pilih kolom berkas yang sesuai pada langkah pemetaan.")),
    "column.mapped_twice": (N_("Kolom berkas \"%(column)s\" dipetakan ke lebih dari satu isian."),
                            N_("Pilih satu isian untuk setiap kolom berkas.")),
    "cell.formula": (N_("Sel berisi rumus (%(value)s), bukan nilai."),
                     N_("Salin kolom itu lalu tempel sebagai nilai (Paste Special → Values).")),
    "cell.required": (N_("Wajib diisi."), N_("Isi sel ini.")),
    "cell.too_long": (N_("Paling banyak %(n)s karakter."), N_("Persingkat isinya.")),
    "cell.choice": (N_("\"%(value)s\" bukan pilihan yang dikenal."), N_("Gunakan salah satu: %(choices)s.")),
    "cell.date": (N_("\"%(value)s\" bukan tanggal."),
                  N_("Tulis tanggal sebagai TTTT-BB-HH (2015-05-01) atau HH-BB-TTTT (01-05-2015).")),
    "cell.integer": (N_("\"%(value)s\" bukan bilangan bulat."), N_("Tulis angka tanpa desimal.")),
    "cell.range": (N_("Nilai harus antara %(lo)s dan %(hi)s."), N_("Perbaiki angkanya.")),
    "cell.email": (N_("\"%(value)s\" bukan alamat email."), N_("Tulis email seperti nama@contoh.go.id.")),
    "cell.rank": (N_("\"%(value)s\" bukan golongan yang dikenal."),
                  N_("Tulis golongan seperti III/a, 3a atau nama pangkatnya (Penata Muda).")),
    "cell.boolean": (N_("\"%(value)s\" bukan ya/tidak."), N_("Tulis ya atau tidak.")),
    "row.duplicate_key": (N_("%(column)s \"%(value)s\" juga ada di baris %(other)s."),
                          N_("Satu baris per %(column)s; hapus atau gabungkan baris ganda.")),
    "ref.unit_unknown": (N_("Unit berkode \"%(value)s\" tidak ada."),
                         N_("Impor unit lebih dulu, atau perbaiki kode unitnya.")),
    "ref.position_unknown": (N_("Jabatan berkode \"%(value)s\" tidak ada."),
                             N_("Impor jabatan lebih dulu, atau perbaiki kode jabatannya.")),
    "ref.unit_unknown+suggestion": (N_("Unit berkode \"%(value)s\" tidak ada. Maksud Anda \"%(suggestion)s\"?"),
                                    N_("Tulis kode unit persis seperti yang terdaftar (\"%(suggestion)s\"), "
                                       "atau impor unit itu lebih dulu.")),
    "ref.position_unknown+suggestion": (N_("Jabatan berkode \"%(value)s\" tidak ada. Maksud Anda \"%(suggestion)s\"?"),
                                        N_("Tulis kode jabatan persis seperti yang terdaftar (\"%(suggestion)s\"), "
                                           "atau impor jabatan itu lebih dulu.")),
    "ref.position_name_unknown": (N_("Tidak ada jabatan bernama \"%(value)s\"."),
                                  N_("Tulis nama jabatan persis seperti yang terdaftar, atau isi kode jabatannya.")),
    "ref.position_name_ambiguous": (N_("Ada %(n)s jabatan bernama \"%(value)s\"."),
                                    N_("Isi kode jabatan, atau nama unitnya agar jabatan itu dapat dibedakan.")),
    "ref.unit_name_unknown": (N_("Tidak ada unit bernama \"%(value)s\"."),
                              N_("Tulis nama unit persis seperti yang terdaftar, atau isi kode unitnya.")),
    "ref.unit_name_ambiguous": (N_("Ada %(n)s unit bernama \"%(value)s\"."),
                                N_("Isi kode unit agar unit itu dapat dibedakan.")),
    "ref.employee_unknown": (N_("Pegawai dengan NIP %(value)s tidak ada di wilayah ini."),
                             N_("Impor pegawai lebih dulu, atau perbaiki NIP-nya.")),
    "ref.parent_cycle": (N_("Unit induk \"%(value)s\" membuat lingkaran dalam pohon organisasi."),
                         N_("Sebuah unit tidak boleh menjadi induk dari induknya sendiri.")),
    "ref.head_taken": (N_("Unit \"%(value)s\" sudah punya jabatan kepala."),
                       N_("Setiap unit hanya punya satu jabatan kepala; tulis tidak pada kolom kepala.")),
    "row.no_unit": (N_("Pegawai ini akan tercatat tanpa unit dan jabatan."),
                    N_("Isi kode jabatan (atau kode unit), atau terima peringatan ini untuk tetap menyimpannya.")),
    "row.no_position": (N_("Pegawai ini akan tercatat tanpa jabatan (hanya unit)."),
                        N_("Isi kode jabatan, atau terima peringatan ini untuk tetap menyimpannya.")),
    "row.unit_differs": (N_("Unit \"%(unit)s\" berbeda dengan unit jabatan %(position)s (\"%(position_unit)s\"); "
                            "unit jabatan yang dipakai."),
                         N_("Kosongkan kode unit atau samakan dengan unit jabatannya.")),
    # domain rules
    "rank.outside_position": (N_("Golongan %(rank)s di luar rentang jabatan %(position)s (%(lo)s–%(hi)s)."),
                              N_("Pilih golongan dalam rentang, atau tulis alasan untuk tetap menyimpannya.")),
    "rank.pppk": (N_("Pegawai PPPK tidak memiliki golongan/ruang PNS."),
                  N_("Kosongkan golongan/ruang PNS; isi golongan PPPK (I–XVII), atau pilih jenis kepegawaian "
                     "PNS bila pegawai ini PNS.")),
    "grade.pns": (N_("Pegawai PNS tidak memiliki golongan PPPK (I–XVII)."),
                  N_("Kosongkan golongan PPPK; isi golongan/ruang PNS (misalnya III/b), atau pilih jenis "
                     "kepegawaian PPPK bila pegawai ini PPPK.")),
    "cell.pppk_grade": (N_("\"%(value)s\" bukan golongan PPPK yang dikenal."),
                        N_("Tulis golongan PPPK I sampai XVII, misalnya IX, 9 atau Gol. IX.")),
    "position.kind_not_allowed": (N_("Jabatan %(position)s hanya untuk %(allowed)s; pegawai ini %(kind)s."),
                                  N_("Pilih jabatan lain, atau ubah siapa yang boleh memegang jabatan itu.")),
    "contract.pns": (N_("Pegawai PNS tidak memiliki perjanjian kerja."),
                     N_("Kosongkan kolom perjanjian kerja, atau pilih jenis kepegawaian PPPK bila pegawai ini "
                        "PPPK.")),
    "contract.incomplete": (N_("Perjanjian kerja perlu nomor, tanggal mulai dan tanggal akhir sekaligus."),
                            N_("Isi ketiganya, atau kosongkan ketiganya.")),
    "contract.period_order": (N_("Akhir perjanjian kerja (%(end)s) harus sesudah mulainya (%(start)s)."),
                              N_("Periksa kedua tanggal perjanjian kerja.")),
    "rank.tmt_before_cpns": (N_("TMT golongan %(tmt)s sebelum TMT CPNS %(cpns)s."),
                             N_("Periksa TMT golongan.")),
    "settings.entry_age_range": (N_("Batas usia 18 sampai 60 tahun."), N_("Perbaiki angkanya.")),
    "settings.entry_age_order": (N_("Batas usia jabatan tertentu tidak boleh di bawah batas usia umum."),
                                 N_("Perbaiki angkanya.")),
    "archive.reason_required": (N_("Pilih alasan pengarsipan."), N_("Pensiun, pindah, meninggal, atau diberhentikan.")),
}


def describe(code: str, params: dict | None = None) -> tuple[str, str]:
    """(message, fix) in the current language. A problem that carries a suggestion (the closest
    known code) says it."""
    params = params or {}
    for variant in ("suggestion", "pppk"):
        if params.get(variant) and f"{code}+{variant}" in MESSAGES:
            code = f"{code}+{variant}"
            break
    message, fix = MESSAGES.get(code, (code, ""))
    try:
        return gettext(message, **params), (gettext(fix, **params) if fix else "")
    except (KeyError, ValueError, TypeError):
        return gettext(message), gettext(fix) if fix else ""
