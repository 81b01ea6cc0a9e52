"""Display names of the competency module's codes, in the reader's language (lazy strings)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {"manajerial": _l("Manajerial"), "sosial_kultural": _l("Sosial kultural"), "teknis": _l("Teknis")}
SOURCE_LABELS = {
    "assessment_center": _l("Assessment center"), "competency_test": _l("Uji kompetensi"),
    "feedback_360": _l("Hasil penilaian 360"), "supervisor": _l("Penilaian atasan"),
}
KINERJA_LABELS = {"atas": _l("Di atas ekspektasi"), "sesuai": _l("Sesuai ekspektasi"),
                  "bawah": _l("Di bawah ekspektasi")}
POTENTIAL_LABELS = {"tinggi": _l("Tinggi"), "menengah": _l("Menengah"), "rendah": _l("Rendah")}
POTENTIAL_SOURCE_LABELS = {"jpm": _l("JPM terhadap jabatan sendiri"), "score": _l("Skor potensi yang dicatat"),
                           "score_or_jpm": _l("Skor potensi bila ada, selain itu JPM")}
PRECEDENCE_MODE_LABELS = {
    "date_first": _l("Penilaian terbaru yang berlaku; urutan sumber bila tanggalnya sama"),
    "source_first": _l("Sumber dengan urutan tertinggi yang berlaku; terbaru di antaranya"),
}
SUCCESSION_LABELS = {"kritikal": _l("Jabatan kritikal"), "target": _l("Jabatan target")}
PLAN_STATUS_LABELS = {"draft": _l("Draf"), "submitted": _l("Menunggu persetujuan atasan"),
                      "returned": _l("Dikembalikan untuk diperbaiki"), "approved": _l("Disetujui")}
BOX_NAMES = {
    1: _l("Kinerja di bawah, potensi rendah"), 2: _l("Kinerja sesuai, potensi rendah"),
    3: _l("Kinerja di bawah, potensi menengah"), 4: _l("Kinerja di atas, potensi rendah"),
    5: _l("Kinerja sesuai, potensi menengah"), 6: _l("Kinerja di bawah, potensi tinggi"),
    7: _l("Kinerja di atas, potensi menengah"), 8: _l("Kinerja sesuai, potensi tinggi"),
    9: _l("Kinerja di atas, potensi tinggi"),
}
# Recommended action per box, PermenPANRB 3/2020 (DOMAIN.md).
BOX_ACTIONS = {
    1: _l("Diproses sesuai ketentuan peraturan perundang-undangan tentang disiplin dan kinerja"),
    2: _l("Bimbingan kinerja; pengembangan kompetensi; penempatan yang sesuai"),
    3: _l("Bimbingan kinerja dan konseling kinerja; pengembangan kompetensi"),
    4: _l("Rotasi; pengembangan kompetensi"),
    5: _l("Penempatan yang sesuai; bimbingan kinerja; pengembangan kompetensi"),
    6: _l("Penempatan yang sesuai; bimbingan kinerja dan konseling kinerja"),
    7: _l("Dipertahankan; masuk kelompok rencana suksesi (talent pool); rotasi/pengayaan jabatan; "
          "pengembangan kompetensi"),
    8: _l("Dipertahankan; masuk kelompok rencana suksesi (talent pool); rotasi/perluasan jabatan; "
          "bimbingan kinerja"),
    9: _l("Dipromosikan dan dipertahankan; masuk kelompok rencana suksesi (talent pool); penghargaan"),
}
GROUP_LABELS = {"kind": _l("Jenis jabatan"), "position": _l("Jabatan"), "unit": _l("Unit")}
