"""The shared workflow engine: per-tenant, versioned approval chains that admins edit in the
browser, and the cases that move along them (promotion now; training and mentoring later)."""
from flask import Blueprint

bp = Blueprint("workflow", __name__)
