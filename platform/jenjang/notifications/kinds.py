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


SIGNATURE = "\n\n--\n{{ hr_agency_name }}\n{{ tenant_name }}\n"

register(Kind(
    "account.reset", _l("Tautan atur ulang kata sandi"),
    subject={"id": "Atur ulang kata sandi Jenjang Anda",
             "en": "Reset your Jenjang password"},
    body={
        "id": "Yth. {{ recipient_name }},\n\nSeseorang (semoga Anda) meminta untuk mengatur ulang kata sandi "
              "akun Jenjang Anda di {{ tenant_name }}. Buka tautan ini dalam 1 jam:\n\n{{ link }}\n\n"
              "Jika Anda tidak memintanya, abaikan email ini; kata sandi Anda tidak berubah." + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\nSomeone (hopefully you) asked to reset the password of your "
              "Jenjang account at {{ tenant_name }}. Open this link within 1 hour:\n\n{{ link }}\n\n"
              "If you did not ask for it, ignore this email; your password has not changed." + SIGNATURE,
    },
    sample={"recipient_name": "Siti Rahmawati, S.E."},
    in_inbox=False, optional_email=False, sensitive=True,
))

register(Kind(
    "account.invite", _l("Undangan akun"),
    subject={"id": "Undangan ke Jenjang — {{ tenant_name }}",
             "en": "Your invitation to Jenjang — {{ tenant_name }}"},
    body={
        "id": "Yth. {{ recipient_name }},\n\nAnda diundang memakai Jenjang, sistem manajemen karier ASN "
              "{{ tenant_name }}. Buka tautan ini dalam 7 hari untuk membuat kata sandi:\n\n{{ link }}"
              + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\nYou are invited to Jenjang, the civil-servant career system of "
              "{{ tenant_name }}. Open this link within 7 days to choose your password:\n\n{{ link }}"
              + SIGNATURE,
    },
    sample={"recipient_name": "Siti Rahmawati, S.E."},
    in_inbox=False, optional_email=False, sensitive=True,
))

register(Kind(
    "core.announcement", _l("Pengumuman dari admin wilayah"),
    subject={"id": "Pengumuman: {{ title }}", "en": "Announcement: {{ title }}"},
    body={
        "id": "Yth. {{ recipient_name }},\n\n{{ message }}\n\n{% if link %}Selengkapnya: {{ link }}{% endif %}"
              + SIGNATURE,
        "en": "Dear {{ recipient_name }},\n\n{{ message }}\n\n{% if link %}More: {{ link }}{% endif %}"
              + SIGNATURE,
    },
    sample={"recipient_name": "Siti Rahmawati, S.E.", "title": "Batas pengisian SKP",
            "message": "Pengisian SKP tahun ini ditutup pada 31 Januari."},
))
