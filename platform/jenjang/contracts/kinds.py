"""Notification kinds of contracts (registered on import): a contract ending in N days. Importing
the workflow handler here registers it and the provisioner of the default renewal workflow."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import register_letter

register_letter("contracts.ending", _l("Perjanjian kerja PPPK segera berakhir"),
                "Perjanjian kerja {{ employee }} berakhir {{ ends_on }}",
                "{{ employee }}'s work agreement ends on {{ ends_on }}",
                "Perjanjian kerja PPPK {{ employee }} ({{ unit }}) nomor {{ number }} berakhir pada "
                "{{ ends_on }}, {{ days_left }} hari lagi. Bila perlu diperpanjang, ajukan perpanjangan "
                "sekarang agar BKPSDM dan PPK sempat memutuskannya (PP 49/2018 Pasal 37). Tanpa perpanjangan, "
                "hubungan kerja berakhir pada tanggal itu (Pasal 52).",
                "The PPPK work agreement of {{ employee }} ({{ unit }}), number {{ number }}, ends on "
                "{{ ends_on }}, in {{ days_left }} days. If it should be extended, propose the extension now so "
                "that BKPSDM and the PPK have time to decide (PP 49/2018 Article 37). Without an extension, "
                "the employment ends on that date (Article 52).",
                {"recipient_name": "Agus Salim", "employee": "Rina Wati, S.Kom.", "unit": "Dinas Kesehatan",
                 "number": "800/PK/12/2025", "ends_on": "31-12-2026", "days_left": 90})

register_letter("contracts.ended", _l("Perjanjian kerja PPPK berakhir"),
                "Perjanjian kerja {{ employee }} telah berakhir",
                "{{ employee }}'s work agreement has ended",
                "Perjanjian kerja PPPK {{ employee }} nomor {{ number }} berakhir pada {{ ends_on }} tanpa "
                "perpanjangan. Pegawai dicatat berhenti dengan alasan kontrak berakhir (PP 49/2018 Pasal 52)."
                "{% if lapsed %} Usulan perpanjangan yang belum diputuskan ikut ditutup.{% endif %}",
                "The PPPK work agreement of {{ employee }}, number {{ number }}, ended on {{ ends_on }} without "
                "an extension. The employee is recorded as having left because the contract ended (PP 49/2018 "
                "Article 52).{% if lapsed %} The undecided extension proposal has been closed.{% endif %}",
                {"recipient_name": "Siti Rahmawati", "employee": "Rina Wati, S.Kom.", "number": "800/PK/12/2025",
                 "ends_on": "31-12-2026", "lapsed": True})

from jenjang.contracts import workflow as _workflow  # noqa: E402,F401  (workflow handler, provisioner)
