"""Reports: the anonymity rule of feedback/__init__.py, applied in SQL so that no number about a
hidden group ever reaches Python, templates, PDFs or exports.

`RESULTS_SQL` turns the anonymous rows into one line per (subject, competency):
self, supervisor, peers and subordinates (NULL when hidden), "all others" and the counts.
The supervisor group is named only when the subject has exactly one supervisor rater
(feedback_assignments); with two or more it is an anonymous group under the threshold.
Every report, the tenant-wide figures and the conversion to assessments read this one query.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import get_locale

from jenjang.competency import national
from jenjang.competency.models import Competency
from jenjang.extensions import db
from jenjang.feedback.models import FeedbackAssignment, FeedbackCycle, FeedbackItem
from jenjang.people.api import Employee, Unit

GAP = 1.0  # self vs others difference that makes a blind spot / hidden strength

# One row per (subject, competency). :k is the anonymity threshold; :subject NULL = every subject.
# Every statement here names the tenant (:tenant) besides row-level security.
RESULTS_SQL = """
WITH g AS (
    SELECT subject_employee_id AS s, competency_id AS c, relation AS r, count(*) AS n,
           sum(score_sum::numeric / score_count) AS total
    FROM feedback_ratings
    WHERE tenant_id = CAST(:tenant AS bigint) AND cycle_id = :cycle
      AND (CAST(:subject AS bigint) IS NULL OR subject_employee_id = :subject)
    GROUP BY 1, 2, 3
), sup AS (
    SELECT subject_employee_id AS s, count(*) AS raters
    FROM feedback_assignments
    WHERE tenant_id = CAST(:tenant AS bigint) AND cycle_id = :cycle AND relation = 'supervisor'
      AND (CAST(:subject AS bigint) IS NULL OR subject_employee_id = :subject)
    GROUP BY 1
), named AS (
    SELECT g.*, r = 'self' OR (r = 'supervisor' AND greatest(coalesce(sup.raters, 0), n) = 1) AS named
    FROM g LEFT JOIN sup ON sup.s = g.s
), h AS (
    SELECT named.*,
           named OR n >= :k AS shown,
           sum(CASE WHEN NOT named AND n < :k THEN n ELSE 0 END) OVER (PARTITION BY s, c) AS hidden_n
    FROM named
), released AS (
    SELECT h.*, r <> 'self' AND (shown OR hidden_n >= :k) AS in_others FROM h
)
SELECT s AS subject_id, c AS competency_id,
       max(CASE WHEN r = 'self' THEN total / n END) AS self_mean,
       max(CASE WHEN r = 'supervisor' AND shown THEN total / n END) AS supervisor_mean,
       coalesce(max(CASE WHEN r = 'supervisor' THEN n END), 0) AS supervisor_n,
       max(CASE WHEN r = 'peer' AND shown THEN total / n END) AS peer_mean,
       coalesce(max(CASE WHEN r = 'peer' THEN n END), 0) AS peer_n,
       max(CASE WHEN r = 'subordinate' AND shown THEN total / n END) AS subordinate_mean,
       coalesce(max(CASE WHEN r = 'subordinate' THEN n END), 0) AS subordinate_n,
       sum(CASE WHEN in_others THEN total END) / nullif(sum(CASE WHEN in_others THEN n ELSE 0 END), 0)
           AS others_mean,
       coalesce(sum(CASE WHEN in_others THEN n END), 0) AS others_n,
       coalesce(sum(CASE WHEN r <> 'self' AND NOT in_others THEN n END), 0) AS withheld_n
