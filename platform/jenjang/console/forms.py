from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField, ValidationError

from jenjang.core.validators import email, max_length, optional, regexp, required
from jenjang.tenancy.resolve import hostname_problem, slug_problem

KIND_CHOICES = [("kota", _l("Kota")), ("kabupaten", _l("Kabupaten")), ("provinsi", _l("Provinsi"))]
TZ_CHOICES = [("WIB", "WIB (UTC+7)"), ("WITA", "WITA (UTC+8)"), ("WIT", "WIT (UTC+9)")]
LOCALE_CHOICES = [("id", "Bahasa Indonesia"), ("en", "English")]


def parse_domains(text: str | None) -> list[str]:
    return [h.strip().lower().rstrip(".") for h in (text or "").replace(",", "\n").splitlines() if h.strip()]


class OperatorLoginForm(FlaskForm):
    login = StringField(_l("Email"), validators=[required(), max_length(254)],
                        render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("Kata sandi"), validators=[required(), max_length(200)],
                             render_kw={"autocomplete": "current-password"})


class TenantFieldsMixin:
    name = StringField(_l("Nama pemerintah daerah"), validators=[required(), max_length(200)],
                       description=_l("Misalnya Pemerintah Kota Pematangsiantar."))
    kind = SelectField(_l("Jenis"), choices=KIND_CHOICES)
    province = StringField(_l("Provinsi"), validators=[required(), max_length(100)])
    hr_agency_name = StringField(_l("Nama badan kepegawaian"), validators=[required(), max_length(200)],
                                 description=_l("Misalnya BKPSDM Kota Pematangsiantar."))
    timezone = SelectField(_l("Zona waktu"), choices=TZ_CHOICES)
    locale = SelectField(_l("Bahasa bawaan"), choices=LOCALE_CHOICES)
    primary_color = StringField(_l("Warna utama"), default="#1f6f5c", validators=[
        required(), regexp(r"^#[0-9a-fA-F]{6}$", _l("Tulis warna sebagai #RRGGBB."))],
        render_kw={"type": "color"})
    domains = TextAreaField(_l("Domain khusus (satu per baris)"), validators=[optional(), max_length(2000)],
                            description=_l("Nama host lengkap, misalnya simpeg.pematangsiantarkota.go.id."))

    def validate_domains(self, field):
        base = current_app.config["BASE_DOMAIN"]
        for host in parse_domains(field.data):
            problem = hostname_problem(host, base)
            if problem == "not-a-hostname":
                raise ValidationError(_l("%(host)s bukan nama host yang valid.", host=host))
            if problem == "under-base-domain":
                raise ValidationError(_l("%(host)s berada di bawah domain platform; pakai slug.", host=host))


class TenantCreateForm(TenantFieldsMixin, FlaskForm):
    slug = StringField(_l("Slug (subdomain)"), validators=[required(), max_length(63)],
                       description=_l("Huruf kecil, angka dan tanda hubung; menjadi <slug>.%(base)s.",
                                      base="BASE_DOMAIN"))
    admin_name = StringField(_l("Nama admin pertama"), validators=[required(), max_length(200)])
    admin_email = EmailField(_l("Email admin pertama"), validators=[required(), email(), max_length(254)])

    def validate_slug(self, field):
        field.data = (field.data or "").strip().lower()
        problem = slug_problem(field.data)
        if problem == "reserved":
            raise ValidationError(_l("Slug ini dipakai oleh sistem; pilih yang lain."))
        if problem:
            raise ValidationError(_l("Slug harus berupa label DNS: huruf kecil, angka dan tanda hubung, "
                                     "tidak diawali atau diakhiri tanda hubung, paling banyak 63 karakter."))


class TenantEditForm(TenantFieldsMixin, FlaskForm):
    pass


class SuspendForm(FlaskForm):
    reason = StringField(_l("Alasan"), validators=[required(), max_length(500)])


class ImportTenantForm(FlaskForm):
    file = FileField(_l("Berkas ekspor (ZIP)"), validators=[FileRequired(message=_l("Pilih berkas."))],
                     render_kw={"accept": ".zip,application/zip"})
    slug = StringField(_l("Slug wilayah baru"), validators=[required(), max_length(63)],
                       description=_l("Wilayah baru dibuat dengan slug ini; slug tidak boleh sudah dipakai."))

    def validate_slug(self, field):
        field.data = (field.data or "").strip().lower()
        if slug_problem(field.data):
            raise ValidationError(_l("Slug harus berupa label DNS: huruf kecil, angka dan tanda hubung, "
                                     "tidak diawali atau diakhiri tanda hubung, paling banyak 63 karakter."))


class DeleteTenantForm(FlaskForm):
    confirm_slug = StringField(_l("Ketik slug wilayah untuk memastikan"), validators=[required(), max_length(63)],
                               render_kw={"autocomplete": "off", "spellcheck": "false"})
