"""User-facing names of the 360 module's codes."""
from flask_babel import lazy_gettext as _l

RELATION_LABELS = {"self": _l("Diri sendiri"), "supervisor": _l("Atasan"), "peer": _l("Rekan kerja"),
                   "subordinate": _l("Bawahan")}
RELATION_PLURAL = {"self": _l("Diri sendiri"), "supervisor": _l("Atasan"), "peer": _l("Rekan kerja"),
                   "subordinate": _l("Bawahan")}
STATUS_LABELS = {"draft": _l("Draf"), "launching": _l("Sedang diluncurkan"), "open": _l("Berjalan"),
                 "closed": _l("Ditutup")}
SOURCE_LABELS = {"auto": _l("Otomatis"), "hr": _l("Ditambahkan BKPSDM"), "nomination": _l("Usulan pegawai")}
NOMINATION_LABELS = {"proposed": _l("Menunggu persetujuan atasan"), "approved": _l("Disetujui"),
                     "rejected": _l("Ditolak")}
SCALE_LABELS = {1: _l("Sangat jarang"), 2: _l("Jarang"), 3: _l("Kadang-kadang"), 4: _l("Sering"),
                5: _l("Hampir selalu")}
# Who can see a rater's answers, said plainly on the form.
VISIBILITY = {
    "self": _l("Jawaban penilaian diri Anda terlihat di laporan Anda, oleh atasan Anda (bila diizinkan) dan BKPSDM."),
    "supervisor": _l("Anda satu-satunya atasan yang menilai pegawai ini, sehingga jawaban Anda TIDAK anonim: "
                     "pegawai yang Anda nilai melihatnya tersendiri sebagai jawaban atasan (disebut menurut "
                     "perannya, tanpa nama Anda)."),
    # HR added more than one supervisor rater: they are an anonymous group (feedback/__init__.py).
    "supervisor_group": _l("Jawaban Anda anonim: hanya digabung dengan jawaban atasan lain yang menilai pegawai "
                           "ini, dan tidak ditampilkan bila penilainya kurang dari %(k)s orang. Tidak seorang pun, "
                           "termasuk BKPSDM dan admin, dapat melihat jawaban mana yang Anda berikan."),
    "peer": _l("Jawaban Anda anonim: hanya digabung dengan jawaban rekan kerja lain, dan tidak ditampilkan bila "
               "penilainya kurang dari %(k)s orang. Tidak seorang pun, termasuk BKPSDM dan admin, dapat melihat "
               "jawaban mana yang Anda berikan."),
    "subordinate": _l("Jawaban Anda anonim: hanya digabung dengan jawaban bawahan lain, dan tidak ditampilkan bila "
                      "penilainya kurang dari %(k)s orang. Tidak seorang pun, termasuk BKPSDM dan admin, dapat "
                      "melihat jawaban mana yang Anda berikan."),
}
