"""Forms of the 360 module. Unit and competency choices are filled by the view."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms import validators as v

from jenjang.auth.forms import MultiCheckboxField
from jenjang.core.forms import int_or_none
from jenjang.core.validators import max_length, optional, required
from jenjang.people.api import POSITION_KIND_LABELS


class CycleForm(FlaskForm):
    name = StringField(_l("Nama siklus"), [required(), max_length(200)])
    period_start = DateField(_l("Periode yang dinilai: mulai"), [required()])
    period_end = DateField(_l("Periode yang dinilai: sampai"), [required()])
    deadline = DateField(_l("Batas waktu pengisian"), [required()])
    scope_unit_ids = MultiCheckboxField(_l("Unit yang dinilai (kosong: semua unit; termasuk sub-unitnya)"),
                                        coerce=int, choices=[])
    scope_position_kinds = MultiCheckboxField(_l("Jenis jabatan yang dinilai (kosong: semua)"),
                                              choices=list(POSITION_KIND_LABELS.items()))
    include_self = BooleanField(_l("Penilaian diri sendiri"), default=True)
    include_supervisor = BooleanField(_l("Atasan langsung (tidak anonim)"), default=True)
    peer_count = IntegerField(_l("Jumlah rekan kerja dari unit yang sama"), [v.NumberRange(0, 20)], default=3,
                              description=_l("Dipilih otomatis dengan beban merata; 0 berarti tanpa rekan kerja."))
    include_subordinates = BooleanField(_l("Bawahan langsung"), default=True)
    subordinate_count = IntegerField(_l("Jumlah bawahan paling banyak (kosong: semua)"),
                                     [optional(), v.NumberRange(1, 50)], filters=[int_or_none])
    anonymity_threshold = IntegerField(_l("Ambang anonimitas (penilai)"), [v.NumberRange(2, 20)], default=3,
                                       description=_l("Kelompok rekan kerja atau bawahan dengan jawaban lebih sedikit "
                                                      "dari ini tidak ditampilkan tersendiri."))
    allow_nominations = BooleanField(_l("Pegawai boleh mengusulkan rekan penilai (disetujui atasan)"))
    report_to_employee = BooleanField(_l("Laporan dapat dibaca pegawai yang dinilai"), default=True)
    report_to_supervisor = BooleanField(_l("Laporan dapat dibaca atasannya"), default=True)
    reminder_days = IntegerField(_l("Pengingat dikirim … hari sebelum batas waktu"), [v.NumberRange(0, 30)],
                                 default=3)


class CompetencyItemsForm(FlaskForm):
    competency_id = SelectField(_l("Kompetensi"), coerce=int_or_none, choices=[], validate_choice=False)
    level = SelectField(_l("Level indikator perilaku"), coerce=int_or_none,
                        choices=[(n, str(n)) for n in range(1, 6)], default=2)


class OpenQuestionForm(FlaskForm):
    text = TextAreaField(_l("Pertanyaan terbuka"), [required(), max_length(1000)])
    text_en = TextAreaField(_l("Terjemahan bahasa Inggris (opsional)"), [optional(), max_length(1000)])


class AssignmentForm(FlaskForm):
    subject_nip = StringField(_l("NIP pegawai yang dinilai"), [required(), max_length(18)])
    rater_nip = StringField(_l("NIP penilai"), [required(), max_length(18)])
    relation = SelectField(_l("Hubungan"), choices=[("peer", _l("Rekan kerja")), ("subordinate", _l("Bawahan")),
                                                    ("supervisor", _l("Atasan"))])


class DeadlineForm(FlaskForm):
    deadline = DateField(_l("Batas waktu baru"), [required()])


class NominationForm(FlaskForm):
    peer_nip = StringField(_l("NIP rekan kerja yang diusulkan"), [required(), max_length(18)])
