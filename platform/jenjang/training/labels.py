"""Labels of the catalogue and enrolment (Indonesian msgids, translated by Babel); templates reach
them as `tlabels.<NAME>`."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l

ENROLMENT_STATUS_LABELS = {
    "pending": _l("menunggu persetujuan"), "approved": _l("disetujui"), "waitlisted": _l("daftar tunggu"),
    "rejected": _l("ditolak"), "cancelled": _l("dibatalkan"), "completed": _l("selesai"),
    "not_completed": _l("tidak selesai"),
}
ENROLMENT_STATUS_BADGES = {
    "pending": "badge-warn", "approved": "badge-ok", "waitlisted": "", "rejected": "badge-bad",
    "cancelled": "", "completed": "badge-ok", "not_completed": "badge-bad",
}
ORIGIN_LABELS = {"self": _l("mendaftar sendiri"), "supervisor": _l("diusulkan atasan"), "hr": _l("diusulkan BKPSDM")}
PROVIDER_LABELS = {"bpsdm": _l("BPSDM"), "lan": _l("LAN"), "internal": _l("Internal"), "external": _l("Eksternal")}
MODE_LABELS = {"in_person": _l("Tatap muka"), "online": _l("Daring"), "blended": _l("Campuran")}
SESSION_STATUS_LABELS = {"scheduled": _l("terjadwal"), "cancelled": _l("dibatalkan"), "finished": _l("selesai")}
WAITLIST_ORDER_LABELS = {"first_come": _l("Siapa cepat dia dapat"),
                         "priority": _l("Prioritas: wajib/usulan dulu, lalu kesenjangan terbesar")}


def status_label(status: str) -> str:
    """An enrolment's status in words."""
    return str(ENROLMENT_STATUS_LABELS.get(status, status))


def decimal_comma(value, empty: str = "") -> str:
    """A JP count or a score as Indonesian writes it, whatever the reader's language: 24 → "24",
    24.50 → "24,5"; None → `empty`."""
    if value is None:
        return empty
    return f"{Decimal(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")
