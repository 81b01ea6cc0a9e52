"""The notifications of the 360 module."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import register_letter

register_letter("feedback.assigned", _l("Formulir umpan balik 360 menunggu Anda"),
                "Umpan balik 360: {{ cycle }}",
                "360 feedback: {{ cycle }}",
                "Anda diminta memberi umpan balik 360 dalam siklus \"{{ cycle }}\". Isi formulir Anda "
                "sebelum {{ deadline }}. Jawaban rekan kerja dan bawahan bersifat anonim.",
                "You are asked to give 360 feedback in the cycle \"{{ cycle }}\". Fill in your forms before "
                "{{ deadline }}. Peers' and subordinates' answers are anonymous.",
                {"recipient_name": "Dewi Lestari, S.Sos.", "cycle": "Umpan Balik 360 2026", "deadline": "2026-12-15"})

register_letter("feedback.reminder", _l("Pengingat umpan balik 360"),
                "Pengingat: umpan balik 360 \"{{ cycle }}\" berakhir {{ deadline }}",
                "Reminder: 360 feedback \"{{ cycle }}\" closes on {{ deadline }}",
                "Masih ada formulir umpan balik 360 yang belum Anda kirim. Batas waktunya {{ deadline }}.",
                "You still have 360 feedback forms to send. The deadline is {{ deadline }}.",
                {"recipient_name": "Dewi Lestari, S.Sos.", "cycle": "Umpan Balik 360 2026", "deadline": "2026-12-15"})

register_letter("feedback.report_ready", _l("Laporan umpan balik 360 tersedia"),
                "Laporan umpan balik 360 \"{{ cycle }}\" tersedia",
                "Your 360 feedback report for \"{{ cycle }}\" is ready",
                "Siklus umpan balik 360 \"{{ cycle }}\" telah ditutup. Laporan Anda dapat dibaca di:",
                "The 360 feedback cycle \"{{ cycle }}\" is closed. Read your report at:",
                {"recipient_name": "Dewi Lestari, S.Sos.", "cycle": "Umpan Balik 360 2026"})
