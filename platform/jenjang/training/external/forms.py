"""Forms of external training: the employee's submission (with its certificate) and HR's rejection."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, DecimalField, SelectField, StringField, TextAreaField
from wtforms import validators as v

from jenjang.core.forms import int_or_none
from jenjang.core.validators import max_length, optional, required
from jenjang.training.external.models import MAX_EXTERNAL_JP
from jenjang.training.models import SIASN_KINDS


def kind_choices() -> list[tuple[int, str]]:
    classical, non_classical = _("klasikal"), _("nonklasikal")
    return [(code, f"{name} ({classical if is_classical else non_classical})")
            for code, (name, is_classical) in SIASN_KINDS.items()]


class ExternalForm(FlaskForm):
    title = StringField(_l("Nama pelatihan"), validators=[required(), max_length(300)])
    kind_code = SelectField(_l("Jenis pengembangan kompetensi (SIASN)"), choices=[], coerce=int_or_none,
                            validate_choice=False)  # external._check refuses an unknown kind, in words
    provider_name = StringField(_l("Penyelenggara"), validators=[required(), max_length(200)],
                                description=_l("Misalnya LAN, BPSDM Provinsi, universitas, atau lembaga kursus."))
    starts_on = DateField(_l("Tanggal mulai"), validators=[required()])
    ends_on = DateField(_l("Tanggal selesai"), validators=[required()])
    jp = DecimalField(_l("Jumlah JP"), places=2, validators=[
        required(), v.NumberRange(min=0.01, max=MAX_EXTERNAL_JP,
                                  message=_l("Isi lebih dari 0 sampai %(max)s JP.", max=MAX_EXTERNAL_JP))],
        description=_l("1 JP = 45 menit, sesuai sertifikat."), render_kw={"inputmode": "decimal", "step": "0.5"})
    certificate_number = StringField(_l("Nomor sertifikat"), validators=[optional(), max_length(100)])
    certificate = FileField(_l("Berkas sertifikat"),
                            description=_l("PDF, JPG atau PNG, paling besar 5 MB."),
                            render_kw={"accept": "application/pdf,image/jpeg,image/png"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind_code.choices = kind_choices()


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Alasan penolakan"), validators=[required(), v.Length(
        min=5, max=2000, message=_l("Tulis 5 sampai 2000 karakter."))],
        description=_l("Pegawai membaca alasan ini untuk memperbaiki pengajuannya."))
