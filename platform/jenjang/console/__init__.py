"""The platform operator's console on console.<BASE_DOMAIN>: tenants, usage, queues."""
from flask import Blueprint

bp = Blueprint("console", __name__)
