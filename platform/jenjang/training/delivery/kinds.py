"""Notification kinds of this part of training (registered on import): completion with the
certificate and the post-training survey's reaction (level 1), and the supervisor's follow-up (level 3)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import register_letter

register_letter("training.completed", _l("Pelatihan selesai: sertifikat dan evaluasi"),
                "Selamat, Anda menyelesaikan {{ programme }}",
                "Congratulations, you completed {{ programme }}",
                "Anda dinyatakan selesai mengikuti {{ programme }} ({{ session }}) dan memperoleh {{ jp }} "
                "JP. Unduh sertifikat Anda dan isi evaluasi singkat tentang pelatihan ini (kurang dari dua "
                "menit):",
                "You have completed {{ programme }} ({{ session }}) and earned {{ jp }} JP. Download your "
                "certificate and fill in a short evaluation of the training (under two minutes):",
                {"recipient_name": "Dewi Lestari, S.Sos.", "programme": "Pelatihan Analisis Kebijakan",
                 "session": "Angkatan I", "jp": "24", "participant": "Dewi Lestari, S.Sos."})

register_letter("training.followup_due", _l("Evaluasi pascapelatihan anggota tim"),
                "Bagaimana {{ participant }} menerapkan {{ programme }}?",
                "How is {{ participant }} applying {{ programme }}?",
                "{{ participant }} telah menyelesaikan {{ programme }} ({{ session }}). Mohon isi evaluasi "
                "singkat tentang penerapan hasil pelatihan tersebut dalam pekerjaan sehari-hari:",
                "{{ participant }} completed {{ programme }} ({{ session }}). Please fill in a short "
                "evaluation of how they apply what they learnt in their daily work:",
                {"recipient_name": "Agus Salim, S.E.", "programme": "Pelatihan Analisis Kebijakan",
                 "session": "Angkatan I", "jp": "24", "participant": "Dewi Lestari, S.Sos."})
