"""What a step is and how a definition is validated (working days: workdays.py).

A step is a dict, stored as JSON in the version:
    {"key": "verifikasi", "name": "Verifikasi BKPSDM", "actor": "role:hr",
     "actions": ["approve", "reject", "return"], "sla_days": 5,
     "documents": [{"key": "sk_pangkat", "label": "SK pangkat terakhir"}],
     "checks": ["years_in_rank", "skp_two_years"]}
"""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

ACTIONS = ("approve", "reject", "return")
ACTION_LABELS = {"approve": _l("Setujui"), "reject": _l("Tolak"), "return": _l("Kembalikan untuk perbaikan"),
                 "start": _l("Diajukan"), "cancel": _l("Dibatalkan"), "escalate": _l("Dieskalasi"),
                 "reassign": _l("Dialihkan")}
ACTORS = {
    "role:hr": _l("Kepegawaian (HR)"),
    "role:committee": _l("Tim Penilai Kinerja"),
    "role:ppk": _l("PPK"),
    "role:admin": _l("Admin"),
    "relation:supervisor": _l("Atasan langsung pegawai"),
    "relation:unit_head": _l("Kepala unit pegawai"),
}
MAX_STEPS = 20
KEY_RE = re.compile(r"^[a-z0-9_]{1,60}$")


class DefinitionError(ValueError):
    """A definition that cannot be published; `messages` says why, one line each."""

    def __init__(self, messages: list):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = messages


def slugify(text: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", (text or "").lower()).strip("_")
    return key[:60] or "langkah"


def make_step(name: str, actor: str, actions=ACTIONS, sla_days: int = 5, documents=(), checks=(),
              key: str | None = None) -> dict:
    return {"key": key or slugify(name), "name": name, "actor": actor, "actions": list(actions),
            "sla_days": sla_days, "documents": [dict(d) for d in documents], "checks": list(checks)}


def parse_documents(text: str) -> list[dict]:
    """One document per line: `Label` or `key: Label`."""
    docs, seen = [], set()
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        key, sep, label = line.partition(":")
        if not sep or not KEY_RE.match(key.strip()):
            key, label = slugify(line), line
        key, label = key.strip(), label.strip()[:200]
        while key in seen:
            key = f"{key}_2"[:60]
        seen.add(key)
        docs.append({"key": key, "label": label})
    return docs


def documents_text(docs: list[dict]) -> str:
    return "\n".join(f"{d['key']}: {d['label']}" for d in docs)


def validate(steps: list[dict], known_checks: set[str]) -> list:
    """Messages describing what is wrong; empty when the steps can be published."""
    problems = []
    if not steps:
        problems.append(_l("Alur belum punya langkah. Tambahkan paling sedikit satu langkah."))
    if len(steps) > MAX_STEPS:
        problems.append(_l("Paling banyak %(n)s langkah.", n=MAX_STEPS))
    keys = set()
    for n, step in enumerate(steps, start=1):
        name = (step.get("name") or "").strip()
        if not name:
            problems.append(_l("Langkah %(n)s belum bernama.", n=n))
        if step.get("actor") not in ACTORS:
            problems.append(_l("Langkah %(n)s (%(name)s) belum punya pelaku. Pilih peran atau hubungan.",
                               n=n, name=name or "?"))
        actions = step.get("actions") or []
        if "approve" not in actions:
            problems.append(_l("Langkah %(n)s (%(name)s) harus mengizinkan persetujuan, kalau tidak kasus "
                               "tidak pernah bisa lewat.", n=n, name=name or "?"))
        if any(a not in ACTIONS for a in actions):
            problems.append(_l("Langkah %(n)s memuat tindakan yang tidak dikenal.", n=n))
        sla = step.get("sla_days")
        if not isinstance(sla, int) or not 0 <= sla <= 365:
            problems.append(_l("Batas waktu langkah %(n)s harus 0 sampai 365 hari kerja.", n=n))
        unknown = [c for c in step.get("checks") or [] if c not in known_checks]
        if unknown:
            problems.append(_l("Langkah %(n)s memakai pemeriksaan yang tidak dikenal: %(c)s", n=n,
                               c=", ".join(unknown)))
        if step.get("key") in keys:
            step["key"] = f"{step['key']}_{n}"
        keys.add(step.get("key"))
    return problems

