"""The rater's form over HTTP: list, autosave and resume, submit, read-only after submission,
someone else's form, bad scores, answers after the deadline."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.feedback_support import launch, make_cycle
from tests.helpers import local_today
from tests.org import build_region


@pytest.fixture
def opened(factory):
    t = factory.tenant("pematangsiantar")
    region = build_region(factory, t)
    cid = make_cycle(factory, t, peer_count=2)
    launch(factory, t, cid)
    return t, region, cid


def _aid(factory, t, cid, subject, rater):
    return factory.scalar(t, f"SELECT id FROM feedback_assignments WHERE cycle_id = {cid} "
                             f"AND subject_employee_id = {subject} AND rater_employee_id = {rater}")


def _item_rows(cid):
    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.feedback.models import FeedbackItem

    return db.session.execute(sa.select(FeedbackItem.id, FeedbackItem.kind).where(FeedbackItem.cycle_id == cid)
                              .order_by(FeedbackItem.position, FeedbackItem.id)).all()


def test_launch_creates_groups_and_notifies_raters(factory, opened):
    t, region, cid = opened
    rels = dict((r, n) for r, n in [tuple(x) for x in factory.run(t, lambda: _relations(cid))])
    # three people in the bidang: the head supervises the two staff, who rate each other as peers
    # (a supervisor or subordinate is never also taken as a peer)
    assert rels == {"self": 3, "supervisor": 2, "subordinate": 2, "peer": 2}
    assert factory.scalar(t, "SELECT count(*) FROM notifications WHERE kind = 'feedback.assigned'") == 3


def _relations(cid):
    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.feedback.models import FeedbackAssignment

    return db.session.execute(sa.select(FeedbackAssignment.relation, sa.func.count()).where(
        FeedbackAssignment.cycle_id == cid).group_by(FeedbackAssignment.relation)).all()


def test_rater_sees_list_autosaves_resumes_and_submits(factory, opened, client_for):
    t, region, cid = opened
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    page = c.text(c.get("/360/forms/"))
    assert "Nilai 3 rekan" in page  # self, the head (as subordinate), the colleague (peer)
    aid = _aid(factory, t, cid, region.head_id, region.staff_id)
    form = c.get(f"/360/forms/{aid}")
    assert form.status_code == 200
    text = c.text(form)
    assert "Agus Salim" in text and "anonim" in text
    items = factory.run(t, lambda: _item_rows(cid))
    scale = [i for i, k in items if k == "scale"]
    opn = [i for i, k in items if k == "open"]
    r = c.post(f"/360/forms/{aid}/save", {f"item-{scale[0]}": "4"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Tersimpan" in c.text(r)
    r = c.post(f"/360/forms/{aid}/save", {f"item-{opn[0]}": "Lebih sering berbagi ilmu"},
               headers={"HX-Request": "true"})
    assert r.status_code == 200
    # leave and come back: the answers are there
    again = c.text(c.get(f"/360/forms/{aid}?all=1"))
    assert f'name="item-{scale[0]}" value="4" checked' in again
    assert "Lebih sering berbagi ilmu" in again
    # submit refuses while items are unanswered
    r = c.post(f"/360/forms/{aid}/submit")
    assert r.status_code == 422 and "belum dijawab" in c.text(r)
    c.post(f"/360/forms/{aid}/save", {f"item-{i}": "0" for i in scale[1:]} | {f"item-{scale[0]}": "5"})
    r = c.post(f"/360/forms/{aid}/submit")
    assert r.status_code == 302
    assert factory.scalar(t, f"SELECT submitted_at IS NOT NULL FROM feedback_assignments WHERE id = {aid}")
    # read-only after submission
    after = c.text(c.get(f"/360/forms/{aid}"))
    assert "sudah dikirim" in after and 'type="radio"' not in after
    r = c.post(f"/360/forms/{aid}/save", {f"item-{scale[0]}": "1"}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and "sudah dikirim" in c.text(r)
    r = c.post(f"/360/forms/{aid}/submit")
    assert r.status_code == 422
    assert factory.scalar(t, "SELECT count(*) FROM feedback_ratings") == 1  # M.01 only; M.02 "cannot judge"
    assert factory.scalar(t, "SELECT count(*) FROM feedback_comments") == 1


def test_someone_elses_form_is_a_404(factory, opened, client_for):
    t, region, cid = opened
    theirs = _aid(factory, t, cid, region.head_id, region.colleague_id)
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    assert c.get(f"/360/forms/{theirs}").status_code == 404
    assert c.post(f"/360/forms/{theirs}/save", {}).status_code == 404
    assert c.post(f"/360/forms/{theirs}/submit").status_code == 404
    hr = client_for(t)
    hr.login(f"hr@{t.slug}.demo")
    assert hr.get(f"/360/forms/{theirs}").status_code == 404


@pytest.mark.parametrize("value", ["6", "-1", "3.5", "abc", "99999999999"])
def test_a_score_outside_the_scale_is_refused(factory, opened, client_for, value):
    t, region, cid = opened
    aid = _aid(factory, t, cid, region.staff_id, region.staff_id)
    scale = [i for i, k in factory.run(t, lambda: _item_rows(cid)) if k == "scale"]
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    r = c.post(f"/360/forms/{aid}/save", {f"item-{scale[0]}": value}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and "di luar skala" in c.text(r)
    assert factory.scalar(t, "SELECT count(*) FROM feedback_draft_answers") == 0


def test_an_item_of_another_cycle_is_refused(factory, opened, client_for):
    t, region, cid = opened
    other = make_cycle(factory, t)
    foreign = factory.scalar(t, f"SELECT min(id) FROM feedback_items WHERE cycle_id = {other}")
    aid = _aid(factory, t, cid, region.staff_id, region.staff_id)
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    r = c.post(f"/360/forms/{aid}/save", {f"item-{foreign}": "3"}, headers={"HX-Request": "true"})
    assert r.status_code == 422
    assert factory.scalar(t, "SELECT count(*) FROM feedback_draft_answers") == 0


def test_answering_after_the_deadline_says_so(factory, opened, client_for, owner_engine):
    import sqlalchemy as sa

    t, region, cid = opened
    with owner_engine.begin() as conn:
        conn.execute(sa.text("UPDATE feedback_cycles SET deadline = :d WHERE id = :c"),
                     {"d": local_today() - dt.timedelta(days=1), "c": cid})
    aid = _aid(factory, t, cid, region.staff_id, region.staff_id)
    scale = [i for i, k in factory.run(t, lambda: _item_rows(cid)) if k == "scale"]
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    assert "Batas waktu pengisian" in c.text(c.get(f"/360/forms/{aid}"))
    r = c.post(f"/360/forms/{aid}/save", {f"item-{scale[0]}": "3"}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and "Batas waktu" in c.text(r)


def test_hr_preview_shows_what_a_rater_sees(factory, client_for):
    t = factory.tenant("pematangsiantar")
    build_region(factory, t)
    cid = make_cycle(factory, t)
    c = client_for(t)
    c.login(f"hr@{t.slug}.demo")
    page = c.text(c.get(f"/360/cycles/{cid}/preview?as=supervisor"))
    assert "TIDAK anonim" in page and "Integritas" in page and "Tidak dapat menilai" in page
    assert "anonim" in c.text(c.get(f"/360/cycles/{cid}/preview?as=peer"))
