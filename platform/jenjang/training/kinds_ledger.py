"""Notification kinds of the JP ledger part of training (registered on import): an external
training waiting for HR, the verdict on it, and the yearly reminder to people behind their JP
target."""
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

register(Kind(
    "training.jp_reminder", _l("Pengingat JP pengembangan kompetensi"),
    subject={"id": "JP pengembangan kompetensi {{ year }}: kurang {{ missing }} JP",
             "en": "Competency development hours {{ year }}: {{ missing }} JP to go"},
    body={
        "id": "Yth. {{ recipient_name }},\n\nSetiap ASN berhak atas paling sedikit {{ target }} JP pengembangan "
              "kompetensi setahun. Tahun {{ year }} Anda baru mencatat {{ jp }} JP; masih kurang {{ missing }} JP "
              "sebelum akhir tahun. Lihat pelatihan yang tersedia, atau catat pelatihan eksternal yang sudah "
              "Anda ikuti:\n\n{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\nEvery civil servant is entitled to at least {{ target }} hours (JP) "
              "of competency development a year. For {{ year }} you have {{ jp }} JP so far; {{ missing }} JP "
              "to go before the year ends. See the training on offer, or record external training you have "
              "done:\n\n{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Dewi Lestari, S.Sos.", "year": 2026, "jp": "8", "target": 20, "missing": "12"},
))
