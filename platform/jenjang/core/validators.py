"""WTForms validators with messages in the user's language (lazy, through Flask-Babel)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import validators


def required():
    return validators.InputRequired(message=_l("Wajib diisi."))


def optional():
    return validators.Optional()


def max_length(n: int):
    return validators.Length(max=n, message=_l("Paling banyak %(n)s karakter.", n=n))


def length_between(lo: int, hi: int):
    return validators.Length(min=lo, max=hi, message=_l("Panjangnya %(lo)s sampai %(hi)s karakter.", lo=lo, hi=hi))


def email():
    return validators.Email(message=_l("Alamat email tidak valid."), check_deliverability=False)


def any_of(values, message=None):
    return validators.AnyOf(list(values), message=message or _l("Pilihan tidak valid."))


def regexp(pattern: str, message):
    return validators.Regexp(pattern, message=message)
