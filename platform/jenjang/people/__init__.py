"""People and organisation: units (OPD), positions, ranks, employees, reporting lines,
import/export. Routes are in views.py, org_views.py and import_views.py."""
from flask import Blueprint

bp = Blueprint("people", __name__)
