"""Training: the programme catalogue and its sessions, enrolment with capacity, waitlists and
approval, delivery (attendance, completion, certificates, the post-training survey, the budget),
external training, and the 20-JP ledger with compliance — one sub-package each, mirroring
templates/training/<sub>/:

    catalogue/   programmes, sessions, search with "why it suits you", roster, needs summary
    enrolment/   seats and waitlists, nomination, approval (the workflow handler), cancellation
    delivery/    attendance, completion, certificates, post-training survey, budget
    external/    training done elsewhere, verified by HR
    ledger/      the JP ledger (credit/revoke/sums for every source), compliance, reminder campaign

At this root: the blueprint (one for all; every sub-package's views register on it), the models
the parts share (programmes, sessions, enrolments, the ledger's entries), settings, rules (the
promotion eligibility rule), the shared permissions, labels, queries and page helpers (pages.py),
api.py (what other modules call), demo.py.

May import: core, tenancy, auth, people's public API (``jenjang.people.api``), competency (gaps and
standards), the workflow engine, notifications' API, eligibility, storage. Other modules use
training through ``training.api`` (courses for competency gaps, the JP conversion figures) and
``training.ledger`` (credit, revoke and the sums of the JP ledger).

Notification kinds, the workflow handler and the promotion eligibility rule register on import
(none of them imports views); the app factory imports each sub-package's views, which register
their routes on ``bp``."""
from flask import Blueprint

bp = Blueprint("training", __name__)

from jenjang.training import rules  # noqa: E402, F401  (registers the eligibility rule)
from jenjang.training.delivery import kinds as _delivery_kinds  # noqa: E402, F401
from jenjang.training.enrolment import kinds as _enrolment_kinds  # noqa: E402, F401  (and the workflow handler)
from jenjang.training.external import kinds as _external_kinds  # noqa: E402, F401
from jenjang.training.ledger import kinds as _ledger_kinds  # noqa: E402, F401

