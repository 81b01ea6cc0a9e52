"""What other modules may read of people: the public API of the people module.

Competency, the 360 evaluation, mentoring, training, promotion and workflow import from here, not
from ``people.models`` or the module's other files. The model classes are here for the joins
and filters of their reads (never to write an employee, a unit or a position: only people's own
operations do that); the reference data (ranks, position kinds, education levels, SKP
predicates) and the reads of the organisation (who reports to whom, the units below a unit, the
labels of a rank or an actor) complete it, with the reading of a spreadsheet upload that other
imports share. Anything not named in ``__all__`` is private to people.
"""
from __future__ import annotations

from jenjang.people.demo.accounts import attach_demo_login
from jenjang.people.imports.files import ImportFileError, data_rows, inspect_file, normalise_header
from jenjang.people.labels import EMPLOYMENT_TYPE_LABELS, POSITION_KIND_LABELS, SKP_LABELS
from jenjang.people.models import (
    EDUCATION_LEVELS,
    EMPLOYMENT_TYPES,
    FUNCTIONAL_LEVELS,
    MANAGERIAL_KINDS,
    POSITION_KINDS,
    PPPK_GRADES,
    PPPK_TYPES,
    RANK_IDS,
    RANKS,
    SKP_PREDICATES,
    Employee,
    EmploymentContract,
    PeopleSettings,
    PerformanceRating,
    Position,
    PositionHistory,
    RankHistory,
    Unit,
    grade_label,
    is_pppk,
)
from jenjang.people.nip import add_years, check_nip, format_nip, normalise_nip
from jenjang.people.operations import actor_label, descendant_unit_ids, rank_code
from jenjang.people.queries import (
    display_name,
    employees_brief,
    name_or_nip,
    position_options,
    rank_label,
    unit_options,
)
from jenjang.people.reporting import (
    MAX_DEPTH,
    OrgIndex,
    is_supervisor_of,
    supervisor_chain_ids,
    supervisor_id_of,
    supervisor_of,
    team_ids,
    team_query,
)
from jenjang.people.skp import final_from_date, final_skp_years, last_final_skp_year

__all__ = [
    # reference data
    "EDUCATION_LEVELS", "EMPLOYMENT_TYPES", "FUNCTIONAL_LEVELS", "MANAGERIAL_KINDS", "POSITION_KINDS",
    "RANK_IDS", "RANKS", "SKP_PREDICATES", "PPPK_GRADES", "PPPK_TYPES", "grade_label", "is_pppk",
    # models, for the joins and filters of other modules' reads
    "Employee", "EmploymentContract", "PeopleSettings", "PerformanceRating", "Position", "PositionHistory", "RankHistory", "Unit",
    # NIP
    "add_years", "check_nip", "format_nip", "normalise_nip",
    # labels and options
    "EMPLOYMENT_TYPE_LABELS", "POSITION_KIND_LABELS", "SKP_LABELS", "actor_label", "display_name", "employees_brief", "name_or_nip", "position_options",
    "rank_code", "rank_label", "unit_options",
    # the organisation
    "MAX_DEPTH", "OrgIndex", "descendant_unit_ids", "is_supervisor_of", "supervisor_chain_ids",
    "supervisor_id_of", "supervisor_of", "team_ids", "team_query",
    # SKP years
    "final_from_date", "final_skp_years", "last_final_skp_year",
    # spreadsheet files (reading a CSV or XLSX upload, as people's import does)
    "ImportFileError", "data_rows", "inspect_file", "normalise_header",
    # the demo regions (never in production): another module's demo gives a generated employee a sign-in
    "attach_demo_login",
]
