"""People and organisation: units (OPD), positions, ranks, employees, reporting lines, the SKP
ratings, the import (``imports/``) and export of them, and the demo organisation (``demo/``).

Other modules read people through ``people.api`` only. People may import ``core``, ``extensions``,
``tenancy`` and ``auth`` (accounts for employees), and ``notifications.api`` to announce; no other
domain module. Routes live in the ``views`` package (one module per sub-feature)."""
from flask import Blueprint

bp = Blueprint("people", __name__)
