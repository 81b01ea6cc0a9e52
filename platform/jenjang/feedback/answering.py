"""A rater answering a form: autosave (drafts tied to the assignment, so they can resume), and
submission, which folds the drafts into anonymous rows and deletes them (see models.py).

Concurrency: every write starts with one conditional UPDATE of the assignment row
(`… WHERE submitted_at IS NULL`), which takes the row lock and checks the form is still open in
the same statement. Two submissions posted at once: the second waits for the first's lock, then
finds `submitted_at` set and matches no row, so exactly one submission is stored. An autosave
racing a submission either lands before it (and is part of it) or is refused after it.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.feedback.models import (
    SCALE,
    FeedbackAssignment,
    FeedbackComment,
    FeedbackCycle,
    FeedbackDraftAnswer,
    FeedbackItem,
    FeedbackRating,
)
from jenjang.feedback.operations.common import FeedbackError
from jenjang.tenancy.context import require_tenant_id

CANNOT_JUDGE = "0"
COMMENT_MAX = 4000


def closed_reason(cycle: FeedbackCycle, assignment: FeedbackAssignment, today: dt.date | None = None) -> str | None:
    """Why this form can no longer be answered (None: it can)."""
    today = today or clock.today()
    if assignment.submitted_at is not None:
        return _("Formulir ini sudah dikirim dan tidak dapat diubah lagi.")
    if cycle.is_closed:
        return _("Siklus ini sudah ditutup: jawaban tidak dapat diisi lagi.")
    if not cycle.is_open:
        return _("Siklus ini belum dibuka.")
    if today > cycle.deadline:
        return _("Batas waktu pengisian (%(d)s) sudah lewat: jawaban tidak dapat disimpan lagi. "
                 "Hubungi BKPSDM bila batas waktunya perlu diperpanjang.", d=cycle.deadline.isoformat())
    return None


def _lock_open(cycle: FeedbackCycle, assignment: FeedbackAssignment, *, submit: bool = False) -> None:
    reason = closed_reason(cycle, assignment)
    if reason:
        raise FeedbackError(reason)
    now = clock.now()
    values = {"submitted_at": now} if submit else {}
    values["started_at"] = sa.func.coalesce(FeedbackAssignment.started_at, now)
    hit = db.session.execute(sa.update(FeedbackAssignment).where(
        FeedbackAssignment.id == assignment.id, FeedbackAssignment.submitted_at.is_(None))
        .values(**values).returning(FeedbackAssignment.id).execution_options(synchronize_session=False)).first()
    if hit is None:
        raise FeedbackError(_("Formulir ini sudah dikirim dan tidak dapat diubah lagi."))


def item_id_of(key: str) -> int | None:
    """The item id an ``item-<id>`` form field names (None: the field is not an answer)."""
    if not key.startswith("item-"):
        return None
    try:
        return int(key[5:])
    except ValueError:
        return None


def parse_answers(form, item_kinds: dict[int, str]) -> dict[int, tuple[int | None, str | None]]:
    """Read `item-<id>` fields: a score 1–5, 0 for "cannot judge", or the text of an open answer.
    `item_kinds` maps the ids of the form's items to their kind ("scale" or "open")."""
    out: dict[int, tuple[int | None, str | None]] = {}
    for key in form:
        item_id = item_id_of(key)
        if item_id is None:
            continue
        kind = item_kinds.get(item_id)
        if kind is None:
            raise FeedbackError(_("Pertanyaan ini bukan bagian dari formulir Anda."))
        raw = (form.get(key) or "").strip()
        if kind == "open":
            out[item_id] = (None, raw[:COMMENT_MAX] or None)
            continue
        if raw == "":
            continue
        if raw == CANNOT_JUDGE:
            out[item_id] = (None, None)
            continue
        try:
            score = int(raw)
        except ValueError:
            score = -1
        if score not in SCALE or raw != str(score):
            raise FeedbackError(_("Nilai %(v)s di luar skala: pilih 1 sampai 5, atau \"tidak dapat menilai\".",
                                  v=raw[:10]))
        out[item_id] = (score, None)
    return out


