"""The workflow engine on its own, without promotion or training: a tiny subject type registers
its handler, and the tests drive the engine's API and read what the database holds.

Definitions and versions (a published edit is a new version; running cases keep theirs), who acts
on a step (a role, the subject's supervisor or unit head, a person the step was reassigned to),
transitions (allowed and refused, the lock version, required documents and checks), and the
deadlines and escalation (working days against the holiday calendar; a step nobody can act on
goes to the escalation role). Every date is set with the clock fixture, so the file passes on
whatever date CI replays it.
"""
from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from tests.org import build_region

SUBJECT = "enginetest"
DEFINITION = "enginetest.flow"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WIB = dt.timezone(dt.timedelta(hours=7))
OURS = f"WHERE definition_id = (SELECT id FROM workflow_definitions WHERE key = '{DEFINITION}')"


@pytest.fixture(autouse=True)
def _friday_20_november_2026(clock):
    clock.set("2026-11-20T09:00")  # a Friday: the deadlines below count the weekend out


@pytest.fixture
def subject(monkeypatch):
    """The test's subject type: its checks pass unless `subject.failing` names them, and the
    outcomes of the cases it closes are kept in `subject.closed`."""
    from jenjang.workflow import api as workflow
    from jenjang.workflow.handlers import HANDLERS

    class Subject:
        failing: set[str] = set()
        closed: list[tuple[int, str]] = []

        @classmethod
        def evaluate(cls, case, keys):
            return [{"key": k, "passed": k not in cls.failing, "detail": f"{k} belum terpenuhi"} for k in keys]

    Subject.failing, Subject.closed = set(), []
    monkeypatch.setitem(HANDLERS, SUBJECT, workflow.SubjectHandler(
        subject_type=SUBJECT, link=lambda case: ("core.index", {}), evaluate_checks=Subject.evaluate,
        on_closed=lambda case, outcome: Subject.closed.append((case.id, outcome)),
        known_checks=lambda: {"ready"}, can_view=lambda user, case: True))
    return Subject


@pytest.fixture
def region(factory, subject):
    """Dinas Pendidikan: Agus heads the bidang where Dewi (the subject) and Budi work; HR, the
    committee, the PPK and an admin have accounts. The definition: the subject's supervisor (2
    working days), HR verifies with a required document (3), the PPK decides once `ready` passes."""
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    region = build_region(factory, tenant)

    def define():
        from jenjang.workflow import api as workflow

        workflow.ensure_definition(DEFINITION, SUBJECT, "Alur uji", [
            workflow.make_step("Atasan langsung", "relation:supervisor", sla_days=2),
            workflow.make_step("Verifikasi BKPSDM", "role:hr", sla_days=3,
                               documents=[{"key": "sk_pangkat", "label": "SK pangkat terakhir"}]),
            workflow.make_step("Keputusan PPK", "role:ppk", actions=("approve", "reject"), sla_days=0,
                               checks=["ready"]),
        ])

    factory.run(tenant, define)
    return region


def _user(email: str):
    from jenjang.auth.models import User
    from jenjang.extensions import db

    return db.session.scalar(sa.select(User).where(User.email == email))


def _case(case_id: int):
    from jenjang.extensions import db
    from jenjang.workflow.api import WorkflowCase

    return db.session.scalar(sa.select(WorkflowCase).where(WorkflowCase.id == case_id))


def _start(factory, region, subject_id: int = 1, employee_id: int | None = None) -> int:
    from jenjang.workflow import api as workflow

    def run():
        return workflow.start_case(DEFINITION, subject_type=SUBJECT, subject_id=subject_id,
                                   subject_employee_id=employee_id or region.staff_id, title="Usulan uji",
                                   started_by=_user("hr@pematangsiantar.demo")).id

    return factory.run(region.tenant, run)


def _act(factory, region, case_id: int, email: str, action: str = "approve", comment: str | None = None,
         lock: int | None = None) -> str:
    """The new status, or the refusal's message."""
    from jenjang.workflow import api as workflow

    def run():
        case = _case(case_id)
        try:
            return workflow.transition(case, _user(email), action, comment=comment,
                                       seen_lock=case.lock_version if lock is None else lock)
        except workflow.TransitionRefused as exc:
            return f"refused: {exc.message}"

    return factory.run(region.tenant, run)


