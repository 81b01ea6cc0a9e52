"""Delivery: running a session and what follows it — attendance per day (attendance.py),
completion with the score and the JP credit (completion.py), certificates with their public
verification (certificates.py), the post-training survey of Kirkpatrick levels 1 and 3 (survey.py),
and the yearly budget (budget.py). The pages are in views/, one file per sub-feature.

May import: the training root (models, settings, permissions), training.ledger (to credit and
revoke JP), people's public API, core, notifications' API. Not catalogue, enrolment or external.
"""
