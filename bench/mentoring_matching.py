"""Matching a mentoring cohort of 500 mentees and 200 mentors (capacity 3 each).

Budget (issue 9): ≤ 5 s for the whole cohort. Measures what `operations.run_matching` does after
loading the people (a fixed handful of queries): scoring every possible pair (100,000), the
min-cost-flow assignment, and the explained breakdown of the pairs kept. Profiles are synthetic
but shaped like a region: 9 national + 20 teknis competencies, 40 units in 8 OPD, ranks II/a–IV/b,
reporting lines, stated strengths and goals, and forbidden same-unit / supervisor pairs.
Run: .venv/bin/python bench/mentoring_matching.py [--mentees 500 --mentors 200]
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "platform"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import timed  # noqa: E402

from jenjang.mentoring.matching import (  # noqa: E402
    MenteeProfile,
    MentorProfile,
    Need,
    PairRules,
    assign,
    score,
    score_matrix,
)

BUDGET_S = 5.0


def cohort(n_mentees: int, n_mentors: int, seed: int = 9):
    rng = random.Random(seed)
    comps = list(range(1, 30))
    units = list(range(1, 41))
    mentors = []
    for i in range(n_mentors):
        unit = rng.choice(units)
        levels = {c: rng.randint(2, 5) for c in rng.sample(comps, 12)}
        mentors.append(MentorProfile(1000 + i, rng.randint(11, 14), unit, unit % 8, levels,
                                     frozenset(rng.sample(comps, 2)), capacity=3, other_load=rng.choice((0, 0, 0, 1, 2))))
    mentees = []
    for i in range(n_mentees):
        unit = rng.choice(units)
        needs = {}
        for c in rng.sample(comps, rng.randint(2, 6)):
            cur = rng.randint(1, 3)
            needs[c] = Need(cur, min(5, cur + rng.randint(1, 2)), rng.randint(1, 3), goal=rng.random() < .3)
        supervisors = frozenset(rng.sample([m.id for m in mentors if m.unit_id == unit] or [0], 1))
        mentees.append(MenteeProfile(5000 + i, rng.randint(5, 10), unit, unit % 8, needs, supervisors))
    return mentees, mentors


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentees", type=int, default=500)
    parser.add_argument("--mentors", type=int, default=200)
    args = parser.parse_args()
    mentees, mentors = cohort(args.mentees, args.mentors)
    rules = PairRules(allow_same_unit=False, allow_reporting_line=False)
    result = {}

    def run():
        rows = score_matrix(mentees, mentors, rules)
        chosen = assign(rows, [m.capacity for m in mentors])
        result["pairs"] = [(mentees[i], mentors[j]) for i, j in enumerate(chosen) if j is not None]
        result["total"] = sum(score(a, b, rules).total for a, b in result["pairs"])

    median, times = timed(run, runs=3)
    print(f"mentoring matching: {args.mentees} mentees x {args.mentors} mentors (capacity 3): "
          f"median {median:.2f} s over {len(times)} runs ({', '.join(f'{t:.2f}' for t in times)}); "
          f"{len(result['pairs'])} pairs, total score {result['total']}; budget {BUDGET_S:.1f} s")
    return 0 if median <= BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
