"""Labels of external training (Indonesian msgids, translated by Babel)."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {"submitted": _l("Menunggu verifikasi"), "verified": _l("Terverifikasi"), "rejected": _l("Ditolak")}
