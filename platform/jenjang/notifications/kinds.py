"""The kinds of notification. A module registers each kind it announces, with its default
subject and body in Indonesian and English, and sample data for the template editor's preview.

Templates are plain text rendered in Jinja's sandbox. Every template sees `recipient_name`,
`tenant_name`, `hr_agency_name`, `link` (absolute, on the tenant's host) and the payload's keys.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # a lazy string, shown on the preferences page and in the template editor
    subject: dict[str, str]  # locale → default subject template
    body: dict[str, str]  # locale → default body template
    sample: dict = field(default_factory=dict)
    email: bool = True  # may go out by email
    in_inbox: bool = True  # shown in the in-app inbox
    optional_email: bool = True  # the user may turn its email off
    sensitive: bool = False  # the payload carries a secret: blanked once the email is sent


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def get(name: str) -> Kind | None:
    return KINDS.get(name)


def user_choosable() -> list[Kind]:
    return sorted((k for k in KINDS.values() if k.email and k.optional_email and k.in_inbox),
                  key=lambda k: k.name)


GREETING = {"id": "Yth. {{ recipient_name }},\n\n", "en": "Dear {{ recipient_name }},\n\n"}
LINK = "\n\n{{ link }}"
SIGNATURE = "\n\n--\n{{ hr_agency_name }}\n{{ tenant_name }}\n"


def letter(id: str, en: str, link: bool = True) -> dict[str, str]:
    """A kind's body in both locales: the greeting, the kind's own text (`id`, `en`), the link on a
    paragraph of its own (unless link=False: the text places it itself) and the signature."""
    end = (LINK if link else "") + SIGNATURE
    return {"id": GREETING["id"] + id + end, "en": GREETING["en"] + en + end}


def register_letter(name: str, label, subject_id: str, subject_en: str, body_id: str, body_en: str,
                    sample: dict, *, link: bool = True, **flags) -> Kind:
    """Register a kind whose body is a letter: its subject and its own text in Indonesian and English,
    the sample for the preview, and any of Kind's flags."""
    return register(Kind(name, label, subject={"id": subject_id, "en": subject_en},
                         body=letter(body_id, body_en, link=link), sample=sample, **flags))


register_letter("account.reset", _l("Tautan atur ulang kata sandi"),
                "Atur ulang kata sandi Jenjang Anda",
                "Reset your Jenjang password",
                "Seseorang (semoga Anda) meminta untuk mengatur ulang kata sandi akun Jenjang Anda di "
                "{{ tenant_name }}. Buka tautan ini dalam 1 jam:\n\n{{ link }}\n\nJika Anda tidak "
                "memintanya, abaikan email ini; kata sandi Anda tidak berubah.",
                "Someone (hopefully you) asked to reset the password of your Jenjang account at "
                "{{ tenant_name }}. Open this link within 1 hour:\n\n{{ link }}\n\nIf you did not ask for "
                "it, ignore this email; your password has not changed.",
                {"recipient_name": "Siti Rahmawati, S.E."},
                link=False, in_inbox=False, optional_email=False, sensitive=True)

register_letter("account.invite", _l("Undangan akun"),
                "Undangan ke Jenjang — {{ tenant_name }}",
                "Your invitation to Jenjang — {{ tenant_name }}",
                "Anda diundang memakai Jenjang, sistem manajemen karier ASN {{ tenant_name }}. Buka tautan "
                "ini dalam 7 hari untuk membuat kata sandi:",
                "You are invited to Jenjang, the civil-servant career system of {{ tenant_name }}. Open "
                "this link within 7 days to choose your password:",
                {"recipient_name": "Siti Rahmawati, S.E."}, in_inbox=False, optional_email=False, sensitive=True)

register_letter("core.announcement", _l("Pengumuman dari admin wilayah"),
                "Pengumuman: {{ title }}",
                "Announcement: {{ title }}",
                "{{ message }}\n\n{% if link %}Selengkapnya: {{ link }}{% endif %}",
                "{{ message }}\n\n{% if link %}More: {{ link }}{% endif %}",
                {"recipient_name": "Siti Rahmawati, S.E.", "title": "Batas pengisian SKP",
                 "message": "Pengisian SKP tahun ini ditutup pada 31 Januari."}, link=False)
