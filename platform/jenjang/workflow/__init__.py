"""The shared workflow engine: per-tenant, versioned approval chains that admins edit in the
browser, and the cases that move along them (promotion, training enrolment; mentoring later).

Owns: definitions and their versions (definitions.py, versions.py), cases and their history
(cases.py, with the compare-and-set of locking.py), who acts on a step (actors.py), escalation of
steps nobody can act on (escalation.py), the notifications of a transition (notify.py, kinds.py),
attachments, working days (workdays.py) and the region's holiday calendar (holidays.py), the
reads of its pages (queries.py), and the pages: the definition editor, the generic case actions
and the holiday calendar.

Other modules use it only through ``jenjang.workflow.api`` (and ``panel.case_panel`` to show a
case); they register a ``SubjectHandler`` for their cases. It may import core, auth, tenancy,
notifications, eligibility, storage and ``jenjang.people.api``; never a module that uses it.
"""
from flask import Blueprint

bp = Blueprint("workflow", __name__)
