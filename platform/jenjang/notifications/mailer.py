"""Sending email over SMTP, one connection for a whole chunk of messages.

SMTP_URL: `smtp://host:port` (plain, the development sink), `smtp://user:pass@host:587?starttls=1`,
or `smtps://user:pass@host:465` (TLS from the start).
"""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email import charset as email_charset
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate
from urllib.parse import parse_qs, unquote, urlsplit

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


@dataclass(frozen=True)
class OutgoingMail:
    sender: str
    to: str
    data: bytes


def build_message(*, sender_name: str, sender_address: str, to: str, subject: str, body: str,
                  message_id: str, headers: dict | None = None) -> OutgoingMail:
    # email.mime with the compat32 policy: several times faster than EmailMessage, which counts
    # when a fan-out renders twenty thousand messages.
    msg = MIMEText(body, "plain", UTF8)
    msg["From"] = formataddr((sender_name, sender_address), charset="utf-8")
    msg["To"] = to
    msg["Subject"] = Header(subject, UTF8)
    msg["Date"] = formatdate(localtime=False)
    # Stable per notification: a mail system that sees the same message twice can tell.
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        msg[name] = value
    return OutgoingMail(sender_address, to, msg.as_bytes())


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
        return smtp

    def send(self, mail: OutgoingMail) -> None:
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.sendmail(mail.sender, [mail.to], mail.data)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise SendError(_describe(exc), connection=False) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise SendError(_describe(exc), connection=True) from exc

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
