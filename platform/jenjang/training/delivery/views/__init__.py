"""Pages of delivery, one file per sub-feature (importing this package registers them all):
attendance.py (the sessions to run, the facilitator's card, attendance per day), completion.py,
certificates.py (page, PDF, public verification), survey.py (the post-training survey: the
participant's reaction, the supervisor's follow-up, results for HR), budget.py."""
from jenjang.training.delivery.views import attendance, budget, certificates, completion, survey  # noqa: F401