def _row(factory, region, sql: str):
    return factory.scalar(region.tenant, sql)


def _history(factory, region, case_id: int) -> str:
    return _row(factory, region, f"SELECT string_agg(action || ':' || coalesce(to_step_name, '-'), ' ' "
                                 f"ORDER BY at, id) FROM workflow_transitions WHERE case_id = {case_id}")


def _attach(factory, region, case_id: int, key: str = "sk_pangkat") -> None:
    from jenjang.workflow import attachments

    factory.run(region.tenant, lambda: attachments.attach(
        _case(case_id), FileStorage(io.BytesIO(PDF), filename=f"{key}.pdf"), key, None))


# --- definitions and versions ----------------------------------------------------------------

def test_a_published_edit_is_a_new_version_and_running_cases_keep_theirs(factory, region):
    from jenjang.workflow import versions
    from jenjang.workflow.api import make_step

    running = _start(factory, region, subject_id=1)

    def edit_and_publish():
        definition = versions.definition_by_key(DEFINITION)
        draft = versions.draft_of(definition)
        versions.save_draft(draft, draft.steps + [make_step("Arsip", "role:hr")])
        assert versions.published_version(definition).number == 1  # a saved draft changes nothing yet
        return versions.publish(draft, "admin@pematangsiantar.demo").number

    assert factory.run(region.tenant, edit_and_publish) == 2
    newer = _start(factory, region, subject_id=2, employee_id=region.colleague_id)
    pinned = _row(factory, region, f"""SELECT string_agg(c.subject_id || '=v' || v.number || '/' ||
        jsonb_array_length(v.steps), ' ' ORDER BY c.subject_id) FROM workflow_cases c
        JOIN workflow_versions v ON v.id = c.version_id WHERE c.id IN ({running}, {newer})""")
    assert pinned == "1=v1/3 2=v2/4"
    assert _row(factory, region, "SELECT string_agg(number || ':' || status || ':' || published_by, ' ' "
                                 f"ORDER BY number) FROM workflow_versions {OURS}") == \
        "1:published:system 2:published:admin@pematangsiantar.demo"
    assert _row(factory, region, "SELECT after->>'version' FROM audit_log WHERE action = 'workflow.published'") == "2"
    # the running case moves along its own three steps: the PPK's decision closes it
    for email in ("atasan@pematangsiantar.demo", "hr@pematangsiantar.demo"):
        if email.startswith("hr"):
            _attach(factory, region, running)
        assert _act(factory, region, running, email) == "in_progress"
    assert _act(factory, region, running, "ppk@pematangsiantar.demo") == "approved"


def test_a_published_version_cannot_be_edited_and_an_invalid_draft_is_not_published(factory, region):
    from jenjang.workflow import versions
    from jenjang.workflow.api import make_step
    from jenjang.workflow.definitions import DefinitionError

    def attempts():
        definition = versions.definition_by_key(DEFINITION)
        problems = []
        try:
            versions.save_draft(versions.published_version(definition), [])
        except DefinitionError as exc:
            problems.append(str(exc))
        draft = versions.draft_of(definition)
        versions.save_draft(draft, [make_step("Tanpa pelaku", "", checks=["unknown_check"])])
        try:
            versions.publish(draft, "admin@pematangsiantar.demo")
        except DefinitionError as exc:
            problems.extend(str(m) for m in exc.messages)
        return problems

    problems = factory.run(region.tenant, attempts)
    assert problems[0] == "Versi yang sudah diterbitkan tidak dapat diubah."
    assert "Langkah 1 (Tanpa pelaku) belum punya pelaku. Pilih peran atau hubungan." in problems
    assert "Langkah 1 memakai pemeriksaan yang tidak dikenal: unknown_check" in problems
    assert _row(factory, region, "SELECT string_agg(coalesce(number::text, '-') || ':' || status, ' ' "
                                 f"ORDER BY id) FROM workflow_versions {OURS}") == "1:published -:draft"



