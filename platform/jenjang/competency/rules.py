"""The JPM-threshold rule of the promotion eligibility engine (jenjang.eligibility).

For a positional move (promosi jabatan, rotasi, mutasi) the employee's JPM against the target
position's standard (the current position when no target is given) must reach `min_percent`.
Imported from competency/__init__.py so the rule is registered whenever the app loads; it must
not import views.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from jenjang.competency.queries import gap_report
from jenjang.competency.settings import load_rules
from jenjang.eligibility import Rule, RuleResult, Subject, register

KEY = "jpm_min"
POSITIONAL_KINDS = ("promosi_jabatan", "rotasi", "mutasi")
REGULATION = "PermenPANRB 38/2017; PermenPANRB 3/2020"


def evaluate(subject: Subject, params: dict) -> RuleResult:
    threshold = float(params.get("min_percent", 78))
    position_id = subject.target_position_id or subject.employee.position_id
    inputs = {"position_id": position_id, "min_percent": threshold, "as_of": subject.as_of.isoformat()}
    if position_id is None:
        return RuleResult(KEY, None, inputs, _("Tidak ada jabatan tujuan maupun jabatan saat ini untuk "
                                              "dibandingkan."))
    rules = subject.cache.get("competency_rules") or load_rules()
    subject.cache["competency_rules"] = rules
    report = gap_report(rules, subject.employee.id, position_id, as_of=subject.as_of)
    percent = report.result.percent
    inputs.update({"jpm": percent, "required_total": report.result.required_total,
                   "achieved_total": report.result.achieved_total, "missing": report.result.missing})
    if percent is None:
        return RuleResult(KEY, False, inputs, _("Jabatan tujuan belum punya standar kompetensi; JPM tidak dapat "
                                                "dihitung."))
    passed = percent >= threshold
    detail = _("JPM %(jpm)s%% terhadap jabatan tujuan (syarat paling sedikit %(min)s%%).",
               jpm=f"{percent:g}", min=f"{threshold:g}")
    return RuleResult(KEY, passed, inputs, detail)


RULE = register(Rule(key=KEY, label=_l("JPM minimal terhadap jabatan tujuan"), kinds=POSITIONAL_KINDS,
                     defaults={"min_percent": 78}, evaluate=evaluate, regulation=REGULATION,
                     module="competency"))
