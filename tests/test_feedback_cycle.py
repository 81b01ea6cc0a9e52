"""Cycle life: set-up refusals, launch (inline and as a job with progress), concurrent
submissions, reminders, deadline, closing, and converting results into competency assessments."""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from tests.feedback_support import add_staff, answer, close, launch, make_cycle, manual_cycle
from tests.helpers import local_today
from tests.org import build_region


@pytest.fixture
def region(factory):
    t = factory.tenant("pematangsiantar")
    return build_region(factory, t)


def _cycle(cid):
    from jenjang.extensions import db
    from jenjang.feedback.models import FeedbackCycle

    return db.session.scalar(sa.select(FeedbackCycle).where(FeedbackCycle.id == cid))


def test_a_cycle_without_questions_is_refused_with_the_reason(factory, region, client_for):
    t = region.tenant
    cid = make_cycle(factory, t, codes=(), open_question=True)
    c = client_for(t)
    c.login(f"hr@{t.slug}.demo")
    r = c.post(f"/360/cycles/{cid}/launch")
    assert r.status_code == 302
    page = c.text(c.get(f"/360/cycles/{cid}"))
    assert "belum punya pertanyaan berskala" in page
    assert factory.scalar(t, f"SELECT status FROM feedback_cycles WHERE id = {cid}") == "draft"
    assert factory.scalar(t, "SELECT count(*) FROM feedback_assignments") == 0


def test_a_cycle_without_raters_is_refused(factory, region):
    from jenjang.feedback import tasks
    from jenjang.feedback.operations import FeedbackError

    t = region.tenant
    cid = make_cycle(factory, t, include_self=False, include_supervisor=False, peer_count=0,
                     include_subordinates=False)
    with pytest.raises(FeedbackError, match="Tidak ada penilai"):
        factory.run(t, lambda: tasks.start_launch(_cycle(cid), inline=True))
    assert factory.scalar(t, f"SELECT status FROM feedback_cycles WHERE id = {cid}") == "draft"


def test_bad_settings_are_refused(factory, region):
    from jenjang.feedback import operations
    from jenjang.feedback.operations import FeedbackError

    today = local_today()
    base = {"name": "X", "period_start": today, "period_end": today, "deadline": today}
    for bad, field in ((base | {"name": " "}, "name"), (base | {"period_end": today - dt.timedelta(days=1)}, "period_end"),
                       (base | {"deadline": today - dt.timedelta(days=1)}, "deadline"),
                       (base | {"anonymity_threshold": 1}, "anonymity_threshold")):
        with pytest.raises(FeedbackError) as err:
            factory.run(region.tenant, lambda b=bad: operations.create_cycle(**b))
        assert err.value.field == field


def test_hr_adjusts_assignments_before_launch(factory, region, client_for):
    t = region.tenant
    cid = make_cycle(factory, t, peer_count=1)
    c = client_for(t)
    c.login(f"hr@{t.slug}.demo")
    r = c.post(f"/360/cycles/{cid}/assignments", {"what": "prepare"})
    assert r.status_code == 302
    before = factory.scalar(t, f"SELECT count(*) FROM feedback_assignments WHERE cycle_id = {cid}")
    extra = add_staff(factory, t, region, 1, start=300)
    nip = factory.scalar(t, f"SELECT nip FROM employees WHERE id = {extra[0]}")
    staff_nip = factory.scalar(t, f"SELECT nip FROM employees WHERE id = {region.staff_id}")
    r = c.post(f"/360/cycles/{cid}/assignments", {"subject_nip": staff_nip, "rater_nip": nip, "relation": "peer"})
    assert r.status_code == 302
    assert factory.scalar(t, f"SELECT count(*) FROM feedback_assignments WHERE cycle_id = {cid}") == before + 1
    r = c.post(f"/360/cycles/{cid}/assignments", {"subject_nip": staff_nip, "rater_nip": nip, "relation": "peer"})
    assert r.status_code == 422 and "sudah ditugaskan" in c.text(r)
    aid = factory.scalar(t, f"SELECT id FROM feedback_assignments WHERE rater_employee_id = {extra[0]}")
    assert c.post(f"/360/cycles/{cid}/assignments/{aid}/delete").status_code == 302
    assert factory.scalar(t, f"SELECT count(*) FROM feedback_assignments WHERE cycle_id = {cid}") == before
    # launch keeps what HR prepared
    assert c.post(f"/360/cycles/{cid}/launch").status_code == 302
    assert factory.scalar(t, f"SELECT status FROM feedback_cycles WHERE id = {cid}") == "open"
    assert factory.scalar(t, f"SELECT count(*) FROM feedback_assignments WHERE cycle_id = {cid}") == before


