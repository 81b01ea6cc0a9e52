"""The training module's rule for the promotion eligibility engine (registered on import):
"JP in the last year ≥ threshold".

The window is the 365 days ending on the evaluation date (as_of − 364 days … as_of, inclusive),
summed from the JP ledger, whatever the source. Plugged in by another module, the rule is
available on the promotion settings page for every kind and off until the tenant switches it on.
It must not import views."""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from jenjang.eligibility import Rule, RuleResult, Subject, register
from jenjang.training.ledger.queries import fmt_jp, window_total

KEY = "jp_last_year"
DEFAULT_MIN_JP = 20
WINDOW_DAYS = 365
REGULATION = "PP 11/2017 jo. PP 17/2020 Pasal 203; PerLAN 10/2018"
KINDS = ("reguler", "pilihan_struktural", "pilihan_fungsional", "pilihan_prestasi", "pilihan_ijazah",
         "promosi_jabatan")


def window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    return as_of - dt.timedelta(days=WINDOW_DAYS - 1), as_of


def evaluate(subject: Subject, params: dict) -> RuleResult:
    threshold = int(params.get("min_jp", DEFAULT_MIN_JP))
    start, end = window(subject.as_of)
    total = window_total(subject.employee.id, start, end)
    inputs = {"jp": float(total), "min_jp": threshold, "from": start.isoformat(), "to": end.isoformat()}
    detail = _("%(jp)s JP dalam 12 bulan terakhir (syarat %(min)s JP)", jp=fmt_jp(total), min=threshold)
    return RuleResult(KEY, total >= threshold, inputs, detail)


RULE = register(Rule(key=KEY, label=_l("JP pengembangan kompetensi 1 tahun terakhir"), kinds=KINDS,
                     defaults={"min_jp": DEFAULT_MIN_JP}, evaluate=evaluate, regulation=REGULATION,
                     module="training"))
