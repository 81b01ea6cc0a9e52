from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField, ValidationError

from jenjang.core.validators import max_length, optional, required
from jenjang.people.api import EDUCATION_LEVELS
from jenjang.promotion.kinds import KINDS
from jenjang.promotion.models import SANCTION_LEVELS

KIND_CHOICES = [(k.key, k.label) for k in KINDS.values()]


def _nip_digits(field):
    digits = "".join((field.data or "").split())
    if not (len(digits) == 18 and digits.isdigit()):
        raise ValidationError(_l("Tulis 18 digit NIP pegawai."))
    field.data = digits


class OpenCaseForm(FlaskForm):
    nip = StringField(_l("NIP pegawai"), validators=[required(), max_length(30)])
    kind = SelectField(_l("Jenis"), choices=KIND_CHOICES, validators=[required()])
    period_date = DateField(_l("Periode / TMT"), validators=[required()],
                            description=_l("Untuk kenaikan pangkat: tanggal periode (tanggal 1)."))
    target_position_id = SelectField(_l("Jabatan tujuan (promosi, rotasi, mutasi)"), choices=[],
                                     validate_choice=False, validators=[optional()])
    note = TextAreaField(_l("Catatan"), validators=[optional(), max_length(2000)])

    def validate_nip(self, field):
        _nip_digits(field)


class SanctionForm(FlaskForm):
    nip = StringField(_l("NIP pegawai"), validators=[required(), max_length(30)])
    level = SelectField(_l("Tingkat"), choices=[(lv, lv.title()) for lv in SANCTION_LEVELS])
    description = StringField(_l("Jenis hukuman"), validators=[required(), max_length(300)])
    starts_on = DateField(_l("Mulai"), validators=[required()])
    ends_on = DateField(_l("Berakhir"), validators=[optional()])
    decree_number = StringField(_l("Nomor keputusan"), validators=[optional(), max_length(100)])

    def validate_nip(self, field):
        _nip_digits(field)

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Tanggal berakhir tidak boleh sebelum tanggal mulai."))


class AdjustmentExamForm(FlaskForm):
    nip = StringField(_l("NIP pegawai"), validators=[required(), max_length(30)])
    education_level = SelectField(_l("Ijazah yang disesuaikan"), choices=[(lv, lv) for lv in EDUCATION_LEVELS if lv != "SD"])
    passed_on = DateField(_l("Tanggal lulus"), validators=[required()])
    reference = StringField(_l("Nomor surat tanda lulus"), validators=[optional(), max_length(100)])

    def validate_nip(self, field):
        _nip_digits(field)
