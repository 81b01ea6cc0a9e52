"""Sending email over SMTP, one connection for a whole chunk of messages.

SMTP_URL: `smtp://host:port` (plain, the development sink), `smtp://user:pass@host:587?starttls=1`,
or `smtps://user:pass@host:465` (TLS from the start).
"""
from __future__ import annotations

import functools
import re
import smtplib
import ssl
from dataclasses import dataclass
from email import charset as email_charset
from email.header import Header
from email.message import Message
from email.policy import compat32
from email.utils import format_datetime, formataddr
from urllib.parse import parse_qs, unquote, urlsplit

from jenjang.core import clock

TIMEOUT = 10


class SendError(Exception):
    """A message was not accepted. `connection` is true when the server could not be talked to at
    all (refused, timed out, dropped): the rest of the chunk would fail the same way."""

    def __init__(self, message: str, connection: bool):
        super().__init__(message)
        self.connection = connection


# UTF-8, quoted-printable: readable in the raw, safe for any server.
UTF8 = email_charset.Charset("utf-8")
UTF8.header_encoding = email_charset.QP
UTF8.body_encoding = email_charset.QP
CRLF = b"\r\n"
_WIRE = compat32.clone(linesep="\r\n")
_PLAIN_HEADER = re.compile(r"[\x20-\x7e]*\Z")  # printable ASCII: no CR, LF or 8-bit byte
_BODY_HEADERS = (b'Content-Type: text/plain; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
                 b"Content-Transfer-Encoding: quoted-printable\r\n")


@dataclass(frozen=True)
class OutgoingMail:
    sender: str
    to: str
    data: bytes  # the message with CRLF line ends, not yet dot-stuffed


@functools.lru_cache(maxsize=1024)
def _encoded_header(name: str, value: str, as_words: bool) -> bytes:
    """One header exactly as the email package writes it (RFC 2047 words, folded), cached: the
    subject and the sender of a fan-out are the same for thousands of messages."""
    msg = Message()
    msg[name] = Header(value, UTF8) if as_words else value
    return msg.as_bytes(policy=_WIRE)[:-2]  # without the blank line that ends the header block


def _header(name: str, value: str) -> bytes:
    if len(name) + len(value) <= 76 and _PLAIN_HEADER.match(value):
        return f"{name}: {value}\r\n".encode("ascii")  # what the email package writes for these
    return _encoded_header(name, value, False)


def build_message(*, sender_name: str, sender_address: str, to: str, subject: str, body: str,
                  message_id: str, headers: dict | None = None) -> OutgoingMail:
    """A text/plain UTF-8 message, quoted-printable, with CRLF line ends as SMTP wants them.

    The bytes are those `email.mime.text.MIMEText` with the compat32 policy writes (the headers
    that repeat across a fan-out are encoded once and cached; a plain ASCII header is written
    as is): at twenty thousand messages, the email package's header folding was most of the
    cost of composing."""
    parts = [_BODY_HEADERS,
             _encoded_header("From", formataddr((sender_name, sender_address), charset="utf-8"), False),
             _header("To", to),
             _encoded_header("Subject", subject, True),
             _header("Date", format_datetime(clock.now())),
             _header("Message-ID", message_id),
             b"Auto-Submitted: auto-generated\r\n"]
    parts.extend(_header(name, value) for name, value in (headers or {}).items())
    parts.append(CRLF)
    parts.append(UTF8.body_encode(body).replace("\n", "\r\n").encode("ascii"))
    return OutgoingMail(sender_address, to, b"".join(parts))


def wire_data(data: bytes) -> bytes:
    """The DATA section: dot-stuffed, ending with CRLF "." CRLF."""
    if data.startswith(b"."):
        data = b"." + data
    data = data.replace(b"\n.", b"\n..")
    if not data.endswith(CRLF):
        data += CRLF
    return data + b"." + CRLF


class Mailer:
    def __init__(self, url: str, timeout: float = TIMEOUT):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"SMTP_URL must start with smtp:// or smtps://, not {parts.scheme!r}")
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (465 if self.tls else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.starttls = parse_qs(parts.query).get("starttls", ["0"])[0] in ("1", "true", "yes")
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self.tls:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
        if self.username:
            smtp.login(self.username, self.password or "")
        smtp.ehlo_or_helo_if_needed()
        return smtp

    def send(self, mail: OutgoingMail) -> None:
        """Send one message; returns once the server has accepted it (250 after the data)."""
        if "\r" in mail.sender + mail.to or "\n" in mail.sender + mail.to:
            raise SendError(f"invalid address {mail.to!r}", connection=False)
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            if self._smtp.has_extn("pipelining"):
                self._send_pipelined(self._smtp, mail)
            else:
                self._smtp.sendmail(mail.sender, [mail.to], mail.data)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise SendError(_describe(exc), connection=False) from exc
        except UnicodeEncodeError as exc:  # an address SMTP cannot carry without SMTPUTF8
            self.close()  # the session may be mid-transaction: start the next message afresh
            raise SendError(f"invalid address {mail.to!r}: {exc}", connection=False) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise SendError(_describe(exc), connection=True) from exc

    def _send_pipelined(self, smtp: smtplib.SMTP, mail: OutgoingMail) -> None:
        """RFC 2920: MAIL, RCPT and DATA in one write, their three replies read together, then
        the data: two round trips a message instead of four."""
        data = wire_data(mail.data)
        size = f" SIZE={len(data)}" if smtp.has_extn("size") else ""
        smtp.send(f"MAIL FROM:<{mail.sender}>{size}\r\nRCPT TO:<{mail.to}>\r\nDATA\r\n".encode("ascii"))
        mail_reply, rcpt_reply, data_reply = smtp.getreply(), smtp.getreply(), smtp.getreply()
        if data_reply[0] != 354:
            smtp.rset()  # nothing was sent: leave the session ready for the next message
            if mail_reply[0] != 250:
                raise smtplib.SMTPSenderRefused(*mail_reply, mail.sender)
            if rcpt_reply[0] not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({mail.to: rcpt_reply})
            raise smtplib.SMTPDataError(*data_reply)
        if mail_reply[0] != 250 or rcpt_reply[0] not in (250, 251):
            # A server that opened DATA after refusing the envelope: drop the session (the next
            # message starts a new one) rather than send anything into it.
            smtp.close()  # no QUIT: inside DATA it would be read as the message
            self._smtp = None
            refused = mail_reply if mail_reply[0] != 250 else rcpt_reply
            raise smtplib.SMTPDataError(*refused)
        smtp.send(data)
        code, text = smtp.getreply()
        if code != 250:
            raise smtplib.SMTPDataError(code, text)

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        return f"SMTP {code}: {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"SMTP {exc.smtp_code}: {text}"
    return f"{type(exc).__name__}: {exc}"[:1000]
