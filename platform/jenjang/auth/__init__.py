"""Users, roles, sign-in and sign-out, sessions, password reset and invitations, and the named
permissions every module's views ask (`permissions`).

Layer 5 (README, "Layers"): imports `config`, `extensions`, `core`, `tenancy`, `jobs`. Never
people (a sign-in by NIP reads the employees table by name) nor console (the console registers its
operators' sessions with `sessions.register_site`). `views` is the top of the stack."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
