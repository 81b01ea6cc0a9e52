"""Anonymity of 360 answers: small groups are never shown alone, "all others" never lets a hidden
rater be derived by subtraction, comments follow the threshold, and nothing stored after
submission links an answer to its rater."""
from __future__ import annotations

import pytest

from tests.feedback_support import add_staff, answer, close, launch, manual_cycle, report
from tests.org import build_region


@pytest.fixture
def region(factory):
    t = factory.tenant("pematangsiantar")
    return build_region(factory, t)


def _run(factory, region, raters: dict[str, list[int]], scores: dict[int, float], comments=None, **settings):
    t = region.tenant
    cid = manual_cycle(factory, t, region.staff_id, raters, **settings)
    launch(factory, t, cid)
    answer(factory, t, cid, region.staff_id, region.staff_id, 4)
    for rater, score in scores.items():
        answer(factory, t, cid, region.staff_id, rater, score, (comments or {}).get(rater))
    close(factory, t, cid)
    return cid, report(factory, t, cid, region.staff_id)


def test_two_peers_give_no_peer_line_and_no_peer_comments(factory, region):
    peers = add_staff(factory, region.tenant, region, 2)
    cid, rep = _run(factory, region, {"peer": peers}, {peers[0]: 2, peers[1]: 5},
                    comments={peers[0]: "Komentar rahasia pertama", peers[1]: "Komentar rahasia kedua"})
    line = rep.lines[0]
    assert line.peer_n == 2 and line.peer_mean is None
    # Two peers and nobody else: "all others" would be exactly the two peers, so it is withheld.
    assert line.others_mean is None and line.withheld_n == 2
    assert all(rel != "peer" for rel, _, _ in rep.comments)


def test_three_peers_are_shown_with_their_comments(factory, region):
    peers = add_staff(factory, region.tenant, region, 3)
    cid, rep = _run(factory, region, {"peer": peers}, {peers[0]: 2, peers[1]: 3, peers[2]: 4},
                    comments={p: f"Masukan {i}" for i, p in enumerate(peers)})
    line = rep.lines[0]
    assert line.peer_n == 3 and line.peer_mean == 3.0 and line.others_mean == 3.0
    assert line.self_mean == 4.0 and line.blind_spot and not line.hidden_strength  # self 4 vs others 3
    peer_comments = [bodies for rel, _, bodies in rep.comments if rel == "peer"]
    assert peer_comments == [["Masukan 0", "Masukan 1", "Masukan 2"]]


def test_subtraction_cannot_reveal_a_lone_subordinate(factory, region):
    """Peers (3) shown, one subordinate hidden: if the subordinate counted in "all others",
    others×n − peers×3 would be that one person's answer. So it must be left out."""
    t = region.tenant
    peers = add_staff(factory, t, region, 3)
    # region.head is the supervisor of the staff member; make someone a "subordinate" by hand.
    sub = add_staff(factory, t, region, 1, start=200)
    cid, rep = _run(factory, region, {"peer": peers, "subordinate": sub, "supervisor": [region.head_id]},
                    {peers[0]: 3, peers[1]: 3, peers[2]: 3, sub[0]: 1, region.head_id: 5})
    line = rep.lines[0]
    assert line.subordinate_n == 1 and line.subordinate_mean is None
    assert line.peer_mean == 3.0 and line.supervisor_mean == 5.0
    # all others = supervisor + peers only: (5 + 3·3) / 4
    assert line.others_n == 4 and line.others_mean == pytest.approx(3.5)
    assert line.withheld_n == 1
    # The attack: total of others minus every shown group leaves nothing.
    residue = line.others_mean * line.others_n - line.peer_mean * line.peer_n - line.supervisor_mean
    assert residue == pytest.approx(0)


