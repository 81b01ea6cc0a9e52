"""The development mail sink: an SMTP server on loopback that keeps every message it receives
as a file under var/mail/ (newest `KEEP` only), for the operator console's mailbox.

    python -m jenjang.notifications.sink [--host 127.0.0.1] [--port 8025] [--dir var/mail]

`make run` starts it beside the app; production points SMTP_URL at a real mail server. The
files are platform-level (no tenant): only the operator console reads them.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import email
import email.policy
import itertools
import logging
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DIR = ROOT / "var" / "mail"
KEEP = 2000
_counter = itertools.count()
log = logging.getLogger(__name__)


def mail_dir() -> Path:
    return Path(os.environ.get("MAIL_SINK_DIR") or DEFAULT_DIR)


class FileHandler:
    """One .eml file per message, written atomically, oldest pruned."""

    def __init__(self, directory: Path, keep: int = KEEP):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.keep = keep
        self.received = 0
        self.stored = sum(1 for e in os.scandir(self.directory) if e.name.endswith(".eml"))

    def store(self, rcpt_tos: list[str], content: bytes) -> None:
        name = f"{time.time_ns()}-{os.getpid()}-{next(_counter):06d}.eml"
        tmp = self.directory / ("." + name)
        tmp.write_bytes(b"X-Sink-Rcpt-To: " + ", ".join(rcpt_tos).encode() + b"\r\n" + content)
        tmp.replace(self.directory / name)
        self.received += 1
        self.stored += 1
        if self.stored > self.keep + max(self.keep // 10, 1):  # prune now and then, not per message
            self.prune()

    def prune(self) -> None:
        names = sorted(e.name for e in os.scandir(self.directory) if e.name.endswith(".eml"))
        for old in names[:max(len(names) - self.keep, 0)]:
            (self.directory / old).unlink(missing_ok=True)
        self.stored = min(len(names), self.keep)


MAX_LINE = 4096  # a command line longer than this is refused (RFC 5321 allows 512)
END_OF_DATA = b"\r\n.\r\n"


# Commands that change the session (a method ``_smtp_<verb>`` each), and those whose reply is fixed.
COMMANDS = frozenset({"EHLO", "HELO", "MAIL", "RCPT", "DATA", "RSET"})
FIXED_REPLIES = {
    "NOOP": (b"250 OK\r\n", False),
    "QUIT": (b"221 Bye\r\n", True),
    "VRFY": (b"252 Cannot VRFY user, but will accept message and attempt delivery\r\n", False),
}


class SMTPSession(asyncio.Protocol):
    """The SMTP a mail client needs (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), with
    PIPELINING: commands may arrive in batches, and the replies to one batch leave in one write.

    Written on asyncio.Protocol rather than a stream reader per line: the sink is the other end of
    every benchmark of the outbox, and per-line coroutines cost more than the sender itself."""

    def __init__(self, handler: FileHandler, hostname: str, data_size_limit: int):
        self.handler = handler
        self.hostname = hostname
        self.limit = data_size_limit
        self.buffer = bytearray()
        self.in_data = False
        self.transport = None
        self._reset()

    def _reset(self) -> None:
        self.mail_from: str | None = None
        self.rcpt_tos: list[str] = []

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(f"220 {self.hostname} Jenjang mail sink ESMTP\r\n".encode())

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        replies: list[bytes] = []
        closing = False
        while not closing:
            if self.in_data:
                # A message may be empty: its end is then the dot line right after the 354.
                end = 0 if self.buffer.startswith(b".\r\n") else self.buffer.find(END_OF_DATA)
                if end < 0:
                    if len(self.buffer) > self.limit + len(END_OF_DATA):
                        replies.append(b"552 Message too large\r\n")
                        closing = True
                    break
                cut = end + (3 if end == 0 else 5)
                content = bytes(self.buffer[:end + (0 if end == 0 else 2)])
                del self.buffer[:cut]
                self.in_data = False
                replies.append(self._message(content))
                continue
            newline = self.buffer.find(b"\n")
            if newline < 0:
                if len(self.buffer) > MAX_LINE:
                    replies.append(b"500 Line too long\r\n")
                    closing = True
                break
            line = bytes(self.buffer[:newline]).rstrip(b"\r")
            del self.buffer[:newline + 1]
            reply, closing = self._command(line.decode("utf-8", errors="replace"))
            replies.append(reply)
        if replies and self.transport is not None:
            self.transport.write(b"".join(replies))
        if closing and self.transport is not None:
            self.transport.close()

    def _command(self, line: str) -> tuple[bytes, bool]:
        """One SMTP command: (the reply, whether to close the connection after it)."""
        verb, _, arg = line.partition(" ")
        verb = verb.upper()
        if verb in FIXED_REPLIES:
            return FIXED_REPLIES[verb]
        handler = getattr(self, f"_smtp_{verb.lower()}", None) if verb in COMMANDS else None
        if handler is None:
            return b"500 Error: command not recognized\r\n", False
        return handler(arg), False

    def _smtp_ehlo(self, _arg: str) -> bytes:
        self._reset()
        return (f"250-{self.hostname}\r\n250-SIZE {self.limit}\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n"
                f"250-PIPELINING\r\n250 HELP\r\n").encode()

    def _smtp_helo(self, _arg: str) -> bytes:
        self._reset()
        return f"250 {self.hostname}\r\n".encode()

    def _smtp_mail(self, arg: str) -> bytes:
        if self.mail_from is not None:
            return b"503 Error: nested MAIL command\r\n"
        if not arg.upper().startswith("FROM:"):
            return b"501 Syntax: MAIL FROM:<address>\r\n"
        self.mail_from = _address(arg[5:])
        return b"250 OK\r\n"

    def _smtp_rcpt(self, arg: str) -> bytes:
        if self.mail_from is None:
            return b"503 Error: need MAIL command\r\n"
        if not arg.upper().startswith("TO:") or not _address(arg[3:]):
            return b"501 Syntax: RCPT TO:<address>\r\n"
        self.rcpt_tos.append(_address(arg[3:]))
        return b"250 OK\r\n"

    def _smtp_data(self, _arg: str) -> bytes:
        if not self.rcpt_tos:
            return b"503 Error: need RCPT command\r\n"
        self.in_data = True
        return b"354 End data with <CR><LF>.<CR><LF>\r\n"

    def _smtp_rset(self, _arg: str) -> bytes:
        self._reset()
        return b"250 OK\r\n"

    def _message(self, content: bytes) -> bytes:
        rcpt_tos = self.rcpt_tos
        self._reset()
        if len(content) > self.limit:
            return b"552 Message too large\r\n"
        # Undo the sender's dot-stuffing: a line that began with "." was sent as "..".
        if b"\n.." in content or content.startswith(b".."):
            content = (content[1:] if content.startswith(b"..") else content).replace(b"\n..", b"\n.")
        try:
            self.handler.store(rcpt_tos, content)
        except OSError as exc:
            log.warning("mail sink could not store a message: %s", exc)
            return b"451 Could not store the message\r\n"
        return b"250 Message accepted for delivery\r\n"


def _address(arg: str) -> str:
    arg = arg.strip()
    if arg.startswith("<"):
        return arg[1:arg.find(">")] if ">" in arg else arg[1:]
    return arg.split(" ", 1)[0]


class Controller:
    """The sink's event loop in a daemon thread; `stop()` closes it."""

    def __init__(self, handler: FileHandler, hostname: str, port: int, data_size_limit: int):
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        failure: list[BaseException] = []

        def run():
            asyncio.set_event_loop(self.loop)
            try:
                self.server = self.loop.run_until_complete(self.loop.create_server(
                    lambda: SMTPSession(handler, hostname or "localhost", data_size_limit), hostname, port))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                failure.append(exc)
                ready.set()
                return
            ready.set()
            self.loop.run_forever()
            self.server.close()
            self.loop.run_until_complete(self.server.wait_closed())
            self.loop.close()

        self.thread = threading.Thread(target=run, name="mail-sink", daemon=True)
        self.thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]

    def stop(self) -> None:
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def start(host: str = "127.0.0.1", port: int = 8025, directory: Path | None = None, keep: int = KEEP):
    return Controller(FileHandler(directory or mail_dir(), keep), host, port, data_size_limit=10 * 1024 * 1024)


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
    try:
        controller = start(args.host, args.port, args.dir, args.keep)
    except OSError as exc:  # one line, not a traceback: `make run` shows it last
        print(f"mail sink: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",  # noqa: T201
              file=sys.stderr, flush=True)
        return 2
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
