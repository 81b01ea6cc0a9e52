"""The notifications the competency module announces (development plans)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import SIGNATURE, Kind, register

register(Kind(
    "competency.plan_submitted", _l("Rencana pengembangan menunggu persetujuan"),
    subject={"id": "Rencana pengembangan {{ employee }} menunggu persetujuan Anda",
             "en": "{{ employee }}'s development plan awaits your approval"},
    body={
        "id": "Yth. {{ recipient_name }},\n\n{{ employee }} mengirim rencana pengembangan individu tahun "
              "{{ year }}. Berikan komentar lalu setujui atau kembalikan:\n\n{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\n{{ employee }} has sent their individual development plan for "
              "{{ year }}. Comment on it, then approve or return it:\n\n{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Agus Salim Nasution, S.E.", "employee": "Dewi Lestari, S.Sos.", "year": 2026},
))

register(Kind(
    "competency.plan_reviewed", _l("Rencana pengembangan ditinjau atasan"),
    subject={"id": "Rencana pengembangan {{ year }} Anda telah ditinjau",
             "en": "Your {{ year }} development plan has been reviewed"},
    body={
        "id": "Yth. {{ recipient_name }},\n\n{{ reviewer }} telah meninjau rencana pengembangan Anda "
              "({% if decision == 'approved' %}disetujui{% else %}dikembalikan untuk diperbaiki{% endif %})."
              "\n\n{{ link }}" + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\n{{ reviewer }} has reviewed your development plan "
              "({% if decision == 'approved' %}approved{% else %}returned for revision{% endif %})."
              "\n\n{{ link }}" + SIGNATURE,
    },
    sample={"recipient_name": "Dewi Lestari, S.Sos.", "reviewer": "Agus Salim Nasution, S.E.",
            "decision": "approved", "year": 2026},
))
