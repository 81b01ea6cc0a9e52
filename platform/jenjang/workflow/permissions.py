"""Who may edit workflow definitions."""
from jenjang.auth.permissions import can_administer_tenant


def can_edit_workflows(user) -> bool:
    return can_administer_tenant(user)
