"""Catalogue and enrolment pages: HR manages programmes and sessions (bad input refused with a
message, nothing changed), employees search and see why a programme suits them, enrol with htmx,
the supervisor approves through the workflow panel, ICS, my training, training needs, the API."""
from __future__ import annotations

import datetime as dt

from tests.helpers import local_today
from tests.training_support import enrol, enrolment_row, make_programme, seats_taken, training_region


def _hr(client_for, t):
    c = client_for(t)
    c.login(f"hr@{t.slug}.demo")
    return c


def _programme_form(**over):
    data = {"title": "Bimtek Pengelolaan SIASN", "kind_code": "8", "classical": "auto", "jp": "16",
            "provider": "internal", "cost_per_participant": "750000", "allow_self_enrol": "y", "active": "y",
            "min_rank_id": "0", "prereq_competency_id": "0", "prereq_level": "0"}
    data.update(over)
    return data


def test_hr_creates_a_programme_and_negative_cost_or_jp_is_refused(factory, client_for):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    c = _hr(client_for, t)
    before = factory.scalar(t, "SELECT count(*) FROM training_programmes")
    r = c.post("/training/programmes/new", _programme_form(cost_per_participant="-5"))
    assert r.status_code == 422 and "tidak boleh negatif" in c.text(r)
    r = c.post("/training/programmes/new", _programme_form(jp="-1"))
    assert r.status_code == 422 and "tidak boleh negatif" in c.text(r)
    assert factory.scalar(t, "SELECT count(*) FROM training_programmes") == before
    m02 = tr.competency_ids["M.02"]
    r = c.post("/training/programmes/new", _programme_form(**{f"target_{m02}": "3"}))
    assert r.status_code == 302
    pid = factory.scalar(t, "SELECT id FROM training_programmes WHERE title = 'Bimtek Pengelolaan SIASN'")
    assert factory.scalar(t, f"SELECT classical FROM training_programmes WHERE id = {pid}") is True  # Bimtek
    assert factory.scalar(t, f"SELECT target_level FROM training_programme_competencies WHERE programme_id = {pid} "
                             f"AND competency_id = {m02}") == 3


def _session_form(**over):
    start = dt.datetime.combine(local_today() + dt.timedelta(days=20), dt.time(8))
    data = {"name": "Angkatan II", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"), "mode": "in_person",
            "place": "Aula BKPSDM", "capacity": "2", "enrol_opens_on": local_today().isoformat(),
            "enrol_closes_on": (local_today() + dt.timedelta(days=10)).isoformat(), "facilitator_employee_id": "0",
            "waitlist_order": ""}
    data.update(over)
    return data