def test_large_launch_runs_as_a_job_with_progress(factory, region, client_for, app):
    from jenjang.jobs import queue

    t = region.tenant
    cid = make_cycle(factory, t)
    app.config["FEEDBACK_LAUNCH_INLINE_MAX"] = 0
    try:
        c = client_for(t)
        c.login(f"hr@{t.slug}.demo")
        assert c.post(f"/360/cycles/{cid}/launch").status_code == 302
        assert factory.scalar(t, f"SELECT status FROM feedback_cycles WHERE id = {cid}") == "launching"
        page = c.text(c.get(f"/360/cycles/{cid}"))
        assert "<progress" in page and "hx-trigger=\"load delay:1s\"" in page
        with app.app_context():
            jobs = queue("default").jobs
            assert len(jobs) == 1
            jobs[0].perform()
    finally:
        app.config.pop("FEEDBACK_LAUNCH_INLINE_MAX")
    assert factory.scalar(t, f"SELECT status FROM feedback_cycles WHERE id = {cid}") == "open"
    assert factory.scalar(t, f"SELECT count(*) FROM feedback_assignments WHERE cycle_id = {cid}") > 0
    polled = c.get(f"/360/cycles/{cid}?poll=1", headers={"HX-Request": "true"})
    assert "<progress" not in c.text(polled).split("launch-status")[1].split("Formulir terkirim")[0]


def test_two_hundred_concurrent_submissions_store_each_form_once(factory, region, app):
    """100 raters each post their form twice at the same moment: 200 submissions, 100 stored."""
    from jenjang.extensions import db
    from jenjang.feedback import answering
    from jenjang.feedback.models import FeedbackAssignment
    from jenjang.feedback.operations import FeedbackError
    from jenjang.tenancy.context import tenant_context

    t = region.tenant
    peers = add_staff(factory, t, region, 100)
    cid = manual_cycle(factory, t, region.staff_id, {"peer": peers}, self_rating=False)
    launch(factory, t, cid)
    for p in peers:
        answer(factory, t, cid, region.staff_id, p, 4, "baik", submit=False)
    ids = [r[0] for r in factory.run(t, lambda: db.session.execute(sa.select(FeedbackAssignment.id)).all())]

    def post(aid):
        with app.app_context(), tenant_context(t.id):
            try:
                a = db.session.scalar(sa.select(FeedbackAssignment).where(FeedbackAssignment.id == aid))
                answering.submit(_cycle(cid), a)
                db.session.commit()
                return "ok"
            except FeedbackError:
                db.session.rollback()
                return "refused"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(post, [aid for aid in ids for _ in (1, 2)]))
    assert outcomes.count("ok") == 100 and outcomes.count("refused") == 100
    assert factory.scalar(t, "SELECT count(*) FROM feedback_assignments WHERE submitted_at IS NOT NULL") == 100
    assert factory.scalar(t, "SELECT count(*) FROM feedback_ratings") == 200  # 2 competencies each
    assert factory.scalar(t, "SELECT count(*) FROM feedback_comments") == 100
    assert factory.scalar(t, "SELECT count(*) FROM feedback_draft_answers") == 0


def test_reminder_is_scheduled_and_reaches_only_unfinished_raters(factory, region, app):
    from jenjang.feedback import tasks
    from jenjang.jobs import queue

    t = region.tenant
    cid = make_cycle(factory, t, deadline=local_today() + dt.timedelta(days=10), reminder_days=3)
    launch(factory, t, cid)
    due = factory.scalar(t, f"SELECT reminder_due_at FROM feedback_cycles WHERE id = {cid}")
    assert due.date() == local_today() + dt.timedelta(days=7)
    with app.app_context():
        scheduled = queue("default").scheduled_job_registry.get_job_ids()
    assert any(j.startswith(f"feedback-reminder-{t.id}-{cid}-") for j in scheduled)
    # the staff member finishes everything; the others do not
    aids = factory.run(t, lambda: _assignments_of(region.staff_id, cid))
    for subject_id in aids:
        answer(factory, t, cid, subject_id, region.staff_id, 3)
    stamp = int(due.timestamp())
    # a job for an older time (the deadline moved) does nothing
    assert factory.run(t, lambda: tasks.reminder_job(cid, stamp - 60)) == "nothing to do"
    from jenjang.tenancy.models import utcnow

    factory.run(t, lambda: setattr(_cycle(cid), "reminder_due_at", utcnow()))
    stamp = int(factory.scalar(t, f"SELECT reminder_due_at FROM feedback_cycles WHERE id = {cid}").timestamp())
    assert factory.run(t, lambda: tasks.reminder_job(cid, stamp)).startswith("reminded")
    reminded = factory.scalar(t, "SELECT array_agg(u.email ORDER BY u.email) FROM notifications n "
                                 "JOIN users u ON u.id = n.recipient_user_id WHERE n.kind = 'feedback.reminder'")
    assert f"pegawai@{t.slug}.demo" not in reminded
    assert f"atasan@{t.slug}.demo" in reminded and f"rekan@{t.slug}.demo" in reminded


