"""Training: the programme catalogue, sessions, enrolment with capacity, waitlists and approval,
attendance and completion, certificates, external training, the 20-JP ledger and compliance,
evaluation, budget, and the link from competency gaps to programmes.

Notification kinds and the promotion eligibility rule register on import (neither imports views)."""
from flask import Blueprint

bp = Blueprint("training", __name__)

from jenjang.training import kinds_delivery, kinds_enrolment, kinds_ledger, rules  # noqa: E402, F401