def test_sessions_refuse_an_end_before_the_start_and_a_capacity_below_seats_taken(factory, client_for):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    c = _hr(client_for, t)
    start = dt.datetime.combine(local_today() + dt.timedelta(days=20), dt.time(8))
    r = c.post(f"/training/programmes/{tr.programme_id}/sessions/new",
               _session_form(ends_at=(start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")))
    assert r.status_code == 422 and "selesai setelah mulai" in c.text(r)
    assert factory.scalar(t, "SELECT count(*) FROM training_sessions") == 1
    r = c.post(f"/training/programmes/{tr.programme_id}/sessions/new", _session_form())
    assert r.status_code == 302
    sid = factory.scalar(t, "SELECT id FROM training_sessions WHERE name = 'Angkatan II'")
    enrol(factory, t, sid, tr.staff_id)
    enrol(factory, t, sid, tr.colleague_id)
    r = c.post(f"/training/sessions/{sid}/edit", _session_form(capacity="1"))
    assert r.status_code == 422 and "lebih kecil dari 2 kursi" in c.text(r)
    assert factory.scalar(t, f"SELECT capacity FROM training_sessions WHERE id = {sid}") == 2
    r = c.get(f"/training/sessions/{sid}")
    assert r.status_code == 200 and "Dewi Lestari" in c.text(r) and "Budi Santoso" in c.text(r)


def test_capacity_increase_promotes_the_waitlist(factory, client_for):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t, capacity=1)
    enrol(factory, t, tr.session_id, tr.colleague_id)
    waiting = enrol(factory, t, tr.session_id, tr.staff_id)
    assert enrolment_row(factory, t, waiting)["status"] == "waitlisted"
    c = _hr(client_for, t)
    r = c.get(f"/training/sessions/{tr.session_id}/edit")
    assert r.status_code == 200
    start = dt.datetime.combine(local_today() + dt.timedelta(days=14), dt.time(8))
    r = c.post(f"/training/sessions/{tr.session_id}/edit", _session_form(
        name="Angkatan I", capacity="2", starts_at=start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(start + dt.timedelta(days=1, hours=8)).strftime("%Y-%m-%dT%H:%M"),
        enrol_opens_on=(local_today() - dt.timedelta(days=7)).isoformat(),
        enrol_closes_on=(start.date() - dt.timedelta(days=1)).isoformat()))
    assert r.status_code == 302
    assert enrolment_row(factory, t, waiting)["status"] == "pending"
    assert seats_taken(factory, t, tr.session_id) == 2


def test_employee_sees_why_it_suits_them_and_searches_with_htmx(factory, client_for):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    make_programme(factory, t, title="Pelatihan Bahasa Inggris", kind_code=11, jp=10)
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    r = c.get("/training/")
    page = c.text(r)
    assert r.status_code == 200 and "Cocok untuk Anda" in page and "Pelatihan Integritas" in page
    assert page.index("Pelatihan Integritas") < page.index("Pelatihan Bahasa Inggris")  # suits first
    r = c.get("/training/?q=inggris", headers={"HX-Request": "true"})
    frag = c.text(r)
    assert "<html" not in frag and "Pelatihan Bahasa Inggris" in frag and "Pelatihan Integritas" not in frag
    r = c.get("/training/?suits=1")
    assert "Pelatihan Integritas" in c.text(r) and "Pelatihan Bahasa Inggris" not in c.text(r)
    r = c.get(f"/training/programmes/{tr.programme_id}")
    assert "Mengapa cocok untuk Anda" in c.text(r) and "membutuhkan level 3" in c.text(r)


def test_enrol_with_htmx_then_the_supervisor_approves(factory, client_for):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    c.get(f"/training/programmes/{tr.programme_id}")
    r = c.post(f"/training/sessions/{tr.session_id}/enrol", headers={"HX-Request": "true"})
    assert r.status_code == 200
    frag = c.text(r)
    assert "<html" not in frag and "menunggu persetujuan" in frag
    r = c.post(f"/training/sessions/{tr.session_id}/enrol", headers={"HX-Request": "true"})
    assert r.status_code == 422 and "sudah terdaftar" in c.text(r)
    eid = factory.scalar(t, f"SELECT id FROM training_enrolments WHERE employee_id = {tr.staff_id}")
    r = c.get("/training/mine")
    assert "Pelatihan Integritas" in c.text(r)

    boss = client_for(t)
    boss.login(f"atasan@{t.slug}.demo")
    r = boss.get(f"/training/enrolments/{eid}")
    assert r.status_code == 200 and "Setujui" in boss.text(r)
    case_id = enrolment_row(factory, t, eid)["workflow_case_id"]
    lock = factory.scalar(t, f"SELECT lock_version FROM workflow_cases WHERE id = {case_id}")
    r = boss.post(f"/cases/{case_id}/transition", {"action": "approve", "lock": str(lock), "comment": ""})
    assert r.status_code in (302, 303)
    assert enrolment_row(factory, t, eid)["status"] == "approved"
    assert "Dewi Lestari" in boss.text(boss.get("/training/team"))
    # a colleague cannot see it
    other = client_for(t)
    other.login(f"rekan@{t.slug}.demo")
    assert other.get(f"/training/enrolments/{eid}").status_code == 404


def test_employee_cancels_and_ics_download(factory, client_for):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    eid = enrol(factory, t, tr.session_id, tr.staff_id)
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    r = c.get(f"/training/sessions/{tr.session_id}/calendar.ics")
    body = c.text(r)
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in body and "SUMMARY:Pelatihan Integritas dan Kerja Sama — Angkatan I" in body
    assert "T010000Z" in body  # 08:00 WIB is 01:00 UTC
    c.get(f"/training/enrolments/{eid}")
    r = c.post(f"/training/enrolments/{eid}/cancel", {"reason": "Bentrok tugas"})
    assert r.status_code == 302
    assert enrolment_row(factory, t, eid)["status"] == "cancelled"
    assert seats_taken(factory, t, tr.session_id) == 0


def test_nomination_by_hr_and_refusal_shown_in_the_form(factory, client_for):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    c = _hr(client_for, t)
    r = c.get(f"/training/sessions/{tr.session_id}/nominate")
    assert r.status_code == 200 and "Dewi Lestari" in c.text(r)
    r = c.post(f"/training/sessions/{tr.session_id}/nominate", {"employee_id": str(tr.staff_id), "reason": "Wajib"})
    assert r.status_code == 302
    row = factory.scalar(t, f"SELECT status FROM training_enrolments WHERE employee_id = {tr.staff_id}")
    assert row == "pending"  # HR is not the supervisor step's actor: the supervisor still approves
    r = c.post(f"/training/sessions/{tr.session_id}/nominate", {"employee_id": str(tr.staff_id)})
    assert r.status_code == 422 and "sudah terdaftar" in c.text(r)
    # an employee without a team cannot nominate
    e = client_for(t)
    e.login(f"rekan@{t.slug}.demo")
    assert e.get(f"/training/sessions/{tr.session_id}/nominate").status_code == 403


def test_hr_finds_whom_to_nominate_by_name_or_nip_among_the_whole_region(factory, client_for):
    """HR nominates from the whole region: a search by name words or NIP prefix (htmx refreshes
    the choices as they type; without JavaScript the search form does), never a list cut short."""
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    c = _hr(client_for, t)
    url = f"/training/sessions/{tr.session_id}/nominate"
    block = c.get(url + "?q=dewi", headers={"HX-Request": "true", "HX-Target": "nominee-choices"})
    text = c.text(block)
    assert block.status_code == 200 and "Dewi Lestari" in text and "Budi Santoso" not in text
    assert "<html" not in block.get_data(as_text=True)  # only the choices, not the page
    nip = factory.scalar(t, f"SELECT nip FROM employees WHERE id = {tr.colleague_id}")
    page = c.text(c.get(url + f"?q={nip[:8]}%20{nip[8:14]}"))  # typed with a space, as on the card
    assert "Budi Santoso" in page and "Dewi Lestari" not in page and "Pegawai yang cocok: 1" in page
    assert "Tidak ada pegawai yang cocok" in c.text(c.get(url + "?q=zzzz"))
    # the choice is checked against who HR may nominate, not against the list on screen
    r = c.post(url, {"employee_id": str(tr.colleague_id), "q": "dewi"})
    assert r.status_code == 302
    assert factory.scalar(t, f"SELECT count(*) FROM training_enrolments WHERE employee_id = {tr.colleague_id}") == 1


def test_training_needs_summary_and_the_competency_api(factory, client_for):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    c = _hr(client_for, t)
    r = c.get("/training/needs")
    page = c.text(r)
    assert r.status_code == 200 and "M.01" in page and "Pelatihan Integritas" in page
    assert "M.02" in page and "belum ada program" in page

    def go():
        from jenjang.training.api import courses_for_competencies

        return [(s.id, s.title) for s in courses_for_competencies([tr.competency_ids["M.01"]])]

    assert factory.run(t, go) == [(tr.programme_id, "Pelatihan Integritas dan Kerja Sama")]
    e = client_for(t)
    e.login(f"pegawai@{t.slug}.demo")
    r = e.get("/development/")
    assert r.status_code == 200 and "Pelatihan Integritas dan Kerja Sama" in e.text(r)


def test_pages_for_employees_do_not_show_hr_tools(factory, client_for):
    t = factory.tenant("pematangsiantar")
    training_region(factory, t)
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    page = c.text(c.get("/training/"))
    assert "Program baru" not in page and "Kebutuhan pelatihan" not in page
    assert c.get("/training/needs").status_code == 403
    assert c.get("/training/sessions").status_code == 403
    assert c.get("/training/programmes/new").status_code == 403
