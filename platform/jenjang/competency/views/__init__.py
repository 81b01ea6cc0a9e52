"""The competency pages. Each file registers its routes on the module's blueprint when imported:
``dictionary`` (the dictionary and the rules), ``standards`` (the standards grid), ``people``
(employees, gaps, assessments, potential, the import), ``career`` (career opportunities),
``talent`` (analysis, the 9-box, the talent pool, succession) and ``plans`` (my development and
the supervisor's review). They import the blueprint from ``jenjang.competency``, never from each
other; what two of them share lives in ``presenters.py`` or ``queries.py``.

This file adds the navigation, the dashboard cards and the template helpers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.competency import bp, labels, queries
from jenjang.competency import permissions as perm
from jenjang.competency.jpm import CATEGORY_LABELS
from jenjang.competency.presenters import comp_name, fmt_percent
from jenjang.competency.settings import load_rules
from jenjang.core.nav import NavItem, registry
from jenjang.extensions import db
from jenjang.people.api import POSITION_KIND_LABELS, Employee


@bp.context_processor
def _competency_context():
    return {"comp_perm": _Perm(), "clabels": labels, "category_labels": CATEGORY_LABELS, "comp_name": comp_name,
            "fmt_percent": fmt_percent, "kind_labels": POSITION_KIND_LABELS}


class _Perm:
    def __getattr__(self, name):
        return perm.TEMPLATE_CHECKS[name]


def _my_card(user) -> dict:
    employee = db.session.get(Employee, (user.tenant_id, user.employee_id))
    if employee is None or employee.position_id is None:
        return {"report": None}
    report = queries.gap_report(load_rules(), employee.id, employee.position_id)
    return {"report": report, "percent": fmt_percent(report.result.percent), "gaps": len(report.gaps),
            "category": report.category, "category_label": CATEGORY_LABELS[report.category]}


def _hr_card(user) -> dict:
    return queries.counts_for_card()


registry.add_nav(NavItem("competency.me", _l("Kompetensi saya"), perm.has_own_development, order=200,
                         match_prefix="/development"))
registry.add_nav(NavItem("competency.analysis", _l("Kompetensi"), perm.can_view_competency_reports, order=210,
                         match_prefix="/competency"))
registry.add_card(200, "competency/cards/me.html", perm.has_own_development, _my_card)
registry.add_card(210, "competency/cards/hr.html", perm.can_manage_competencies, _hr_card)



from jenjang.competency.views import (  # noqa: E402, F401  (routes register on import)
    career,
    dictionary,
    people,
    plans,
    standards,
    talent,
)
