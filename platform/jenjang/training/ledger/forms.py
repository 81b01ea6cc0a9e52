"""The training settings form (the JP targets of PNS and of PPPK with their citations, the waitlist order, the enrolment workflow, the
follow-up delay and the JP conversions of non-classical forms)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, StringField, ValidationError
from wtforms import validators as v

from jenjang.core.validators import max_length, required
from jenjang.training.models import WAITLIST_ORDERS

WAITLIST_LABELS = {"first_come": _l("Siapa cepat dia dapat"),
                   "priority": _l("Prioritas: pelatihan wajib dan kesenjangan terbesar lebih dulu")}
CONVERSION_LABELS = {
    "mentoring_session": _l("Satu sesi mentoring"),
    "coaching_session": _l("Satu sesi coaching"),
    "seminar_day": _l("Seminar, per hari"),
    "workshop_day": _l("Workshop, per hari"),
    "mentoring_monthly_cap": _l("Batas JP mentoring per bulan"),
}


def _conversion(key: str):
    return DecimalField(CONVERSION_LABELS[key], places=1, validators=[
        required(), v.NumberRange(min=0, max=100, message=_l("Isi 0 sampai 100 JP."))],
        render_kw={"inputmode": "decimal", "step": "0.5", "min": "0", "max": "100"})


def _citation(label):
    return StringField(label, filters=[lambda x: x.strip() if isinstance(x, str) else x], validators=[
        v.DataRequired(message=_l("Wajib diisi.")), max_length(300)])


class TrainingSettingsForm(FlaskForm):
    target_jp = IntegerField(_l("Target JP PNS per tahun"), validators=[
        required(), v.NumberRange(min=0, max=500, message=_l("Isi 0 sampai 500."))],
        description=_l("Ketentuan nasional: paling sedikit 20 JP setahun (PP 17/2020)."))
    target_jp_citation = _citation(_l("Dasar hukum target PNS"))
    pppk_target_jp = IntegerField(_l("Target JP PPPK per tahun"), validators=[
        required(), v.NumberRange(min=0, max=500, message=_l("Isi 0 sampai 500."))],
        description=_l("Berlaku untuk PPPK dan PPPK paruh waktu. PP 49/2018 Pasal 40: pengembangan kompetensi "
                       "PPPK paling lama 24 JP dalam 1 tahun masa perjanjian kerja."))
    pppk_target_citation = _citation(_l("Dasar hukum target PPPK"))
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

