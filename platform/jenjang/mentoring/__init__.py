"""Mentoring: programmes (cohorts) with eligibility rules, joining as mentor or mentee, matching
the whole cohort by competency (an assignment optimisation), publishing and declining, pair
goals, sessions with notes private to the pair, JP credit to the training ledger, at-risk pairs,
reflections and programme outcomes.

It owns programmes, participants, pairs, goals, sessions, flags and reflections (models.py,
templates/mentoring/). Its shape: ``operations/`` (programmes, pairing, sessions, reminders),
``matching.py`` and ``cohort.py`` (the assignment optimisation and the cohort's profiles),
``queries.py``, ``permissions.py``, ``labels.py``, ``kinds.py``, ``views/``. It may import:
``core``, ``extensions``, ``tenancy``, ``auth``, ``people.api``, ``notifications.api``, competency
(levels, the 9-box, its permission on potential) and training (``training.ledger`` to credit
and sum JP, ``training.api`` for the conversion settings); nothing imports it but the app factory.

The notification kinds register on import (this does not import views)."""
from flask import Blueprint

bp = Blueprint("mentoring", __name__)

from jenjang.mentoring import kinds  # noqa: E402, F401  (register on import)
