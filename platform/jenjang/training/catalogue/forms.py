"""Forms of the catalogue: programmes and sessions (0 in a select is "none").
Business rules (negative cost, capacity below seats taken, …) are checked again in the
operations; the forms give early, field-level messages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms import validators as v

from jenjang.core.forms import int_or_none
from jenjang.core.validators import max_length, optional, required
from jenjang.people.api import POSITION_KIND_LABELS, PPPK_GRADES, RANKS
from jenjang.training.labels import MODE_LABELS, PROVIDER_LABELS, WAITLIST_ORDER_LABELS
from jenjang.training.models import SIASN_KINDS

KIND_CHOICES = [(code, f"{code}. {name}") for code, (name, _c) in SIASN_KINDS.items()]
RANK_CHOICES = [(0, _l("Tanpa syarat golongan"))] + [(i, f"{code} — {name}") for i, (code, name) in
                                                     enumerate(RANKS, start=1)]
GRADE_CHOICES = [(0, _l("Tanpa syarat golongan PPPK"))] + [(i, code) for i, code in enumerate(PPPK_GRADES, start=1)]


def _not_negative(label):
    return v.NumberRange(min=0, message=_l("%(label)s tidak boleh negatif.", label=label))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ProgrammeForm(FlaskForm):
    title = StringField(_l("Judul program"), validators=[required(), max_length(250)])
    code = StringField(_l("Kode"), validators=[optional(), max_length(30)],
                       description=_l("Opsional, misalnya PKP-2026."))
    kind_code = SelectField(_l("Jenis pengembangan (SIASN)"), choices=KIND_CHOICES, coerce=int_or_none)
    classical = SelectField(_l("Bentuk"), choices=[("auto", _l("Ikuti jenisnya")), ("1", _l("Klasikal")),
                                                   ("0", _l("Nonklasikal"))], default="auto")
    jp = DecimalField(_l("JP (1 JP = 45 menit)"), places=2, validators=[required(), _not_negative(_l("JP")),
                                                                        v.NumberRange(max=9999)])
    provider = SelectField(_l("Penyelenggara"), choices=list(PROVIDER_LABELS.items()))
    provider_name = StringField(_l("Nama penyelenggara"), validators=[optional(), max_length(200)])
    description = TextAreaField(_l("Deskripsi"), validators=[optional(), max_length(8000)], render_kw={"rows": 4})
    cost_per_participant = DecimalField(_l("Biaya per peserta (Rp)"), places=0, default=0,
                                        validators=[optional(), _not_negative(_l("Biaya per peserta"))])
    allow_self_enrol = BooleanField(_l("Pegawai boleh mendaftar sendiri"), default=True)
    mandatory = BooleanField(_l("Wajib (didahulukan di daftar tunggu berprioritas)"))
    active = BooleanField(_l("Tampil di katalog"), default=True)
    min_rank_id = SelectField(_l("Syarat golongan minimal"), choices=RANK_CHOICES, coerce=int_or_none, default=0,
                              description=_l("Berlaku untuk peserta PNS."))
    min_grade_id = SelectField(_l("Syarat golongan PPPK minimal"), choices=GRADE_CHOICES, coerce=int_or_none,
                               default=0, description=_l("Berlaku untuk peserta PPPK dan PPPK paruh waktu."))
    position_kinds = MultiCheckboxField(_l("Hanya untuk jenis jabatan (kosong: semua)"),
                                        choices=list(POSITION_KIND_LABELS.items()))
    prereq_competency_id = SelectField(_l("Syarat kompetensi"), coerce=int_or_none, choices=[], validate_choice=False)
    prereq_level = SelectField(_l("Level minimal"), coerce=int_or_none,
                               choices=[(0, "—")] + [(i, str(i)) for i in range(1, 6)])


class SessionForm(FlaskForm):
    name = StringField(_l("Nama sesi"), validators=[required(), max_length(120)],
                       description=_l("Misalnya Angkatan I."))
    starts_at = DateTimeLocalField(_l("Mulai"), format="%Y-%m-%dT%H:%M", validators=[required()])
    ends_at = DateTimeLocalField(_l("Selesai"), format="%Y-%m-%dT%H:%M", validators=[required()])
    mode = SelectField(_l("Bentuk"), choices=list(MODE_LABELS.items()))
    place = StringField(_l("Tempat"), validators=[optional(), max_length(250)])
    online_url = StringField(_l("Tautan daring"), validators=[optional(), max_length(500)],
                             render_kw={"type": "url", "placeholder": "https://"})
    capacity = IntegerField(_l("Kapasitas (kursi)"), validators=[required(), v.NumberRange(
        min=1, max=100000, message=_l("Kapasitas paling sedikit 1 kursi."))])
    enrol_opens_on = DateField(_l("Pendaftaran dibuka"), validators=[required()])
    enrol_closes_on = DateField(_l("Pendaftaran ditutup"), validators=[required()])
    facilitator_employee_id = SelectField(_l("Fasilitator (pegawai)"), coerce=int_or_none, choices=[],
                                          validate_choice=False)
    facilitator_name = StringField(_l("Fasilitator dari luar"), validators=[optional(), max_length(200)])
    cost_per_participant = DecimalField(_l("Biaya per peserta (Rp; kosong: biaya program)"), places=0,
                                        validators=[optional(), _not_negative(_l("Biaya per peserta"))])
    waitlist_order = SelectField(_l("Urutan daftar tunggu"),
                                 choices=[("", _l("Ikuti pengaturan"))] + list(WAITLIST_ORDER_LABELS.items()))