def test_hidden_groups_join_all_others_only_together_at_the_threshold(factory, region):
    """2 peers + 1 subordinate hidden, 3 together: they may count in "all others", where the
    subtraction yields the pooled mean of three people, never one or two."""
    t = region.tenant
    peers = add_staff(factory, t, region, 2)
    sub = add_staff(factory, t, region, 1, start=200)
    cid, rep = _run(factory, region, {"peer": peers, "subordinate": sub, "supervisor": [region.head_id]},
                    {peers[0]: 2, peers[1]: 4, sub[0]: 3, region.head_id: 5})
    line = rep.lines[0]
    assert line.peer_mean is None and line.subordinate_mean is None
    assert line.others_n == 4 and line.others_mean == pytest.approx((2 + 4 + 3 + 5) / 4)
    residue_n = line.others_n - 1  # minus the named supervisor
    assert residue_n >= 3


def test_cannot_judge_counts_per_competency(factory, region):
    """Three peers submitted, but only two could judge M.02: M.02's peer line is hidden."""
    t = region.tenant
    peers = add_staff(factory, t, region, 3)
    cid, rep = _run(factory, region, {"peer": peers}, {peers[0]: [4, 4], peers[1]: [4, 2], peers[2]: [4, None]})
    m01, m02 = rep.lines
    assert m01.peer_n == 3 and m01.peer_mean == 4.0
    assert m02.peer_n == 2 and m02.peer_mean is None and m02.others_mean is None


def test_submitted_answers_keep_no_link_to_the_rater(factory, region, owner_engine):
    import sqlalchemy as sa

    t = region.tenant
    peers = add_staff(factory, t, region, 3)
    _run(factory, region, {"peer": peers}, {peers[0]: 1, peers[1]: 3, peers[2]: 5}, comments={peers[0]: "x"})
    with owner_engine.connect() as conn:
        for table in ("feedback_ratings", "feedback_comments"):
            cols = {r[0] for r in conn.execute(sa.text(
                "SELECT column_name FROM information_schema.columns WHERE table_name = :t"), {"t": table})}
            assert not cols & {"assignment_id", "rater_employee_id", "created_at", "submitted_at", "user_id"}
        assert conn.execute(sa.text("SELECT count(*) FROM feedback_draft_answers")).scalar() == 0
        # Ids are random, not a sequence that follows the order of submission.
        ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM feedback_ratings"))]
        assert len(ids) >= 6 and max(ids) > 10**9


@pytest.mark.parametrize("threshold,peers,shown", [(3, 2, False), (3, 3, True), (4, 3, False), (2, 2, True)])
def test_threshold_is_the_cycles_setting(factory, region, threshold, peers, shown):
    ids = add_staff(factory, region.tenant, region, peers)
    cid, rep = _run(factory, region, {"peer": ids}, {i: 3 for i in ids}, anonymity_threshold=threshold)
    assert (rep.lines[0].peer_mean is not None) is shown