def test_the_definition_editor_edits_a_draft_step_by_step_and_discards_it(factory, region, client_for):
    did = _row(factory, region, f"SELECT id FROM workflow_definitions WHERE key = '{DEFINITION}'")
    steps = f"SELECT string_agg(s->>'name' || '/' || (s->>'actor') || '/' || (s->>'sla_days'), ' | ' " \
            f"ORDER BY n) FROM workflow_versions v, jsonb_array_elements(v.steps) WITH ORDINALITY AS x(s, n) " \
            f"WHERE v.definition_id = {did} AND v.status = 'draft'"
    hr, c = client_for(region.tenant), client_for(region.tenant)
    hr.login("hr@pematangsiantar.demo")
    assert hr.get(f"/admin/workflows/{did}").status_code == 403  # HR works on cases; admins edit definitions
    c.login("admin@pematangsiantar.demo")
    assert c.get("/admin/workflows/999999").status_code == 404
    c.post(f"/admin/workflows/{did}/steps", {"name": "Arsip"})
    r = c.post(f"/admin/workflows/{did}/steps/3", {"s3-name": "Arsip BKPSDM", "s3-actor": "role:hr",
                                                   "s3-actions": ["approve"], "s3-sla_days": "4", "s3-documents": ""})
    assert r.status_code in (302, 303)
    r = c.post(f"/admin/workflows/{did}/steps/3", {"s3-name": "", "s3-actor": "role:hr", "s3-sla_days": "400"})
    assert r.status_code == 422 and "Isi 0 sampai 365." in c.text(r)
    c.post(f"/admin/workflows/{did}/steps/3/move", {"direction": "up"})
    assert _row(factory, region, steps) == ("Atasan langsung/relation:supervisor/2 | Verifikasi BKPSDM/role:hr/3 | "
                                            "Arsip BKPSDM/role:hr/4 | Keputusan PPK/role:ppk/0")
    assert c.post(f"/admin/workflows/{did}/steps/9/delete").status_code == 404
    c.post(f"/admin/workflows/{did}/steps/0/delete")
    assert _row(factory, region, steps).startswith("Verifikasi BKPSDM/")
    c.post(f"/admin/workflows/{did}/discard")
    assert _row(factory, region, steps) is None
    assert _row(factory, region, f"SELECT count(*) FROM workflow_versions WHERE definition_id = {did}") == 1

# --- who acts ----------------------------------------------------------------------------------

def test_the_supervisor_step_waits_for_the_subjects_unit_head_alone(factory, region):
    from jenjang.workflow import api as workflow

    case_id = _start(factory, region)

    def listed(e):
        from jenjang.extensions import db

        condition = workflow.actionable(_user(f"{e}@pematangsiantar.demo"), SUBJECT)
        return condition is not None and db.session.scalar(
            sa.select(workflow.WorkflowCase.id).where(condition)) == case_id

    def who_may_act():
        case = _case(case_id)
        actors = {e: workflow.can_act(_user(f"{e}@pematangsiantar.demo"), case)
                  for e in ("atasan", "pegawai", "rekan", "hr", "ppk", "admin")}
        return actors, {e: listed(e) for e in ("atasan", "rekan", "hr")}, workflow.current_actor_label(case)

    actors, waiting, label = factory.run(region.tenant, who_may_act)
    assert actors == {"atasan": True, "pegawai": False, "rekan": False, "hr": False, "ppk": False, "admin": False}
    assert waiting == {"atasan": True, "rekan": False, "hr": False}  # "waiting for me" agrees case by case
    assert label == "Atasan langsung pegawai"
    assert "refused: Langkah ini menunggu Atasan langsung pegawai" in _act(factory, region, case_id,
                                                                            "rekan@pematangsiantar.demo")
    assert _act(factory, region, case_id, "atasan@pematangsiantar.demo") == "in_progress"
    assert _row(factory, region, f"SELECT step_index FROM workflow_cases WHERE id = {case_id}") == 1