FROM released
GROUP BY s, c
"""

COMMENTS_SQL = """
SELECT c.relation, c.item_id, c.body
FROM feedback_comments c
JOIN feedback_items i ON i.tenant_id = c.tenant_id AND i.id = c.item_id
WHERE c.tenant_id = CAST(:tenant AS bigint) AND c.cycle_id = :cycle AND c.subject_employee_id = :subject
  AND (c.relation = 'self'
       OR (c.relation = 'supervisor' AND (
            SELECT count(*) FROM feedback_assignments a
            WHERE a.tenant_id = c.tenant_id AND a.cycle_id = :cycle AND a.subject_employee_id = :subject
              AND a.relation = 'supervisor') = 1)
       OR c.relation IN (
            SELECT a.relation FROM feedback_assignments a
            WHERE a.tenant_id = c.tenant_id AND a.cycle_id = :cycle AND a.subject_employee_id = :subject
              AND a.submitted_at IS NOT NULL
              AND a.relation IN ('supervisor', 'peer', 'subordinate')
            GROUP BY a.relation HAVING count(*) >= :k))
ORDER BY array_position(ARRAY['self', 'supervisor', 'peer', 'subordinate']::varchar[], c.relation),
         i.position, i.id, c.body
"""


def results(cycle: FeedbackCycle, subject_id: int | None = None) -> list:
    return db.session.execute(sa.text(RESULTS_SQL), {"cycle": cycle.id, "subject": subject_id,
                                                     "k": cycle.anonymity_threshold,
                                                     "tenant": cycle.tenant_id}).all()


def _num(v) -> float | None:
    return None if v is None else round(float(v), 2)


@dataclass
class Line:
    competency_id: int
    code: str
    name: str
    self_mean: float | None
    supervisor_mean: float | None
    peer_mean: float | None
    subordinate_mean: float | None
    others_mean: float | None
    peer_n: int
    subordinate_n: int
    supervisor_n: int
    others_n: int
    withheld_n: int

    @property
    def difference(self) -> float | None:
        if self.self_mean is None or self.others_mean is None:
            return None
        return round(self.self_mean - self.others_mean, 2)

    @property
    def blind_spot(self) -> bool:
        return self.difference is not None and self.difference >= GAP

    @property
    def hidden_strength(self) -> bool:
        return self.difference is not None and self.difference <= -GAP


@dataclass
class EmployeeReport:
    cycle: FeedbackCycle
    employee: Employee
    lines: list[Line] = field(default_factory=list)
    comments: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (relation, question, bodies)
    responses: dict[str, int] = field(default_factory=dict)  # submitted forms per relation

    @property
    def blind_spots(self) -> list[Line]:
        return [ln for ln in self.lines if ln.blind_spot]

    @property
    def hidden_strengths(self) -> list[Line]:
        return [ln for ln in self.lines if ln.hidden_strength]


def comp_label(comp: Competency, locale=None) -> str:
    english = national.lang(locale or get_locale()) == "en"
    return comp.name_en if english and comp.name_en else comp.name


def employee_report(cycle: FeedbackCycle, employee: Employee) -> EmployeeReport:
    report = EmployeeReport(cycle, employee)
    rows = {r.competency_id: r for r in results(cycle, employee.id)}
    comp_ids = list(db.session.scalars(sa.select(FeedbackItem.competency_id).where(
        FeedbackItem.cycle_id == cycle.id, FeedbackItem.kind == "scale")
        .group_by(FeedbackItem.competency_id).order_by(sa.func.min(FeedbackItem.position))))
    comps = {c.id: c for c in db.session.scalars(sa.select(Competency).where(Competency.id.in_(comp_ids)))}
    for cid in comp_ids:
        r, comp = rows.get(cid), comps[cid]
        report.lines.append(Line(
            cid, comp.code, comp_label(comp),
            _num(r.self_mean) if r else None, _num(r.supervisor_mean) if r else None,
            _num(r.peer_mean) if r else None, _num(r.subordinate_mean) if r else None,
            _num(r.others_mean) if r else None, int(r.peer_n) if r else 0, int(r.subordinate_n) if r else 0,
            int(r.supervisor_n) if r else 0, int(r.others_n) if r else 0, int(r.withheld_n) if r else 0))
    report.responses = dict(db.session.execute(
        sa.select(FeedbackAssignment.relation, sa.func.count()).where(
            FeedbackAssignment.cycle_id == cycle.id, FeedbackAssignment.subject_employee_id == employee.id,
            FeedbackAssignment.submitted_at.is_not(None)).group_by(FeedbackAssignment.relation)).all())
    english = national.lang(get_locale()) == "en"
    questions = {i.id: (i.text_en if english and i.text_en else i.text) for i in db.session.scalars(
        sa.select(FeedbackItem).where(FeedbackItem.cycle_id == cycle.id, FeedbackItem.kind == "open"))}
    grouped: dict[tuple[str, int], list[str]] = {}
    for rel, item_id, body in db.session.execute(sa.text(COMMENTS_SQL), {
            "cycle": cycle.id, "subject": employee.id, "k": cycle.anonymity_threshold, "tenant": cycle.tenant_id}):
        grouped.setdefault((rel, item_id), []).append(body)
    report.comments = [(rel, questions.get(item_id, ""), bodies) for (rel, item_id), bodies in grouped.items()]
    return report


# --- tenant-wide ------------------------------------------------------------------------------

OVERVIEW_SQL = f"""
WITH res AS ({RESULTS_SQL}), x AS (
    SELECT res.competency_id, e.unit_id, width_bucket(res.others_mean, 1, 5.0001, 4) AS bucket, res.others_mean
    FROM res JOIN employees e ON e.tenant_id = CAST(:tenant AS bigint) AND e.id = res.subject_id
    WHERE res.others_mean IS NOT NULL
)
SELECT competency_id, unit_id, bucket, GROUPING(unit_id) AS no_unit, GROUPING(bucket) AS no_bucket,
       count(*) AS employees, avg(others_mean) AS mean