# The autosave in one statement (an autosave is on the rater's critical path): the conditional
# UPDATE of `_lock_open` (row lock + "still open" check) in a CTE feeds the upsert, so nothing is
# written unless the form was still open when its row was locked, and no row back means it was not.
# Constant SQL with array parameters, so it is compiled once and prepared by the driver; the tenant
# is explicit in both halves (and row-level security applies as everywhere).
_SAVE_DRAFTS = sa.text(f"""
    WITH lock AS (
        UPDATE {FeedbackAssignment.__tablename__} SET started_at = coalesce(started_at, CAST(:now AS timestamptz))
        WHERE tenant_id = :t AND id = :a AND submitted_at IS NULL
        RETURNING tenant_id, id)
    INSERT INTO {FeedbackDraftAnswer.__tablename__} AS d (tenant_id, assignment_id, item_id, score, comment)
    SELECT lock.tenant_id, lock.id, given.item_id, given.score, given.comment
    FROM lock, unnest(CAST(:items AS bigint[]), CAST(:scores AS smallint[]), CAST(:comments AS text[]))
         AS given(item_id, score, comment)
    ON CONFLICT (tenant_id, assignment_id, item_id)
    DO UPDATE SET score = excluded.score, comment = excluded.comment
    RETURNING d.item_id""")


def save_answers(cycle: FeedbackCycle, assignment: FeedbackAssignment, answers: dict) -> int:
    """Upsert drafts (one statement, see _SAVE_DRAFTS). Raises FeedbackError when the form is no
    longer open."""
    if not answers:
        _lock_open(cycle, assignment)
        return 0
    reason = closed_reason(cycle, assignment)
    if reason:
        raise FeedbackError(reason)
    item_ids = list(answers)
    saved = db.session.execute(_SAVE_DRAFTS, {
        "t": require_tenant_id(), "a": assignment.id, "items": item_ids, "now": clock.now(),
        "scores": [answers[i][0] for i in item_ids], "comments": [answers[i][1] for i in item_ids]}).all()
    if not saved:
        raise FeedbackError(_("Formulir ini sudah dikirim dan tidak dapat diubah lagi."))
    return len(saved)


def unanswered(cycle: FeedbackCycle, assignment: FeedbackAssignment) -> int:
    """Scale items with neither a score nor "cannot judge"."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackItem).where(
        FeedbackItem.cycle_id == cycle.id, FeedbackItem.kind == "scale",
        ~sa.exists().where(FeedbackDraftAnswer.assignment_id == assignment.id,
                           FeedbackDraftAnswer.item_id == FeedbackItem.id)))


def submit(cycle: FeedbackCycle, assignment: FeedbackAssignment) -> None:
    missing = unanswered(cycle, assignment)
    if missing and assignment.submitted_at is None:
        reason = closed_reason(cycle, assignment)
        if reason:
            raise FeedbackError(reason)
        raise FeedbackError(_("Masih ada %(n)s pernyataan yang belum dijawab. Pilih nilai atau \"tidak dapat "
                              "menilai\" untuk setiap pernyataan.", n=missing))
    _lock_open(cycle, assignment, submit=True)
    params = {"t": require_tenant_id(), "a": assignment.id, "c": cycle.id, "s": assignment.subject_employee_id,
              "r": assignment.relation}
    # Fold the drafts into rows that name no rater; random ids (see models.random_id). The tenant is
    # explicit in the reads (and row-level security applies as everywhere).
    db.session.execute(sa.text(f"""
        INSERT INTO {FeedbackRating.__tablename__}
            (tenant_id, id, cycle_id, subject_employee_id, relation, competency_id, score_sum, score_count)
        SELECT :t, (random() * 4611686018427387903)::bigint + 1, :c, :s, :r, i.competency_id, sum(d.score),
               count(d.score)
        FROM feedback_draft_answers d
        JOIN feedback_items i ON i.tenant_id = d.tenant_id AND i.id = d.item_id
        WHERE d.tenant_id = :t AND d.assignment_id = :a AND i.kind = 'scale'
        GROUP BY i.competency_id
        HAVING count(d.score) > 0"""), params)
    db.session.execute(sa.text(f"""
        INSERT INTO {FeedbackComment.__tablename__} (tenant_id, id, cycle_id, subject_employee_id, relation, item_id, body)
        SELECT :t, (random() * 4611686018427387903)::bigint + 1, :c, :s, :r, d.item_id, d.comment
        FROM feedback_draft_answers d
        JOIN feedback_items i ON i.tenant_id = d.tenant_id AND i.id = d.item_id
        WHERE d.tenant_id = :t AND d.assignment_id = :a AND i.kind = 'open' AND coalesce(btrim(d.comment), '') <> ''"""), params)
    db.session.execute(sa.delete(FeedbackDraftAnswer).where(FeedbackDraftAnswer.assignment_id == assignment.id)
                       .execution_options(synchronize_session=False))
    db.session.expire(assignment)
