"""The 360-degree evaluation (module ``feedback``: its code, templates, URLs under /360 and
endpoints all use that one name). HR sets up a cycle (who is evaluated, a questionnaire built from the
competency dictionary, rater groups and the anonymity threshold), launches it (assignments and
notifications in bulk), raters answer on their phones with autosave, HR follows progress, and
after closing, reports per employee feed competency mapping (assessments with source
"feedback_360", reviewed by HR before they apply).

The anonymity rule (implemented once, in SQL, in reports.py; k = the cycle's threshold, default 3):

1. Self is a named group, and so is the supervisor when the subject has exactly one supervisor
   rater (the form tells that rater their answers are shown as the supervisor's). When HR adds
   more than one supervisor rater, the supervisors are an anonymous group like the next ones:
   otherwise each of two could work out the other's answers from the mean.
2. Peers, subordinates and a supervisor group of two or more are anonymous groups. Per
   competency, a group with at least k raters who could judge it is shown on its own; a group
   with fewer is hidden.
3. "All others" (everyone but self) includes a lone supervisor and every shown group. The hidden
   groups are included only when, together, they hold at least k raters; otherwise all of them
   are left out of "all others" as well. So "all others" minus the shown groups yields either
   nothing or the pooled answers of at least k people, never one or two raters' answers.
4. Comments to open questions are shown for self and a lone supervisor, and for an anonymous
   group only when at least k of its raters submitted; never with a name, in a fixed order (by text).
5. Tenant-wide figures (distribution, units compared) are built only from the per-employee
   "all others" values released by rules 1–3, so they cannot be differenced against reports.

Submitted answers are stored with no link to the rater (see models.py). A viewer who was one of
the raters can still subtract their own answer from a group of k; raise k for small teams.

It owns cycles, questionnaire items, rater assignments, nominations, drafts, the anonymous
ratings and comments, and the conversion proposals (models.py, templates/feedback/). Its shape:
``operations/`` (cycles, questionnaire, assignments), ``answering.py``, ``queries.py``,
``reports.py``, ``presenters.py``, ``charts.py``, ``tasks.py``, ``permissions.py``, ``views/``.
It may import: ``core``, ``extensions``, ``tenancy``, ``auth`` (models, permissions, forms),
``people.api`` (and ``people.bulk`` for the bulk INSERTs, ``people.labels``), ``notifications.api``
and competency's dictionary, operations and exports; nothing imports it but the app factory.
"""
from flask import Blueprint

bp = Blueprint("feedback", __name__, url_prefix="/360")

from jenjang.feedback import kinds  # noqa: E402, F401  (register on import)