FROM x
GROUP BY GROUPING SETS ((competency_id, bucket), (competency_id, unit_id), (competency_id))
"""


@dataclass
class Overview:
    competencies: list[tuple[int, str]]
    distribution: dict[int, dict[int, int]]  # competency → bucket (1: 1–2, 2: 2–3, 3: 3–4, 4: 4–5) → employees
    overall: dict[int, tuple[float, int]]
    units: list[tuple[int, str]]
    by_unit: dict[tuple[int, int], tuple[float, int]]  # (competency, unit) → (mean, employees)


def overview(cycle: FeedbackCycle, *, max_units: int = 40) -> Overview:
    rows = db.session.execute(sa.text(OVERVIEW_SQL), {"cycle": cycle.id, "subject": None,
                                                      "k": cycle.anonymity_threshold,
                                                      "tenant": cycle.tenant_id}).all()
    comp_ids = list(db.session.scalars(sa.select(FeedbackItem.competency_id).where(
        FeedbackItem.cycle_id == cycle.id, FeedbackItem.kind == "scale")
        .group_by(FeedbackItem.competency_id).order_by(sa.func.min(FeedbackItem.position))))
    comps = {c.id: c for c in db.session.scalars(sa.select(Competency).where(Competency.id.in_(comp_ids)))}
    dist: dict[int, dict[int, int]] = {cid: {} for cid in comp_ids}
    overall: dict[int, tuple[float, int]] = {}
    by_unit: dict[tuple[int, int], tuple[float, int]] = {}
    unit_ids: set[int] = set()
    for r in rows:
        if not r.no_bucket:
            dist.setdefault(r.competency_id, {})[r.bucket] = r.employees
        elif not r.no_unit:
            if r.unit_id is None:
                continue
            by_unit[(r.competency_id, r.unit_id)] = (round(float(r.mean), 2), r.employees)
            unit_ids.add(r.unit_id)
        else:
            overall[r.competency_id] = (round(float(r.mean), 2), r.employees)
    names = dict(db.session.execute(sa.select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids))).all())
    units = sorted(names.items(), key=lambda u: u[1])[:max_units]
    return Overview([(cid, f"{comps[cid].code} {comp_label(comps[cid])}") for cid in comp_ids], dist, overall,
                    units, by_unit)
