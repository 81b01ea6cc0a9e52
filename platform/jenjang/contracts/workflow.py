"""Renewal's side of the workflow engine (registered on import): approval creates the new contract
and its letter; rejection or cancellation leaves the old contract to end; who may view a case."""
from __future__ import annotations

from jenjang.contracts import documents, operations, queries
from jenjang.contracts import permissions as perm
from jenjang.workflow import api as workflow


def _on_closed(wcase, outcome: str) -> None:
    renewal = queries.renewal_of_case(wcase.id)
    if renewal is None or not renewal.is_open:
        return
    if outcome == "approved":
        new = operations.renew(renewal)
        documents.store_letter(renewal, new)
    operations.close_renewal(renewal, outcome)


def _can_view(user, wcase) -> bool:
    renewal = queries.renewal_of_case(wcase.id)
    return renewal is not None and perm.can_view_renewal(user, renewal)


workflow.register_handler(workflow.SubjectHandler(
    subject_type=operations.SUBJECT_TYPE,
    link=lambda wcase: ("contracts.renewal_detail", {"renewal_id": wcase.subject_id}),
    on_closed=_on_closed,
    can_view=_can_view,
))
