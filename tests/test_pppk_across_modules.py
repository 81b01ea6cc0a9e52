"""Everything but kenaikan pangkat applies to PPPK (issue 17): a PPPK is assessed against their
position's standard (JPM) and weighed for positions that admit PPPK; takes part in a 360 cycle as
ratee and rater; mentors (held to the programme's minimum PPPK golongan) and is mentored; enrols
in a training and is counted, with what they earn, under PPPK in the JP ledger."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from tests.competency_support import assess, set_standards
from tests.feedback_support import answer, assignment_id, close, launch, manual_cycle, report
from tests.helpers import local_today
from tests.mentoring_support import enrol as mentoring_enrol
from tests.mentoring_support import make_programme as mentoring_programme
from tests.mentoring_support import pair_of, with_programme
from tests.pppk_support import RUDI, SARI, add_pppk
from tests.test_training_delivery import HX, _shift
from tests.training_support import approve, enrol, make_programme, training_region

YEAR = local_today().year


@dataclass
class World:
    tr: object  # TrainingRegion: build_region + standards M.01/M.02 level 3 on the staff position
    rudi_id: int  # PPPK golongan IX, account pppk@
    sari_id: int  # PPPK paruh waktu golongan V, account pppkpw@

    @property
    def tenant(self):
        return self.tr.region.tenant


@pytest.fixture
def world(factory):
    t = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    tr = training_region(factory, t)
    rudi = add_pppk(factory, t, RUDI, "Rudi Hartono", unit_id=tr.region.unit_id,
                    position_id=tr.region.staff_position_id, email="pppk@pematangsiantar.demo")
    sari = add_pppk(factory, t, SARI, "Wulan Paruh Waktu", kind="PPPK_PW", grade_id=5, unit_id=tr.region.unit_id,
                    position_id=tr.region.staff_position_id, email="pppkpw@pematangsiantar.demo",
                    education_level="SMA")
    return World(tr, rudi, sari)


def _holders(factory, tenant, position_id: int, kinds: str) -> None:
    def go():
        from jenjang.extensions import db

        db.session.execute(sa.text("UPDATE positions SET holder_kinds = :k WHERE id = :id"),
                           {"k": kinds, "id": position_id})

    factory.run(tenant, go)


def _kinds(factory, tenant):
    def go():
        from jenjang.training.ledger import compliance, targets

        return {k.kind: k for k in compliance.kind_report(YEAR, None, targets.current())}

    return factory.run(tenant, go)


# --- competency --------------------------------------------------------------------------------

def test_a_pppk_is_assessed_against_the_positions_standard_and_gets_a_jpm(world, factory, client_for):
    t = world.tenant
    assess(factory, t, world.rudi_id, {"M.01": 3, "M.02": 2})
    _holders(factory, t, world.tr.region.other_position_id, "PNS")  # Kepala Seksi: PNS only
    set_standards(factory, t, world.tr.region.other_position_id, {"M.01": 2})

    def go():
        from jenjang.competency import queries, talent
        from jenjang.competency.settings import load_rules
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        rules = load_rules()
        gap = queries.gap_report(rules, world.rudi_id, world.tr.region.staff_position_id)
        rudi = db.session.scalar(sa.select(Employee).where(Employee.id == world.rudi_id))
        rows, _missing, _more = talent.career_options(rules, rudi)
        return (gap.result.percent, queries.jpm_by_employee(rules, [world.rudi_id])[world.rudi_id],
                {r.name: r.eligible for r in rows})

    percent, by_sql, options = factory.run(t, go)
    assert percent == by_sql == 83.33  # 3 + 2 of 3 + 3
    # a PPPK has no golongan/ruang: the PNS-only position is not for him, whatever its range
    assert options["Kepala Seksi Kurikulum"] is False
    _holders(factory, t, world.tr.region.other_position_id, "ASN")  # both kinds: now he may
    assert factory.run(t, go)[2]["Kepala Seksi Kurikulum"] is True
    c = client_for(t)
    c.login("hr@pematangsiantar.demo")
    page = c.text(c.get("/competency/employees?q=Rudi"))
    assert "Rudi Hartono" in page and "83" in page


# --- 360 ---------------------------------------------------------------------------------------

def test_a_pppk_is_rated_and_rates_in_a_360_cycle(world, factory, client_for):
    t, r = world.tenant, world.tr.region
    # Rudi is the ratee, rated by a PPPK paruh waktu and two PNS peers
    cid = manual_cycle(factory, t, world.rudi_id, {"peer": [world.sari_id, r.staff_id, r.colleague_id]})
    launch(factory, t, cid)
    answer(factory, t, cid, world.rudi_id, world.rudi_id, 4)
    for rater, score in ((world.sari_id, 3), (r.staff_id, 4), (r.colleague_id, 5)):
        answer(factory, t, cid, world.rudi_id, rater, score)
    close(factory, t, cid)
    rep = report(factory, t, cid, world.rudi_id)
    assert rep.lines[0].peer_n == 3 and rep.lines[0].peer_mean == 4.0
    # Rudi rates a PNS colleague, through his own form
    cid2 = manual_cycle(factory, t, r.staff_id, {"peer": [world.rudi_id, world.sari_id, r.colleague_id]})
    launch(factory, t, cid2)
    c = client_for(t)
    c.login("pppk@pematangsiantar.demo")
    form = c.get(f"/360/forms/{assignment_id(factory, t, cid2, r.staff_id, world.rudi_id)}")
    assert form.status_code == 200 and "Dewi Lestari" in c.text(form)
    answer(factory, t, cid2, r.staff_id, world.rudi_id, 4)
    assert factory.scalar(t, f"SELECT submitted_at IS NOT NULL FROM feedback_assignments WHERE cycle_id = {cid2} "
                             f"AND rater_employee_id = {world.rudi_id}") is True


# --- mentoring ---------------------------------------------------------------------------------

def test_pppk_mentor_and_mentee_and_the_sessions_count_under_pppk(world, factory, client_for):
    from jenjang.mentoring.operations import MentoringError
    from jenjang.people.models import RANK_IDS

    t, r = world.tenant, world.tr.region
    pid = mentoring_programme(factory, t, mentor_min_rank_id=RANK_IDS["III/c"], mentor_min_grade_id=9,
                              starts_on=local_today() - dt.timedelta(days=30))
    with pytest.raises(MentoringError, match="Golongan PPPK belum memenuhi syarat minimal mentor PPPK"):
        mentoring_enrol(factory, t, pid, mentors=[world.sari_id])  # golongan V < IX
    with pytest.raises(MentoringError, match="Pangkat/golongan belum memenuhi"):
        mentoring_enrol(factory, t, pid, mentors=[r.colleague_id])  # a PNS at III/a < III/c
    mentoring_enrol(factory, t, pid, mentors=[world.rudi_id], mentees=[world.sari_id])  # IX: may mentor

    def match(p):
        from jenjang.mentoring import operations

        operations.run_matching(p)
        operations.publish(p)

    with_programme(factory, t, pid, match)
    pair_id = pair_of(factory, t, world.sari_id)
    assert factory.scalar(t, f"SELECT mentor_id FROM mentoring_pairs WHERE id = {pair_id}") == world.rudi_id
    c = client_for(t)
    c.login("hr@pematangsiantar.demo")
    board = c.text(c.get(f"/mentoring/programmes/{pid}/matching"))
    assert "Wulan Paruh Waktu" in board and "IX ·" in board and "V ·" in board  # their PPPK golongan

    def log(pair_row_id):
        from jenjang.extensions import db
        from jenjang.mentoring import operations
        from jenjang.mentoring.models import MentoringPair

        pair = db.session.scalar(sa.select(MentoringPair).where(MentoringPair.id == pair_row_id))
        return operations.log_session(pair, pair.mentee_id, held_on=local_today() - dt.timedelta(days=2),
                                      duration_minutes=60, mode="online", topic="Tata naskah dinas",
                                      private_notes=None).id

    sid = factory.run(t, lambda: log(pair_id))
    mentor = client_for(t)
    mentor.login("pppk@pematangsiantar.demo")
    assert mentor.post(f"/mentoring/sessions/{sid}/confirm").status_code == 302
    assert factory.scalar(t, f"SELECT sum(jp) FROM jp_entries WHERE employee_id = {world.sari_id} "
                             f"AND source = 'mentoring'") == 2
    pppk = _kinds(factory, t)["PPPK"]
    assert (pppk.employees, pppk.paruh_waktu) == (2, 1) and float(pppk.average) == pytest.approx(1.0)


# --- training ----------------------------------------------------------------------------------

def test_a_pppk_enrols_completes_and_is_counted_under_pppk(world, factory, client_for):
    t, tr = world.tenant, world.tr
    eid = enrol(factory, t, tr.session_id, world.rudi_id)
    assert approve(factory, t, eid, "atasan@pematangsiantar.demo") == "approved"
    _shift(factory, t, tr.session_id, starts_in_days=-1, days=2)
    c = client_for(t)
    c.login("hr@pematangsiantar.demo")
    r = c.post(f"/training/sessions/{tr.session_id}/completion/{eid}", {"action": "complete", "score": "80"},
               headers=HX)
    assert r.status_code == 200
    assert factory.scalar(t, f"SELECT jp FROM jp_entries WHERE source_ref = 'enrolment:{eid}'") == 24
    kinds = _kinds(factory, t)
    assert (kinds["PPPK"].employees, kinds["PPPK"].compliant, kinds["PPPK"].target) == (2, 1, 24)
    assert kinds["PNS"].compliant == 0  # his hours count for him alone, under PPPK
    page = c.text(c.get("/training/compliance?kind=PPPK"))
    assert "PPPK: 1 dari 2 pegawai mencapai 24 JP" in page and "Wulan Paruh Waktu" in page
    own = client_for(t)
    own.login("pppk@pematangsiantar.demo")
    assert "Target tercapai" in own.text(own.get("/training/jp"))


def test_a_programmes_minimum_pppk_golongan_holds_pppk_and_its_rank_holds_pns(world, factory):
    from jenjang.people.models import RANK_IDS

    pid = make_programme(factory, world.tenant, title="Bimtek Arsip", min_rank_id=RANK_IDS["III/a"], min_grade_id=9)

    def go():
        from jenjang.extensions import db
        from jenjang.people.models import Employee
        from jenjang.training.enrolment import queries
        from jenjang.training.models import Programme

        programme = db.session.scalar(sa.select(Programme).where(Programme.id == pid))
        people = {e.id: e for e in db.session.scalars(sa.select(Employee))}
        return {i: queries.prerequisite_problems(programme, people[i])
                for i in (world.rudi_id, world.sari_id, world.tr.region.staff_id)}

    problems = factory.run(world.tenant, go)
    assert problems[world.rudi_id] == [] and problems[world.tr.region.staff_id] == []
    assert problems[world.sari_id] == ["Golongan PPPK minimal IX."]


def test_the_demo_mentoring_programme_takes_pppk_juniors_too(world, factory):
    from jenjang.mentoring.demo import provision_demo

    t = world.tenant
    assert "mentees" in factory.run(t, lambda: provision_demo(t))
    mentees = factory.scalar(t, "SELECT array_agg(employee_id ORDER BY employee_id) FROM mentoring_participants "
                                "WHERE role = 'mentee'")
    assert world.rudi_id in mentees and world.sari_id in mentees
