"""Every training route registers on import of this module (the parts live in views_*.py)."""
from jenjang.training import (  # noqa: F401
    views_catalogue,
    views_delivery,
    views_enrolment,
    views_external,
    views_ledger,
)
