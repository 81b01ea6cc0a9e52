"""Working in pairs: declining and the next-best proposal, private notes, JP credit with the
monthly cap, at-risk reminders, and the refusals of bad input."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.helpers import local_today
from tests.mentoring_support import cohort, enrol, pair_of, published_pair, with_programme


def _pair_run(factory, tenant, pair_id, fn):
    def go():
        from jenjang.extensions import db
        from jenjang.mentoring.models import MentoringPair

        return fn(db.session.scalar(sa.select(MentoringPair).where(MentoringPair.id == pair_id)))

    return factory.run(tenant, go)


def _error(fn):
    from jenjang.mentoring.operations import MentoringError

    try:
        fn()
    except MentoringError as exc:
        return str(exc)
    return None


def test_mentor_declines_before_the_deadline_and_the_next_best_is_proposed(factory):
    tenant = factory.tenant("pematangsiantar")
    c = cohort(factory, tenant)
    r = c.region
    enrol(factory, tenant, c.programme_id, mentors=[c.senior_id, r.colleague_id], mentees=[r.staff_id])

    def match(p):
        from jenjang.mentoring import operations

        operations.run_matching(p)
        operations.publish(p)

    with_programme(factory, tenant, c.programme_id, match)
    first = pair_of(factory, tenant, r.staff_id)
    assert factory.scalar(tenant, f"SELECT mentor_id FROM mentoring_pairs WHERE id = {first}") == c.senior_id

    def late(pair):
        from jenjang.mentoring import operations

        return _error(lambda: operations.decline(pair, c.senior_id, "x", today=local_today() + dt.timedelta(days=8)))

    assert "Batas waktu untuk menolak sudah lewat" in _pair_run(factory, tenant, first, late)

    def declines(pair):
        from jenjang.mentoring import operations

        return operations.decline(pair, c.senior_id, "Sedang tugas belajar").mentor_id

    assert _pair_run(factory, tenant, first, declines) == r.colleague_id
    rows = factory.scalar(tenant, "SELECT array_agg(status || ':' || reproposal ORDER BY id) FROM mentoring_pairs")
    assert rows == ["declined:false", "proposed:true"]
    hr_note = factory.scalar(tenant, "SELECT count(*) FROM notifications WHERE kind = 'mentoring.declined'")
    assert hr_note >= 1


def test_private_notes_are_seen_by_the_pair_only(factory, client_for):
    tenant = factory.tenant("pematangsiantar")
    c, pair_id = published_pair(factory, tenant)

    def log(pair):
        from jenjang.mentoring import operations

        operations.log_session(pair, pair.mentee_id, held_on=local_today(), duration_minutes=60, mode="in_person",
                               topic="Membaca peta jabatan", private_notes="CATATAN-RAHASIA-PASANGAN")

    _pair_run(factory, tenant, pair_id, log)
    for email in ("pegawai@pematangsiantar.demo", "rekan@pematangsiantar.demo"):
        client = client_for(tenant)
        client.login(email)
        page = client.text(client.get(f"/mentoring/pairs/{pair_id}"))
        assert "CATATAN-RAHASIA-PASANGAN" in page, email
    for email in ("hr@pematangsiantar.demo", "admin@pematangsiantar.demo", "atasan@pematangsiantar.demo"):
        client = client_for(tenant)
        client.login(email)
        r = client.get(f"/mentoring/pairs/{pair_id}")
        assert r.status_code == 200, email  # they may see the pair...
        page = client.text(r)
        assert "Membaca peta jabatan" in page
        assert "CATATAN-RAHASIA-PASANGAN" not in page, email  # ...never the notes
        for other in ("/mentoring", f"/mentoring/programmes/{c.programme_id}/matching",
                      f"/mentoring/programmes/{c.programme_id}/outcomes", "/"):
            assert "CATATAN-RAHASIA-PASANGAN" not in client.text(client.get(other))


def test_confirmed_sessions_credit_jp_to_the_ledger_up_to_the_monthly_cap(factory, client_for):
    month = (local_today().replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    tenant = factory.tenant("pematangsiantar")
    c, pair_id = published_pair(factory, tenant, starts_on=month - dt.timedelta(days=20), credit_mentor=True)
    mentee = c.region.staff_id

    def log_five(pair):
        from jenjang.mentoring import operations

        ids = [operations.log_session(pair, pair.mentee_id, held_on=month + dt.timedelta(days=i), duration_minutes=60,
                                      mode="online", topic=f"Sesi {i + 1}", private_notes=None).id for i in range(5)]
        ids.append(operations.log_session(pair, pair.mentor_id, held_on=month + dt.timedelta(days=35),
                                          duration_minutes=90, mode="in_person", topic="Bulan berikutnya",
                                          private_notes=None).id)
        return ids

    ids = _pair_run(factory, tenant, pair_id, log_five)
    client = client_for(tenant)
    client.login("rekan@pematangsiantar.demo")  # the mentor confirms the mentee's sessions
    for sid in ids[:5]:
        assert client.post(f"/mentoring/sessions/{sid}/confirm").status_code == 302
    assert client.post(f"/mentoring/sessions/{ids[0]}/confirm").status_code == 422  # only once
    r = client.post(f"/mentoring/sessions/{ids[5]}/confirm")  # logged by the mentor himself
    assert r.status_code == 422 and "bukan oleh yang mencatat" in client.text(r)
    client = client_for(tenant)
    client.login("pegawai@pematangsiantar.demo")
    assert client.post(f"/mentoring/sessions/{ids[5]}/confirm").status_code == 302
    rows = factory.scalar(tenant, f"SELECT array_agg(jp::int ORDER BY occurred_on) FROM jp_entries "
                                  f"WHERE employee_id = {mentee} AND source = 'mentoring' AND NOT classical")
    assert rows == [2, 2, 2, 2, 2]  # four in the first month (cap 8), one in the next
    assert factory.scalar(tenant, f"SELECT count(*) FROM jp_entries WHERE source_ref = "
                                  f"'mentoring_session:{ids[4]}'") == 0
    assert factory.scalar(tenant, f"SELECT sum(jp) FROM jp_entries WHERE employee_id = {c.region.colleague_id} "
                                  f"AND source_ref ~ 'mentor$'") == 10  # the mentor's optional credit
    page = client.text(client.get(f"/mentoring/pairs/{pair_id}"))
    assert ">10<" in page.replace(" ", "")  # the pair page shows the mentee's 10 JP


def test_pairs_without_a_session_for_30_days_are_reminded_and_at_risk(factory, client_for):
    from jenjang.notifications.tasks import fire_reminder

    tenant = factory.tenant("pematangsiantar")
    c, pair_id = published_pair(factory, tenant)
    keys = factory.scalar(tenant, "SELECT array_agg(key || '@' || due_at::date ORDER BY key) FROM notification_reminders")
    due = local_today() + dt.timedelta(days=30)
    assert keys == [f"mentoring.at_risk:{pair_id}@{due}", f"mentoring.inactive:{pair_id}@{due}"]

    def old_session(pair):
        from jenjang.mentoring import operations

        s = operations.log_session(pair, pair.mentee_id, held_on=local_today() - dt.timedelta(days=45), duration_minutes=60,
                                   mode="online", topic="Lama", private_notes=None)
        operations.confirm_session(s, pair, pair.mentor_id)

    _pair_run(factory, tenant, pair_id, old_session)
    ids = factory.scalar(tenant, "SELECT array_agg(id ORDER BY key) FROM notification_reminders WHERE status = 'scheduled' "
                                 f"AND due_at::date = '{local_today() - dt.timedelta(days=15)}'")
    assert len(ids) == 2
    for rid in ids:
        assert factory.run(tenant, fire_reminder, rid) == "fired"
    assert factory.scalar(tenant, "SELECT count(*) FROM notifications WHERE kind = 'mentoring.at_risk'") >= 1
    assert factory.scalar(tenant, "SELECT count(*) FROM notifications WHERE kind = 'mentoring.inactive'") == 2
    client = client_for(tenant)
    client.login("hr@pematangsiantar.demo")
    page = client.text(client.get(f"/mentoring/programmes/{c.programme_id}/matching"))
    assert "berisiko" in page
    assert "pasangan berisiko" in client.text(client.get("/"))


@pytest.mark.parametrize("case", ["self", "supervisor", "capacity", "future", "before_start", "other_tenant"])
def test_bad_input_is_refused_with_the_reason_and_changes_nothing(factory, case):
    tenant = factory.tenant("pematangsiantar")
    c = cohort(factory, tenant, capacity_per_mentor=1)
    r = c.region
    enrol(factory, tenant, c.programme_id, mentors=[r.head_id, c.senior_id], mentees=[r.staff_id, c.junior_id])
    if case == "other_tenant":
        other = factory.tenant("palangkaraya")
        c_b = cohort(factory, other, seq=3)
        outsider = c_b.senior_id
    before = factory.scalar(tenant, "SELECT count(*) FROM mentoring_pairs")

    def attempt(p):
        from jenjang.extensions import db
        from jenjang.mentoring import operations
        from jenjang.mentoring.models import MentoringPair

        if case == "self":
            return _error(lambda: operations.add_pair(p, r.staff_id, r.staff_id))
        if case == "supervisor":
            return _error(lambda: operations.add_pair(p, r.staff_id, r.head_id))
        if case == "capacity":
            operations.add_pair(p, r.staff_id, c.senior_id)
            return _error(lambda: operations.add_pair(p, c.junior_id, c.senior_id))
        if case == "other_tenant":
            return _error(lambda: operations.add_pair(p, r.staff_id, outsider))
        operations.add_pair(p, r.staff_id, c.senior_id)
        operations.publish(p)
        pair = db.session.scalar(sa.select(MentoringPair).where(MentoringPair.mentee_id == r.staff_id))
        day = local_today() + dt.timedelta(days=1) if case == "future" else p.starts_on - dt.timedelta(days=1)
        return _error(lambda: operations.log_session(pair, pair.mentee_id, held_on=day, duration_minutes=60,
                                                     mode="online", topic="x", private_notes=None))

    message = with_programme(factory, tenant, c.programme_id, attempt)
    expected = {"self": "tidak boleh orang yang sama", "supervisor": "garis atasan",
                "capacity": "mencapai kapasitasnya", "future": "masa depan", "before_start": "sebelum program dimulai",
                "other_tenant": "Pegawai tidak ditemukan"}[case]
    assert message and expected in message
    if case in ("self", "supervisor", "other_tenant"):
        assert factory.scalar(tenant, "SELECT count(*) FROM mentoring_pairs") == before
    if case in ("future", "before_start"):
        assert factory.scalar(tenant, "SELECT count(*) FROM mentoring_sessions") == 0


def test_a_future_session_through_the_page_is_a_422_and_nothing_is_saved(factory, client_for):
    tenant = factory.tenant("pematangsiantar")
    c, pair_id = published_pair(factory, tenant)
    client = client_for(tenant)
    client.login("pegawai@pematangsiantar.demo")
    r = client.post(f"/mentoring/pairs/{pair_id}/sessions", {
        "held_on": (local_today() + dt.timedelta(days=3)).isoformat(), "duration_minutes": "60", "mode": "online",
        "topic": "Besok", "private_notes": ""})
    assert r.status_code == 422 and "masa depan" in client.text(r)
    assert factory.scalar(tenant, "SELECT count(*) FROM mentoring_sessions") == 0


def test_another_regions_competency_is_refused_in_programmes_and_applications(factory, client_for, owner_engine):
    """The competency lists are multiple choices the browser sends back as ids: an id of another
    region's competency (or one that never existed) is a form error, and nothing that points
    into the other region is stored."""
    from tests.competency_support import b_competency

    tenant = factory.tenant("pematangsiantar")
    other = factory.tenant("palangkaraya")
    c = cohort(factory, tenant)
    theirs = b_competency(factory, other)
    ours = b_competency(factory, tenant)
    hr = client_for(tenant)
    hr.login("hr@pematangsiantar.demo")
    fields = {"name": "Mentoring Lintas", "kind": "general", "goal": "Uji", "starts_on": local_today().isoformat(),
              "ends_on": (local_today() + dt.timedelta(days=90)).isoformat(), "mentee_rule": "gap",
              "capacity_per_mentor": "2", "expected_sessions": "6", "decline_days": "7"}
    for bad in (theirs, 987654321):
        r = hr.post("/mentoring/programmes/new", {**fields, "focus_competency_ids": [str(ours), str(bad)]})
        assert r.status_code == 422 and "Kompetensi yang dipilih tidak ada di wilayah ini." in hr.text(r)
        r = hr.post(f"/mentoring/programmes/{c.programme_id}/edit",
                    {**fields, "mentee_rule": "any", "mentor_competency_id": str(bad), "mentor_min_level": "2"})
        assert r.status_code == 422 and "Kompetensi yang dipilih tidak ada di wilayah ini." in hr.text(r)
    r = hr.post("/mentoring/programmes/new", {**fields, "focus_competency_ids": [str(ours)]})
    assert r.status_code == 302
    staff = client_for(tenant)
    staff.login("pegawai@pematangsiantar.demo")
    r = staff.post(f"/mentoring/programmes/{c.programme_id}/join",
                   {"role": "mentee", "text": "Belajar", "competency_ids": [str(theirs)]})
    assert r.status_code == 422 and "Kompetensi yang dipilih tidak ada di wilayah ini." in staff.text(r)
    r = staff.post(f"/mentoring/programmes/{c.programme_id}/join",
                   {"role": "mentee", "text": "Belajar", "competency_ids": [str(ours)]})
    assert r.status_code == 302
    with owner_engine.connect() as conn:
        stored = conn.execute(sa.text(
            "SELECT focus_competency_ids::text || ' ' || coalesce(mentor_competency_id::text, '') "
            "FROM mentoring_programmes UNION ALL SELECT competency_ids::text FROM mentoring_participants")).scalars()
        assert not [s for s in stored if str(theirs) in s or "987654321" in s]
