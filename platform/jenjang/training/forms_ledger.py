"""Forms of the ledger part of training: external training, the review of it, and the settings."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms import validators as v

from jenjang.core.validators import max_length, optional, required
from jenjang.training.models import SIASN_KINDS, WAITLIST_ORDERS
from jenjang.training.models_ledger import MAX_EXTERNAL_JP


def kind_choices() -> list[tuple[int, str]]:
    classical, non_classical = _("klasikal"), _("nonklasikal")
    return [(code, f"{name} ({classical if is_classical else non_classical})")
            for code, (name, is_classical) in SIASN_KINDS.items()]

WAITLIST_LABELS = {"first_come": _l("Siapa cepat dia dapat"),
                   "priority": _l("Prioritas: pelatihan wajib dan kesenjangan terbesar lebih dulu")}
CONVERSION_LABELS = {
    "mentoring_session": _l("Satu sesi mentoring"),
    "coaching_session": _l("Satu sesi coaching"),
    "seminar_day": _l("Seminar, per hari"),
    "workshop_day": _l("Workshop, per hari"),
    "mentoring_monthly_cap": _l("Batas JP mentoring per bulan"),
}


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ExternalForm(FlaskForm):
    title = StringField(_l("Nama pelatihan"), validators=[required(), max_length(300)])
    kind_code = SelectField(_l("Jenis pengembangan kompetensi (SIASN)"), choices=[], coerce=_int_or_none,
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


def _conversion(key: str):
    return DecimalField(CONVERSION_LABELS[key], places=1, validators=[
        required(), v.NumberRange(min=0, max=100, message=_l("Isi 0 sampai 100 JP."))],
        render_kw={"inputmode": "decimal", "step": "0.5", "min": "0", "max": "100"})


class TrainingSettingsForm(FlaskForm):
    target_jp = IntegerField(_l("Target JP per pegawai per tahun"), validators=[
        required(), v.NumberRange(min=0, max=500, message=_l("Isi 0 sampai 500."))],
        description=_l("Ketentuan nasional: paling sedikit 20 JP setahun (PP 17/2020)."))
    waitlist_order = SelectField(_l("Urutan daftar tunggu"), choices=[(k, WAITLIST_LABELS[k]) for k in WAITLIST_ORDERS],
                                 validate_choice=False)
    approval_definition_key = SelectField(_l("Alur persetujuan pendaftaran"), choices=[], validate_choice=False)
    followup_days = IntegerField(_l("Tindak lanjut evaluasi level 3 (hari setelah selesai)"), validators=[
        required(), v.NumberRange(min=1, max=365, message=_l("Isi 1 sampai 365 hari."))])
    mentoring_session = _conversion("mentoring_session")
    coaching_session = _conversion("coaching_session")
    seminar_day = _conversion("seminar_day")
    workshop_day = _conversion("workshop_day")
    mentoring_monthly_cap = _conversion("mentoring_monthly_cap")

    def validate_waitlist_order(self, field):
        if field.data not in WAITLIST_ORDERS:
            raise ValidationError(_l("Pilih urutan daftar tunggu dari daftar."))

    def validate_approval_definition_key(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Pilih alur persetujuan dari daftar."))

    def conversion_fields(self):
        return [getattr(self, k) for k in CONVERSION_LABELS]

