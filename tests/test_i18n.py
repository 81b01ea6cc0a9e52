"""Every user-facing string has its English translation (Indonesian is the source language)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "platform/jenjang/translations/en/LC_MESSAGES/messages.po"


def test_every_message_in_the_code_has_an_english_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."], cwd=ROOT, check=True,
                   capture_output=True)
    with pot.open("rb") as f:
        template = read_po(f)
    with PO.open("rb") as f:
        catalog = read_po(f)
    missing = [m.id for m in template if m.id and not (catalog.get(m.id) and catalog.get(m.id).string)]
    assert not missing, "run `python scripts/i18n.py extract` and translate:\n" + "\n".join(map(str, missing))
