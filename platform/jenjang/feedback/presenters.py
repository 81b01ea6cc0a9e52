"""Turning the 360 reads into what the rater's form shows: the questionnaire with the rater's
drafts, the step on a phone, who sees the answers (the anonymity rule of feedback/__init__.py,
said to the rater) and the scale's words. Used by the form itself and by HR's preview."""
from __future__ import annotations

from jenjang.feedback import answering, labels, queries
from jenjang.feedback.models import FeedbackAssignment, FeedbackCycle


def _visibility_key(cycle: FeedbackCycle, assignment: FeedbackAssignment | None, relation: str) -> str:
    """A supervisor rater is named only as the subject's one supervisor rater (feedback/__init__.py)."""
    if relation != "supervisor" or assignment is None:
        return relation
    return "supervisor" if queries.supervisor_rater_count(cycle, assignment.subject_employee_id) <= 1 \
        else "supervisor_group"


def form_context(cycle: FeedbackCycle, assignment: FeedbackAssignment | None, relation: str, subject_name: str,
                 *, step: int | None = None, show_all: bool = False, review: bool = False) -> dict:
    sections, drafts = queries.questionnaire(cycle, assignment)
    total = sum(len(s.items) for s in sections if s.competency is not None)
    answered = sum(1 for s in sections if s.competency is not None for i in s.items if i.id in drafts)
    last = len(sections)  # the review/submit screen
    if review:
        step = last
    if step is None or step < 0 or step > last:
        step = 0
    return {"cycle": cycle, "assignment": assignment, "relation": relation, "subject_name": subject_name,
            "sections": sections, "drafts": drafts, "step": step, "last_step": last, "show_all": show_all,
            "total": total, "answered": answered,
            "visibility": labels.VISIBILITY[_visibility_key(cycle, assignment, relation)]
            % {"k": cycle.anonymity_threshold},
            "closed_reason": answering.closed_reason(cycle, assignment) if assignment else None,
            "scale": {n: str(word) for n, word in labels.SCALE_LABELS.items()}}  # translated once, not per item
