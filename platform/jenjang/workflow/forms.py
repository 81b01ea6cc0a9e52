from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms import validators as v

from jenjang.auth.forms import MultiCheckboxField
from jenjang.core.validators import max_length, optional, required
from jenjang.workflow.definitions import ACTION_LABELS, ACTIONS, ACTORS


class StepForm(FlaskForm):
    name = StringField(_l("Nama langkah"), validators=[required(), max_length(120)])
    actor = SelectField(_l("Pelaku"), choices=[("", _l("— pilih —"))] + list(ACTORS.items()),
                        validators=[required()])
    actions = MultiCheckboxField(_l("Tindakan yang diizinkan"),
                                 choices=[(a, ACTION_LABELS[a]) for a in ACTIONS])
    sla_days = IntegerField(_l("Batas waktu (hari kerja)"), default=5, validators=[
        required(), v.NumberRange(min=0, max=365, message=_l("Isi 0 sampai 365."))])
    documents = TextAreaField(_l("Dokumen wajib (satu per baris)"), validators=[optional(), max_length(3000)],
                              description=_l("Misalnya: SK pangkat terakhir. Bisa juga kunci: label."))
    checks = MultiCheckboxField(_l("Pemeriksaan otomatis saat kasus masuk langkah ini"), choices=[])


class TransitionForm(FlaskForm):
    action = HiddenField(validators=[required()])
    lock = HiddenField(validators=[required()])
    comment = TextAreaField(_l("Catatan"), validators=[optional(), max_length(4000)])


class AttachmentForm(FlaskForm):
    document_key = SelectField(_l("Dokumen"), choices=[], validate_choice=False)


class ReassignForm(FlaskForm):
    lock = HiddenField(validators=[required()])
    person = StringField(_l("NIP atau email penerima"), validators=[required(), max_length(254)],
                         description=_l("Orang itu harus pegawai instansi ini dan punya akun aktif."))
    reason = TextAreaField(_l("Alasan pengalihan"), validators=[required(), max_length(2000)])


class EscalationForm(FlaskForm):
    escalation_role = SelectField(_l("Bila pelaku langkah tidak ditemukan, alihkan ke"),
                                  choices=[("hr", _l("Kepegawaian (HR)")), ("admin", _l("Admin")),
                                           ("committee", _l("Tim Penilai Kinerja")), ("ppk", _l("PPK"))],
                                  validators=[required()])


class HolidayForm(FlaskForm):
    """`day` is a text field parsed by the view, so a bad date gets our own message."""

    day = StringField(_l("Tanggal"), validators=[required()], render_kw={"type": "date"})
    name = StringField(_l("Nama hari libur"), validators=[required(), max_length(200)])
    kind = SelectField(_l("Jenis"), choices=[("regional", _l("Libur daerah")), ("joint_leave", _l("Cuti bersama")),
                                             ("national", _l("Libur nasional"))], validators=[required()])
    source = StringField(_l("Dasar penetapan"), validators=[required(), max_length(300)],
                         description=_l("Misalnya: Keputusan Wali Kota Nomor … Tahun … tentang hari libur daerah."))
