from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms import validators as v
from wtforms.widgets import CheckboxInput, ListWidget

from jenjang.auth.passwords import MIN_LENGTH
from jenjang.core.validators import email, max_length, optional, required


class LoginForm(FlaskForm):
    login = StringField(_l("NIP atau email"), validators=[required(), max_length(254)],
                        render_kw={"autocomplete": "username", "autofocus": True, "inputmode": "email"})
    password = PasswordField(_l("Kata sandi"), validators=[required(), max_length(200)],
                             render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(FlaskForm):
    login = StringField(_l("NIP atau email"), validators=[required(), max_length(254)],
                        render_kw={"autocomplete": "username"})


def _new_password_fields():
    return (
        PasswordField(_l("Kata sandi baru"), validators=[
            required(), v.Length(min=MIN_LENGTH, max=200,
                                 message=_l("Kata sandi minimal %(n)s karakter.", n=MIN_LENGTH))],
            render_kw={"autocomplete": "new-password"}),
        PasswordField(_l("Ulangi kata sandi baru"), validators=[
            required(), v.EqualTo("new_password", message=_l("Kedua kata sandi tidak sama."))],
            render_kw={"autocomplete": "new-password"}),
    )


class SetPasswordForm(FlaskForm):
    new_password, confirm = _new_password_fields()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Kata sandi sekarang"), validators=[required(), max_length(200)],
                                     render_kw={"autocomplete": "current-password"})
    new_password, confirm = _new_password_fields()


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Bahasa"), choices=[("id", "Bahasa Indonesia"), ("en", "English")],
                         validators=[required()])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


ROLE_CHOICES = [
    ("admin", _l("Admin")),
    ("hr", _l("Kepegawaian (HR)")),
    ("committee", _l("Tim Penilai Kinerja")),
    ("ppk", _l("PPK")),
]


class UserRolesForm(FlaskForm):
    roles = MultiCheckboxField(_l("Peran"), choices=ROLE_CHOICES, validate_choice=True)


class InviteUserForm(FlaskForm):
    full_name = StringField(_l("Nama lengkap"), validators=[required(), max_length(200)])
    email = EmailField(_l("Email"), validators=[required(), email(), max_length(254)])
    roles = MultiCheckboxField(_l("Peran"), choices=ROLE_CHOICES, validate_choice=True)
    send_invitation = BooleanField(_l("Kirim undangan"), default=True, validators=[optional()])
