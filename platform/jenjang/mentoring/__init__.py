"""Mentoring: programmes (cohorts) with eligibility rules, joining as mentor or mentee, matching
the whole cohort by competency (an assignment optimisation), publishing and declining, pair
goals, sessions with notes private to the pair, JP credit to the training ledger, at-risk pairs,
reflections and programme outcomes.

The notification kinds register on import (this does not import views)."""
from flask import Blueprint

bp = Blueprint("mentoring", __name__)

from jenjang.mentoring import kinds  # noqa: E402, F401  (register on import)
