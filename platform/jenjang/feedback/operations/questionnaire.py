"""The questionnaire of a draft cycle: competencies (their behavioural indicators at one level
become scale items), open questions, and the default questionnaire."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.competency import national
from jenjang.competency.models import Competency, CompetencyLevel
from jenjang.extensions import db
from jenjang.feedback.models import FeedbackCycle, FeedbackItem
from jenjang.feedback.operations.common import FeedbackError, require_draft

# --- the questionnaire -----------------------------------------------------------------------

def _indicators(comp: Competency, level: int) -> list[tuple[str, str | None]]:
    """(Indonesian, English) behavioural indicators of one level of a competency."""
    if comp.is_national and comp.code in national.BY_CODE:
        lv = national.BY_CODE[comp.code].levels[level]
        return list(zip(lv.indicators["id"], lv.indicators["en"], strict=False)) or \
            [(lv.description["id"], lv.description["en"])]
    row = db.session.scalar(sa.select(CompetencyLevel).where(CompetencyLevel.competency_id == comp.id,
                                                             CompetencyLevel.level == level))
    if row is None:
        return []
    ids = [line.strip() for line in (row.indicators or "").splitlines() if line.strip()]
    ens = [line.strip() for line in (row.indicators_en or "").splitlines() if line.strip()]
    if not ids:
        return [(row.description, row.description_en)]
    return [(text, ens[i] if i < len(ens) else None) for i, text in enumerate(ids)]


def _next_position(cycle: FeedbackCycle) -> int:
    return (db.session.scalar(sa.select(sa.func.max(FeedbackItem.position)).where(
        FeedbackItem.cycle_id == cycle.id)) or 0) + 10


def add_competency(cycle: FeedbackCycle, competency_id: int | None, level) -> list[FeedbackItem]:
    """The behavioural indicators of `level` become scale items (replacing that competency's items)."""
    require_draft(cycle)
    comp = db.session.scalar(sa.select(Competency).where(Competency.id == competency_id)) \
        if competency_id else None
    if comp is None or comp.is_retired:
        raise FeedbackError(_("Pilih kompetensi yang masih berlaku."), "competency_id")
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if not 1 <= level <= 5:
        raise FeedbackError(_("Level harus angka 1 sampai 5."), "level")
    lines = _indicators(comp, level)
    if not lines:
        raise FeedbackError(_("Kompetensi %(code)s belum punya indikator perilaku untuk level %(level)s: "
                              "lengkapi kamus kompetensi atau pilih level lain.", code=comp.code, level=level), "level")
    existing = db.session.scalars(sa.select(FeedbackItem).where(FeedbackItem.cycle_id == cycle.id,
                                                                FeedbackItem.competency_id == comp.id)).all()
    position = min((i.position for i in existing), default=None) or _next_position(cycle)
    for item in existing:
        db.session.delete(item)
    db.session.flush()
    items = [FeedbackItem(cycle_id=cycle.id, kind="scale", competency_id=comp.id, level=level, text=text,
                          text_en=text_en, position=position) for text, text_en in lines]
    db.session.add_all(items)
    db.session.flush()
    return items


def add_open_question(cycle: FeedbackCycle, text: str | None, text_en: str | None = None) -> FeedbackItem:
    require_draft(cycle)
    text = (text or "").strip()
    if not text:
        raise FeedbackError(_("Tulis pertanyaannya."), "text")
    item = FeedbackItem(cycle_id=cycle.id, kind="open", text=text[:1000],
                        text_en=(text_en or "").strip()[:1000] or None, position=_next_position(cycle) + 100000)
    db.session.add(item)
    db.session.flush()
    return item


def remove_item(cycle: FeedbackCycle, item: FeedbackItem) -> None:
    require_draft(cycle)
    db.session.delete(item)
    db.session.flush()


def default_questionnaire(cycle: FeedbackCycle, level: int = 2) -> int:
    """The eight managerial competencies and SK.01 at one level, and two open questions."""
    comps = db.session.scalars(sa.select(Competency).where(Competency.is_national.is_(True),
                                                           Competency.retired_at.is_(None))
                               .order_by(Competency.sort_order)).all()
    for comp in comps:
        add_competency(cycle, comp.id, level)
    add_open_question(cycle, "Apa yang paling baik dari cara kerja rekan ini dan perlu dipertahankan?",
                      "What is best in how this colleague works, and should be kept?")
    add_open_question(cycle, "Apa satu hal yang paling perlu ia kembangkan?",
                      "What one thing should they develop most?")
    return len(comps)
