"""Display labels and the regulation each contract rule comes from (PP 49/2018 on PPPK management)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# The defaults of the tenant's contract settings, with their source (verified in the text of PP 49/2018).
MIN_MONTHS_REGULATION = ("PP 49/2018 Pasal 37 ayat (1): masa perjanjian kerja paling singkat 1 (satu) tahun dan "
                         "dapat diperpanjang sesuai kebutuhan dan berdasarkan penilaian kinerja")
RENEWAL_BASIS = ("PP 49/2018 Pasal 37 ayat (2): perpanjangan didasarkan pada pencapaian kinerja, kesesuaian "
                 "kompetensi dan kebutuhan instansi, setelah mendapat persetujuan PPK")
COPY_TO_BKN = ("PP 49/2018 Pasal 37 ayat (4): dalam hal perjanjian kerja diperpanjang, PPK menyampaikan "
               "tembusan keputusan perpanjangan kepada Kepala BKN")
ENDS_HONOURABLY = ("PP 49/2018 Pasal 52: PPPK diberhentikan dengan hormat karena jangka waktu perjanjian kerja "
                   "berakhir")

RENEWAL_STATUS = {
    "in_progress": _l("Sedang diproses"),
    "approved": _l("Diperpanjang"),
    "rejected": _l("Tidak diperpanjang"),
    "cancelled": _l("Dibatalkan"),
    "lapsed": _l("Kontrak berakhir sebelum diputuskan"),
}

WINDOWS = {"30": _l("Berakhir ≤ 30 hari"), "60": _l("Berakhir ≤ 60 hari"), "90": _l("Berakhir ≤ 90 hari"),
           "all": _l("Semua kontrak berjalan")}
