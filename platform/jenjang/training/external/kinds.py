"""Notification kinds of external training (registered on import): a submission waiting for HR,
and HR's verdict on it."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import SIGNATURE, Kind, register

register(Kind(
    "training.external_submitted", _l("Pelatihan eksternal menunggu verifikasi"),
    subject={"id": "Pelatihan eksternal menunggu verifikasi: {{ employee }}",
             "en": "External training waiting for verification: {{ employee }}"},
    body={
        "id": "Yth. {{ recipient_name }},\n\n{{ employee }} mengajukan pelatihan \"{{ title }}\" ({{ jp }} JP) "
              "dengan sertifikatnya. Periksa dan verifikasi agar JP-nya tercatat:\n\n{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\n{{ employee }} submitted the training \"{{ title }}\" ({{ jp }} JP) "
              "with its certificate. Check and verify it so that the hours count:\n\n{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Rina Wulandari, S.E.", "employee": "Dewi Lestari, S.Sos.",
            "title": "Kursus Analisis Kebijakan (LAN)", "jp": "12"},
))

register(Kind(
    "training.external_verified", _l("Pelatihan eksternal diverifikasi"),
    subject={"id": "Pelatihan eksternal Anda diverifikasi: {{ jp }} JP",
             "en": "Your external training was verified: {{ jp }} JP"},
    body={
        "id": "Yth. {{ recipient_name }},\n\nBKPSDM telah memverifikasi pelatihan \"{{ title }}\". "
              "{{ jp }} JP kini tercatat pada JP tahun {{ year }} Anda:\n\n{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\nHR has verified the training \"{{ title }}\". "
              "{{ jp }} JP now count towards your {{ year }} hours:\n\n{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Dewi Lestari, S.Sos.", "title": "Kursus Analisis Kebijakan (LAN)", "jp": "12",
            "year": 2026},
))

register(Kind(
    "training.external_rejected", _l("Pelatihan eksternal ditolak"),
    subject={"id": "Pelatihan eksternal Anda perlu diperbaiki",
             "en": "Your external training needs a correction"},
    body={
        "id": "Yth. {{ recipient_name }},\n\nBKPSDM belum dapat memverifikasi pelatihan \"{{ title }}\".\n"
              "Alasan: {{ reason }}\n\nPerbaiki lalu ajukan kembali:\n\n{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\nHR could not verify the training \"{{ title }}\".\n"
              "Reason: {{ reason }}\n\nCorrect it and submit it again:\n\n{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Dewi Lestari, S.Sos.", "title": "Kursus Analisis Kebijakan (LAN)",
            "reason": "Sertifikat tidak terbaca; unggah pindaian yang lebih jelas."},
))
