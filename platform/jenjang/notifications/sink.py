"""The development mail sink: an SMTP server on loopback that keeps every message it receives
as a file under var/mail/ (newest `KEEP` only), for the operator console's mailbox.

    python -m jenjang.notifications.sink [--host 127.0.0.1] [--port 8025] [--dir var/mail]

`make run` starts it beside the app; production points SMTP_URL at a real mail server. The
files are platform-level (no tenant): only the operator console reads them.
"""
from __future__ import annotations

import argparse
import email
import email.policy
import itertools
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DIR = ROOT / "var" / "mail"
KEEP = 2000
_counter = itertools.count()


def mail_dir() -> Path:
    return Path(os.environ.get("MAIL_SINK_DIR") or DEFAULT_DIR)


class FileHandler:
    """aiosmtpd handler: one .eml file per message, written atomically, oldest pruned."""

    def __init__(self, directory: Path, keep: int = KEEP):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.keep = keep
        self.received = 0
        self.stored = sum(1 for e in os.scandir(self.directory) if e.name.endswith(".eml"))

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}-{os.getpid()}-{next(_counter):06d}.eml"
        tmp = self.directory / ("." + name)
        tmp.write_bytes(b"X-Sink-Rcpt-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n" + envelope.content)
        tmp.replace(self.directory / name)
        self.received += 1
        self.stored += 1
        if self.stored > self.keep + max(self.keep // 10, 1):  # prune now and then, not per message
            self.prune()
        return "250 Message accepted for delivery"

    def prune(self) -> None:
        names = sorted(e.name for e in os.scandir(self.directory) if e.name.endswith(".eml"))
        for old in names[:max(len(names) - self.keep, 0)]:
            (self.directory / old).unlink(missing_ok=True)
        self.stored = min(len(names), self.keep)


def start(host: str = "127.0.0.1", port: int = 8025, directory: Path | None = None, keep: int = KEEP):
    from aiosmtpd.controller import Controller

    controller = Controller(FileHandler(directory or mail_dir(), keep), hostname=host, port=port,
                            data_size_limit=10 * 1024 * 1024)
    controller.start()
    return controller


# --- reading the mailbox (the console) --------------------------------------------------------

@dataclass(frozen=True)
class StoredMail:
    name: str
    received_at: float
    sender: str
    to: str
    subject: str
    tenant: str | None

    @property
    def received(self):
        import datetime as dt

        return dt.datetime.fromtimestamp(self.received_at, dt.UTC)


def _safe_name(name: str) -> bool:
    return bool(name) and name.endswith(".eml") and "/" not in name and "\\" not in name and not name.startswith(".")


def _parse(path: Path):
    with path.open("rb") as f:
        return email.message_from_binary_file(f, policy=email.policy.default)


def list_messages(directory: Path | None = None, limit: int = 50) -> list[StoredMail]:
    directory = directory or mail_dir()
    if not directory.is_dir():
        return []
    out = []
    for path in sorted(directory.glob("*.eml"), reverse=True)[:limit]:
        try:
            msg = _parse(path)
        except OSError:
            continue
        out.append(StoredMail(path.name, path.stat().st_mtime, str(msg.get("From", "")), str(msg.get("To", "")),
                              str(msg.get("Subject", "")), msg.get("X-Jenjang-Tenant")))
    return out


def read_message(name: str, directory: Path | None = None):
    """(headers, text body) of one stored message, or None."""
    if not _safe_name(name):
        return None
    path = (directory or mail_dir()) / name
    if not path.is_file():
        return None
    msg = _parse(path)
    part = msg.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    return [(k, str(v)) for k, v in msg.items() if k.lower() != "x-sink-rcpt-to"], body


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Development SMTP sink for Jenjang")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--keep", type=int, default=KEEP)
    args = parser.parse_args(argv)
    controller = start(args.host, args.port, args.dir, args.keep)
    print(f"• mail sink listening on {args.host}:{args.port}, keeping messages in "  # noqa: T201
          f"{args.dir or mail_dir()}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
