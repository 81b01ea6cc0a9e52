"""Promotion: kenaikan pangkat (reguler and pilihan) and positional moves (promosi jabatan,
rotasi, mutasi), each running through the tenant's workflow, with an eligibility checklist that
shows why someone is or is not eligible.

Owns: promotion cases, the tenant's promotion settings, disciplinary sanctions and diploma
adjustment exams (models.py), the eligibility rules it registers (rules.py), the candidates list,
the SK draft and the promotion pages. Reads in queries.py and candidates.py, writes in
operations.py (flush, never commit), who may do what in permissions.py.

It may import core, auth, tenancy, eligibility, ``jenjang.people.api`` (and people's operations
to record an approved rank or position change) and ``jenjang.workflow.api``.
"""
from flask import Blueprint

bp = Blueprint("promotion", __name__)

from jenjang.promotion import rules as _rules  # noqa: E402,F401  (registers the eligibility rules)
