"""Notification kinds of external training (registered on import): a submission waiting for HR,
and HR's verdict on it."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import register_letter

register_letter("training.external_submitted", _l("Pelatihan eksternal menunggu verifikasi"),
                "Pelatihan eksternal menunggu verifikasi: {{ employee }}",
                "External training waiting for verification: {{ employee }}",
                "{{ employee }} mengajukan pelatihan \"{{ title }}\" ({{ jp }} JP) dengan sertifikatnya. "
                "Periksa dan verifikasi agar JP-nya tercatat:",
                "{{ employee }} submitted the training \"{{ title }}\" ({{ jp }} JP) with its certificate. "
                "Check and verify it so that the hours count:",
                {"recipient_name": "Rina Wulandari, S.E.", "employee": "Dewi Lestari, S.Sos.",
                 "title": "Kursus Analisis Kebijakan (LAN)", "jp": "12"})

register_letter("training.external_verified", _l("Pelatihan eksternal diverifikasi"),
                "Pelatihan eksternal Anda diverifikasi: {{ jp }} JP",
                "Your external training was verified: {{ jp }} JP",
                "BKPSDM telah memverifikasi pelatihan \"{{ title }}\". {{ jp }} JP kini tercatat pada JP "
                "tahun {{ year }} Anda:",
                "HR has verified the training \"{{ title }}\". {{ jp }} JP now count towards your "
                "{{ year }} hours:",
                {"recipient_name": "Dewi Lestari, S.Sos.", "title": "Kursus Analisis Kebijakan (LAN)", "jp": "12",
                 "year": 2026})

register_letter("training.external_rejected", _l("Pelatihan eksternal ditolak"),
                "Pelatihan eksternal Anda perlu diperbaiki",
                "Your external training needs a correction",
                "BKPSDM belum dapat memverifikasi pelatihan \"{{ title }}\".\nAlasan: "
                "{{ reason }}\n\nPerbaiki lalu ajukan kembali:",
                "HR could not verify the training \"{{ title }}\".\nReason: {{ reason }}\n\nCorrect it and "
                "submit it again:",
                {"recipient_name": "Dewi Lestari, S.Sos.", "title": "Kursus Analisis Kebijakan (LAN)",
                 "reason": "Sertifikat tidak terbaca; unggah pindaian yang lebih jelas."})
