"""Jenjang: career management for the civil servants of Indonesia's regional governments.

create_app() builds the one Flask application that serves every tenant host and the
operator console; see README "Architecture"."""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from dotenv import load_dotenv
from flask import Flask, g, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("id", "en")


def create_app(overrides: dict | None = None) -> Flask:
    load_dotenv(ROOT / ".env", override=False)
    # The factory imports the application's modules when it builds an app, never at `import jenjang`:
    # every jenjang module's import runs this file first (the layers above it import lazily, here).
    from jenjang.config import load_settings

    settings = load_settings(overrides)
    from jenjang.core import clock  # lazy: the factory's imports (see above)

    clock.configure_from_env(settings.env)  # JENJANG_TODAY=2027-01-04: development only
    app = Flask("jenjang", template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                root_path=str(Path(__file__).parent))
    app.config.update(
        SETTINGS=settings,
        ENV_NAME=settings.env,
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.app_database_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": 10, "max_overflow": 10},
        # The operator console and the provisioning commands (tenancy/dbroles.py): few connections.
        SQLALCHEMY_BINDS={"console": {"url": settings.console_database_url, "pool_pre_ping": True,
                                      "pool_size": 2, "max_overflow": 8}},
        OWNER_DATABASE_URL=settings.database_url,
        APP_DB_ROLE=settings.app_db_role,
        CONSOLE_DB_ROLE=settings.console_db_role,
        REDIS_URL=settings.redis_url,
        BASE_DOMAIN=settings.base_domain,
        SMTP_URL=settings.smtp_url,
        EXTERNAL_SCHEME=settings.external_scheme,
        EXTERNAL_PORT=settings.external_port,
        LANGUAGES=LANGUAGES,
        BABEL_DEFAULT_LOCALE="id",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        SESSION_COOKIE_NAME="__Host-jenjang" if settings.production else "jenjang_session",
        SESSION_COOKIE_SECURE=settings.production,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_DOMAIN=None,  # host-only: a cookie never travels to another tenant's host
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12),
        # The cookie is written when the session changes, not on every response (the bell polls).
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=settings.production,
        MAX_CONTENT_LENGTH=64 * 1024 * 1024,
        RATELIMIT_STORAGE_URI=_limits_uri(settings.redis_url),
        RATELIMIT_HEADERS_ENABLED=False,
        PRODUCTION=settings.production,
        # Uploaded and generated files; always under a tenant prefix (<FILES_DIR>/<tenant_id>/...).
        FILES_DIR=os.environ.get("FILES_DIR") or str(ROOT / "var" / "files"),
        # Tenant export ZIPs hold every personal record of a region: removed after this many days.
        EXPORT_KEEP_DAYS=int(os.environ.get("EXPORT_KEEP_DAYS") or 7),
        PEOPLE_IMPORT_MAX_ROWS=50_000,
        PEOPLE_IMPORT_INLINE_ROWS=2_000,
    )
    if overrides:
        app.config.update({k: v for k, v in overrides.items() if k.isupper() and k in app.config})
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    _init_proxy(app)
    from jenjang import observability, security  # lazy: the factory's imports (see create_app)

    observability.init_app(app)
    security.init_app(app)
    _init_extensions(app)
    _register_blueprints(app)
    _connect_modules()
    _init_templates(app)
    from jenjang import errors  # lazy: the factory's imports (see create_app)

    errors.init_app(app)
    from jenjang.cli import register_cli  # lazy: the factory's imports (see create_app)

    register_cli(app)
    return app


def _init_proxy(app: Flask) -> None:
    """Behind a TLS-terminating proxy, trust exactly PROXY_HOPS hops for the client address and
    scheme. The Host header is never taken from X-Forwarded-Host: it decides the tenant."""
    hops = int(os.environ.get("PROXY_HOPS", "0") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)


def _limits_uri(redis_url: str) -> str:
    if redis_url.startswith("unix://"):
        return "redis+unix://" + redis_url[len("unix://"):]
    return redis_url


def select_locale() -> str:
    if not has_request_context():
        return "id"

    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in LANGUAGES:
        return user_locale
    if session.get("locale") in LANGUAGES:
        return session["locale"]
    tenant = g.get("tenant")
    if tenant is not None and tenant.locale in LANGUAGES:
        return tenant.locale
    if g.get("site") == "tenant":
        return "id"
    return request.accept_languages.best_match(LANGUAGES) or "id"


