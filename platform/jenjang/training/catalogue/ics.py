"""An iCalendar (RFC 5545) file for one session, to add it to one's calendar."""
from __future__ import annotations

import datetime as dt

from jenjang.core import clock
from jenjang.training.models import Programme, TrainingSession


def _escape(text: str) -> str:
    return (text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "") \
        .replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (continuation lines start with a space)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += b
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def session_calendar(session: TrainingSession, programme: Programme, *, host: str,
                     now: dt.datetime | None = None) -> str:
    now = now or clock.now()
    where = session.place or ""
    description = programme.description or ""
    if session.online_url:
        description = f"{description}\n{session.online_url}".strip()
        where = where or session.online_url
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Jenjang//Pelatihan//ID", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:training-session-{session.id}@{host.split(':')[0]}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"SUMMARY:{_escape(f'{programme.title} — {session.name}')}",
        f"LOCATION:{_escape(where)}",
        f"DESCRIPTION:{_escape(description)}",
        "STATUS:" + ("CANCELLED" if session.status == "cancelled" else "CONFIRMED"),
    ]
    if session.online_url:
        lines.append(f"URL:{session.online_url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
