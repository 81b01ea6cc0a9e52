"""The JPM-threshold rule in the promotion eligibility engine."""
from __future__ import annotations

import sqlalchemy as sa

from tests.competency_support import standard_region
from tests.helpers import local_today


def _evaluate(factory, tenant, employee_id, kind, target=None, params=None):
    from jenjang import eligibility

    def go():
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        rule = eligibility.get("jpm_min")
        e = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))
        subject = eligibility.Subject(employee=e, kind=kind, as_of=local_today(), target_position_id=target)
        return rule.evaluate(subject, params or dict(rule.defaults))

    return factory.run(tenant, go)


def test_rule_is_registered_for_positional_moves():
    from jenjang import eligibility

    rule = eligibility.get("jpm_min")
    assert rule is not None and set(rule.kinds) == {"promosi_jabatan", "rotasi", "mutasi"}
    assert rule.defaults == {"min_percent": 78} and "PermenPANRB" in rule.regulation


def test_jpm_against_the_target_position_decides(two_tenants, factory):
    a, _ = two_tenants
    org = standard_region(factory, a)
    own = _evaluate(factory, a, org["analis"], "rotasi")  # no target: own position, 77.78
    assert own.passed is False and own.inputs["jpm"] == 77.78 and "77.78%" in own.detail
    assert _evaluate(factory, a, org["analis"], "rotasi", params={"min_percent": 75}).passed is True
    to_kabid = _evaluate(factory, a, org["analis"], "promosi_jabatan", target=org["kabid_position"])
    assert to_kabid.passed is False and to_kabid.inputs["jpm"] == 51.85
    no_standard = _evaluate(factory, a, org["analis"], "mutasi", target=org["kasi_position"])
    assert no_standard.passed is False and no_standard.inputs["jpm"] is None
