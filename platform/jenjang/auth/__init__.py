"""Users, roles, sign-in and sign-out, sessions, password reset and invitations."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
