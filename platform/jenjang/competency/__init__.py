"""Competency mapping: the competency dictionary, position standards, assessments, gaps and JPM,
heatmaps, the 9-box talent pool and succession, development plans and career opportunities.

The JPM rule for the promotion eligibility engine and the notification kinds register on import
(neither imports views)."""
from flask import Blueprint

bp = Blueprint("competency", __name__)

from jenjang.competency import kinds, rules  # noqa: E402, F401  (register on import)
