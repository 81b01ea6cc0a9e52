"""Notification kinds the workflow engine announces."""
from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import register_letter

register_letter("workflow.assigned", _l("Kasus menunggu tindakan Anda"),
                "Menunggu tindakan Anda: {{ title }}",
                "Waiting for you: {{ title }}",
                "{{ title }} kini berada pada langkah \"{{ step }}\" dan menunggu tindakan Anda{% if due %} "
                "paling lambat {{ due }}{% endif %}.",
                "{{ title }} is now at the step \"{{ step }}\" and waits for your action{% if due %} by "
                "{{ due }}{% endif %}.",
                {"recipient_name": "Maria Simanjuntak", "title": "Kenaikan pangkat reguler — Dewi Lestari",
                 "step": "Sidang Tim Penilai Kinerja", "due": "2026-12-01"})
register_letter("workflow.overdue", _l("Pengingat batas waktu langkah"),
                "Lewat batas waktu: {{ title }}",
                "Overdue: {{ title }}",
                "Langkah \"{{ step }}\" untuk {{ title }} melewati batas waktunya ({{ due }}). Mohon segera "
                "ditindaklanjuti.",
                "The step \"{{ step }}\" of {{ title }} is past its deadline ({{ due }}). Please act on it.",
                {"recipient_name": "Maria Simanjuntak", "title": "Kenaikan pangkat reguler — Dewi Lestari",
                 "step": "Verifikasi BKPSDM", "due": "2026-12-01"})
register_letter("workflow.overdue_admin", _l("Kasus terlambat (untuk admin)"),
                "Kasus terlambat: {{ title }}",
                "Case overdue: {{ title }}",
                "{{ title }} tertahan pada langkah \"{{ step }}\" lebih dari sehari setelah batas waktunya "
                "({{ due }}).",
                "{{ title }} has been stuck at the step \"{{ step }}\" for more than a day past its "
                "deadline ({{ due }}).",
                {"recipient_name": "Rudi Hartono", "title": "Kenaikan pangkat reguler — Dewi Lestari",
                 "step": "Verifikasi BKPSDM", "due": "2026-12-01"})
register_letter("workflow.closed", _l("Keputusan atas pengajuan"),
                "{% if outcome == 'approved' %}Disetujui{% elif outcome == 'rejected' %}Ditolak{% else %}Selesai{% endif %}: "
                "{{ title }}",
                "{% if outcome == 'approved' %}Approved{% elif outcome == 'rejected' %}Rejected{% else %}Closed{% endif %}: "
                "{{ title }}",
                "{{ title }} telah "
                "{% if outcome == 'approved' %}disetujui{% elif outcome == 'rejected' %}ditolak{% else %}ditutup{% endif %}.",
                "{{ title }} has been "
                "{% if outcome == 'approved' %}approved{% elif outcome == 'rejected' %}rejected{% else %}closed{% endif %}.",
                {"recipient_name": "Dewi Lestari", "title": "Kenaikan pangkat reguler — Dewi Lestari",
                 "outcome": "approved"})
