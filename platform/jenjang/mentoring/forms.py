"""Forms of the mentoring module. Choices from the tenant's data are filled by the view."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms import validators as v

from jenjang.core.forms import int_or_none
from jenjang.mentoring.labels import KIND_LABELS, MENTEE_RULE_LABELS, MODE_LABELS
from jenjang.people.api import PPPK_GRADES, RANKS

RANK_CHOICES = [(None, _l("— tanpa syarat pangkat —"))] + [(i, f"{code} · {name}") for i, (code, name)
                                                              in enumerate(RANKS, start=1)]
GRADE_CHOICES = [(None, _l("— tanpa syarat golongan PPPK —"))] + [(i, code) for i, code
                                                                   in enumerate(PPPK_GRADES, start=1)]
LEVEL_CHOICES = [(None, "—")] + [(n, str(n)) for n in range(1, 6)]
BOX_CHOICES = [(n, _l("Kotak %(n)s", n=n)) for n in range(1, 10)]


class ProgrammeForm(FlaskForm):
    name = StringField(_l("Nama program"), [v.InputRequired(_l("Isi nama program.")), v.Length(max=200)])
    kind = SelectField(_l("Jenis program"), choices=list(KIND_LABELS.items()))
    goal = TextAreaField(_l("Tujuan program"), [v.Optional(), v.Length(max=4000)])
    starts_on = DateField(_l("Mulai"), [v.InputRequired(_l("Isi tanggal mulai."))])
    ends_on = DateField(_l("Selesai"), [v.InputRequired(_l("Isi tanggal selesai."))])
    mentor_min_rank_id = SelectField(_l("Pangkat minimal mentor"), choices=RANK_CHOICES, coerce=int_or_none,
                                     validate_choice=False,
                                     description=_l("Berlaku untuk mentor PNS."))
    mentor_min_grade_id = SelectField(_l("Golongan PPPK minimal mentor"), choices=GRADE_CHOICES,
                                      coerce=int_or_none, validate_choice=False,
                                      description=_l("Berlaku untuk mentor PPPK dan PPPK paruh waktu."))
    mentor_competency_id = SelectField(_l("Kompetensi yang disyaratkan bagi mentor"), coerce=int_or_none,
                                       validate_choice=False)
    mentor_min_level = SelectField(_l("Level minimal kompetensi itu"), choices=LEVEL_CHOICES, coerce=int_or_none,
                                   validate_choice=False)
    mentee_rule = SelectField(_l("Siapa yang dapat menjadi mentee"), choices=list(MENTEE_RULE_LABELS.items()))
    mentee_boxes = SelectMultipleField(_l("Kotak 9-box (untuk talent pool)"), choices=BOX_CHOICES, coerce=int,
                                       validate_choice=False)
    focus_competency_ids = SelectMultipleField(_l("Kompetensi fokus"), coerce=int, validate_choice=False,
                                               description=_l("Kesenjangan pada kompetensi ini menjadi syarat "
                                                              "(aturan kesenjangan) dan dasar pencocokan."))
    capacity_per_mentor = IntegerField(_l("Kapasitas per mentor"), [v.InputRequired(_l("Isi kapasitas.")),
                                                                     v.NumberRange(1, 20, _l("Antara 1 dan 20."))],
                                       default=3)
    expected_sessions = IntegerField(_l("Jumlah sesi yang diharapkan"),
                                     [v.InputRequired(_l("Isi jumlah sesi.")), v.NumberRange(1, 100, _l("Antara 1 dan 100."))],
                                     default=6)
    decline_days = IntegerField(_l("Batas hari mentor dapat menolak"),
                                [v.InputRequired(_l("Isi batas hari.")), v.NumberRange(0, 60, _l("Antara 0 dan 60."))],
                                default=7)
    allow_same_unit = BooleanField(_l("Mentor dan mentee boleh dari unit kerja yang sama"), default=True)
    allow_reporting_line = BooleanField(_l("Mentor boleh atasan (langsung atau di atasnya) dari mentee"))
    credit_mentor = BooleanField(_l("Mentor juga mendapat JP untuk sesi yang dikonfirmasi"))

    def validate_mentor_min_grade_id(self, field):
        if field.data is not None and not 1 <= field.data <= len(PPPK_GRADES):
            raise ValidationError(_l("Pilih golongan PPPK dari daftar."))

    def values(self) -> dict:
        data = {k: getattr(self, k).data for k in (
            "name", "kind", "goal", "starts_on", "ends_on", "mentor_min_rank_id", "mentor_min_grade_id",
            "mentor_competency_id",
            "mentor_min_level", "mentee_rule", "mentee_boxes", "focus_competency_ids", "capacity_per_mentor",
            "expected_sessions", "decline_days", "allow_same_unit", "allow_reporting_line", "credit_mentor")}
        data["name"] = data["name"].strip()
        data["goal"] = (data["goal"] or "").strip() or None
        data["mentee_boxes"] = sorted(set(data["mentee_boxes"] or []))
        data["focus_competency_ids"] = sorted(set(data["focus_competency_ids"] or []))
        return data


class JoinForm(FlaskForm):
    role = SelectField(_l("Saya ingin bergabung sebagai"), choices=[("mentee", _l("Mentee")), ("mentor", _l("Mentor"))])
    text = TextAreaField(_l("Tujuan (mentee) atau kekuatan yang ingin dibagikan (mentor)"),
                         [v.InputRequired(_l("Tuliskan tujuan atau kekuatan Anda.")), v.Length(max=2000)])
    competency_ids = SelectMultipleField(_l("Kompetensi terkait"), coerce=int, validate_choice=False)


class NominateForm(FlaskForm):
    nip = StringField(_l("NIP pegawai"), [v.InputRequired(_l("Isi NIP pegawai.")), v.Length(max=30)])
    role = SelectField(_l("Peran"), choices=[("mentee", _l("Mentee")), ("mentor", _l("Mentor"))])
    capacity = IntegerField(_l("Kapasitas khusus (mentor, opsional)"),
                            [v.Optional(), v.NumberRange(1, 20, _l("Antara 1 dan 20."))])


class SessionForm(FlaskForm):
    held_on = DateField(_l("Tanggal sesi"), [v.InputRequired(_l("Isi tanggal sesi."))], default=dt.date.today)
    duration_minutes = IntegerField(_l("Durasi (menit)"), [v.InputRequired(_l("Isi durasi.")),
                                                           v.NumberRange(15, 480, _l("Durasi sesi antara 15 dan 480 menit."))],
                                    default=60)
    mode = SelectField(_l("Cara pertemuan"), choices=list(MODE_LABELS.items()))
    topic = StringField(_l("Topik"), [v.InputRequired(_l("Tuliskan topik sesi.")), v.Length(max=300)])
    private_notes = TextAreaField(_l("Catatan pribadi (hanya untuk mentor dan mentee)"), [v.Optional(), v.Length(max=8000)])


class RateForm(FlaskForm):
    rating = SelectField(_l("Nilai sesi"), choices=[(n, str(n)) for n in range(5, 0, -1)], coerce=int)
    comment = StringField(_l("Komentar (opsional)"), [v.Optional(), v.Length(max=500)])


class GoalForm(FlaskForm):
    title = StringField(_l("Sasaran"), [v.InputRequired(_l("Tuliskan sasaran yang ingin dicapai.")), v.Length(max=300)])
    competency_id = SelectField(_l("Kompetensi terkait"), coerce=int_or_none, validate_choice=False)
    target_level = SelectField(_l("Level yang dituju"), choices=LEVEL_CHOICES, coerce=int_or_none, validate_choice=False)


class TextForm(FlaskForm):
    text = TextAreaField(_l("Uraian"), [v.InputRequired(_l("Isian ini wajib diisi.")), v.Length(max=4000)])


class DeclineForm(FlaskForm):
    reason = StringField(_l("Alasan (opsional)"), [v.Optional(), v.Length(max=500)])
