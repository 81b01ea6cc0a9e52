"""The notifications the competency module announces (development plans)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import register_letter

register_letter("competency.plan_submitted", _l("Rencana pengembangan menunggu persetujuan"),
                "Rencana pengembangan {{ employee }} menunggu persetujuan Anda",
                "{{ employee }}'s development plan awaits your approval",
                "{{ employee }} mengirim rencana pengembangan individu tahun {{ year }}. Berikan komentar "
                "lalu setujui atau kembalikan:",
                "{{ employee }} has sent their individual development plan for {{ year }}. Comment on it, "
                "then approve or return it:",
                {"recipient_name": "Agus Salim Nasution, S.E.", "employee": "Dewi Lestari, S.Sos.", "year": 2026})

register_letter("competency.plan_reviewed", _l("Rencana pengembangan ditinjau atasan"),
                "Rencana pengembangan {{ year }} Anda telah ditinjau",
                "Your {{ year }} development plan has been reviewed",
                "{{ reviewer }} telah meninjau rencana pengembangan Anda "
                "({% if decision == 'approved' %}disetujui{% else %}dikembalikan untuk "
                "diperbaiki{% endif %}).",
                "{{ reviewer }} has reviewed your development plan "
                "({% if decision == 'approved' %}approved{% else %}returned for revision{% endif %}).",
                {"recipient_name": "Dewi Lestari, S.Sos.", "reviewer": "Agus Salim Nasution, S.E.",
                 "decision": "approved", "year": 2026})