def select_timezone() -> str:
    tenant = g.get("tenant")
    return tenant.tz_name if tenant is not None else "Asia/Jakarta"


def _init_extensions(app: Flask) -> None:
    # lazy: the factory's imports (see create_app)
    from jenjang.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are server-side rows (auth/sessions.py)
    login_manager.login_view = "core.login"
    login_manager.login_message = None
    # lazy: importing the models registers them; importing the ORM module installs the tenant wall.
    from jenjang import models  # noqa: F401
    from jenjang.auth import sessions  # noqa: F401
    from jenjang.core import datacache  # noqa: F401  (its listeners bump cached aggregates)
    from jenjang.tenancy import (
        orm,  # noqa: F401
        web,
    )

    web.init_app(app)


def _register_blueprints(app: Flask) -> None:
    # lazy: the view modules are the top of the stack; only the factory imports them (README, "Layers")
    from jenjang.auth import bp as auth_bp
    from jenjang.auth import views as _auth_views  # noqa: F401  (routes register on import)
    from jenjang.competency import bp as competency_bp
    from jenjang.competency import views as _competency_views  # noqa: F401
    from jenjang.console import bp as console_bp
    from jenjang.console import views as _console_views  # noqa: F401
    from jenjang.contracts import bp as contracts_bp
    from jenjang.contracts import views as _contracts_views  # noqa: F401
    from jenjang.core import bp as core_bp
    from jenjang.core import views as _core_views  # noqa: F401
    from jenjang.feedback import bp as feedback_bp
    from jenjang.feedback import views as _feedback_views  # noqa: F401
    from jenjang.mentoring import bp as mentoring_bp
    from jenjang.mentoring import views as _mentoring_views  # noqa: F401
    from jenjang.notifications import bp as notifications_bp
    from jenjang.notifications import views as _notifications_views  # noqa: F401
    from jenjang.people import bp as people_bp
    from jenjang.people import views as _people_views  # noqa: F401
    from jenjang.promotion import bp as promotion_bp
    from jenjang.promotion import views as _promotion_views  # noqa: F401
    from jenjang.training import bp as training_bp
    from jenjang.training.catalogue import views as _training_catalogue_views  # noqa: F401
    from jenjang.training.delivery import views as _training_delivery_views  # noqa: F401
    from jenjang.training.enrolment import views as _training_enrolment_views  # noqa: F401
    from jenjang.training.external import views as _training_external_views  # noqa: F401
    from jenjang.training.ledger import views as _training_ledger_views  # noqa: F401
    from jenjang.workflow import bp as workflow_bp
    from jenjang.workflow import views as _workflow_views  # noqa: F401

    app.register_blueprint(core_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(console_bp)
    app.register_blueprint(competency_bp)
    app.register_blueprint(workflow_bp)
    app.register_blueprint(promotion_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(training_bp)
    app.register_blueprint(mentoring_bp)
    app.register_blueprint(contracts_bp)


def _connect_modules() -> None:
    """Hooks by which a lower layer calls an upper one (README, "Layers"); idempotent."""
    # lazy: the factory's imports (see create_app)
    from jenjang.auth import operations as auth_operations
    from jenjang.auth import views as auth_views
    from jenjang.people.demo import accounts as demo
    from jenjang.workflow import api as workflow

    auth_operations.when_user_disabled(workflow.escalate_cases_left_by)
    auth_views.use_demo_accounts(email_of=demo.demo_email, logins_of=demo.demo_logins)


def _init_templates(app: Flask) -> None:
    # lazy: the factory's imports (see create_app)
    from jenjang.auth.permissions import TEMPLATE_CHECKS
    from jenjang.core.nav import registry

    class _Perm:
        def __getattr__(self, name):
            return TEMPLATE_CHECKS[name]

    app.jinja_env.globals.update(perm=_Perm(), format_date=format_date, format_datetime=format_datetime,
                           get_locale=get_locale)
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def shell_context():
        return {
            "site": g.get("site"),
            "tenant": g.get("tenant"),
            "nav_items": registry.nav_for(current_user) if g.get("site") == "tenant" else [],
            "csrf_token_value": generate_csrf,
            "languages": LANGUAGES,
        }