def test_a_unit_head_step_and_a_role_step_resolve_to_their_accounts(factory, region):
    from jenjang.workflow import api as workflow

    def define_and_start():
        workflow.ensure_definition("enginetest.head", SUBJECT, "Alur kepala unit", [
            workflow.make_step("Kepala unit", "relation:unit_head"), workflow.make_step("Komite", "role:committee")])
        case = workflow.start_case("enginetest.head", subject_type=SUBJECT, subject_id=9,
                                   subject_employee_id=region.colleague_id, title="Uji kepala unit")
        return case.id

    case_id = factory.run(region.tenant, define_and_start)
    assert factory.run(region.tenant, lambda: workflow.can_act(_user("atasan@pematangsiantar.demo"),
                                                               _case(case_id)))
    assert _act(factory, region, case_id, "atasan@pematangsiantar.demo") == "in_progress"
    assert factory.run(region.tenant, lambda: (
        workflow.can_act(_user("tpk@pematangsiantar.demo"), _case(case_id)),
        workflow.can_act(_user("atasan@pematangsiantar.demo"), _case(case_id)))) == (True, False)
    assert _act(factory, region, case_id, "tpk@pematangsiantar.demo") == "approved"


def test_a_reassigned_step_waits_for_that_person_alone_with_the_reason_in_history_and_audit(factory, region):
    from jenjang.workflow import api as workflow
    from jenjang.workflow.actors import find_assignee
    from jenjang.workflow.cases import reassign

    case_id = _start(factory, region)

    def give_to_budi():
        case = _case(case_id)
        budi = find_assignee("rekan@pematangsiantar.demo")
        reassign(case, _user("hr@pematangsiantar.demo"), budi, "Kepala bidang cuti", seen_lock=case.lock_version)
        return budi.id

    budi_id = factory.run(region.tenant, give_to_budi)
    assert _row(factory, region, f"SELECT assignee_user_id || ':' || lock_version FROM workflow_cases "
                                 f"WHERE id = {case_id}") == f"{budi_id}:2"
    assert _history(factory, region, case_id) == "start:Atasan langsung reassign:Atasan langsung"
    assert _row(factory, region, f"SELECT comment FROM workflow_transitions WHERE case_id = {case_id} AND "
                                 f"action = 'reassign'").endswith("Alasan: Kepala bidang cuti")
    assert _row(factory, region, "SELECT after->>'reason' FROM audit_log WHERE action = 'workflow.reassigned'") == \
        "Kepala bidang cuti"
    assert factory.run(region.tenant, lambda: (
        workflow.can_act(_user("rekan@pematangsiantar.demo"), _case(case_id)),
        workflow.can_act(_user("atasan@pematangsiantar.demo"), _case(case_id)))) == (True, False)

    def refusals():
        case = _case(case_id)
        out = []
        for text, reason in (("", "x"), ("19991231" * 2 + "99", "x"), ("pegawai@pematangsiantar.demo", "x"),
                             ("ppk@pematangsiantar.demo", "")):
            try:
                reassign(case, _user("hr@pematangsiantar.demo"), find_assignee(text), reason,
                         seen_lock=case.lock_version)
            except workflow.ReassignRefused as exc:
                out.append((exc.field, exc.message))
        return out

    refused = factory.run(region.tenant, refusals)
    assert [field for field, _ in refused] == ["person", "person", "person", "reason"]
    assert refused[0][1] == "Isi NIP atau email orang yang akan menerima langkah ini."
    assert refused[1][1].startswith("Tidak ada pegawai dengan NIP atau email")
    assert refused[2][1] == "Pegawai yang diajukan tidak dapat memproses kasusnya sendiri. Pilih orang lain."
    assert _act(factory, region, case_id, "rekan@pematangsiantar.demo") == "in_progress"
    assert _row(factory, region, f"SELECT coalesce(assignee_user_id, 0) FROM workflow_cases WHERE id = {case_id}") == 0


# --- transitions -------------------------------------------------------------------------------

