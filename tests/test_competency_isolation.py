"""Nothing of one region's competency data reaches another: not pages, not aggregates."""
from __future__ import annotations

import sqlalchemy as sa

from tests.competency_support import NATIONAL_CODES, assess, b_competency, b_plan, set_skp, standard_region


def _rules_and(factory, tenant, fn):
    def go():
        from jenjang.competency.settings import load_rules

        return fn(load_rules())

    return factory.run(tenant, go)


def test_bs_data_is_never_counted_in_as_aggregates(two_tenants, factory):
    from jenjang.competency import queries, talent

    a, b = two_tenants
    a_org = standard_region(factory, a)
    b_org = standard_region(factory, b)
    assess(factory, b, b_org["analis"], {c: 1 for c in NATIONAL_CODES})  # would pull A's averages down
    set_skp(factory, b, b_org["analis"], "sangat_baik")
    set_skp(factory, a, a_org["analis"], "baik")

    heat_a = _rules_and(factory, a, lambda r: {(c.grp, c.competency_id): (float(c.avg_gap), c.n)
                                               for c in queries.heatmap(r, group="position")})
    assert {n for _gap, n in heat_a.values()} == {1}  # only A's analyst holds a position with a standard here
    assert sorted({g for g, _n in heat_a.values()}) == [0.0, 2.0, 3.0]  # B (all at 1) would give 1.0
    dist_a = _rules_and(factory, a, lambda r: queries.jpm_distribution(r))
    assert dist_a["kurang_optimal"] == 2 and dist_a["optimal"] == 0 and dist_a["average"] == 38.9  # analyst, kabid
    boxes_a = _rules_and(factory, a, lambda r: talent.nine_box_counts(r))
    assert boxes_a.get(2) == 1 and sum(v for k, v in boxes_a.items() if k) == 1
    boxes_b = _rules_and(factory, b, lambda r: talent.nine_box_counts(r))
    assert boxes_b.get(4) == 1 and sum(v for k, v in boxes_b.items() if k) == 1  # B: atas × rendah (JPM 77.8)


def test_another_regions_competency_and_plan_are_404_not_403(two_tenants, factory, client_for):
    a, b = two_tenants
    factory.user(a, "hr@pematangsiantar.demo", roles=["hr"], nip=factory.nip(a, 5))
    c = client_for(a)
    c.login("hr@pematangsiantar.demo")
    assert c.get(f"/competency/dictionary/{b_competency(factory, b)}").status_code == 404
    assert c.get(f"/development/plans/{b_plan(factory, b)}").status_code == 404
    page = c.text(c.get("/competency/dictionary"))
    assert "Rahasia B" not in page and "T.B.01" not in page


def test_the_database_refuses_a_standard_pointing_into_another_tenant(two_tenants, factory, owner_engine):
    import pytest
    from sqlalchemy.exc import IntegrityError

    a, b = two_tenants
    b_comp = b_competency(factory, b)
    a_org = standard_region(factory, a)
    with owner_engine.connect() as conn:
        with pytest.raises(IntegrityError):
            conn.execute(sa.text("INSERT INTO competency_standards (tenant_id, position_id, competency_id, "
                                 "required_level, updated_at) VALUES (:a, :p, :c, 2, now())"),
                         {"a": a.id, "p": a_org["kabid_position"], "c": b_comp})
        conn.rollback()
