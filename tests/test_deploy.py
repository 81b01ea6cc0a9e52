"""Deployment: the compose file parses, the image is built as promised, the example environment
names every setting the app reads, gunicorn takes its sizes from the environment, production
sends HSTS, Sentry is initialised from SENTRY_DSN."""
from __future__ import annotations

import re
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_ENV = {"SECRET_KEY": "s" * 64, "DB_OWNER_PASSWORD": "owner-pw", "APP_DB_PASSWORD": "app-pw",
               "CONSOLE_DB_PASSWORD": "console-pw",
               "SMTP_URL": "smtp://mail.example.go.id:25", "BASE_DOMAIN": "jenjang.example.go.id"}


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    if shutil.which("docker-compose"):
        return [shutil.which("docker-compose")]
    return None


def _compose_config(env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os

    command = _compose_command()
    if command is None:
        reason = ("no Docker Compose client here (neither `docker compose` nor `docker-compose`); "
                  "install one: sudo apt-get install docker-compose (.ci/install-tools does in CI)")
        if os.environ.get("JENJANG_CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    env = {k: v for k, v in os.environ.items() if k not in COMPOSE_ENV}
    env.update(env_extra if env_extra is not None else COMPOSE_ENV)
    return subprocess.run([*command, "-f", str(ROOT / "docker" / "compose.yaml"), "config"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)


def test_compose_file_is_accepted_by_docker_compose():
    result = _compose_config()
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for service in ("web:", "worker:", "migrate:", "postgres:", "redis:"):
        assert re.search(rf"^  {service}", out, re.M), service
    assert "/healthz" in out and "/readyz" in out
    assert "service_completed_successfully" in out
    # the owner's password reaches the migration step only; web and worker use the app role
    blocks = re.split(r"^  (?=\w)", out.split("services:", 1)[1], flags=re.M)
    by_name = {b.split(":", 1)[0]: b for b in blocks if b.strip()}
    assert "jenjang_owner:owner-pw@" in by_name["migrate"]
    for name in ("web", "worker"):
        assert "owner-pw" not in by_name[name] and "jenjang_app:app-pw@" in by_name[name], name
    assert "flask" in by_name["worker"] and "worker" in by_name["worker"]
    # the console role (the only one that writes tenants, domains, operators): web's console only
    assert "jenjang_app_console:console-pw@" in by_name["web"]
    assert "console-pw" not in by_name["worker"]
    assert "CONSOLE_DB_PASSWORD: console-pw" in by_name["migrate"]


def test_compose_refuses_to_start_without_its_secrets():
    result = _compose_config({k: v for k, v in COMPOSE_ENV.items() if k != "SECRET_KEY"})
    assert result.returncode != 0 and "SECRET_KEY" in (result.stderr + result.stdout)


def test_dockerfile_is_multi_stage_non_root_and_builds_assets_and_translations():
    text = (ROOT / "docker" / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", text, re.M)) >= 3
    assert "npm ci" in text and "pybabel compile" in text
    assert re.search(r"^USER (?!root)\w+", text, re.M)
    assert re.search(r'^CMD \["gunicorn", "-c", "config/gunicorn.conf.py", "wsgi:app"\]', text, re.M)
    assert "HEALTHCHECK" in text and "/healthz" in text
    # the final stage carries no compiler
    final = text.rsplit("\nFROM ", 1)[1]
    assert "build-essential" not in final


def test_gunicorn_sizes_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "7")
    monkeypatch.setenv("HOST", "10.0.0.5")
    monkeypatch.setenv("PORT", "8080")
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    conf = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    assert conf["workers"] == 3 and conf["threads"] == 7 and conf["bind"] == "10.0.0.5:8080"
    # gthread, with request threads that cannot hold up a stopping worker (jenjang/web_worker.py)
    from gunicorn.util import load_class
    from gunicorn.workers.gthread import ThreadWorker

    assert issubclass(load_class(conf["worker_class"]), ThreadWorker)


def _settings_read_by_the_app() -> set[str]:
    patterns = [r"""environ\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""", r"""environ\[\s*["']([A-Z][A-Z0-9_]+)["']""",
                r"""getenv\(\s*["']([A-Z][A-Z0-9_]+)["']""", r"""env_vars\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""",
                r"""_int\(\s*["']([A-Z][A-Z0-9_]+)["']"""]
    names: set[str] = set()
    sources = list((ROOT / "platform" / "jenjang").rglob("*.py")) + [ROOT / "config" / "gunicorn.conf.py"]
    for path in sources:
        text = path.read_text()
        for pattern in patterns:
            names.update(re.findall(pattern, text))
    return names


def test_example_env_names_every_setting_the_app_reads():
    example = (ROOT / "config" / "example.env").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.M))
    read = _settings_read_by_the_app()
    # the settings module is the core of it: nothing it reads may be missing
    core = set(re.findall(r"""env_vars\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""",
                          (ROOT / "platform" / "jenjang" / "config.py").read_text()))
    assert core and core <= read
    missing = read - documented
    assert not missing, f"config/example.env does not mention: {sorted(missing)}"


def test_production_sends_hsts_and_development_does_not(app):
    from jenjang import create_app

    prod = create_app({"DATABASE_URL": app.config["OWNER_DATABASE_URL"], "REDIS_URL": app.config["REDIS_URL"],
                       "JENJANG_ENV": "production", "SECRET_KEY": "a-real-secret"})
    r = prod.test_client().get("/healthz")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in app.test_client().get("/healthz").headers


def test_sentry_is_initialised_from_sentry_dsn_without_personal_data(app, monkeypatch):
    import sentry_sdk

    from jenjang import create_app

    monkeypatch.setenv("SENTRY_DSN", "https://public@sentry.invalid/1")
    try:
        create_app({"DATABASE_URL": app.config["OWNER_DATABASE_URL"], "REDIS_URL": app.config["REDIS_URL"],
                    "JENJANG_ENV": "test", "SECRET_KEY": "x"})
        client = sentry_sdk.get_client()
        assert client.is_active()
        assert client.options["dsn"] == "https://public@sentry.invalid/1"
        assert client.options["send_default_pii"] is False
    finally:
        sentry_sdk.get_client().close(timeout=0)  # drop anything queued for the fake host
        sentry_sdk.init(dsn=None)
