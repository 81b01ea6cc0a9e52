"""Promotion: kenaikan pangkat (reguler and pilihan) and positional moves (promosi jabatan,
rotasi, mutasi), each running through the tenant's workflow, with an eligibility checklist that
shows why someone is or is not eligible."""
from flask import Blueprint

bp = Blueprint("promotion", __name__)

from jenjang.promotion import rules as _rules  # noqa: E402,F401  (registers the eligibility rules)
