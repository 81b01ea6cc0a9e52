"""The people of a programme as the matching sees them: eligibility, competency needs and
strengths (from the competency module's current levels and position standards), units, ranks and
reporting lines. A fixed number of queries whatever the cohort's size."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.competency.models import CompetencyStandard
from jenjang.competency.queries import current_levels
from jenjang.competency.settings import load_rules
from jenjang.competency.talent import talent_select
from jenjang.extensions import db
from jenjang.mentoring.matching import MenteeProfile, MentorProfile, Need, PairRules
from jenjang.mentoring.models import MentoringPair, MentoringParticipant, MentoringProgramme
from jenjang.people.api import MAX_DEPTH, Employee, OrgIndex, Unit


def pair_rules(programme: MentoringProgramme) -> PairRules:
    return PairRules(allow_same_unit=programme.allow_same_unit, allow_reporting_line=programme.allow_reporting_line)


# --- eligibility ---------------------------------------------------------------------------

def _levels(employee_ids, competency_ids=None) -> dict[int, dict[int, int]]:
    if not employee_ids:
        return {}
    cur = current_levels(load_rules(), employee_ids=list(employee_ids))
    stmt = sa.select(cur.c.employee_id, cur.c.competency_id, cur.c.level)
    if competency_ids is not None:
        stmt = stmt.where(cur.c.competency_id.in_(list(competency_ids)))
    out: dict[int, dict[int, int]] = {}
    for e, c, level in db.session.execute(stmt):
        out.setdefault(e, {})[c] = level
    return out


def _gaps(employee_ids, competency_ids=None) -> dict[int, dict[int, tuple[int | None, int]]]:
    """Per employee: competency → (current, required) where current < required (own position)."""
    if not employee_ids:
        return {}
    s = CompetencyStandard
    cur = current_levels(load_rules(), employee_ids=list(employee_ids))
    stmt = (sa.select(Employee.id, s.competency_id, cur.c.level, s.required_level)
            .select_from(Employee)
            .join(s, sa.and_(s.tenant_id == Employee.tenant_id, s.position_id == Employee.position_id))
            .outerjoin(cur, sa.and_(cur.c.employee_id == Employee.id, cur.c.competency_id == s.competency_id))
            .where(Employee.id.in_(list(employee_ids)),
                   sa.func.coalesce(cur.c.level, 0) < s.required_level))
    if competency_ids:
        stmt = stmt.where(s.competency_id.in_(list(competency_ids)))
    out: dict[int, dict[int, tuple[int | None, int]]] = {}
    for e, c, level, required in db.session.execute(stmt):
        out.setdefault(e, {})[c] = (level, required)
    return out


def talent_boxes(employee_ids) -> dict[int, int | None]:
    """{employee id: 9-box number (None: cannot be placed)}. Potential: for HR's eyes only, never
    for the employee it describes (competency/permissions.py)."""
    ids = list(employee_ids)
    if not ids:
        return {}
    t = talent_select(load_rules(), employee_ids=ids).subquery("t")
    boxes = dict(db.session.execute(sa.select(t.c.employee_id, t.c.box)).all())
    return {e: boxes.get(e) for e in ids}


def wanted_boxes(programme: MentoringProgramme) -> set[int]:
    return set(programme.mentee_boxes or (7, 8, 9))


def ineligible(programme: MentoringProgramme, role: str, employee_ids: list[int], *,
               talent: bool = True) -> dict[int, str]:
    """{employee id: reason key} for those who do not meet the programme's rule for `role`.
    talent=False leaves out the talent-pool rule: an employee's own application is never judged
    on it in front of them (that would tell them their 9-box placement); HR's review applies it."""
    ids = list(employee_ids)
    if not ids:
        return {}
    rows = {r.id: r for r in db.session.execute(
        sa.select(Employee.id, Employee.rank_id, Employee.grade_id, Employee.tmt_cpns, Employee.employment_type,
                  Employee.status)
        .where(Employee.id.in_(ids)))}
    out = {e: "inactive" for e in ids if e not in rows or rows[e].status != "active"}
    if role == "mentor":
        # a PNS mentor is held to the minimum golongan/ruang, a PPPK mentor to the minimum PPPK
        # golongan: the two scales do not compare, so each rule applies to its own kind only
        if programme.mentor_min_rank_id:
            out.update({e: "rank" for e, r in rows.items() if e not in out and r.employment_type == "PNS"
                        and (r.rank_id or 0) < programme.mentor_min_rank_id})
        if programme.mentor_min_grade_id:
            out.update({e: "grade" for e, r in rows.items() if e not in out and r.employment_type != "PNS"
                        and (r.grade_id or 0) < programme.mentor_min_grade_id})
        if programme.mentor_competency_id:
            levels = _levels(ids, [programme.mentor_competency_id])
            out.update({e: "competency" for e in rows if e not in out and
                        levels.get(e, {}).get(programme.mentor_competency_id, 0) < (programme.mentor_min_level or 0)})
        return out
    rule = programme.mentee_rule
    if rule == "cpns_first_year":
        oldest = programme.starts_on - dt.timedelta(days=365)
        out.update({e: "cpns" for e, r in rows.items()
                    if e not in out and (r.employment_type != "PNS" or r.tmt_cpns is None or r.tmt_cpns <= oldest)})
    elif rule == "talent_pool" and talent:
        boxes, wanted = talent_boxes(list(rows)), wanted_boxes(programme)
        out.update({e: "talent" for e in rows if e not in out and boxes.get(e) not in wanted})
    elif rule == "gap":
        gaps = _gaps(ids, programme.focus_competency_ids or None)
        out.update({e: "gap" for e in rows if e not in out and not gaps.get(e)})
    return out


