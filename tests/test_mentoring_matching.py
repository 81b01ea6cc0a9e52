"""Matching: the cohort is assigned as a whole (checked against brute force), within capacities,
eligibility and the unit / reporting-line rules; every proposal explains itself."""
from __future__ import annotations

import itertools
import random

import sqlalchemy as sa

from jenjang.mentoring.matching import (
    MenteeProfile,
    MentorProfile,
    Need,
    PairRules,
    assign,
    refusal,
    score_matrix,
)
from tests.mentoring_support import cohort, enrol, with_programme


def _brute_force(rows, capacity):
    """(mentees matched, total score) of the best assignment, by trying every one."""
    best = None
    for combo in itertools.product(*[[None] + [j for j, _ in row] for row in rows]):
        load = {}
        for j in combo:
            if j is not None:
                load[j] = load.get(j, 0) + 1
        if any(load[j] > capacity[j] for j in load):
            continue
        value = (sum(j is not None for j in combo),
                 sum(dict(rows[i])[j] for i, j in enumerate(combo) if j is not None))
        best = value if best is None or value > best else best
    return best


def _value(rows, result):
    return (sum(j is not None for j in result), sum(dict(rows[i])[j] for i, j in enumerate(result) if j is not None))


def hand_made_cohort():
    """Five mentees and three mentors where greedy first-come matching is not the best."""
    m01, m03, m06, t1 = 1, 3, 6, 100
    mentees = [
        MenteeProfile(10, 9, 1, 1, {m01: Need(1, 3, 2), m03: Need(2, 3, 1)}),
        MenteeProfile(11, 9, 2, 1, {m06: Need(1, 3, 2, goal=True)}),
        MenteeProfile(12, 10, 2, 1, {t1: Need(None, 2, 2), m01: Need(2, 3, 1)}),
        MenteeProfile(13, 9, 3, 2, {m03: Need(1, 4, 3)}, supervisors=frozenset({21})),
        MenteeProfile(14, 8, 3, 2, {m06: Need(2, 4, 2), t1: Need(1, 3, 2)}),
    ]
    mentors = [
        MentorProfile(20, 13, 1, 1, {m01: 4, m03: 3, m06: 2}, capacity=2),
        MentorProfile(21, 12, 3, 2, {m03: 4, t1: 3}, capacity=1),
        MentorProfile(22, 11, 4, 2, {m06: 4, m01: 3}, stated=frozenset({t1}), capacity=2, other_load=1),
    ]
    return mentees, mentors


def test_hand_made_cohort_gets_the_best_total_score_found_by_brute_force():
    mentees, mentors = hand_made_cohort()
    rules = PairRules(allow_same_unit=False, allow_reporting_line=False)
    rows = score_matrix(mentees, mentors, rules)
    capacity = [m.capacity for m in mentors]
    result = assign(rows, capacity)
    assert _value(rows, result) == _brute_force(rows, capacity)
    # the rules held: mentee 13's supervisor (21) and same-unit mentors never appear
    for mentee, j in zip(mentees, result, strict=True):
        if j is not None:
            assert refusal(mentee, mentors[j], rules) is None
    assert result[3] != 1
    assert all(sum(1 for j in result if j == k) <= capacity[k] for k in range(len(mentors)))


def test_random_small_cohorts_match_brute_force():
    rng = random.Random(7)
    for _ in range(300):
        n, m = rng.randint(1, 6), rng.randint(1, 4)
        capacity = [rng.randint(1, 2) for _ in range(m)]
        rows = [[(j, rng.randint(0, 100)) for j in range(m) if rng.random() < 0.7] for _ in range(n)]
        result = assign(rows, capacity)
        assert _value(rows, result) == _brute_force(rows, capacity)


def test_a_mentee_nobody_may_take_does_not_block_the_others():
    rows = [[], [(0, 50)], [(0, 80)]]
    assert assign(rows, [1]) == [None, None, 0]


def test_run_matching_respects_eligibility_capacity_and_reporting_lines(factory):
    from jenjang.people.models import RANK_IDS

    tenant = factory.tenant("pematangsiantar")
    c = cohort(factory, tenant, mentor_min_rank_id=RANK_IDS["III/d"], capacity_per_mentor=1)
    r = c.region
    # Budi (III/a) cannot volunteer: below III/d.
    def volunteer(p):
        from jenjang.mentoring import operations

        try:
            operations.join(p, r.colleague_id, "mentor")
        except operations.MentoringError as exc:
            return str(exc)
    assert "Pangkat/golongan belum memenuhi" in with_programme(factory, tenant, c.programme_id, volunteer)
    # Agus (head, III/d) supervises Dewi and Rina; Sari (III/d) does not. Capacity 1 each.
    enrol(factory, tenant, c.programme_id, mentors=[r.head_id, c.senior_id], mentees=[r.staff_id, c.junior_id])

    def run(p):
        from jenjang.mentoring import operations

        return operations.run_matching(p)

    outcome = with_programme(factory, tenant, c.programme_id, run)
    assert outcome == {"proposed": 1, "unmatched": 1, "mentees": 2, "mentors": 2}
    rows = factory.scalar(tenant, "SELECT array_agg(mentor_id) FROM mentoring_pairs WHERE status = 'proposed'")
    assert rows == [c.senior_id]  # never Agus: he is both mentees' supervisor


def test_every_proposal_shows_why(factory, client_for):
    tenant = factory.tenant("pematangsiantar")
    c = cohort(factory, tenant)
    from tests.competency_support import assess

    assess(factory, tenant, c.senior_id, {"M.03": 4})
    enrol(factory, tenant, c.programme_id, mentors=[c.senior_id], mentees=[c.region.staff_id])

    def goal(p):
        from jenjang.competency.models import Competency
        from jenjang.extensions import db
        from jenjang.mentoring import operations
        from jenjang.mentoring.models import MentoringParticipant

        m03 = db.session.scalar(sa.select(Competency.id).where(Competency.code == "M.03"))
        part = db.session.scalar(sa.select(MentoringParticipant).where(MentoringParticipant.role == "mentee"))
        part.competency_ids = [m03]
        operations.run_matching(p)

    with_programme(factory, tenant, c.programme_id, goal)
    client = client_for(tenant)
    client.login("hr@pematangsiantar.demo")
    page = client.text(client.get(f"/mentoring/programmes/{c.programme_id}/matching"))
    assert "Sari Wulandari" in page and "Dewi Lestari" in page
    assert "Komunikasi" in page and "tercakup penuh" in page and "tujuan mentee" in page
    assert "Cakupan kompetensi 60/60" in page and "Senioritas 15/20" in page
