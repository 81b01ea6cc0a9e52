"""Extensions are created here and bound in create_app()."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from jenjang.tenancy.dbroles import CONSOLE_BIND, console_role_active

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


def _limiter_key() -> str:
    from flask_limiter.util import get_remote_address

    from jenjang.tenancy.context import rate_limit_prefix

    return f"{rate_limit_prefix()}:{get_remote_address()}"


limiter = Limiter(key_func=_limiter_key, default_limits=[], swallow_errors=True,
                  key_prefix="jenjang")