def test_refused_transitions_change_nothing_and_say_what_to_do(factory, region):
    case_id = _start(factory, region)
    assert _act(factory, region, case_id, "atasan@pematangsiantar.demo", "reject") == \
        "refused: Tulis alasan di kolom catatan sebelum menolak atau mengembalikan."
    assert _act(factory, region, case_id, "atasan@pematangsiantar.demo") == "in_progress"
    # HR's step requires the SK: approval waits for the document
    assert _act(factory, region, case_id, "hr@pematangsiantar.demo") == \
        "refused: Lampirkan dulu dokumen wajib: SK pangkat terakhir."
    _attach(factory, region, case_id)
    assert _act(factory, region, case_id, "hr@pematangsiantar.demo") == "in_progress"
    # the PPK's step allows no return, and its check must pass
    assert _act(factory, region, case_id, "ppk@pematangsiantar.demo", "return", comment="x") == \
        "refused: Tindakan ini tidak diizinkan pada langkah Keputusan PPK."
    assert _row(factory, region, f"SELECT step_index || ':' || status || ':' || lock_version FROM workflow_cases "
                                 f"WHERE id = {case_id}") == "2:in_progress:3"
    assert _history(factory, region, case_id) == \
        "start:Atasan langsung approve:Verifikasi BKPSDM approve:Keputusan PPK"


def test_a_failing_check_blocks_approval_until_it_is_evaluated_again(factory, region, subject):
    from jenjang.workflow import api as workflow

    case_id = _start(factory, region)
    _act(factory, region, case_id, "atasan@pematangsiantar.demo")
    _attach(factory, region, case_id)
    subject.failing = {"ready"}
    _act(factory, region, case_id, "hr@pematangsiantar.demo")  # entering the PPK's step runs its check
    assert _row(factory, region, f"SELECT last_checks->0->>'passed' FROM workflow_cases WHERE id = {case_id}") == \
        "false"
    assert _act(factory, region, case_id, "ppk@pematangsiantar.demo") == \
        "refused: Pemeriksaan otomatis belum terpenuhi: ready belum terpenuhi."
    subject.failing = set()
    factory.run(region.tenant, lambda: workflow.reevaluate(_case(case_id)))
    assert _act(factory, region, case_id, "ppk@pematangsiantar.demo") == "approved"
    assert subject.closed == [(case_id, "approved")]
    assert _row(factory, region, f"SELECT status || ':' || (closed_at IS NOT NULL) || ':' || "
                                 f"(step_due_at IS NULL) FROM workflow_cases WHERE id = {case_id}") == \
        "approved:true:true"
    closed_to = _row(factory, region, "SELECT string_agg(u.email, ' ' ORDER BY u.email) FROM notifications n "
                                      "JOIN users u ON u.id = n.recipient_user_id WHERE n.kind = 'workflow.closed'")
    assert closed_to == "hr@pematangsiantar.demo pegawai@pematangsiantar.demo"  # the starter and the subject


def test_of_two_actors_who_saw_the_same_lock_version_only_the_first_moves_the_case(factory, region):
    case_id = _start(factory, region)
    _act(factory, region, case_id, "atasan@pematangsiantar.demo", "return", comment="Lengkapi dulu")
    assert _row(factory, region, f"SELECT step_index || ':' || lock_version FROM workflow_cases "
                                 f"WHERE id = {case_id}") == "0:2"
    assert _act(factory, region, case_id, "atasan@pematangsiantar.demo", lock=1).startswith(
        "refused: Kasus ini sudah berpindah langkah sejak Anda membukanya.")
    assert _act(factory, region, case_id, "atasan@pematangsiantar.demo", "reject", comment="Tidak layak",
                lock=2) == "rejected"
    assert _act(factory, region, case_id, "atasan@pematangsiantar.demo", lock=3).startswith("refused: ")
    assert _history(factory, region, case_id) == "start:Atasan langsung return:Atasan langsung reject:-"
    assert _row(factory, region, f"SELECT comment FROM workflow_transitions WHERE case_id = {case_id} "
                                 f"AND action = 'reject'") == "Tidak layak"


