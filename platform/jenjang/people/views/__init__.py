"""People's pages, one module per sub-feature: ``directory`` (search, filters, export),
``employee`` (the profile, "my team", one's contact data), ``manage`` (HR's forms for an employee),
``org`` (the unit tree, units, positions, the people rules) and ``imports`` (the import pages).
Each imports the blueprint from ``jenjang.people``, never another view module. This package also
wires people into the shared chrome: the menu, the home-page cards and the template helpers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from jenjang.core.nav import NavItem, registry
from jenjang.people import bp, queries
from jenjang.people import permissions as pp
from jenjang.people.labels import ALL as LABELS
from jenjang.people.nip import format_nip
from jenjang.people.reporting import OrgIndex, supervisor_id_of, team_ids

registry.add_nav(NavItem("people.directory", _l("Pegawai"), pp.can_browse_directory, order=100,
                         match_prefix="/people"))
registry.add_nav(NavItem("people.org_chart", _l("Organisasi"), pp.can_see_org_chart, order=110, match_prefix="/org"))
registry.add_nav(NavItem("people.my_team", _l("Tim saya"), pp.has_employee_record, order=120, match_prefix="/me"))


def _team_card(user) -> dict:
    me = queries.employee_by_id(user.employee_id)
    if me is None:
        return {"employee": None}
    index = OrgIndex.cached()
    sid = supervisor_id_of(me, index)
    return {"employee": me, "supervisor": queries.employees_brief([sid])[0] if sid else None,
            "team_size": len(team_ids(me.id, index))}


def _hr_card(user) -> dict:
    return queries.people_counts()


registry.add_card(10, "people/cards/team.html", pp.has_employee_record, _team_card)
registry.add_card(20, "people/cards/hr.html", pp.can_manage_organisation, _hr_card)


@bp.app_context_processor
def _people_helpers():
    return {"people_perm": pp, "people_labels": LABELS, "rank_label": queries.rank_label, "golongan_label": queries.rank_label,
            "rank_full_label": queries.rank_full_label, "format_nip": format_nip,
            "person_name": queries.display_name}


from jenjang.people.views import directory, employee, imports, manage, org  # noqa: E402,F401  (routes register)
