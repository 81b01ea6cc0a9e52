from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from jenjang.core.validators import max_length, required
from jenjang.notifications.rendering import MAX_BODY, MAX_SUBJECT


class TemplateForm(FlaskForm):
    subject = StringField(_l("Subjek"), validators=[required(), max_length(MAX_SUBJECT)])
    body = TextAreaField(_l("Isi pesan"), validators=[required(), max_length(MAX_BODY)],
                         render_kw={"rows": 14, "spellcheck": "false"})


class CsrfOnlyForm(FlaskForm):
    """A form whose fields are read by hand (one checkbox per kind); it carries the CSRF check."""
