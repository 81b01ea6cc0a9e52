"""What every training page shares: the nav entry, the template helpers (labels, permissions,
money, JP and local time formats), and the signed-in employee. Each sub-package's views import
this module, so the helpers are registered once whichever page is loaded."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import current_app, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from jenjang.core import clock
from jenjang.core.nav import NavItem, registry
from jenjang.people.api import POSITION_KIND_LABELS, PPPK_GRADES, RANKS, Employee
from jenjang.training import bp, labels
from jenjang.training import permissions as perm
from jenjang.training.models import SIASN_KINDS
from jenjang.training.queries import employee

registry.add_nav(NavItem("training.catalogue", _l("Pelatihan"), perm.can_browse, order=220,
                         match_prefix="/training"))


@bp.app_context_processor
def _training_context():
    return {"tlabels": labels, "train_perm": perm, "siasn_kinds": SIASN_KINDS, "rupiah": rupiah, "jp_fmt": jp_fmt,
            "local_dt": local_dt, "rank_label": rank_label, "position_kind_labels": POSITION_KIND_LABELS,
            "grade_codes": PPPK_GRADES}


@bp.app_template_global("training_has_endpoint")
def training_has_endpoint(name: str) -> bool:
    return name in current_app.view_functions


@bp.app_template_global("training_leads_team")
def training_leads_team() -> bool:
    """The signed-in employee supervises someone (cached for the request)."""
    if "training_leads_team" not in g:
        g.training_leads_team = perm.leads_team(current_user)
    return g.training_leads_team


def rank_label(rank_id: int | None) -> str:
    if not rank_id or not 1 <= rank_id <= len(RANKS):
        return "—"
    return f"{RANKS[rank_id - 1][0]} ({RANKS[rank_id - 1][1]})"


def rupiah(value) -> str:
    if value is None:
        return "—"
    return "Rp " + f"{Decimal(value):,.0f}".replace(",", ".")


def jp_fmt(value) -> str:
    return labels.decimal_comma(value, empty="—")


def local_dt(value: dt.datetime | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    if value is None:
        return "—"
    return value.astimezone(clock.tenant_zone()).strftime(fmt)


def me_employee() -> Employee | None:
    """The signed-in user's employee record (None for an account without one)."""
    if not perm.is_employee(current_user):
        return None
    return employee(current_user.employee_id)