def _assignments_of(rater_id, cid):
    from jenjang.extensions import db
    from jenjang.feedback.models import FeedbackAssignment

    return list(db.session.scalars(sa.select(FeedbackAssignment.subject_employee_id).where(
        FeedbackAssignment.cycle_id == cid, FeedbackAssignment.rater_employee_id == rater_id)))


def test_extending_the_deadline_moves_the_reminder(factory, region, client_for):
    t = region.tenant
    cid = make_cycle(factory, t, deadline=local_today() + dt.timedelta(days=10))
    launch(factory, t, cid)
    c = client_for(t)
    c.login(f"hr@{t.slug}.demo")
    new = local_today() + dt.timedelta(days=20)
    assert c.post(f"/360/cycles/{cid}/deadline", {"deadline": new.isoformat()}).status_code == 302
    assert factory.scalar(t, f"SELECT deadline FROM feedback_cycles WHERE id = {cid}") == new
    due = factory.scalar(t, f"SELECT reminder_due_at FROM feedback_cycles WHERE id = {cid}")
    assert due.date() == new - dt.timedelta(days=3)
    c.post(f"/360/cycles/{cid}/deadline", {"deadline": local_today().isoformat()})
    assert factory.scalar(t, f"SELECT deadline FROM feedback_cycles WHERE id = {cid}") == new


def test_results_become_competency_assessments_after_hr_review(factory, region, client_for):
    t = region.tenant
    peers = add_staff(factory, t, region, 3)
    cid = manual_cycle(factory, t, region.staff_id, {"peer": peers, "supervisor": [region.head_id]})
    launch(factory, t, cid)
    for p, s in zip(peers, (3, 4, 4), strict=True):
        answer(factory, t, cid, region.staff_id, p, [s, 2])
    answer(factory, t, cid, region.staff_id, region.head_id, [5, 2])
    close(factory, t, cid)
    c = client_for(t)
    c.login(f"hr@{t.slug}.demo")
    assert c.post(f"/360/cycles/{cid}/conversion", {"what": "propose"}).status_code == 302
    # nothing applies before review
    assert factory.scalar(t, "SELECT count(*) FROM competency_assessments") == 0
    page = c.text(c.get(f"/360/cycles/{cid}/conversion"))
    assert "4.00" in page  # M.01: (3 + 4 + 4 + 5) / 4
    ids = [r for r in factory.run(t, lambda: _conversion_ids(cid))]
    r = c.post(f"/360/cycles/{cid}/conversion", {"what": "apply", "conversion_id": [str(ids[0])]})
    assert r.status_code == 302
    rows = factory.run(t, lambda: _assessments())
    assert rows == [("M.01", 4, "feedback_360")]
    # applying again does nothing twice
    c.post(f"/360/cycles/{cid}/conversion", {"what": "apply", "conversion_id": [str(ids[0])]})
    assert factory.scalar(t, "SELECT count(*) FROM competency_assessments") == 1
    c.post(f"/360/cycles/{cid}/conversion", {"what": "reject", "conversion_id": [str(ids[1])]})
    assert factory.scalar(t, "SELECT count(*) FROM feedback_conversions WHERE status = 'rejected'") == 1


def _conversion_ids(cid):
    from jenjang.extensions import db
    from jenjang.feedback.models import FeedbackConversion

    return list(db.session.scalars(sa.select(FeedbackConversion.id).where(FeedbackConversion.cycle_id == cid)
                                   .order_by(FeedbackConversion.competency_id)))


def _assessments():
    from jenjang.competency.models import Competency, CompetencyAssessment
    from jenjang.extensions import db

    return [tuple(r) for r in db.session.execute(
        sa.select(Competency.code, CompetencyAssessment.level, CompetencyAssessment.source)
        .join(Competency, Competency.id == CompetencyAssessment.competency_id)).all()]


def test_employee_reads_own_report_after_close_and_not_a_colleagues(factory, region, client_for):
    t = region.tenant
    cid = make_cycle(factory, t, peer_count=2)
    launch(factory, t, cid)
    answer(factory, t, cid, region.staff_id, region.staff_id, 3)
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    assert c.get(f"/360/cycles/{cid}/reports/{region.staff_id}").status_code == 404  # not closed yet
    close(factory, t, cid)
    r = c.get(f"/360/cycles/{cid}/reports/{region.staff_id}")
    assert r.status_code == 200 and "Integritas" in c.text(r) and "<svg" in c.text(r)
    assert c.get(f"/360/cycles/{cid}/reports/{region.colleague_id}").status_code == 404
    boss = client_for(t)
    boss.login(f"atasan@{t.slug}.demo")
    assert boss.get(f"/360/cycles/{cid}/reports/{region.staff_id}").status_code == 200
    assert factory.scalar(t, "SELECT count(*) FROM notifications WHERE kind = 'feedback.report_ready'") == 3
