"""Notification kinds of enrolment (registered on import): a seat offered from the waitlist, a
nomination, a cancelled session. Importing the workflow handler here registers it (and, through
the operations, the provisioner of the default approval definition)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.notifications.kinds import register_letter

register_letter("training.seat_offered", _l("Kursi pelatihan dari daftar tunggu"),
                "Anda mendapat kursi: {{ programme }} — {{ session }}",
                "You have a seat: {{ programme }} — {{ session }}",
                "Sebuah kursi kosong pada {{ programme }} — {{ session }} (mulai {{ starts }}) kini menjadi "
                "milik Anda dari daftar tunggu. Pendaftaran Anda diteruskan untuk disetujui. Bila tidak "
                "dapat ikut, batalkan agar kursi berpindah ke rekan berikutnya:",
                "A seat freed up in {{ programme }} — {{ session }} (starting {{ starts }}) and is now "
                "yours from the waitlist. Your enrolment has gone on for approval. If you cannot attend, "
                "cancel so the seat passes to the next colleague:",
                {"recipient_name": "Dewi Lestari, S.Sos.", "programme": "Pelatihan Kepemimpinan Pengawas",
                 "session": "Angkatan I", "starts": "02-03-2026 08:00"})

register_letter("training.nominated", _l("Diusulkan mengikuti pelatihan"),
                "Anda diusulkan mengikuti {{ programme }}",
                "You have been nominated for {{ programme }}",
                "{{ by }} mengusulkan Anda mengikuti {{ programme }} — {{ session }} (mulai "
                "{{ starts }}).{% if waitlisted %} Sesi sudah penuh; Anda berada di daftar tunggu dan akan "
                "diberi tahu bila kursi tersedia.{% endif %}",
                "{{ by }} has nominated you for {{ programme }} — {{ session }} (starting "
                "{{ starts }}).{% if waitlisted %} The session is full; you are on the waitlist and will be "
                "told when a seat frees up.{% endif %}",
                {"recipient_name": "Dewi Lestari, S.Sos.", "by": "Agus Salim", "programme": "Bimtek SIASN",
                 "session": "Angkatan II", "starts": "10-03-2026 08:00", "waitlisted": False})

register_letter("training.session_cancelled", _l("Sesi pelatihan dibatalkan"),
                "Sesi dibatalkan: {{ programme }} — {{ session }}",
                "Session cancelled: {{ programme }} — {{ session }}",
                "Penyelenggara membatalkan {{ programme }} — {{ session }}.{% if reason %} Alasan: "
                "{{ reason }}{% endif %} Pendaftaran Anda ikut dibatalkan; cari sesi lain di katalog:",
                "The organiser cancelled {{ programme }} — {{ session }}.{% if reason %} Reason: "
                "{{ reason }}{% endif %} Your enrolment is cancelled with it; look for another session in "
                "the catalogue:",
                {"recipient_name": "Dewi Lestari, S.Sos.", "programme": "Bimtek SIASN", "session": "Angkatan II",
                 "reason": "Narasumber berhalangan"})

from jenjang.training.enrolment import workflow as _workflow  # noqa: E402,F401  (workflow handler, provisioner)
