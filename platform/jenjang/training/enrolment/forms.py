"""Forms of enrolment: nominating someone (supervisor or HR), enrolling oneself, cancelling."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms import validators as v

from jenjang.core.forms import int_or_none
from jenjang.core.validators import max_length, optional


class NominateForm(FlaskForm):
    employee_id = SelectField(_l("Pegawai"), coerce=int_or_none, choices=[], validate_choice=False,
                              validators=[v.NumberRange(min=1, message=_l("Pilih pegawai."))])
    reason = TextAreaField(_l("Alasan usulan"), validators=[optional(), max_length(2000)], render_kw={"rows": 2})


class EnrolForm(FlaskForm):
    reason = TextAreaField(_l("Alasan mengikuti (opsional)"), validators=[optional(), max_length(2000)],
                           render_kw={"rows": 2})


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Alasan pembatalan"), validators=[optional(), max_length(2000)], render_kw={"rows": 2})
