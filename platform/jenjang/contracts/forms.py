"""The contract form (with its signed PDF), the renewal proposal and the contract settings."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange

from jenjang.core.validators import max_length, optional, required

GRADE_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
                  "XVI", "XVII")
GRADE_CHOICES = [("", "—")] + [(str(i), n) for i, n in enumerate(GRADE_NUMERALS, start=1)]


class ContractForm(FlaskForm):
    number = StringField(_l("Nomor perjanjian kerja"), validators=[required(), max_length(100)])
    starts_on = DateField(_l("Mulai"), validators=[required()])
    ends_on = DateField(_l("Berakhir"), validators=[required()])
    position_id = SelectField(_l("Jabatan"), choices=[], validate_choice=False, validators=[optional()])
    grade_id = SelectField(_l("Golongan PPPK"), choices=GRADE_CHOICES, validators=[optional()])
    document = FileField(_l("Dokumen perjanjian kerja (PDF, paling besar 5 MB)"),
                         description=_l("Kosongkan untuk mempertahankan dokumen yang sudah ada."))


class RenewalForm(FlaskForm):
    months = IntegerField(_l("Lama perpanjangan (bulan)"), validators=[
        required(), NumberRange(min=1, max=120, message=_l("Isi 1 sampai 120 bulan."))])
    note = TextAreaField(_l("Alasan usulan (kinerja, kebutuhan unit)"), validators=[optional(), max_length(2000)])


class SettingsForm(FlaskForm):
    min_months = IntegerField(_l("Masa perjanjian kerja paling singkat (bulan)"), validators=[
        required(), NumberRange(min=1, max=120, message=_l("Isi 1 sampai 120 bulan."))])
    min_months_regulation = StringField(_l("Dasar hukum masa paling singkat"), validators=[required(), max_length(300)])
    max_months = IntegerField(_l("Perpanjangan paling lama yang dapat diusulkan (bulan)"), validators=[
        required(), NumberRange(min=1, max=120, message=_l("Isi 1 sampai 120 bulan."))])
    reminder_days = StringField(_l("Ingatkan sebelum kontrak berakhir (hari, dipisah koma)"),
                                validators=[required(), max_length(40)])
    letter_number_prefix = StringField(_l("Awalan nomor surat keputusan perpanjangan"),
                                       validators=[optional(), max_length(100)])
    letter_signatory = StringField(_l("Penanda tangan surat keputusan"), validators=[optional(), max_length(200)])
