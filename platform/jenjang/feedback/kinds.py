"""The notifications of the 360 module."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import SIGNATURE, Kind, register

register(Kind(
    "feedback.assigned", _l("Formulir umpan balik 360 menunggu Anda"),
    subject={"id": "Umpan balik 360: {{ cycle }}", "en": "360 feedback: {{ cycle }}"},
    body={
        "id": "Yth. {{ recipient_name }},\n\nAnda diminta memberi umpan balik 360 dalam siklus \"{{ cycle }}\". "
              "Isi formulir Anda sebelum {{ deadline }}. Jawaban rekan kerja dan bawahan bersifat anonim.\n\n"
              "{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\nYou are asked to give 360 feedback in the cycle \"{{ cycle }}\". "
              "Fill in your forms before {{ deadline }}. Peers' and subordinates' answers are anonymous.\n\n"
              "{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Dewi Lestari, S.Sos.", "cycle": "Umpan Balik 360 2026", "deadline": "2026-12-15"},
))

register(Kind(
    "feedback.reminder", _l("Pengingat umpan balik 360"),
    subject={"id": "Pengingat: umpan balik 360 \"{{ cycle }}\" berakhir {{ deadline }}",
             "en": "Reminder: 360 feedback \"{{ cycle }}\" closes on {{ deadline }}"},
    body={
        "id": "Yth. {{ recipient_name }},\n\nMasih ada formulir umpan balik 360 yang belum Anda kirim. "
              "Batas waktunya {{ deadline }}.\n\n{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\nYou still have 360 feedback forms to send. "
              "The deadline is {{ deadline }}.\n\n{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Dewi Lestari, S.Sos.", "cycle": "Umpan Balik 360 2026", "deadline": "2026-12-15"},
))

register(Kind(
    "feedback.report_ready", _l("Laporan umpan balik 360 tersedia"),
    subject={"id": "Laporan umpan balik 360 \"{{ cycle }}\" tersedia",
             "en": "Your 360 feedback report for \"{{ cycle }}\" is ready"},
    body={
        "id": "Yth. {{ recipient_name }},\n\nSiklus umpan balik 360 \"{{ cycle }}\" telah ditutup. "
              "Laporan Anda dapat dibaca di:\n\n{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\nThe 360 feedback cycle \"{{ cycle }}\" is closed. "
              "Read your report at:\n\n{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Dewi Lestari, S.Sos.", "cycle": "Umpan Balik 360 2026"},
))
