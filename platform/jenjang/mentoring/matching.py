"""Matching mentors to mentees: the score of one pair, and the assignment of a whole cohort.

Pure Python, no database: `cohort.py` loads the people and calls these.

The score of a pair (0–100, integer so totals compare exactly) has four parts:
  coverage  0–60  how far the mentor's current levels reach the levels the mentee needs, over the
                  mentee's gaps and stated goals (a need counts fully when the mentor is at or above
                  its target level, half when the mentor is only above the mentee);
  seniority 0–20  5 points per rank step the mentor is above the mentee, up to 4 steps;
  proximity 0–10  same OPD (easy to meet), when the programme allows pairs in the same unit;
  load      0–10  10 when the mentor has no pair in another running programme, 5 with one, 0 beyond.
Hard rules (self, same unit or reporting line when forbidden, an excluded mentor) make a pair
impossible rather than cheap.

The cohort is then assigned as a whole: the most mentees possible get a mentor, and among those
assignments the one with the highest total score wins. It is a min-cost flow (source → mentee →
mentor → sink, the mentor's edge to the sink carrying its capacity), solved by successive shortest
paths (Dijkstra with potentials, one mentee at a time, as in the Hungarian algorithm) with a
private "no mentor" edge per mentee so that a mentee no one can take never blocks the others.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field

COVERAGE_MAX, SENIORITY_MAX, PROXIMITY_MAX, LOAD_MAX = 60, 20, 10, 10
STATED_LEVEL = 3  # a strength a mentor states without an assessment counts as level 3


@dataclass
class Need:
    current: int | None
    target: int
    weight: int
    goal: bool = False  # the mentee named it as a goal


@dataclass
class MenteeProfile:
    id: int
    rank_id: int | None
    unit_id: int | None
    opd_id: int | None
    needs: dict[int, Need] = field(default_factory=dict)  # competency id → need
    supervisors: frozenset[int] = frozenset()  # the whole chain above
    excluded_mentors: frozenset[int] = frozenset()  # mentors who declined this mentee


@dataclass
class MentorProfile:
    id: int
    rank_id: int | None
    unit_id: int | None
    opd_id: int | None
    levels: dict[int, int] = field(default_factory=dict)  # assessed current levels
    stated: frozenset[int] = frozenset()  # strengths the mentor named
    capacity: int = 3
    other_load: int = 0  # pairs in other running programmes
    supervisors: frozenset[int] = frozenset()


@dataclass(frozen=True)
class PairRules:
    allow_same_unit: bool = True
    allow_reporting_line: bool = False


@dataclass
class PairScore:
    total: int
    coverage: int
    seniority: int
    proximity: int
    load: int
    covered: list[dict]
    uncovered: list[int]

    def as_json(self) -> dict:
        return {"total": self.total, "coverage": self.coverage, "seniority": self.seniority,
                "proximity": self.proximity, "load": self.load, "covered": self.covered,
                "uncovered": self.uncovered}


def refusal(mentee: MenteeProfile, mentor: MentorProfile, rules: PairRules) -> str | None:
    """Why this pair may not exist (a key of operations.REFUSALS), or None."""
    if mentee.id == mentor.id:
        return "self"
    if mentor.id in mentee.excluded_mentors:
        return "declined"
    if not rules.allow_reporting_line and (mentor.id in mentee.supervisors or mentee.id in mentor.supervisors):
        return "reporting_line"
    if not rules.allow_same_unit and mentee.unit_id is not None and mentee.unit_id == mentor.unit_id:
        return "same_unit"
    return None


def mentor_level(mentor: MentorProfile, competency_id: int) -> tuple[int, bool]:
    """(level, stated-only)."""
    level = mentor.levels.get(competency_id)
    if level is not None:
        return level, False
    if competency_id in mentor.stated:
        return STATED_LEVEL, True
    return 0, False


def score(mentee: MenteeProfile, mentor: MentorProfile, rules: PairRules) -> PairScore | None:
    if refusal(mentee, mentor, rules) is not None:
        return None
    covered, uncovered = [], []
    weight_sum = points2 = 0
    for cid, need in mentee.needs.items():
        level, stated = mentor_level(mentor, cid)
        weight_sum += need.weight
        if level >= need.target:
            points2 += 2 * need.weight
            covered.append({"competency_id": cid, "mentor_level": level, "mentee_level": need.current,
                            "target": need.target, "full": True, "goal": need.goal, "stated": stated})
        elif level > (need.current or 0):
            points2 += need.weight
            covered.append({"competency_id": cid, "mentor_level": level, "mentee_level": need.current,
                            "target": need.target, "full": False, "goal": need.goal, "stated": stated})
        else:
            uncovered.append(cid)
    coverage = (COVERAGE_MAX * points2) // (2 * weight_sum) if weight_sum else 0
    steps = (mentor.rank_id or 0) - (mentee.rank_id or 0) if mentor.rank_id and mentee.rank_id else 0
    seniority = 5 * max(0, min(steps, 4))
    proximity = PROXIMITY_MAX if (rules.allow_same_unit and mentee.opd_id is not None
                                  and mentee.opd_id == mentor.opd_id) else 0
    load = LOAD_MAX - 5 * min(mentor.other_load, 2)
    covered.sort(key=lambda c: (not c["full"], not c["goal"], -c["target"]))
    return PairScore(coverage + seniority + proximity + load, coverage, seniority, proximity, load, covered,
                     uncovered)


def score_matrix(mentees: list[MenteeProfile], mentors: list[MentorProfile],
                 rules: PairRules) -> list[list[tuple[int, int]]]:
    """Per mentee, the allowed mentors as (mentor index, total score). Only totals: the
    breakdown is computed again for the pairs kept (see `score`)."""
    rows = []
    for mentee in mentees:
        row = []
        needs = list(mentee.needs.items())
        weight_sum = sum(n.weight for _, n in needs)
        for j, mentor in enumerate(mentors):
            if refusal(mentee, mentor, rules) is not None:
                continue
            levels, stated = mentor.levels, mentor.stated
            points2 = 0
            for cid, need in needs:
                level = levels.get(cid)
                if level is None:
                    level = STATED_LEVEL if cid in stated else 0
                if level >= need.target:
                    points2 += 2 * need.weight
                elif level > (need.current or 0):
                    points2 += need.weight
            total = (COVERAGE_MAX * points2) // (2 * weight_sum) if weight_sum else 0
            if mentor.rank_id and mentee.rank_id:
                total += 5 * max(0, min(mentor.rank_id - mentee.rank_id, 4))
            if rules.allow_same_unit and mentee.opd_id is not None and mentee.opd_id == mentor.opd_id:
                total += PROXIMITY_MAX
            total += LOAD_MAX - 5 * min(mentor.other_load, 2)
            row.append((j, total))
        rows.append(row)
    return rows


NO_MENTOR = -1


class _Network:
    """The flow network of one assignment: mentees (nodes 0..n-1), mentors (n..n+m-1) and the sink
    (n+m). Edges are (node, cost) with costs to minimise: -(big + score); "no mentor" costs 0.
    Each mentee in turn is routed to the sink along the cheapest path (Dijkstra on reduced costs
    with potentials), which may move earlier mentees to other mentors."""

    def __init__(self, rows: list[list[tuple[int, int]]], capacity: list[int]):
        n, m = len(rows), len(capacity)
        self.n, self.capacity = n, capacity
        max_w = max((w for row in rows for _, w in row), default=0)
        big = n * (max_w + 1) + 1  # one more matched mentee outweighs any difference in scores
        self.tee = n + m
        self.size = n + m + 1
        self.adj = [[(n + j, -(big + w)) for j, w in row] for row in rows]
        self.cost_of = [dict(row) for row in self.adj]
        self.pot = [0] * self.size
        for row in self.adj:
            for y, c in row:
                if c < self.pot[y]:
                    self.pot[y] = c
        self.pot[self.tee] = min(0, min(self.pot[n:n + m], default=0))
        self.assigned: list[int | None] = [None] * n  # node of the mentor, NO_MENTOR, or None (not yet placed)
        self.members: list[list[int]] = [[] for _ in range(m)]

    def _edges_from(self, x: int):
        """(next node, cost) from node x: a mentee to any allowed mentor but its own, or to "no
        mentor" (the sink); a mentor back to one of its mentees, or on to the sink if it has room."""
        if x < self.n:
            own = self.assigned[x]
            yield from ((y, c) for y, c in self.adj[x] if y != own)
            if own != NO_MENTOR:
                yield self.tee, 0
        else:
            j = x - self.n
            yield from ((a, -self.cost_of[a][x]) for a in self.members[j])
            if len(self.members[j]) < self.capacity[j]:
                yield self.tee, 0

    def _shortest(self, source: int):
        dist = [float("inf")] * self.size
        prev = [-1] * self.size
        done = [False] * self.size
        dist[source] = 0
        heap = [(0, source)]
        while heap:
            d, x = heapq.heappop(heap)
            if done[x]:
                continue
            done[x] = True
            if x == self.tee:
                break
            for y, c in self._edges_from(x):
                nd = d + c + self.pot[x] - self.pot[y]
                if nd < dist[y]:
                    dist[y] = nd
                    prev[y] = x
                    heapq.heappush(heap, (nd, y))
        return dist, prev, done

    def route(self, source: int) -> None:
        dist, prev, done = self._shortest(source)
        reach = dist[self.tee]  # always finite: the source's own "no mentor" edge
        for x in range(self.size):
            self.pot[x] += dist[x] if done[x] else reach
        # Walk the path back from the sink and flip it.
        n, tee, x = self.n, self.tee, self.tee
        while x != source:
            y = prev[x]
            if y < n:  # mentee y → mentor x (or → no mentor)
                self.assigned[y] = NO_MENTOR if x == tee else x
                if x != tee:
                    self.members[x - n].append(y)
            elif x != tee:  # mentor y → mentee x: x leaves y (its new mentor was set just before)
                self.members[y - n].remove(x)
            x = y


def assign(rows: list[list[tuple[int, int]]], capacity: list[int]) -> list[int | None]:
    """The best assignment: for each mentee (row) a mentor index or None.

    Maximises the number of mentees matched first, then the total score, never giving a mentor
    more mentees than its capacity. `rows[i]` lists (mentor index, score ≥ 0) for the allowed pairs."""
    if not rows:
        return []
    network = _Network(rows, capacity)
    for source in range(len(rows)):
        network.route(source)
    return [None if a in (None, NO_MENTOR) else a - network.n for a in network.assigned]


def best_for_one(mentee: MenteeProfile, mentors: list[MentorProfile], rules: PairRules,
                 room: dict[int, int]) -> tuple[MentorProfile, PairScore] | None:
    """The next best mentor for one mentee among those with room left (a re-proposal)."""
    best = None
    for mentor in mentors:
        if room.get(mentor.id, 0) <= 0:
            continue
        s = score(mentee, mentor, rules)
        if s is not None and (best is None or (s.total, -mentor.id) > (best[1].total, -best[0].id)):
            best = (mentor, s)
    return best
