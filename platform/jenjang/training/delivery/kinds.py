"""Notification kinds of this part of training (registered on import): completion with the
certificate and the post-training survey's reaction (level 1), and the supervisor's follow-up (level 3)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import SIGNATURE, Kind, register

register(Kind(
    "training.completed", _l("Pelatihan selesai: sertifikat dan evaluasi"),
    subject={"id": "Selamat, Anda menyelesaikan {{ programme }}",
             "en": "Congratulations, you completed {{ programme }}"},
    body={
        "id": "Yth. {{ recipient_name }},\n\nAnda dinyatakan selesai mengikuti {{ programme }} ({{ session }}) "
              "dan memperoleh {{ jp }} JP. Unduh sertifikat Anda dan isi evaluasi singkat tentang pelatihan "
              "ini (kurang dari dua menit):\n\n{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\nYou have completed {{ programme }} ({{ session }}) and earned "
              "{{ jp }} JP. Download your certificate and fill in a short evaluation of the training "
              "(under two minutes):\n\n{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Dewi Lestari, S.Sos.", "programme": "Pelatihan Analisis Kebijakan",
            "session": "Angkatan I", "jp": "24", "participant": "Dewi Lestari, S.Sos."},
))

register(Kind(
    "training.followup_due", _l("Evaluasi pascapelatihan anggota tim"),
    subject={"id": "Bagaimana {{ participant }} menerapkan {{ programme }}?",
             "en": "How is {{ participant }} applying {{ programme }}?"},
    body={
        "id": "Yth. {{ recipient_name }},\n\n{{ participant }} telah menyelesaikan {{ programme }} "
              "({{ session }}). Mohon isi evaluasi singkat tentang penerapan hasil pelatihan tersebut dalam "
              "pekerjaan sehari-hari:\n\n{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\n{{ participant }} completed {{ programme }} ({{ session }}). "
              "Please fill in a short evaluation of how they apply what they learnt in their daily work:"
              "\n\n{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Agus Salim, S.E.", "programme": "Pelatihan Analisis Kebijakan",
            "session": "Angkatan I", "jp": "24", "participant": "Dewi Lestari, S.Sos."},
))
