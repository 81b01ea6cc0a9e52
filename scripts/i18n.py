"""Translation upkeep. Source strings are Indonesian (the product's first language); the English
catalog is platform/jenjang/translations/en/LC_MESSAGES/messages.po.

    python scripts/i18n.py extract          # refresh messages.pot and merge it into the catalog
    python scripts/i18n.py add FILE.tsv     # add translations: msgid<TAB>msgstr per line
    python scripts/i18n.py missing          # list msgids with no English yet (exit 1 if any)
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "platform" / "jenjang" / "translations"
POT = TRANSLATIONS / "messages.pot"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
BIN = Path(sys.executable).parent


def extract() -> None:
    subprocess.run([str(BIN / "pybabel"), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
                    "--no-location", "--sort-output", "--project", "Jenjang", "-o", str(POT), "."],
                   cwd=ROOT, check=True)
    if PO.exists():
        subprocess.run([str(BIN / "pybabel"), "update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", "en",
                        "--no-fuzzy-matching", "--ignore-obsolete"], cwd=ROOT, check=True)
    else:
        subprocess.run([str(BIN / "pybabel"), "init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", "en"],
                       cwd=ROOT, check=True)


def missing() -> list[str]:
    with POT.open("rb") as f:
        template = read_po(f)
    with PO.open("rb") as f:
        catalog = read_po(f)
    out = []
    for msg in template:
        if not msg.id:
            continue
        have = catalog.get(msg.id)
        text = have.string if have else None
        if isinstance(text, tuple | list):
            text = all(text)
        if not text or (have and have.fuzzy):
            out.append(msg.id if isinstance(msg.id, str) else msg.id[0])
    return out


def add(tsv: Path) -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    for line in tsv.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        msgid, _, msgstr = line.partition("\t")
        msg = catalog.get(msgid)
        if msg is None:
            print(f"not in catalog (run extract first?): {msgid!r}", file=sys.stderr)
            continue
        msg.string = msgstr
        msg.flags.discard("fuzzy")
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=True)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if cmd == "extract":
        extract()
    elif cmd == "add":
        add(Path(sys.argv[2]))
    elif cmd == "missing":
        gaps = missing()
        for g in gaps:
            print(g)
        sys.exit(1 if gaps else 0)