# --- deadlines and escalation --------------------------------------------------------------------

def test_a_steps_deadline_counts_working_days_and_its_reminders_follow_the_case(factory, region):
    from jenjang.workflow import holidays

    factory.run(region.tenant, lambda: holidays.add_holiday(holidays.HolidayInput(
        dt.date(2026, 11, 23), "Hari Jadi Kota", "regional", "Perda uji"), "hr@pematangsiantar.demo"))
    case_id = _start(factory, region)  # Friday 20 November 2026, 09:00 WIB
    due = _row(factory, region, f"SELECT step_due_at FROM workflow_cases WHERE id = {case_id}")
    assert due.astimezone(WIB).replace(microsecond=0) == dt.datetime(2026, 11, 25, 9, 0, tzinfo=WIB)  # Tue 24, Wed 25: two working days
    reminders = _row(factory, region, "SELECT string_agg(kind || '@' || to_char(due_at AT TIME ZONE 'Asia/Jakarta', "
                                      "'YYYY-MM-DD') || ':' || status, ' ' ORDER BY kind) FROM notification_reminders")
    assert reminders == "workflow.overdue@2026-11-25:scheduled workflow.overdue_admin@2026-11-26:scheduled"
    _act(factory, region, case_id, "atasan@pematangsiantar.demo")  # the next step: new deadline, new reminders
    reminders = _row(factory, region, "SELECT string_agg(kind || '@' || to_char(due_at AT TIME ZONE 'Asia/Jakarta', "
                                      "'YYYY-MM-DD') || ':' || status, ' ' ORDER BY status, kind) "
                                      "FROM notification_reminders")
    assert reminders == ("workflow.overdue@2026-11-25:cancelled workflow.overdue_admin@2026-11-26:cancelled "
                         "workflow.overdue@2026-11-26:scheduled workflow.overdue_admin@2026-11-27:scheduled")


def test_a_step_whose_actor_has_no_account_escalates_to_the_role_the_tenant_chose(factory, region, owner_engine):
    from jenjang.workflow import api as workflow
    from jenjang.workflow.escalation import set_escalation_role

    with owner_engine.begin() as conn:  # the unit head's account is switched off
        conn.execute(sa.text("UPDATE users SET is_active = false WHERE email = 'atasan@pematangsiantar.demo'"))
    first = _start(factory, region, subject_id=1)
    assert _row(factory, region, f"SELECT escalated_role FROM workflow_cases WHERE id = {first}") == "hr"
    assert _history(factory, region, first) == "start:Atasan langsung escalate:Atasan langsung"
    assert factory.run(region.tenant, lambda: workflow.current_actor_label(_case(first))) == "Kepegawaian (HR)"
    factory.run(region.tenant, lambda: set_escalation_role("committee"))
    second = _start(factory, region, subject_id=2, employee_id=region.colleague_id)
    assert _row(factory, region, f"SELECT escalated_role FROM workflow_cases WHERE id = {second}") == "committee"
    assert _act(factory, region, second, "tpk@pematangsiantar.demo") == "in_progress"
    assert _row(factory, region, f"SELECT coalesce(escalated_role, '-') || ':' || step_index FROM workflow_cases "
                                 f"WHERE id = {second}") == "-:1"


def test_when_the_only_actor_loses_their_account_the_open_step_escalates(factory, region):
    from jenjang.auth import operations as auth_ops

    case_id = _start(factory, region)
    assert _row(factory, region, f"SELECT coalesce(escalated_role, '-') FROM workflow_cases WHERE id = {case_id}") == "-"
    factory.run(region.tenant, lambda: auth_ops.set_active(_user("atasan@pematangsiantar.demo"), False))
    assert _row(factory, region, f"SELECT escalated_role || ':' || lock_version FROM workflow_cases "
                                 f"WHERE id = {case_id}") == "hr:2"
    assert _history(factory, region, case_id) == "start:Atasan langsung escalate:Atasan langsung"
    assert _act(factory, region, case_id, "hr@pematangsiantar.demo") == "in_progress"
