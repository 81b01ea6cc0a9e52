"""The platform operator's console on console.<BASE_DOMAIN>: tenants, usage, queues, the tenant
lifecycle pages; operators and their sessions (`models`, `sessions`), and the tenant manifest
applied by `flask tenants apply` (`manifest`).

Layer 8 (README, "Layers"): imports everything below it (up to `notifications`), never a domain
module. `views` is the top of the stack."""
from flask import Blueprint

bp = Blueprint("console", __name__)
