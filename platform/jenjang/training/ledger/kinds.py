"""Notification kinds of the JP ledger (registered on import): the yearly reminder to people behind
their JP target."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import register_letter

register_letter("training.jp_reminder", _l("Pengingat JP pengembangan kompetensi"),
                "JP pengembangan kompetensi {{ year }}: kurang {{ missing }} JP",
                "Competency development hours {{ year }}: {{ missing }} JP to go",
                "Setiap ASN berhak atas paling sedikit {{ target }} JP pengembangan kompetensi setahun. "
                "Tahun {{ year }} Anda baru mencatat {{ jp }} JP; masih kurang {{ missing }} JP sebelum "
                "akhir tahun. Lihat pelatihan yang tersedia, atau catat pelatihan eksternal yang sudah Anda "
                "ikuti:",
                "Every civil servant is entitled to at least {{ target }} hours (JP) of competency "
                "development a year. For {{ year }} you have {{ jp }} JP so far; {{ missing }} JP to go "
                "before the year ends. See the training on offer, or record external training you have "
                "done:",
                {"recipient_name": "Dewi Lestari, S.Sos.", "year": 2026, "jp": "8", "target": 20, "missing": "12"})
