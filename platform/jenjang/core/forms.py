from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, ValidationError

from jenjang.core.validators import max_length, regexp, required

MAX_LOGO_BYTES = 512 * 1024
NO_CHOICE = -1


def int_or_none(value):
    """The one coercion of an optional number from a form (``coerce=`` of select fields).

    Empty (``None``, ``""`` or the ``"None"`` a select renders for no choice) is ``None``; a number
    is an ``int``; anything else is ``NO_CHOICE`` (-1), an id no row and no choice has, so a select
    field reports "not a valid choice" instead of silently taking "none"."""
    if value is None or value == "" or value == "None":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return NO_CHOICE


def sniff_image(data: bytes) -> str | None:
    """The image type from its first bytes; the file name and the browser's claim are ignored."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


class TenantSettingsForm(FlaskForm):
    name = StringField(_l("Nama pemerintah daerah"), validators=[required(), max_length(200)])
    hr_agency_name = StringField(_l("Nama badan kepegawaian"), validators=[required(), max_length(200)],
                                 description=_l("Misalnya BKPSDM, BKD, BKPP atau BKPSDA."))
    primary_color = StringField(_l("Warna utama"), validators=[
        required(), regexp(r"^#[0-9a-fA-F]{6}$", _l("Tulis warna sebagai #RRGGBB, misalnya #1f6f5c."))],
        render_kw={"type": "color"})
    timezone = SelectField(_l("Zona waktu"), choices=[("WIB", "WIB"), ("WITA", "WITA"), ("WIT", "WIT")])
    locale = SelectField(_l("Bahasa bawaan"), choices=[("id", "Bahasa Indonesia"), ("en", "English")])
    logo = FileField(_l("Logo (PNG atau JPG, paling besar 512 KB)"))

    def validate_logo(self, field):
        if not field.data:
            return
        data = field.data.read(MAX_LOGO_BYTES + 1)
        if len(data) > MAX_LOGO_BYTES:
            raise ValidationError(_l("Logo terlalu besar: paling besar 512 KB."))
        if sniff_image(data) is None:
            raise ValidationError(_l("Logo harus berkas PNG atau JPG."))
        self._logo = data

    def logo_bytes(self) -> tuple[bytes, str]:
        return self._logo, sniff_image(self._logo)
