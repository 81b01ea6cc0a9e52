"""Demo competency data (competency/demo.py): standards, assessment-centre results and potential
scores for the demo tenants, so the heatmap and the 9-box have something to show; idempotent."""
from __future__ import annotations

from tests.org import build_region


def _seed(factory, tenant, share=100):
    from jenjang.competency.demo import seed_demo_competency

    return factory.run(tenant, seed_demo_competency, tenant, share)


def _counts(factory, tenant) -> tuple[int, int, int]:
    return (factory.scalar(tenant, "SELECT count(*) FROM competency_standards"),
            factory.scalar(tenant, "SELECT count(*) FROM competency_assessments "
                                   "WHERE source = 'assessment_center' AND batch = 'demo'"),
            factory.scalar(tenant, "SELECT count(*) FROM potential_scores"))


def test_demo_competency_fills_heatmap_and_nine_box_once(factory, client_for):
    tenant, other = factory.tenant("demokomp"), factory.tenant("demolain")
    region = build_region(factory, tenant)
    build_region(factory, other, seq=2)

    _seed(factory, tenant)
    standards, assessments, scores = _counts(factory, tenant)
    # Every position of the region gets the national default standard (9 national competencies).
    positions = factory.scalar(tenant, "SELECT count(*) FROM positions")
    assert standards == positions * 9
    # Each of the three employees holds a position: assessed on every competency of its standard,
    # with levels 1 … 5, and one potential score each.
    assert assessments == 3 * 9
    assert scores == 3
    assert factory.scalar(tenant, "SELECT min(level) >= 1 AND max(level) <= 5 FROM competency_assessments")
    assert factory.scalar(tenant, "SELECT count(DISTINCT employee_id) FROM competency_assessments "
                                  f"WHERE employee_id = {region.staff_id}") == 1

    # A second run changes nothing; the other tenant stays empty.
    assert _seed(factory, tenant) == "demo competency data present"
    assert _counts(factory, tenant) == (standards, assessments, scores)
    assert _counts(factory, other) == (0, 0, 0)

    # The 9-box places the three of them, and the heatmap has cells; HR's pages answer.
    def aggregates():
        from jenjang.competency import queries, talent
        from jenjang.competency.settings import load_rules

        rules = load_rules()
        counts = talent.nine_box_counts(rules)
        return sum(n for box, n in counts.items() if box is not None), len(queries.heatmap(rules, group="kind"))

    placed, cells = factory.run(tenant, aggregates)
    assert placed == 3
    assert cells > 0
    client = client_for(tenant)
    client.login(f"hr@{tenant.slug}.demo")
    assert client.get("/competency/talent").status_code == 200
    assert client.get("/competency/").status_code == 200


def test_demo_competency_share_picks_a_part_of_the_staff(factory):
    tenant = factory.tenant("demobagian")
    build_region(factory, tenant)
    _seed(factory, tenant, share=0)
    standards, assessments, scores = _counts(factory, tenant)
    assert standards > 0
    assert (assessments, scores) == (0, 0)
