"""The page shell: hosts-independent routes (health), sign-in dispatch, dashboard, errors,
language switch, audit log."""
from flask import Blueprint

bp = Blueprint("core", __name__)
