"""Forms of the competency module. Choices from the tenant's data (competencies, positions) are
filled by the view."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms import validators as v
from wtforms.form import Form

from jenjang.competency.labels import (
    KINERJA_LABELS,
    POTENTIAL_SOURCE_LABELS,
    PRECEDENCE_MODE_LABELS,
    SOURCE_LABELS,
    SUCCESSION_LABELS,
)
from jenjang.competency.models import SOURCES
from jenjang.competency.settings import Rules, box_action_overrides
from jenjang.core.forms import int_or_none
from jenjang.core.validators import max_length, optional, required
from jenjang.people.api import POSITION_KIND_LABELS, SKP_LABELS, SKP_PREDICATES

LEVEL_CHOICES = [(n, str(n)) for n in range(1, 6)]
LEVEL_MESSAGE = _l("Pilih level 1 sampai 5.")
KINERJA_CHOICES = list(KINERJA_LABELS.items())




def _percent(label, **kw):
    return DecimalField(label, places=2, validators=[required(), v.NumberRange(
        min=0, max=100, message=_l("Tulis angka 0 sampai 100."))], render_kw={"inputmode": "decimal"}, **kw)


class LevelForm(Form):
    description = TextAreaField(_l("Deskripsi level"), validators=[optional(), max_length(2000)],
                                render_kw={"rows": 2})
    description_en = TextAreaField(_l("Deskripsi level (bahasa Inggris)"), validators=[optional(), max_length(2000)],
                                   render_kw={"rows": 2})
    indicators = TextAreaField(_l("Indikator perilaku (satu per baris)"), validators=[optional(), max_length(4000)],
                               render_kw={"rows": 3})
    indicators_en = TextAreaField(_l("Indikator perilaku dalam bahasa Inggris (satu per baris)"),
                                  validators=[optional(), max_length(4000)], render_kw={"rows": 3})


class CompetencyForm(FlaskForm):
    code = StringField(_l("Kode"), validators=[required(), max_length(20)],
                       description=_l("Misalnya T.KEU.01; tidak boleh sama dengan kode lain."))
    name = StringField(_l("Nama kompetensi"), validators=[required(), max_length(200)])
    name_en = StringField(_l("Nama dalam bahasa Inggris"), validators=[optional(), max_length(200)])
    field = StringField(_l("Bidang"), validators=[optional(), max_length(120)],
                        description=_l("Kelompok kompetensi teknis, misalnya Keuangan atau Kepegawaian."))
    description = TextAreaField(_l("Definisi"), validators=[optional(), max_length(4000)], render_kw={"rows": 3})
    description_en = TextAreaField(_l("Definisi dalam bahasa Inggris"), validators=[optional(), max_length(4000)],
                                   render_kw={"rows": 3})
    levels = FieldList(FormField(LevelForm), min_entries=5, max_entries=5)

    def level_data(self) -> dict[int, dict]:
        return {i: entry.data for i, entry in enumerate(self.levels.entries, start=1)}


class AssessmentForm(FlaskForm):
    competency_id = SelectField(_l("Kompetensi"), coerce=int_or_none, validators=[required()])
    level = SelectField(_l("Level"), coerce=int_or_none, choices=LEVEL_CHOICES,
                        validators=[required(), v.AnyOf([1, 2, 3, 4, 5], message=LEVEL_MESSAGE)])
    source = SelectField(_l("Sumber"), choices=list(SOURCE_LABELS.items()))
    assessed_on = DateField(_l("Tanggal penilaian"), validators=[required()], render_kw={"type": "date"})
    assessor = StringField(_l("Asesor/penilai"), validators=[optional(), max_length(200)])
    evidence = TextAreaField(_l("Catatan bukti"), validators=[optional(), max_length(4000)], render_kw={"rows": 2})


class PotentialForm(FlaskForm):
    score = _percent(_l("Skor potensi (0–100)"))
    assessed_on = DateField(_l("Tanggal penilaian"), validators=[required()], render_kw={"type": "date"})
    assessor = StringField(_l("Penilai"), validators=[optional(), max_length(200)])
    note = TextAreaField(_l("Catatan"), validators=[optional(), max_length(2000)], render_kw={"rows": 2})


class ImportForm(FlaskForm):
    file = FileField(_l("Berkas XLSX hasil assessment center"),
                     validators=[v.InputRequired(message=_l("Pilih berkas."))])
    source = SelectField(_l("Sumber bila kolom sumber kosong"), choices=list(SOURCE_LABELS.items()))


class DefaultsForm(FlaskForm):
    kinds = SelectMultipleField(_l("Jenis jabatan"), choices=list(POSITION_KIND_LABELS.items()),
                                validators=[v.InputRequired(message=_l("Pilih paling sedikit satu jenis jabatan."))])
    overwrite = BooleanField(_l("Timpa level yang sudah diisi"))


class CopyForm(FlaskForm):
    targets = SelectMultipleField(_l("Salin ke jabatan"), coerce=int,
                                  validators=[v.InputRequired(message=_l("Pilih paling sedikit satu jabatan tujuan."))])


class SuccessionForm(FlaskForm):
    position_id = SelectField(_l("Jabatan"), coerce=int_or_none, validators=[required()])
    kind = SelectField(_l("Jenis"), choices=list(SUCCESSION_LABELS.items()))
    note = StringField(_l("Catatan"), validators=[optional(), max_length(500)])


class PlanSummaryForm(FlaskForm):
    summary = TextAreaField(_l("Tujuan pengembangan tahun ini"), validators=[optional(), max_length(4000)],
                            render_kw={"rows": 3})


class GoalForm(FlaskForm):
    competency_id = SelectField(_l("Kompetensi"), coerce=int_or_none, validators=[required()])
    target_level = SelectField(_l("Level target"), coerce=int_or_none, choices=LEVEL_CHOICES,
                               validators=[required(), v.AnyOf([1, 2, 3, 4, 5], message=LEVEL_MESSAGE)])
    action = TextAreaField(_l("Kegiatan pengembangan"), validators=[required(), max_length(2000)],
                           description=_l("Misalnya pelatihan, coaching, magang, atau belajar mandiri."),
                           render_kw={"rows": 2})
    target_date = DateField(_l("Tanggal target"), validators=[required()], render_kw={"type": "date"})


class ReviewForm(FlaskForm):
    comment = TextAreaField(_l("Komentar atasan"), validators=[optional(), max_length(4000)], render_kw={"rows": 3})
    decision = SelectField(_l("Keputusan"), choices=[("approve", _l("Setujui")), ("return", _l("Kembalikan"))])


MONTH_CHOICES = [(1, _l("Januari")), (2, _l("Februari")), (3, _l("Maret")), (4, _l("April")), (5, _l("Mei")),
                 (6, _l("Juni")), (7, _l("Juli")), (8, _l("Agustus")), (9, _l("September")),
                 (10, _l("Oktober")), (11, _l("November")), (12, _l("Desember"))]
BOX_ACTION_MAX = 500


def _action_field(box: int) -> TextAreaField:
    return TextAreaField(_l("Rekomendasi kotak %(n)s", n=box), validators=[optional(), v.Length(
        max=BOX_ACTION_MAX, message=_l("Paling banyak %(n)s karakter.", n=BOX_ACTION_MAX))])


class SettingsForm(FlaskForm):
    jpm_optimal_min = _percent(_l("JPM Optimal mulai (%)"))
    jpm_cukup_min = _percent(_l("JPM Cukup Optimal mulai (%)"))
    jpm_regulation = StringField(_l("Dasar aturan kategori JPM"), validators=[required(), max_length(200)])
    test_ms_min = _percent(_l("Memenuhi Syarat mulai (%)"))
    test_mms_min = _percent(_l("Masih Memenuhi Syarat mulai (%)"))
    test_regulation = StringField(_l("Dasar aturan kategori uji kompetensi"), validators=[required(), max_length(200)])
    potential_source = SelectField(_l("Sumber sumbu potensi"), choices=list(POTENTIAL_SOURCE_LABELS.items()))
    potential_high_min = _percent(_l("Potensi tinggi mulai"))
    potential_mid_min = _percent(_l("Potensi menengah mulai"))
    talent_regulation = StringField(_l("Dasar aturan manajemen talenta"), validators=[required(), max_length(200)])
    skp_sangat_baik = SelectField(SKP_LABELS["sangat_baik"], choices=KINERJA_CHOICES)
    skp_baik = SelectField(SKP_LABELS["baik"], choices=KINERJA_CHOICES)
    skp_butuh_perbaikan = SelectField(SKP_LABELS["butuh_perbaikan"], choices=KINERJA_CHOICES)
    skp_kurang = SelectField(SKP_LABELS["kurang"], choices=KINERJA_CHOICES)
    skp_sangat_kurang = SelectField(SKP_LABELS["sangat_kurang"], choices=KINERJA_CHOICES)
    skp_regulation = StringField(_l("Dasar aturan predikat SKP"), validators=[required(), max_length(200)])
    valid_assessment_center = IntegerField(SOURCE_LABELS["assessment_center"], validators=[
        required(), v.NumberRange(min=0, max=240, message=_l("0 sampai 240 bulan."))])
    valid_competency_test = IntegerField(SOURCE_LABELS["competency_test"], validators=[
        required(), v.NumberRange(min=0, max=240, message=_l("0 sampai 240 bulan."))])
    valid_feedback_360 = IntegerField(SOURCE_LABELS["feedback_360"], validators=[
        required(), v.NumberRange(min=0, max=240, message=_l("0 sampai 240 bulan."))])
    valid_supervisor = IntegerField(SOURCE_LABELS["supervisor"], validators=[
        required(), v.NumberRange(min=0, max=240, message=_l("0 sampai 240 bulan."))])
    precedence_1 = SelectField(_l("Sumber urutan 1"), choices=list(SOURCE_LABELS.items()))
    precedence_2 = SelectField(_l("Sumber urutan 2"), choices=list(SOURCE_LABELS.items()))
    precedence_3 = SelectField(_l("Sumber urutan 3"), choices=list(SOURCE_LABELS.items()))
    precedence_4 = SelectField(_l("Sumber urutan 4"), choices=list(SOURCE_LABELS.items()))
    precedence_mode = SelectField(_l("Memilih level saat ini"), choices=list(PRECEDENCE_MODE_LABELS.items()))
    skp_final_day = IntegerField(_l("SKP suatu tahun final mulai tanggal"), validators=[
        required(), v.NumberRange(min=1, max=31, message=_l("Tanggal 1 sampai 31."))])
    skp_final_month = SelectField(_l("bulan (tahun berikutnya)"), coerce=int, choices=MONTH_CHOICES)
    skp_recent_years = IntegerField(_l("Tahun SKP final yang dipakai untuk 9 kotak"), validators=[
        required(), v.NumberRange(min=1, max=5, message=_l("1 sampai 5 tahun."))])
    action_1 = _action_field(1)
    action_2 = _action_field(2)
    action_3 = _action_field(3)
    action_4 = _action_field(4)
    action_5 = _action_field(5)
    action_6 = _action_field(6)
    action_7 = _action_field(7)
    action_8 = _action_field(8)
    action_9 = _action_field(9)

    def validate_precedence_4(self, field):
        chosen = [self.precedence_1.data, self.precedence_2.data, self.precedence_3.data, field.data]
        if len(set(chosen)) != len(chosen):
            raise ValidationError(_l("Setiap sumber hanya boleh muncul sekali dalam urutan."))


PERCENT_FIELDS = ("jpm_optimal_min", "jpm_cukup_min", "test_ms_min", "test_mms_min", "potential_high_min",
                  "potential_mid_min")
TEXT_FIELDS = ("jpm_regulation", "test_regulation", "potential_source", "talent_regulation", "skp_regulation",
               "precedence_mode")


def settings_data(rules: Rules) -> dict:
    """The settings form's initial data from the region's rules."""
    data = rules.as_dict()
    for predicate in SKP_PREDICATES:
        data[f"skp_{predicate}"] = rules.skp_mapping.get(predicate)
    for source in SOURCES:
        data[f"valid_{source}"] = rules.validity(source)
    for i, source in enumerate(rules.source_precedence[:4], start=1):
        data[f"precedence_{i}"] = source
    for box, text in rules.box_action_texts().items():
        data[f"action_{box}"] = text
    return data


def rules_from(form: SettingsForm) -> Rules:
    """The rules a validated settings form describes."""
    new = Rules(**{name: getattr(form, name).data for name in TEXT_FIELDS})
    for name in PERCENT_FIELDS:
        setattr(new, name, float(getattr(form, name).data))
    new.skp_mapping = {p: getattr(form, f"skp_{p}").data for p in SKP_PREDICATES}
    new.validity_months = {s: int(getattr(form, f"valid_{s}").data) for s in SOURCES}
    new.source_precedence = [getattr(form, f"precedence_{i}").data for i in range(1, 5)]
    new.skp_final_month, new.skp_final_day = form.skp_final_month.data, form.skp_final_day.data
    new.skp_recent_years = form.skp_recent_years.data
    new.box_actions = box_action_overrides({b: getattr(form, f"action_{b}").data for b in range(1, 10)})
    return new


def id_filter(value) -> int | None:
    """An optional id from a page's query string (a unit filter): garbage is no filter."""
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None