def test_report_pages_and_pdf_never_show_a_hidden_group(factory, region, client_for):
    t = region.tenant
    peers = add_staff(factory, t, region, 2)
    cid, rep = _run(factory, region, {"peer": peers}, {peers[0]: 1, peers[1]: 5},
                    comments={peers[0]: "Catatan yang tidak boleh bocor"})
    c = client_for(t)
    c.login(f"hr@{t.slug}.demo")
    page = c.text(c.get(f"/360/cycles/{cid}/reports/{region.staff_id}"))
    assert "Catatan yang tidak boleh bocor" not in page
    assert "3.00" not in page  # the two peers' mean
    assert "tidak ditampilkan" in page
    pdf = c.get(f"/360/cycles/{cid}/reports/{region.staff_id}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    overview = c.text(c.get(f"/360/cycles/{cid}/reports"))
    assert "3.00" not in overview


def test_subtraction_cannot_reveal_the_other_of_two_supervisors(factory, region, client_for):
    """HR added a second "supervisor" rater. If the supervisor group were always shown, each of the
    two would read the other's answer off the supervisor mean (2·mean − own), and off "all others"
    minus the shown peers. Two supervisors are an anonymous group like the others: below the
    threshold they are hidden and kept out of "all others"."""
    t = region.tenant
    peers = add_staff(factory, t, region, 3)
    second = add_staff(factory, t, region, 1, start=200)
    cid, rep = _run(factory, region, {"peer": peers, "supervisor": [region.head_id, second[0]]},
                    {peers[0]: 3, peers[1]: 3, peers[2]: 3, region.head_id: 5, second[0]: 2},
                    comments={region.head_id: "Komentar atasan pertama", second[0]: "Komentar atasan kedua"})
    line = rep.lines[0]
    assert line.supervisor_n == 2 and line.supervisor_mean is None
    assert line.peer_mean == 3.0
    # all others = the peers only; the two supervisors (2 < 3) are withheld
    assert line.others_n == 3 and line.others_mean == pytest.approx(3.0) and line.withheld_n == 2
    residue = line.others_mean * line.others_n - line.peer_mean * line.peer_n
    assert residue == pytest.approx(0)
    assert all(rel != "supervisor" for rel, _, _ in rep.comments)
    c = client_for(t)
    c.login(f"atasan@{t.slug}.demo")  # one of the two supervisors, reading the report
    page = c.text(c.get(f"/360/cycles/{cid}/reports/{region.staff_id}"))
    assert "3.00" in page and "tidak ditampilkan (kurang dari 3)" in page
    assert "3.50" not in page and "Komentar atasan kedua" not in page


def test_supervisors_at_the_threshold_are_shown_as_a_group(factory, region):
    t = region.tenant
    sups = [region.head_id] + add_staff(factory, t, region, 2, start=200)
    cid, rep = _run(factory, region, {"supervisor": sups}, {sups[0]: 5, sups[1]: 4, sups[2]: 3},
                    comments={s: f"Atasan {i}" for i, s in enumerate(sups)})
    line = rep.lines[0]
    assert line.supervisor_n == 3 and line.supervisor_mean == 4.0 and line.others_mean == 4.0
    assert [bodies for rel, _, bodies in rep.comments if rel == "supervisor"] == [["Atasan 0", "Atasan 1", "Atasan 2"]]


def test_one_of_two_supervisors_who_could_judge_is_not_shown_alone(factory, region):
    """Two supervisor raters, one says "cannot judge" on M.02: the other's M.02 answer stays hidden
    (the group has two raters, so it is anonymous, whatever the count per competency)."""
    t = region.tenant
    second = add_staff(factory, t, region, 1, start=200)
    cid, rep = _run(factory, region, {"supervisor": [region.head_id, second[0]]},
                    {region.head_id: [4, 2], second[0]: [4, None]})
    m01, m02 = rep.lines
    assert m02.supervisor_n == 1 and m02.supervisor_mean is None and m02.others_mean is None


def test_a_lone_supervisor_is_shown_and_told_so_on_the_form(factory, region, client_for):
    t = region.tenant
    sup = add_staff(factory, t, region, 3, start=300, with_users=True)
    from tests.feedback_support import assignment_id

    lone = manual_cycle(factory, t, region.staff_id, {"supervisor": [sup[0]]})
    pair = manual_cycle(factory, t, region.colleague_id, {"supervisor": [sup[1], sup[2]]})
    launch(factory, t, lone)
    launch(factory, t, pair)
    c = client_for(t)
    c.login(f"staf300@{t.slug}.demo")
    page = c.text(c.get(f"/360/forms/{assignment_id(factory, t, lone, region.staff_id, sup[0])}"))
    assert "satu-satunya atasan" in page and "TIDAK anonim" in page
    c = client_for(t)
    c.login(f"staf301@{t.slug}.demo")
    page = c.text(c.get(f"/360/forms/{assignment_id(factory, t, pair, region.colleague_id, sup[1])}"))
    assert "satu-satunya atasan" not in page and "TIDAK anonim" not in page
    assert "Jawaban Anda anonim: hanya digabung dengan jawaban atasan lain" in page
    answer(factory, t, lone, region.staff_id, sup[0], 5)
    close(factory, t, lone)
    assert report(factory, t, lone, region.staff_id).lines[0].supervisor_mean == 5.0
