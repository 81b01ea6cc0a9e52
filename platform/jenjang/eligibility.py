"""The eligibility rule registry shared by the promotion engine and the modules that plug rules
into it (competency: JPM threshold; training: JP in the last year).

A rule is evaluated for one employee, for one promotion kind, as of a date, with parameters the
tenant may edit (thresholds). It returns a RuleResult that is stored with the case, so anyone
can later see *why* someone was or was not eligible, as of the date it was evaluated.

    from jenjang.eligibility import Rule, RuleResult, register

    register(Rule(key="jpm_min", label=_l("JPM minimal"), kinds=("promosi_jabatan",),
                  defaults={"min_percent": 78}, evaluate=my_fn, regulation="PermenPANRB 3/2020"))

`evaluate(subject: Subject, params: dict) -> RuleResult`. Subject carries the employee, the
promotion kind, the evaluation date and, for positional moves, the target position id.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Subject:
    employee: Any  # people.models.Employee
    kind: str
    as_of: dt.date
    target_position_id: int | None = None
    target_rank_id: int | None = None
    cache: dict = field(default_factory=dict)  # rules may share loaded data through it


@dataclass
class RuleResult:
    key: str
    passed: bool | None  # None: the rule does not apply to this person (shown, never blocking)
    inputs: dict
    detail: str  # a sentence in the user's language, e.g. "4 tahun 2 bulan di golongan III/b (syarat 4 tahun)"

    def as_json(self) -> dict:
        return {"key": self.key, "passed": self.passed, "inputs": self.inputs, "detail": self.detail}


@dataclass(frozen=True)
class Rule:
    key: str
    label: Any  # lazy string
    kinds: tuple[str, ...]  # promotion kinds it applies to by default
    defaults: dict
    evaluate: Callable[[Subject, dict], RuleResult]
    regulation: str = ""
    module: str = "promotion"


_REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    _REGISTRY[rule.key] = rule
    return rule


def rules() -> dict[str, Rule]:
    return dict(_REGISTRY)


def get(key: str) -> Rule | None:
    return _REGISTRY.get(key)
