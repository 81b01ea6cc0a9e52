"""Who may edit workflow definitions, reassign steps and keep the holiday calendar."""
from jenjang.auth.permissions import _has, can_administer_tenant


def can_edit_workflows(user) -> bool:
    return can_administer_tenant(user)


def can_reassign(user) -> bool:
    """HR or an admin may give any open step to a named person."""
    return _has(user, "hr") or _has(user, "admin")


def can_manage_holidays(user) -> bool:
    """The BKPSDM keeps the region's holiday calendar: HR and admins."""
    return _has(user, "hr") or _has(user, "admin")
