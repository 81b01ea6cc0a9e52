"""Enrolment: an employee's seat or waitlist place in a session (self-enrolment, or nominated by a
supervisor or HR), its approval through the tenant's workflow (workflow.py: the engine's handler),
cancellation, the waitlist moving up when a seat frees, "my training" and a supervisor's team.

queries.py reads, operations.py writes (flush, never commit); kinds.py registers the notification
kinds and, through workflow.py, the handler.

May import: the training root (models, labels, permissions, pages, queries, settings), the workflow
engine, people's public API, competency (prerequisite levels), core, notifications' API; its views
also read the catalogue's search (suggestions on "my training"). Not delivery, external or ledger.
"""
