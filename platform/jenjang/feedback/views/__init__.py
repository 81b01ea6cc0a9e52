"""The 360 pages. Each file registers its routes on the module's blueprint when imported:
``cycles`` (HR's setup: settings, questionnaire, preview, assignments, launch, progress, deadline,
closing), ``rater`` (the rater's forms with autosave, and peer nominations) and ``reports``
(reports, my reports, conversion to competency assessments). They import the blueprint from
``jenjang.feedback``, never from each other; what two of them share lives in ``presenters.py``
or ``queries.py``.

This file adds the navigation, the dashboard card and the template helpers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.core.nav import NavItem, registry
from jenjang.feedback import bp, labels, queries
from jenjang.feedback import permissions as perm


@bp.context_processor
def _feedback_context():
    return {"fb_perm": _Perm(), "fb_labels": labels, "item_text": queries.item_text}


class _Perm:
    def __getattr__(self, name):
        return perm.TEMPLATE_CHECKS[name]


def _forms_card(user) -> dict:
    rows = queries.my_forms(user.employee_id)
    return {"pending": sum(1 for r in rows if r[0].submitted_at is None), "total": len(rows)}


registry.add_nav(NavItem("feedback.my_forms", _l("Umpan balik 360"), perm.has_own_forms, order=220,
                         match_prefix="/360/forms"))
registry.add_nav(NavItem("feedback.cycles", _l("Siklus 360"), perm.can_manage_feedback, order=225,
                         match_prefix="/360/cycles"))
registry.add_card(220, "feedback/card_forms.html", perm.has_own_forms, _forms_card)

from jenjang.feedback.views import cycles, rater, reports  # noqa: E402, F401  (routes register on import)
