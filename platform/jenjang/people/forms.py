"""Forms of the people module. Choices that come from the tenant's data (units, positions) are
filled by the view; the NIP field reports exactly what is wrong with a NIP."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, ValidationError
from wtforms import validators as v

from jenjang.core import clock
from jenjang.core.forms import int_or_none
from jenjang.core.validators import email, max_length, optional, required
from jenjang.people.labels import (
    ARCHIVE_REASON_LABELS,
    EMPLOYMENT_TYPE_LABELS,
    FUNCTIONAL_LEVEL_LABELS,
    HOLDER_KIND_LABELS,
    IMPORT_KIND_LABELS,
    POSITION_KIND_LABELS,
    SKP_LABELS,
    UNIT_KIND_LABELS,
)
from jenjang.people.models import EDUCATION_LEVELS, PPPK_GRADES, PPPK_TYPES, RANKS
from jenjang.people.nip import check_nip


def nip_valid(form, field):
    """A NIP or an NI PPPK (a field that does not say which kind of employee it names)."""
    problem = check_nip(field.data)
    if problem is not None and check_nip(field.data, kind="PPPK") is None:
        problem = None
    if problem is not None:
        raise ValidationError(problem.message)


def nip_valid_for_kind(form, field):
    """The number checked by the rule of the kind chosen on the same form (PNS: NIP, PPPK: NI PPPK)."""
    problem = check_nip(field.data, kind=form.employment_type.data or "PNS")
    if problem is not None:
        raise ValidationError(problem.message)


RANK_CHOICES = [(i, f"{code} · {name}") for i, (code, name) in enumerate(RANKS, start=1)]
GRADE_CHOICES = [(i, f"Golongan {code}") for i, code in enumerate(PPPK_GRADES, start=1)]
BLANK = [("", "—")]
DATE_MESSAGE = _l("Tulis tanggal yang benar.")


def _date(label, *validators):
    return DateField(label, validators=list(validators) or [optional()],
                     render_kw={"type": "date"}, description=None)


class _RankChoiceField(SelectField):
    def __init__(self, label, **kw):
        super().__init__(label, choices=BLANK + RANK_CHOICES, coerce=int_or_none, **kw)


class _GradeChoiceField(SelectField):
    def __init__(self, label, **kw):
        super().__init__(label, choices=BLANK + GRADE_CHOICES, coerce=int_or_none, **kw)


def _pns_only(form, field):
    if field.data and form.employment_type.data in PPPK_TYPES:
        raise ValidationError(_l("Pegawai %(kind)s tidak memiliki golongan/ruang PNS; isi golongan PPPK.",
                                 kind=EMPLOYMENT_TYPE_LABELS[form.employment_type.data]))


def _pppk_only(form, field):
    if field.data and form.employment_type.data not in PPPK_TYPES:
        raise ValidationError(_l("Pegawai PNS tidak memiliki golongan PPPK; isi golongan/ruang PNS."))


class EmployeeForm(FlaskForm):
    nip = StringField(_l("NIP / NI PPPK"), validators=[required(), nip_valid_for_kind],
                      description=_l("18 digit. NIP PNS: tanggal lahir, TMT CPNS, jenis kelamin, nomor urut. "
                                     "NI PPPK: tanggal lahir, tahun pengangkatan, kode, jenis kelamin, nomor urut."),
                      render_kw={"inputmode": "numeric", "autocomplete": "off"})
    front_title = StringField(_l("Gelar depan"), validators=[optional(), max_length(50)])
    full_name = StringField(_l("Nama lengkap (tanpa gelar)"), validators=[required(), max_length(200)])
    back_title = StringField(_l("Gelar belakang"), validators=[optional(), max_length(80)])
    employment_type = SelectField(_l("Jenis kepegawaian"), choices=list(EMPLOYMENT_TYPE_LABELS.items()),
                                  render_kw={"data-employment-type": ""})
    education_level = SelectField(_l("Pendidikan terakhir"), choices=BLANK + [(e, e) for e in EDUCATION_LEVELS],
                                  validators=[optional()])
    education_major = StringField(_l("Jurusan"), validators=[optional(), max_length(150)])
    email = StringField(_l("Email"), validators=[optional(), email(), max_length(254)],
                        render_kw={"type": "email", "autocomplete": "off"})
    phone = StringField(_l("Telepon"), validators=[optional(), max_length(30)], render_kw={"type": "tel"})
    unit_id = SelectField(_l("Unit"), coerce=int_or_none, validators=[optional()],
                          description=_l("Dipakai bila pegawai belum punya jabatan; jabatan menentukan unit."))


class NewEmployeeForm(EmployeeForm):
    position_id = SelectField(_l("Jabatan"), coerce=int_or_none, validators=[optional()])
    position_tmt = DateField(_l("TMT jabatan"), validators=[optional()], render_kw={"type": "date"})
    rank_id = _RankChoiceField(_l("Golongan/ruang (PNS)"), validators=[optional(), _pns_only])
    grade_id = _GradeChoiceField(_l("Golongan PPPK"), validators=[optional(), _pppk_only],
                                 description=_l("Kosongkan untuk memakai golongan awal menurut pendidikan terakhir "
                                                "(aturan kepegawaian)."))
    rank_tmt = DateField(_l("TMT golongan"), validators=[optional()], render_kw={"type": "date"})
    override_reason = StringField(_l("Alasan (bila golongan di luar rentang jabatan)"),
                                  validators=[optional(), max_length(500)])


class ContactForm(FlaskForm):
    email = StringField(_l("Email"), validators=[optional(), email(), max_length(254)],
                        render_kw={"type": "email", "autocomplete": "email"})
    phone = StringField(_l("Telepon"), validators=[optional(), max_length(30),
                                                  v.Regexp(r"^[0-9+() -]*$", message=_l("Tulis nomor telepon dengan angka, spasi, +, ( atau )."))],
                        render_kw={"type": "tel", "autocomplete": "tel"})


class RankChangeForm(FlaskForm):
    rank_id = _RankChoiceField(_l("Golongan baru"), validators=[required()])
    tmt = DateField(_l("TMT golongan"), validators=[required()], render_kw={"type": "date"})
    decree_number = StringField(_l("Nomor SK"), validators=[optional(), max_length(100)])
    override_reason = StringField(_l("Alasan (bila golongan di luar rentang jabatan)"),
                                  validators=[optional(), max_length(500)])


class GradeChangeForm(FlaskForm):
    grade_id = _GradeChoiceField(_l("Golongan PPPK baru"), validators=[required()])
    tmt = DateField(_l("TMT golongan"), validators=[required()], render_kw={"type": "date"})
    decree_number = StringField(_l("Nomor SK / perjanjian kerja"), validators=[optional(), max_length(100)])


class PositionChangeForm(FlaskForm):
    position_id = SelectField(_l("Jabatan baru"), coerce=int_or_none, validators=[required()])
    tmt = DateField(_l("TMT jabatan"), validators=[required()], render_kw={"type": "date"})
    decree_number = StringField(_l("Nomor SK"), validators=[optional(), max_length(100)])
    override_reason = StringField(_l("Alasan (bila golongan di luar rentang jabatan)"),
                                  validators=[optional(), max_length(500)])


def _not_after_this_year(form, field) -> None:
    """1990 up to the region's current year, read when the form is checked (not when the process
    started: a server running across New Year accepts the new year at once)."""
    if field.data is not None and not 1990 <= field.data <= clock.today().year:
        raise v.ValidationError(_l("Tahun antara 1990 dan tahun ini."))


class SkpForm(FlaskForm):
    year = IntegerField(_l("Tahun"), validators=[required(), _not_after_this_year])
    predicate = SelectField(_l("Predikat"), choices=list(SKP_LABELS.items()))


class ArchiveForm(FlaskForm):
    reason = SelectField(_l("Alasan"), choices=list(ARCHIVE_REASON_LABELS.items()))


class SupervisorForm(FlaskForm):
    supervisor_nip = StringField(_l("NIP atasan pengganti"), validators=[optional(), nip_valid],
                                 description=_l("Kosongkan untuk kembali ke atasan menurut struktur organisasi."))


class UnitForm(FlaskForm):
    name = StringField(_l("Nama unit"), validators=[required(), max_length(200)])
    kind = SelectField(_l("Jenis"), choices=list(UNIT_KIND_LABELS.items()))
    parent_id = SelectField(_l("Unit induk"), coerce=int_or_none, validators=[optional()])
    code = StringField(_l("Kode"), validators=[optional(), max_length(40)],
                       description=_l("Kode dari SIMPEG/SIASN; dipakai untuk impor ulang."))
    sort_order = IntegerField(_l("Urutan"), default=0, validators=[optional()])


class PositionForm(FlaskForm):
    name = StringField(_l("Nama jabatan"), validators=[required(), max_length(200)])
    kind = SelectField(_l("Jenis jabatan"), choices=list(POSITION_KIND_LABELS.items()))
    functional_level = SelectField(_l("Jenjang fungsional"), choices=BLANK + list(FUNCTIONAL_LEVEL_LABELS.items()),
                                   validators=[optional()])
    unit_id = SelectField(_l("Unit"), coerce=int_or_none, validators=[required()])
    min_rank_id = _RankChoiceField(_l("Golongan terendah"), validators=[optional()])
    max_rank_id = _RankChoiceField(_l("Golongan tertinggi"), validators=[optional()])
    job_class = IntegerField(_l("Kelas jabatan"), validators=[optional(), v.NumberRange(
        min=1, max=17, message=_l("Kelas jabatan 1 sampai 17."))])
    is_head = BooleanField(_l("Kepala unit ini"))
    quota = IntegerField(_l("Formasi (jumlah pemangku)"), default=1, validators=[optional(), v.NumberRange(
        min=1, max=10000, message=_l("Paling sedikit 1."))])
    code = StringField(_l("Kode"), validators=[optional(), max_length(40)])
    entry_age_exception = BooleanField(_l("Jabatan tertentu: pelamar boleh berusia sampai batas usia khusus "
                                          "(40 tahun)"))
    holder_kinds = SelectField(_l("Boleh dipegang oleh"), choices=list(HOLDER_KIND_LABELS.items()), default="ASN",
                               description=_l("Jabatan fungsional dan pelaksana umumnya ASN (PNS dan PPPK); "
                                              "jabatan struktural PNS saja."))

    def validate_functional_level(self, field):
        if self.kind.data == "fungsional" and not field.data:
            raise ValidationError(_l("Pilih jenjang untuk jabatan fungsional."))


class PeopleSettingsForm(FlaskForm):
    entry_age_max = IntegerField(_l("Batas usia pelamar PNS (tahun)"), validators=[required(), v.NumberRange(
        min=18, max=60, message=_l("Batas usia 18 sampai 60 tahun."))])
    entry_age_max_exception = IntegerField(_l("Batas usia untuk jabatan tertentu (tahun)"), validators=[
        required(), v.NumberRange(min=18, max=60, message=_l("Batas usia 18 sampai 60 tahun."))])
    entry_age_regulation = StringField(_l("Dasar aturan batas usia"), validators=[required(), max_length(300)])
    pppk_grade_regulation = StringField(_l("Dasar aturan golongan awal PPPK"),
                                        validators=[optional(), max_length(300)])

    def validate_entry_age_max_exception(self, field):
        if self.entry_age_max.data and field.data is not None and field.data < self.entry_age_max.data:
            raise ValidationError(_l("Batas usia jabatan tertentu tidak boleh di bawah batas usia umum."))


class ImportConfirmForm(FlaskForm):
    accept_warnings = BooleanField(_l("Saya sudah membaca peringatannya dan tetap ingin menerapkan impor ini"))


class ImportUploadForm(FlaskForm):
    kind = SelectField(_l("Jenis data"), choices=list(IMPORT_KIND_LABELS.items()))
    file = FileField(_l("Berkas XLSX atau CSV"), validators=[FileRequired(message=_l("Pilih berkas."))])
    create_accounts = BooleanField(_l("Buat akun masuk untuk pegawai baru (masuk dengan NIP)"))


def add_entry_grade_fields(form_class: type) -> type:
    """One select per diploma for the PPPK entry grade (fields entry_grade_SD … entry_grade_S3)."""
    for level in EDUCATION_LEVELS:
        setattr(form_class, f"entry_grade_{level}", _GradeChoiceField(level, validators=[optional()]))
    return form_class


add_entry_grade_fields(PeopleSettingsForm)
