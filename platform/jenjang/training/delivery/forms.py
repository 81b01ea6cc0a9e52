"""Forms of training delivery: the two forms of the post-training survey, the budget amount, the bulk completion."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField, TextAreaField, ValidationError
from wtforms.validators import NumberRange

from jenjang.core.validators import max_length, optional, required
from jenjang.training.delivery.budget import BudgetError, parse_amount

SCALE = [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]


def _rating(label, description=None):
    return RadioField(label, choices=SCALE, coerce=int, validators=[required()], description=description)


class ReactionForm(FlaskForm):
    relevance = _rating(_l("Materi relevan dengan pekerjaan saya"))
    facilitator = _rating(_l("Fasilitator/narasumber menyampaikan dengan baik"))
    materials = _rating(_l("Bahan ajar dan sarana memadai"))
    overall = _rating(_l("Secara keseluruhan, pelatihan ini bermanfaat"))
    comment = TextAreaField(_l("Saran atau komentar (opsional)"), validators=[optional(), max_length(2000)])


class FollowupForm(FlaskForm):
    application = _rating(_l("Pegawai menerapkan hasil pelatihan dalam pekerjaannya"))
    impact = _rating(_l("Penerapan itu meningkatkan kinerja pegawai atau unit"))
    comment = TextAreaField(_l("Contoh penerapan atau catatan (opsional)"), validators=[optional(), max_length(2000)])


class BudgetForm(FlaskForm):
    amount = StringField(_l("Pagu anggaran pelatihan (Rp)"), validators=[required(), max_length(30)],
                         description=_l("Contoh: 1.250.000.000"))

    def validate_amount(self, field):
        try:
            self.parsed = parse_amount(field.data)
        except BudgetError as exc:
            raise ValidationError(exc.message) from None


class BulkCompleteForm(FlaskForm):
    min_percent = IntegerField(_l("Kehadiran minimal (%)"), default=80,
                               validators=[required(), NumberRange(min=1, max=100,
                                                                   message=_l("Isi angka 1–100."))])
