"""The notifications the mentoring module announces."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import register_letter


def _kind(name, label, subject_id, subject_en, body_id, body_en, sample):
    register_letter(name, label, subject_id, subject_en, body_id, body_en,
                    {"recipient_name": "Dewi Lestari, S.Sos.", **sample})


_kind("mentoring.matched", _l("Pasangan mentoring ditetapkan"),
      "Pasangan mentoring Anda di {{ programme }}", "Your mentoring pair in {{ programme }}",
      "Anda dipasangkan sebagai {{ role }} dengan {{ other }} dalam program {{ programme }}."
      "{% if deadline %} Mentor dapat menolak paling lambat {{ deadline }}.{% endif %}",
      "You have been paired as {{ role_en }} with {{ other }} in the {{ programme }} programme."
      "{% if deadline %} The mentor may decline until {{ deadline }}.{% endif %}",
      {"programme": "Mentoring CPNS 2026", "role": "mentee", "role_en": "mentee", "other": "Agus Salim",
       "deadline": "2026-12-01"})
_kind("mentoring.declined", _l("Mentor menolak pasangan"),
      "{{ mentor }} menolak menjadi mentor {{ mentee }}", "{{ mentor }} declined to mentor {{ mentee }}",
      "{{ mentor }} menolak menjadi mentor {{ mentee }} dalam program {{ programme }}. "
      "{% if proposed %}Sistem mengusulkan {{ proposed }} sebagai pengganti; tinjau dan terbitkan.{% else %}"
      "Tidak ada mentor lain yang masih memiliki kapasitas; tetapkan secara manual.{% endif %}",
      "{{ mentor }} declined to mentor {{ mentee }} in the {{ programme }} programme. "
      "{% if proposed %}The system proposes {{ proposed }} instead; review and publish.{% else %}"
      "No other mentor has room left; assign one by hand.{% endif %}",
      {"programme": "Mentoring CPNS 2026", "mentor": "Agus Salim", "mentee": "Dewi Lestari",
       "proposed": "Budi Santoso"})
_kind("mentoring.session_logged", _l("Sesi mentoring menunggu konfirmasi"),
      "{{ by }} mencatat sesi mentoring: mohon konfirmasi", "{{ by }} logged a mentoring session: please confirm",
      "{{ by }} mencatat sesi mentoring tanggal {{ held_on }} ({{ topic }}). Konfirmasi bila sesi itu benar "
      "terlaksana; JP dikreditkan setelah konfirmasi.",
      "{{ by }} logged a mentoring session on {{ held_on }} ({{ topic }}). Confirm it if it took place; "
      "JP is credited once confirmed.",
      {"by": "Dewi Lestari", "held_on": "2026-11-20", "topic": "Menyusun laporan kinerja"})
_kind("mentoring.inactive", _l("Belum ada sesi mentoring 30 hari"),
      "Belum ada sesi mentoring selama 30 hari", "No mentoring session for 30 days",
      "Pasangan mentoring Anda ({{ mentor }} dan {{ mentee }}) belum mencatat sesi selama 30 hari. "
      "Jadwalkan sesi berikutnya dan catat di Jenjang.",
      "Your mentoring pair ({{ mentor }} and {{ mentee }}) has logged no session for 30 days. "
      "Plan the next session and log it in Jenjang.",
      {"mentor": "Agus Salim", "mentee": "Dewi Lestari"})
_kind("mentoring.at_risk", _l("Pasangan mentoring berisiko"),
      "Pasangan mentoring berisiko: {{ mentor }} dan {{ mentee }}", "Mentoring pair at risk: {{ mentor }} and {{ mentee }}",
      "Pasangan {{ mentor }} dan {{ mentee }} dalam program {{ programme }} belum mencatat sesi selama 30 hari.",
      "The pair {{ mentor }} and {{ mentee }} in the {{ programme }} programme has logged no session for 30 days.",
      {"programme": "Mentoring CPNS 2026", "mentor": "Agus Salim", "mentee": "Dewi Lestari"})
_kind("mentoring.flagged", _l("Masalah pasangan mentoring dilaporkan"),
      "Laporan masalah mentoring dari {{ by }}", "Mentoring problem reported by {{ by }}",
      "{{ by }} melaporkan masalah pada pasangan {{ mentor }} dan {{ mentee }} (program {{ programme }}).",
      "{{ by }} reported a problem with the pair {{ mentor }} and {{ mentee }} ({{ programme }} programme).",
      {"programme": "Mentoring CPNS 2026", "by": "Dewi Lestari", "mentor": "Agus Salim", "mentee": "Dewi Lestari"})
_kind("mentoring.nominated", _l("Ditunjuk dalam program mentoring"),
      "Anda ditunjuk sebagai {{ role }} dalam {{ programme }}", "You have been appointed {{ role_en }} in {{ programme }}",
      "{{ hr_agency_name }} menunjuk Anda sebagai {{ role }} dalam program mentoring {{ programme }}.",
      "{{ hr_agency_name }} has appointed you {{ role_en }} in the {{ programme }} mentoring programme.",
      {"programme": "Mentoring CPNS 2026", "role": "mentor", "role_en": "mentor"})