def review_problems(programme: MentoringProgramme, participants) -> dict[int, tuple[str, int | None]]:
    """HR's review queue: {participant id: (reason key, 9-box or None)} for the applied and accepted
    participants who do not meet the programme's rule for their role (the box only for "talent")."""
    out: dict[int, tuple[str, int | None]] = {}
    for role in ("mentee", "mentor"):
        parts = {p.employee_id: p for p in participants if p.role == role and p.status in ("applied", "accepted")}
        bad = ineligible(programme, role, list(parts))
        boxes = talent_boxes([e for e, key in bad.items() if key == "talent"])
        out.update({parts[e].id: (key, boxes.get(e)) for e, key in bad.items() if e in parts})
    return out


# --- the organisation ----------------------------------------------------------------------

def opd_of_units() -> dict[int, int]:
    """unit id → its top-level unit (the OPD)."""
    parent = dict(db.session.execute(sa.select(Unit.id, Unit.parent_id)).all())
    out = {}
    for unit in parent:
        top, depth = unit, 0
        while parent.get(top) is not None and depth < MAX_DEPTH:
            top, depth = parent[top], depth + 1
        out[unit] = top
    return out


def supervisor_chains(employee_ids) -> dict[int, frozenset[int]]:
    """Everyone above each employee (direct supervisor, theirs, …), computed in memory: one query
    for the organisation and one per level of the hierarchy."""
    index = OrgIndex.load()
    rows: dict[int, object] = {}

    def fetch(ids):
        missing = [i for i in ids if i is not None and i not in rows]
        if missing:
            for r in db.session.execute(sa.select(Employee.id, Employee.unit_id, Employee.position_id,
                                                  Employee.supervisor_override_id, Employee.status)
                                        .where(Employee.id.in_(missing))):
                rows[r.id] = r

    def direct(eid):
        r = rows.get(eid)
        if r is None:
            return None
        o = r.supervisor_override_id
        if o is not None and o in rows and rows[o].status == "active":
            return o
        return index.derived_supervisor(r.id, r.unit_id, r.position_id)

    ids = list(employee_ids)
    fetch(ids)
    chains = {e: [] for e in ids}
    current = {e: e for e in ids}
    for _ in range(MAX_DEPTH):
        fetch([rows[c].supervisor_override_id for c in current.values() if c in rows])
        nxt = {}
        for e, c in current.items():
            s = direct(c)
            if s is not None and s != e and s not in chains[e]:
                chains[e].append(s)
                nxt[e] = s
        if not nxt:
            break
        fetch(list(nxt.values()))
        current = nxt
    return {e: frozenset(chain) for e, chain in chains.items()}


