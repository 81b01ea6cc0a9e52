"""Competency mapping: the competency dictionary, position standards, assessments, gaps and JPM,
heatmaps, the 9-box talent pool and succession, development plans and career opportunities.

It owns competencies and their levels, standards, assessments, potential scores, development
plans and goals, succession flags and the region's rules (models.py, templates/competency/). Its
shape: ``operations.py``, ``plans.py``, ``importing.py``, ``queries.py``, ``standards.py`` (the
standards grid's reads), ``talent.py``, ``presenters.py``, ``charts.py`` (drawn with
``core/charts.py``), ``exports.py``, ``settings.py``, ``permissions.py``, ``labels.py``,
``kinds.py``, ``rules.py``, ``views/``. It may import: ``core``,
``extensions``, ``tenancy``, ``auth``, ``people.api`` (with its spreadsheet group, people's streaming
reader, ``people.labels``), ``notifications.api``, ``eligibility`` and ``training.api`` (courses
for gaps). Training, the 360 evaluation, mentoring and promotion read it through its queries.

The JPM rule for the promotion eligibility engine and the notification kinds register on import
(neither imports views)."""
from flask import Blueprint

bp = Blueprint("competency", __name__)

from jenjang.competency import kinds, rules  # noqa: E402, F401  (register on import)
