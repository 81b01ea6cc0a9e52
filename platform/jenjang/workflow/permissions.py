"""Who may edit workflow definitions, see and work on a case, reassign steps and keep the
holiday calendar."""
from jenjang.auth.permissions import _has, can_administer_tenant
from jenjang.workflow.actors import can_act
from jenjang.workflow.handlers import HANDLERS


def can_edit_workflows(user, definition=None) -> bool:
    """Tenant admins edit every definition (`definition` is the one a page shows, if any)."""
    return can_administer_tenant(user)


def can_view_case(user, case) -> bool:
    """The module the case belongs to decides who sees it (its handler's `can_view`)."""
    handler = HANDLERS.get(case.subject_type)
    return handler is not None and handler.can_view(user, case)


def can_work_on_any_case(user) -> bool:
    """HR attaches documents and re-runs the checks of any case it sees."""
    return _has(user, "hr")


def can_work_on(user, case) -> bool:
    """Attach documents and re-run the checks: HR, or the step's actor."""
    return can_work_on_any_case(user) or can_act(user, case)


def can_reassign(user, case=None) -> bool:
    """HR or an admin may give any open step to a named person."""
    return _has(user, "hr") or _has(user, "admin")


def can_manage_holidays(user, holiday=None) -> bool:
    """The BKPSDM keeps the region's holiday calendar: HR and admins."""
    return _has(user, "hr") or _has(user, "admin")
