"""Who is evaluated, by whom: the raters planned from the organisation (generated in bulk), HR's
adjustments by hand, and the peers the evaluated employees nominate."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from jenjang.core import audit
from jenjang.extensions import db
from jenjang.feedback.models import FeedbackAssignment, FeedbackCycle, FeedbackNomination
from jenjang.feedback.operations.common import FeedbackError, require_draft
from jenjang.people.api import Employee, OrgIndex, Position, actor_label
from jenjang.tenancy import bulk
from jenjang.tenancy.models import utcnow

# --- who is evaluated, by whom ---------------------------------------------------------------

def subjects_query(cycle: FeedbackCycle) -> sa.Select:
    """The active employees this cycle evaluates (units include their sub-units)."""
    stmt = sa.select(Employee.id).where(Employee.status == "active")
    if cycle.scope_unit_ids:
        index = OrgIndex.load()
        children = index.children()
        units, todo = set(), list(cycle.scope_unit_ids)
        while todo:
            u = todo.pop()
            if u not in units:
                units.add(u)
                todo.extend(children.get(u, ()))
        stmt = stmt.where(Employee.unit_id.in_(units))
    if cycle.scope_position_kinds:
        stmt = stmt.where(Employee.position_id.in_(
            sa.select(Position.id).where(Position.kind.in_(cycle.scope_position_kinds))))
    return stmt


def _ring(members: list[int], start: int):
    """The unit's members after position `start`, wrapping round: taking the next n for each
    member means every member is rated by about n peers and rates about n peers (an even load)."""
    size = len(members)
    for j in range(1, size):
        yield members[(start + j) % size]


@dataclass
class _Organisation:
    """The active employees as the planning sees them: each one's supervisor (an override HR set,
    else the one derived from the reporting lines), each supervisor's team, each unit's members
    in id order (and each member's place in it)."""

    ids: list[int] = field(default_factory=list)
    unit_of: dict[int, int | None] = field(default_factory=dict)
    supervisor: dict[int, int | None] = field(default_factory=dict)
    team: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_unit: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    place: dict[int, int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> _Organisation:
        rows = db.session.execute(sa.select(Employee.id, Employee.unit_id, Employee.position_id,
                                            Employee.supervisor_override_id)
                                  .where(Employee.status == "active").order_by(Employee.id)).all()
        org = cls(ids=[r.id for r in rows], unit_of={r.id: r.unit_id for r in rows})
        active = set(org.ids)
        index = OrgIndex.load()
        for r in rows:
            sid = r.supervisor_override_id if r.supervisor_override_id in active else None
            org.supervisor[r.id] = sid or index.derived_supervisor(r.id, r.unit_id, r.position_id)
            if r.unit_id is not None:
                org.by_unit[r.unit_id].append(r.id)
        for emp, sid in org.supervisor.items():
            if sid is not None:
                org.team[sid].append(emp)
        org.place = {m: i for members in org.by_unit.values() for i, m in enumerate(members)}
        return org

    def unit_peers(self, subject: int):
        members = self.by_unit.get(self.unit_of.get(subject), [])
        return _ring(members, self.place[subject]) if members else ()


def _approved_nominations(cycle: FeedbackCycle, active: set[int]) -> dict[int, list[int]]:
    nominated: dict[int, list[int]] = defaultdict(list)
    for subject_id, peer_id in db.session.execute(sa.select(
            FeedbackNomination.subject_employee_id, FeedbackNomination.peer_employee_id).where(
            FeedbackNomination.cycle_id == cycle.id, FeedbackNomination.status == "approved")):
        if peer_id in active:
            nominated[subject_id].append(peer_id)
    return nominated


def _raters_of(s: int, cycle: FeedbackCycle, org: _Organisation, nominated: list[int]):
    """(rater, relation, source) for one evaluated employee, each rater once: self, the supervisor,
    the subordinates (all or the first N), then the peers (nominations first, then the unit's ring)."""
    taken = {s}

    def take(rater, relation, source):
        taken.add(rater)
        return rater, relation, source

    if cycle.include_self:
        yield s, "self", "auto"
    sid = org.supervisor.get(s)
    if cycle.include_supervisor and sid is not None:
        yield take(sid, "supervisor", "auto")
    if cycle.include_subordinates:
        subs = org.team.get(s, [])
        for sub in subs[:cycle.subordinate_count] if cycle.subordinate_count else subs:
            if sub not in taken:
                yield take(sub, "subordinate", "auto")
    peers = [(p, "nomination") for p in nominated] + [(p, "auto") for p in org.unit_peers(s)]
    chosen = 0
    for peer, source in peers:
        if chosen >= (cycle.peer_count or 0):
            break
        if peer not in taken:
            yield take(peer, "peer", source)
            chosen += 1


def planned_assignments(cycle: FeedbackCycle) -> list[tuple[int, int, str, str]]:
    """(subject, rater, relation, source) for every evaluated employee, computed from the
    organisation: supervisors from reporting lines, peers from the same unit with an even load,
    subordinates (all or the first N), approved nominations first among peers."""
    subjects = set(db.session.scalars(subjects_query(cycle)))
    org = _Organisation.load()
    nominated = _approved_nominations(cycle, set(org.ids))
    return [(s, rater, relation, source) for s in org.ids if s in subjects
            for rater, relation, source in _raters_of(s, cycle, org, nominated.get(s, []))]


def prepare_assignments(cycle: FeedbackCycle, progress=None) -> int:
    """(Re)generate the automatic and nominated assignments; those HR added by hand stay.
    Written with bulk INSERTs (tenancy/bulk.py: one statement per 10,000 rows)."""
    if cycle.status not in ("draft", "launching"):
        raise FeedbackError(_("Penugasan hanya dapat disusun sebelum peluncuran."))
    db.session.execute(sa.delete(FeedbackAssignment).where(FeedbackAssignment.cycle_id == cycle.id,
                                                           FeedbackAssignment.source != "hr"))
    manual = set(db.session.execute(sa.select(FeedbackAssignment.subject_employee_id,
                                              FeedbackAssignment.rater_employee_id)
                                    .where(FeedbackAssignment.cycle_id == cycle.id)).all())
    planned = [p for p in planned_assignments(cycle) if (p[0], p[1]) not in manual]
    table = FeedbackAssignment.__table__
    step = 20000
    for start in range(0, len(planned), step):
        chunk = planned[start:start + step]
        bulk.insert_rows(table, [{"cycle_id": cycle.id, "subject_employee_id": s, "rater_employee_id": r,
                                  "relation": rel, "source": src} for s, r, rel, src in chunk])
        if progress:
            progress("assignments", min(start + step, len(planned)), len(planned))
    cycle.assignments_prepared_at = utcnow()
    db.session.flush()
    return len(planned)


def add_assignment(cycle: FeedbackCycle, subject_id: int | None, rater_id: int | None, relation: str) -> FeedbackAssignment:
    require_draft(cycle)
    if relation not in ("supervisor", "peer", "subordinate"):
        raise FeedbackError(_("Pilih hubungan penilai: atasan, rekan kerja atau bawahan."), "relation")
    ids = {subject_id, rater_id} - {None}
    found = set(db.session.scalars(sa.select(Employee.id).where(Employee.id.in_(ids), Employee.status == "active")))
    if subject_id not in found or rater_id not in found:
        raise FeedbackError(_("Pilih pegawai aktif untuk yang dinilai dan penilainya."), "rater_id")
    if subject_id == rater_id:
        raise FeedbackError(_("Penilaian diri sendiri diatur di pengaturan siklus, bukan di sini."), "rater_id")
    exists = db.session.scalar(sa.select(FeedbackAssignment.id).where(
        FeedbackAssignment.cycle_id == cycle.id, FeedbackAssignment.subject_employee_id == subject_id,
        FeedbackAssignment.rater_employee_id == rater_id))
    if exists:
        raise FeedbackError(_("Penilai ini sudah ditugaskan untuk pegawai tersebut."), "rater_id")
    row = FeedbackAssignment(cycle_id=cycle.id, subject_employee_id=subject_id, rater_employee_id=rater_id,
                             relation=relation, source="hr")
    db.session.add(row)
    db.session.flush()
    audit.record("feedback.assignment_added", row, after={"relation": relation})
    return row


def remove_assignment(cycle: FeedbackCycle, assignment: FeedbackAssignment) -> None:
    require_draft(cycle)
    audit.record("feedback.assignment_removed", assignment, before={"relation": assignment.relation})
    db.session.delete(assignment)
    db.session.flush()


# --- nominations -----------------------------------------------------------------------------

def nominate(cycle: FeedbackCycle, subject_id: int, peer_id: int | None) -> FeedbackNomination:
    if not (cycle.is_draft and cycle.allow_nominations):
        raise FeedbackError(_("Usulan rekan penilai tidak dibuka untuk siklus ini."), "peer_id")
    if peer_id is None or peer_id == subject_id or not db.session.scalar(
            sa.select(Employee.id).where(Employee.id == peer_id, Employee.status == "active")):
        raise FeedbackError(_("Pilih rekan kerja aktif selain diri Anda sendiri."), "peer_id")
    count = db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackNomination).where(
        FeedbackNomination.cycle_id == cycle.id, FeedbackNomination.subject_employee_id == subject_id,
        FeedbackNomination.status != "rejected"))
    if count >= max(cycle.peer_count, 1):
        raise FeedbackError(_("Anda sudah mengusulkan %(n)s rekan, batas untuk siklus ini.", n=count), "peer_id")
    if db.session.scalar(sa.select(FeedbackNomination.id).where(
            FeedbackNomination.cycle_id == cycle.id, FeedbackNomination.subject_employee_id == subject_id,
            FeedbackNomination.peer_employee_id == peer_id)):
        raise FeedbackError(_("Rekan ini sudah Anda usulkan."), "peer_id")
    row = FeedbackNomination(cycle_id=cycle.id, subject_employee_id=subject_id, peer_employee_id=peer_id,
                             status="proposed")
    db.session.add(row)
    db.session.flush()
    return row


def decide_nomination(nomination: FeedbackNomination, approve: bool) -> None:
    if nomination.status != "proposed":
        raise FeedbackError(_("Usulan ini sudah diputuskan."))
    nomination.status = "approved" if approve else "rejected"
    nomination.decided_by = actor_label()
    db.session.flush()
