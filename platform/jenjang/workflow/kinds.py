"""Notification kinds the workflow engine announces."""
from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import SIGNATURE, Kind, register

register(Kind(
    "workflow.assigned", _l("Kasus menunggu tindakan Anda"),
    subject={"id": "Menunggu tindakan Anda: {{ title }}", "en": "Waiting for you: {{ title }}"},
    body={"id": "Yth. {{ recipient_name }},\n\n{{ title }} kini berada pada langkah \"{{ step }}\" dan menunggu "
                "tindakan Anda{% if due %} paling lambat {{ due }}{% endif %}.\n\n{{ link }}" + SIGNATURE,
          "en": "Dear {{ recipient_name }},\n\n{{ title }} is now at the step \"{{ step }}\" and waits for your "
                "action{% if due %} by {{ due }}{% endif %}.\n\n{{ link }}" + SIGNATURE},
    sample={"recipient_name": "Maria Simanjuntak", "title": "Kenaikan pangkat reguler — Dewi Lestari",
            "step": "Sidang Tim Penilai Kinerja", "due": "2026-12-01"},
))
register(Kind(
    "workflow.overdue", _l("Pengingat batas waktu langkah"),
    subject={"id": "Lewat batas waktu: {{ title }}", "en": "Overdue: {{ title }}"},
    body={"id": "Yth. {{ recipient_name }},\n\nLangkah \"{{ step }}\" untuk {{ title }} melewati batas waktunya "
                "({{ due }}). Mohon segera ditindaklanjuti.\n\n{{ link }}" + SIGNATURE,
          "en": "Dear {{ recipient_name }},\n\nThe step \"{{ step }}\" of {{ title }} is past its deadline "
                "({{ due }}). Please act on it.\n\n{{ link }}" + SIGNATURE},
    sample={"recipient_name": "Maria Simanjuntak", "title": "Kenaikan pangkat reguler — Dewi Lestari",
            "step": "Verifikasi BKPSDM", "due": "2026-12-01"},
))
register(Kind(
    "workflow.overdue_admin", _l("Kasus terlambat (untuk admin)"),
    subject={"id": "Kasus terlambat: {{ title }}", "en": "Case overdue: {{ title }}"},
    body={"id": "Yth. {{ recipient_name }},\n\n{{ title }} tertahan pada langkah \"{{ step }}\" lebih dari sehari "
                "setelah batas waktunya ({{ due }}).\n\n{{ link }}" + SIGNATURE,
          "en": "Dear {{ recipient_name }},\n\n{{ title }} has been stuck at the step \"{{ step }}\" for more than "
                "a day past its deadline ({{ due }}).\n\n{{ link }}" + SIGNATURE},
    sample={"recipient_name": "Rudi Hartono", "title": "Kenaikan pangkat reguler — Dewi Lestari",
            "step": "Verifikasi BKPSDM", "due": "2026-12-01"},
))
register(Kind(
    "workflow.closed", _l("Keputusan atas pengajuan"),
    subject={"id": "{% if outcome == 'approved' %}Disetujui{% elif outcome == 'rejected' %}Ditolak{% else %}"
                   "Selesai{% endif %}: {{ title }}",
             "en": "{% if outcome == 'approved' %}Approved{% elif outcome == 'rejected' %}Rejected{% else %}"
                   "Closed{% endif %}: {{ title }}"},
    body={"id": "Yth. {{ recipient_name }},\n\n{{ title }} telah {% if outcome == 'approved' %}disetujui"
                "{% elif outcome == 'rejected' %}ditolak{% else %}ditutup{% endif %}.\n\n{{ link }}" + SIGNATURE,
          "en": "Dear {{ recipient_name }},\n\n{{ title }} has been {% if outcome == 'approved' %}approved"
                "{% elif outcome == 'rejected' %}rejected{% else %}closed{% endif %}.\n\n{{ link }}" + SIGNATURE},
    sample={"recipient_name": "Dewi Lestari", "title": "Kenaikan pangkat reguler — Dewi Lestari",
            "outcome": "approved"},
))
