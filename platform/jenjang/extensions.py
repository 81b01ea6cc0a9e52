"""Extensions are created here and bound in create_app().

The bottom layer (README, "Architecture: layers"): imports no jenjang package. What the layers
above decide at run time reaches it through hooks they fill (`use_limiter_scope`) or through the
console-role flag kept here, where the session that reads it lives (tenancy/dbroles.py sets it).
"""
from __future__ import annotations

import contextvars
from collections.abc import Callable

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

CONSOLE_BIND = "console"

# Whether the work in this context runs as the console role (tenancy/dbroles.py switches it).
console_role_flag: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "jenjang_console_role", default=False)


def console_role_active() -> bool:
    return console_role_flag.get()

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RoleSession(FlaskSession):
    """Statements go to the app role's engine, or to the console role's while `console_role()` is
    active (tenancy/dbroles.py): the operator console and the provisioning commands."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and console_role_active():
            return self._db.engines[CONSOLE_BIND]
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


db = SQLAlchemy(model_class=Base, session_options={"class_": RoleSession})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()


def _platform_scope() -> str:
    return "platform"


_limiter_scope: list[Callable[[], str]] = [_platform_scope]


def use_limiter_scope(scope: Callable[[], str]) -> None:
    """The prefix of rate-limit keys (tenancy installs the tenant's: tenancy/context.py)."""
    _limiter_scope[0] = scope


def _limiter_key() -> str:
    return f"{_limiter_scope[0]()}:{get_remote_address()}"


limiter = Limiter(key_func=_limiter_key, default_limits=[], swallow_errors=True,
                  key_prefix="jenjang")
