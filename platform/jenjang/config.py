"""Settings, read from the environment (and an optional `.env`).

`DATABASE_URL` is the *owner* connection: migrations and the bootstrap run with it. The web
app and the workers connect as `APP_DB_ROLE`, a role that owns nothing and cannot bypass row
level security (see tenancy/bootstrap.py). `APP_DATABASE_URL` overrides the derived URL.
The operator console and the provisioning commands connect as `CONSOLE_DB_ROLE` (default
`<APP_DB_ROLE>_console`), the only role that may write tenants, domains and operators
(tenancy/dbroles.py); `CONSOLE_DATABASE_URL` overrides its derived URL.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from sqlalchemy.engine import make_url

SYSTEM_HOSTS = frozenset({"console", "www", "api", "admin", "static", "mail"})


def normalise_db_url(url: str) -> str:
    """Accept postgres://, postgresql:// and postgresql+psycopg:// alike."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def app_db_url(owner_url: str, role: str, password: str | None) -> str:
    url = make_url(normalise_db_url(owner_url)).set(username=role, password=password or None)
    return url.render_as_string(hide_password=False)


def console_role_name(app_role: str) -> str:
    """The console role's default name: the app role's, suffixed."""
    return f"{app_role}_console"


@dataclass(frozen=True)
class Settings:
    env: str
    secret_key: str
    database_url: str
    app_database_url: str
    app_db_role: str
    console_database_url: str
    console_db_role: str
    redis_url: str
    base_domain: str
    port: int
    smtp_url: str
    external_scheme: str
    external_port: int | None

    @property
    def production(self) -> bool:
        return self.env == "production"


def load_settings(overrides: dict | None = None) -> Settings:
    env_vars = dict(os.environ)
    env_vars.update({k: str(v) for k, v in (overrides or {}).items() if v is not None})
    env = env_vars.get("JENJANG_ENV", "development")
    secret = env_vars.get("SECRET_KEY", "")
    if not secret:
        if env == "production":
            raise RuntimeError("SECRET_KEY must be set in production (JENJANG_ENV=production).")
        secret = "dev-" + secrets.token_hex(16) if env != "development" else "jenjang-development-only"

    database_url = env_vars.get("DATABASE_URL", "")
    if not database_url:
        from jenjang import embedded  # lazy: embedded PostgreSQL/Redis are development-only packages

        database_url = embedded.database_url()
    database_url = normalise_db_url(database_url)
    role = env_vars.get("APP_DB_ROLE", "jenjang_app")
    app_password = env_vars.get("APP_DB_PASSWORD", "jenjang_app")
    app_url = env_vars.get("APP_DATABASE_URL") or app_db_url(database_url, role, app_password)
    console_role = env_vars.get("CONSOLE_DB_ROLE") or console_role_name(role)
    console_url = env_vars.get("CONSOLE_DATABASE_URL") or app_db_url(
        database_url, console_role, env_vars.get("CONSOLE_DB_PASSWORD") or app_password)

    redis_url = env_vars.get("REDIS_URL", "")
    if not redis_url:
        from jenjang import embedded  # lazy: embedded PostgreSQL/Redis are development-only packages

        redis_url = embedded.redis_url()

    port = int(env_vars.get("PORT", "5000"))
    ext_port = env_vars.get("EXTERNAL_PORT")
    if ext_port is None:
        external_port = None if env == "production" else port
    else:
        external_port = int(ext_port) if ext_port else None
    return Settings(
        env=env,
        secret_key=secret,
        database_url=database_url,
        app_database_url=normalise_db_url(app_url),
        app_db_role=role,
        console_database_url=normalise_db_url(console_url),
        console_db_role=console_role,
        redis_url=redis_url,
        base_domain=env_vars.get("BASE_DOMAIN", "localhost").lower().strip("."),
        port=port,
        smtp_url=env_vars.get("SMTP_URL", "smtp://127.0.0.1:8025"),
        external_scheme=env_vars.get("EXTERNAL_SCHEME", "https" if env == "production" else "http"),
        external_port=external_port,
    )