# --- profiles --------------------------------------------------------------------------------

def other_loads(programme_id: int, mentor_ids) -> dict[int, int]:
    if not mentor_ids:
        return {}
    return dict(db.session.execute(
        sa.select(MentoringPair.mentor_id, sa.func.count())
        .join(MentoringProgramme, sa.and_(MentoringProgramme.tenant_id == MentoringPair.tenant_id,
                                          MentoringProgramme.id == MentoringPair.programme_id))
        .where(MentoringPair.mentor_id.in_(list(mentor_ids)), MentoringPair.programme_id != programme_id,
               MentoringPair.status == "published", MentoringProgramme.status != "closed")
        .group_by(MentoringPair.mentor_id)).all())


def build_needs(gaps: dict[int, tuple[int | None, int]], levels: dict[int, int],
                goal_ids) -> dict[int, Need]:
    needs = {c: Need(current, required, max(1, required - (current or 0))) for c, (current, required) in gaps.items()}
    for c in goal_ids or ():
        if c in needs:
            needs[c].weight += 2
            needs[c].goal = True
        else:
            current = levels.get(c)
            needs[c] = Need(current, min(5, (current or 1) + 1), 2, True)
    return needs


def profiles(programme: MentoringProgramme, *, mentee_ids=None, mentor_ids=None):
    """(mentees, mentors) of a programme's accepted participants (or of the given ids)."""
    parts = db.session.execute(
        sa.select(MentoringParticipant).where(MentoringParticipant.programme_id == programme.id,
                                              MentoringParticipant.status == "accepted")).scalars().all()
    mentee_parts = {p.employee_id: p for p in parts if p.role == "mentee"}
    mentor_parts = {p.employee_id: p for p in parts if p.role == "mentor"}
    if mentee_ids is not None:
        mentee_parts = {e: p for e, p in mentee_parts.items() if e in set(mentee_ids)}
    if mentor_ids is not None:
        mentor_parts = {e: p for e, p in mentor_parts.items() if e in set(mentor_ids)}
    everyone = list(mentee_parts) + list(mentor_parts)
    people = {r.id: r for r in db.session.execute(
        sa.select(Employee.id, Employee.rank_id, Employee.unit_id, Employee.status)
        .where(Employee.id.in_(everyone or [-1])))}
    opd = opd_of_units()
    levels = _levels(everyone)
    gaps = _gaps(list(mentee_parts), programme.focus_competency_ids or None)
    chains = supervisor_chains([e for e in everyone if e in people])
    loads = other_loads(programme.id, list(mentor_parts))
    declined: dict[int, set[int]] = {}
    for mentee, mentor in db.session.execute(
            sa.select(MentoringPair.mentee_id, MentoringPair.mentor_id)
            .where(MentoringPair.programme_id == programme.id, MentoringPair.status == "declined")):
        declined.setdefault(mentee, set()).add(mentor)
    mentees = []
    for e, p in mentee_parts.items():
        r = people.get(e)
        if r is None or r.status != "active":
            continue
        mentees.append(MenteeProfile(
            e, r.rank_id, r.unit_id, opd.get(r.unit_id), build_needs(gaps.get(e, {}), levels.get(e, {}), p.competency_ids),
            chains.get(e, frozenset()), frozenset(declined.get(e, ()))))
    mentors = []
    for e, p in mentor_parts.items():
        r = people.get(e)
        if r is None or r.status != "active":
            continue
        mentors.append(MentorProfile(e, r.rank_id, r.unit_id, opd.get(r.unit_id), levels.get(e, {}),
                                     frozenset(p.competency_ids or ()), p.capacity or programme.capacity_per_mentor,
                                     loads.get(e, 0), chains.get(e, frozenset())))
    mentees.sort(key=lambda m: m.id)
    mentors.sort(key=lambda m: m.id)
    return mentees, mentors
