"""Labels of delivery (Indonesian msgids, translated by Babel)."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "approved": _l("Disetujui"), "completed": _l("Selesai"), "not_completed": _l("Tidak selesai"),
    "pending": _l("Menunggu persetujuan"), "waitlisted": _l("Daftar tunggu"),
}
REACTION_LABELS = {"relevance": _l("Relevansi"), "facilitator": _l("Fasilitator"), "materials": _l("Bahan"),
                   "overall": _l("Keseluruhan")}
FOLLOWUP_LABELS = {"application": _l("Penerapan"), "impact": _l("Dampak")}
