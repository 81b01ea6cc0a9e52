"""The mentoring pages. Each file registers its routes on the module's blueprint when imported:
``programmes`` (the list, a programme, joining, HR's participants, matching, outcomes) and
``pairs`` (a pair's goals, sessions, flags, reflections and declining). They import the blueprint
from ``jenjang.mentoring``, never from each other; what both use lives in ``labels.py`` and
``queries.py``.

This file adds the navigation and the dashboard cards."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.core.nav import NavItem, registry
from jenjang.mentoring import queries
from jenjang.mentoring.labels import PAIR_STATUS_LABELS
from jenjang.mentoring.permissions import can_manage_mentoring, can_see_mentoring_menu

registry.add_nav(NavItem("mentoring.index", _l("Mentoring"), can_see_mentoring_menu, order=45,
                         match_prefix="/mentoring"))


def _has_employee(user) -> bool:
    return bool(user and user.is_authenticated and not getattr(user, "is_operator", False)
                and user.employee_id is not None)


def _my_pairs_card(user) -> dict:
    return {"rows": queries.pairs_of(user.employee_id, statuses=("published",)), "labels": PAIR_STATUS_LABELS}


def _hr_card(user) -> dict:
    return queries.card_for_hr()


registry.add_card(35, "mentoring/card_mine.html", _has_employee, _my_pairs_card)
registry.add_card(36, "mentoring/card_hr.html", can_manage_mentoring, _hr_card)

from jenjang.mentoring.views import pairs, programmes  # noqa: E402, F401  (routes register on import)
