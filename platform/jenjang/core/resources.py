"""The resource handler: how every view loads what it acts on, checks who may act, and undoes a
refused change. After Indico's RH classes, as a decorator and two helpers.

    @bp.route("/training/sessions/<int:session_id>/attendance")
    @handles(perm.can_record_attendance, session=Load(TrainingSession, "session_id"))
    def attendance(session): ...

1. ``Load`` fetches each object named in the URL. The tenancy walls (the ORM criteria and row-level
   security) already limit every query to the request's tenant, so another region's id, like an id
   that does not exist, is a 404: the page never says whether the row exists elsewhere.
2. The permission is a named check from the module's ``permissions.py``, called as
   ``check(current_user, *loaded objects)``; refused is a 403.
3. The view receives the objects in place of the ids and only acts.

``attempt`` wraps a write that an operation may refuse: the refusal rolls back what the write had
flushed (a savepoint), so the request's single commit never applies half of it, and the view
renders the message. No view calls ``db.session.rollback()`` itself.

What this module may import: Flask, Flask-Login, SQLAlchemy and ``jenjang.extensions``; nothing of
the domain modules.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from jenjang.extensions import db, login_manager


def require(check: Callable[..., bool], *args: Any) -> None:
    """403 unless ``check(current_user, *args)`` holds."""
    if not check(current_user, *args):
        abort(403)


def load_or_404(model, ident: Any, *criteria):
    """The row of ``model`` with this id in the request's tenant (and matching ``criteria``), or 404."""
    return db.first_or_404(sa.select(model).where(model.id == ident, *criteria))


@dataclass(frozen=True)
class Load:
    """Load ``model`` by the URL argument ``arg``. ``where`` adds criteria and may depend on the
    objects loaded before it: ``where=lambda session: Enrolment.session_id == session.id`` receives
    them by name (only those it names). ``visible`` is a named check ``check(current_user, obj)``
    for rows whose very existence is private: one the user may not see is a 404 as well, like a
    row of another tenant (the view's permission, a 403, comes after)."""

    model: Any
    arg: str
    where: Callable[..., Any] | None = None
    visible: Callable[[Any, Any], bool] | None = None

    def __call__(self, ident: Any, loaded: dict[str, Any]):
        criteria = ()
        if self.where is not None:
            names = self.where.__code__.co_varnames[: self.where.__code__.co_argcount]
            criteria = (self.where(**{n: loaded[n] for n in names}),)
        obj = load_or_404(self.model, ident, *criteria)
        if self.visible is not None and not self.visible(current_user, obj):
            abort(404)
        return obj


def handles(permission: Callable[..., bool] | None = None, /, **loads: Load | Callable[[Any], Any]):
    """Decorate a view: sign-in required, objects loaded (404), permission checked (403).

    Each keyword names the view argument that receives the object; its value is a ``Load`` or any
    callable taking the URL value and returning the object (or aborting). The permission receives
    the loaded objects in the order they are named."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            loaded: dict[str, Any] = {}
            for name, loader in loads.items():
                if isinstance(loader, Load):
                    loaded[name] = loader(kwargs.pop(loader.arg), loaded)
                else:
                    loaded[name] = loader(kwargs.pop(name))
            if permission is not None:
                require(permission, *loaded.values())
            return view(*args, **kwargs, **loaded)

        return wrapper

    return decorate


@dataclass
class Outcome:
    """What ``attempt`` saw: the refusal (``exception``) and its message for the user."""

    exception: Exception | None = None
    error: str | None = field(default=None)

    @property
    def ok(self) -> bool:
        return self.exception is None


@contextmanager
def attempt(*refusals: type[Exception]):
    """Run a write inside a savepoint; one of ``refusals`` undoes what it flushed and is kept on the
    outcome (with its ``message``, or its text) instead of propagating. Anything else propagates
    and fails the request as before."""
    outcome = Outcome()
    savepoint = db.session.begin_nested()
    try:
        yield outcome
    except refusals as exc:
        if savepoint.is_active:
            savepoint.rollback()
        outcome.exception = exc
        outcome.error = str(getattr(exc, "message", None) or exc)
    else:
        if savepoint.is_active:
            savepoint.commit()
