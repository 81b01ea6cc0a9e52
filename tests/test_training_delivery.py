"""Training delivery: attendance per day, completion and the JP ledger, certificates and their public
verification, evaluation (levels 1 and 3) and the yearly budget."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.helpers import local_today
from tests.training_support import WIB, approved_enrolment, enrol, make_session, training_region

HX = {"HX-Request": "true"}
# The tenant's (WIB) date: attendance days are calendar days in the tenant's time zone.


def _shift(factory, tenant, session_id: int, *, starts_in_days: int, days: int = 2):
    """Move a session (after enrolment) so that it runs from `starts_in_days` for `days` days."""
    start = dt.datetime.combine(local_today() + dt.timedelta(days=starts_in_days), dt.time(8), WIB)
    end = start + dt.timedelta(days=days - 1, hours=8)

    def go():
        from jenjang.extensions import db
        from jenjang.training.models import TrainingSession

        db.session.execute(sa.update(TrainingSession).where(TrainingSession.id == session_id)
                           .values(starts_at=start, ends_at=end))

    factory.run(tenant, go)
    return start, end


@pytest.fixture
def running(factory):
    """A region whose session started yesterday (2 days: yesterday and today), with the staff member
    (pegawai@) approved; the colleague (rekan@) approved as well."""
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    staff = approved_enrolment(factory, t, tr.session_id, tr.staff_id)
    colleague = approved_enrolment(factory, t, tr.session_id, tr.colleague_id)
    start, end = _shift(factory, t, tr.session_id, starts_in_days=-1, days=2)
    return {"t": t, "tr": tr, "staff": staff, "colleague": colleague, "start": start, "end": end,
            "yesterday": local_today() - dt.timedelta(days=1)}


def _status(factory, t, eid):
    return factory.scalar(t, f"SELECT status FROM training_enrolments WHERE id = {eid}")


def _jp_rows(factory, t, eid):
    return factory.scalar(t, f"SELECT count(*) FROM jp_entries WHERE source = 'training' "
                             f"AND source_ref = 'enrolment:{eid}'")


def _login(client_for, t, who):
    c = client_for(t)
    c.login(f"{who}@{t.slug}.demo")
    return c


# --- attendance --------------------------------------------------------------------------------

def test_attendance_checklist_toggles_and_counts(running, client_for, factory):
    t, sid, eid = running["t"], running["tr"].session_id, running["staff"]
    c = _login(client_for, t, "hr")
    day = running["yesterday"].isoformat()
    page = c.get(f"/training/sessions/{sid}/attendance?day={day}")
    assert page.status_code == 200
    html = c.text(page)
    assert "Dewi Lestari" in html and "Budi Santoso" in html
    assert "Belum dicatat 2" in html

    r = c.post(f"/training/sessions/{sid}/attendance/{eid}", {"day": day, "present": "1"}, headers=HX)
    assert r.status_code == 200
    frag = c.text(r)
    assert f'id="att-{eid}"' in frag and "is-present" in frag
    assert 'hx-swap-oob="true"' in frag and "Hadir 1" in frag and "Belum dicatat 1" in frag
    assert factory.scalar(t, f"SELECT present FROM training_attendance WHERE enrolment_id = {eid}") is True

    r = c.post(f"/training/sessions/{sid}/attendance/{eid}", {"day": day, "present": "0"}, headers=HX)
    assert "is-absent" in c.text(r) and "Tidak hadir 1" in c.text(r)
    assert factory.scalar(t, f"SELECT count(*) FROM training_attendance WHERE enrolment_id = {eid}") == 1
    assert factory.scalar(t, f"SELECT present FROM training_attendance WHERE enrolment_id = {eid}") is False

    # without JavaScript: a normal form post comes back to the page
    r = c.post(f"/training/sessions/{sid}/attendance/{eid}", {"day": day, "present": "1"})
    assert r.status_code == 302 and f"#att-{eid}" in r.headers["Location"]

    # "everyone not yet marked is present" on today
    r = c.post(f"/training/sessions/{sid}/attendance/all", {"day": local_today().isoformat()})
    assert r.status_code == 302
    assert factory.scalar(t, f"SELECT count(*) FROM training_attendance WHERE day = '{local_today()}' AND present") == 2


def test_attendance_refuses_days_outside_the_session_and_future_days(running, client_for, factory):
    t, sid, eid = running["t"], running["tr"].session_id, running["staff"]
    _shift(factory, t, sid, starts_in_days=0, days=3)
    c = _login(client_for, t, "hr")
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    r = c.post(f"/training/sessions/{sid}/attendance/{eid}", {"day": tomorrow, "present": "1"}, headers=HX)
    assert r.status_code == 422 and "belum tiba" in c.text(r)
    r = c.post(f"/training/sessions/{sid}/attendance/{eid}", {"day": "2001-01-01", "present": "1"}, headers=HX)
    assert r.status_code == 404
    r = c.post(f"/training/sessions/{sid}/attendance/{eid}", {"day": "bukan-tanggal", "present": "1"}, headers=HX)
    assert r.status_code == 404
    assert factory.scalar(t, "SELECT count(*) FROM training_attendance") == 0


def test_attendance_permissions_facilitator_only_for_their_own_session(running, client_for, factory):
    t, tr, eid = running["t"], running["tr"], running["staff"]
    other = make_session(factory, t, tr.programme_id, name="Angkatan II", starts_in_days=20)

    def set_facilitators():
        from jenjang.extensions import db
        from jenjang.training.models import TrainingSession

        db.session.execute(sa.update(TrainingSession).where(TrainingSession.id == other)
                           .values(facilitator_employee_id=tr.head_id))

    factory.run(t, set_facilitators)
    head = _login(client_for, t, "atasan")  # facilitates Angkatan II, not the running session
    assert head.get(f"/training/sessions/{tr.session_id}/attendance").status_code == 403
    r = head.post(f"/training/sessions/{tr.session_id}/attendance/{eid}",
                  {"day": running["yesterday"].isoformat(), "present": "1"}, headers=HX)
    assert r.status_code == 403
    assert head.get(f"/training/sessions/{other}/attendance").status_code == 200
    listing = head.text(head.get(f"/training/delivery?year={(local_today() + dt.timedelta(days=20)).year}"))
    assert "Angkatan II" in listing
    assert "Sesi yang Anda fasilitasi" in head.text(head.get("/"))  # the facilitator's dashboard card
    # an enrolment of another session through this session's URL
    assert head.post(f"/training/sessions/{other}/attendance/{eid}", {"present": "1"}).status_code == 404
    staff = _login(client_for, t, "pegawai")
    assert "Sesi yang Anda fasilitasi" not in staff.text(staff.get("/"))
    assert staff.get(f"/training/sessions/{tr.session_id}/attendance").status_code == 403
    assert staff.get("/training/delivery").status_code == 403
    assert factory.scalar(t, "SELECT count(*) FROM training_attendance") == 0


# --- completion ------------------------------------------------------------------------------

def _reminder(factory, t, eid):
    return factory.run(t, lambda: _reminder_row(eid))


def _reminder_row(eid):
    from jenjang.extensions import db
    from jenjang.notifications.models import NotificationReminder

    r = db.session.scalar(sa.select(NotificationReminder).where(NotificationReminder.key == f"training.followup:{eid}"))
    return None if r is None else {"status": r.status, "due_at": r.due_at, "recipients": list(r.recipient_user_ids),
                                   "kind": r.kind}


def test_completion_credits_the_ledger_and_undo_revokes(running, client_for, factory):
    t, sid, eid = running["t"], running["tr"].session_id, running["staff"]
    c = _login(client_for, t, "hr")
    r = c.post(f"/training/sessions/{sid}/completion/{eid}", {"action": "complete", "score": "85,5"}, headers=HX)
    assert r.status_code == 200
    assert "Selesai" in c.text(r) and "Selesai 1" in c.text(r)
    assert _status(factory, t, eid) == "completed"
    code = factory.scalar(t, f"SELECT certificate_code FROM training_enrolments WHERE id = {eid}")
    assert re.fullmatch(r"[A-Z2-7]{16}", code)
    assert factory.scalar(t, f"SELECT score FROM training_enrolments WHERE id = {eid}") == Decimal("85.50")
    entry = factory.run(t, lambda: _entry(eid))
    assert entry == {"jp": Decimal("24.00"), "occurred_on": local_today(), "title": "Pelatihan Integritas dan Kerja Sama",
                     "employee_id": running["tr"].staff_id, "classical": True, "year": local_today().year}
    # the participant is told (certificate + level-1 survey)
    staff_user = factory.scalar(t, f"SELECT id FROM users WHERE email = 'pegawai@{t.slug}.demo'")
    assert factory.scalar(t, f"SELECT count(*) FROM notifications WHERE kind = 'training.completed' "
                             f"AND recipient_user_id = {staff_user}") == 1
    # the supervisor's level-3 follow-up is scheduled followup_days (60) after the session ends
    head_user = factory.scalar(t, f"SELECT id FROM users WHERE email = 'atasan@{t.slug}.demo'")
    rem = _reminder(factory, t, eid)
    assert rem["status"] == "scheduled" and rem["kind"] == "training.followup_due"
    assert rem["recipients"] == [head_user]
    assert rem["due_at"] == running["end"] + dt.timedelta(days=60)

    # undo: back to approved, the credit and the follow-up go, the certificate no longer verifies
    r = c.post(f"/training/sessions/{sid}/completion/{eid}", {"action": "undo"}, headers=HX)
    assert r.status_code == 200
    assert _status(factory, t, eid) == "approved"
    assert _jp_rows(factory, t, eid) == 0
    assert _reminder(factory, t, eid)["status"] == "cancelled"
    assert client_for(t).get(f"/verify/{code}").status_code == 404

    # completing again reuses the code and schedules the follow-up again
    c.post(f"/training/sessions/{sid}/completion/{eid}", {"action": "complete"})
    assert _jp_rows(factory, t, eid) == 1
    assert factory.scalar(t, f"SELECT certificate_code FROM training_enrolments WHERE id = {eid}") == code
    assert _reminder(factory, t, eid)["status"] == "scheduled"

    # not completed: revoked again
    r = c.post(f"/training/sessions/{sid}/completion/{eid}", {"action": "not_completed", "score": "40"})
    assert r.status_code == 302
    assert _status(factory, t, eid) == "not_completed" and _jp_rows(factory, t, eid) == 0
    assert _reminder(factory, t, eid)["status"] == "cancelled"


def test_a_sent_followup_is_never_asked_again(running, client_for, factory):
    t, sid, eid = running["t"], running["tr"].session_id, running["staff"]
    c = _login(client_for, t, "hr")
    c.post(f"/training/sessions/{sid}/completion/{eid}", {"action": "complete"})
    factory.run(t, lambda: _fire(eid))  # the reminder went out to the supervisor
    c.post(f"/training/sessions/{sid}/completion/{eid}", {"action": "complete", "score": "90"})  # a new score
    assert _reminder(factory, t, eid)["status"] == "fired"
    c.post(f"/training/sessions/{sid}/completion/{eid}", {"action": "undo"})
    c.post(f"/training/sessions/{sid}/completion/{eid}", {"action": "complete"})
    assert _reminder(factory, t, eid)["status"] == "fired"
    assert _jp_rows(factory, t, eid) == 1


def test_followups_move_with_the_sessions_end(running, factory):
    t, sid, eid = running["t"], running["tr"].session_id, running["staff"]
    _complete(factory, t, eid)
    new_end = running["end"] + dt.timedelta(days=1)

    def move():
        from jenjang.extensions import db
        from jenjang.training.delivery import completion
        from jenjang.training.models import TrainingSession

        s = db.session.scalar(sa.select(TrainingSession).where(TrainingSession.id == sid))
        s.ends_at = new_end
        return completion.reschedule_followups(s)

    assert factory.run(t, move) == 1
    assert _reminder(factory, t, eid)["due_at"] == new_end + dt.timedelta(days=60)


def _fire(eid):
    from jenjang.extensions import db
    from jenjang.notifications.models import NotificationReminder

    db.session.execute(sa.update(NotificationReminder).where(NotificationReminder.key == f"training.followup:{eid}")
                       .values(status="fired"))


def _entry(eid):
    from jenjang.extensions import db
    from jenjang.training.models import JpEntry

    e = db.session.scalar(sa.select(JpEntry).where(JpEntry.source_ref == f"enrolment:{eid}"))
    return {"jp": e.jp, "occurred_on": e.occurred_on, "title": e.title, "employee_id": e.employee_id,
            "classical": e.classical, "year": e.year}


def test_pending_enrolment_and_bad_score_cannot_be_completed(factory, client_for):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    pending = enrol(factory, t, tr.session_id, tr.staff_id)
    approved = approved_enrolment(factory, t, tr.session_id, tr.colleague_id)
    _shift(factory, t, tr.session_id, starts_in_days=-1)
    c = _login(client_for, t, "hr")
    r = c.post(f"/training/sessions/{tr.session_id}/completion/{pending}", {"action": "complete"}, headers=HX)
    assert r.status_code in (404, 422)
    assert _status(factory, t, pending) == "pending" and _jp_rows(factory, t, pending) == 0
    assert "Dewi Lestari" not in c.text(c.get(f"/training/sessions/{tr.session_id}/completion"))

    r = c.post(f"/training/sessions/{tr.session_id}/completion/{approved}",
               {"action": "complete", "score": "150"}, headers=HX)
    assert r.status_code == 422 and "0–100" in c.text(r)
    assert _status(factory, t, approved) == "approved" and _jp_rows(factory, t, approved) == 0


def test_completion_before_the_session_starts_is_refused(factory, client_for):
    t = factory.tenant("pematangsiantar")
    tr = training_region(factory, t)
    eid = approved_enrolment(factory, t, tr.session_id, tr.staff_id)
    c = _login(client_for, t, "hr")
    r = c.post(f"/training/sessions/{tr.session_id}/completion/{eid}", {"action": "complete"}, headers=HX)
    assert r.status_code == 422 and "belum dimulai" in c.text(r)
    assert _status(factory, t, eid) == "approved"


def test_bulk_completion_by_attendance_threshold(running, client_for, factory):
    t, sid = running["t"], running["tr"].session_id
    c = _login(client_for, t, "hr")
    y, today = running["yesterday"].isoformat(), local_today().isoformat()
    for day in (y, today):
        c.post(f"/training/sessions/{sid}/attendance/{running['staff']}", {"day": day, "present": "1"}, headers=HX)
    c.post(f"/training/sessions/{sid}/attendance/{running['colleague']}", {"day": y, "present": "1"}, headers=HX)
    c.post(f"/training/sessions/{sid}/attendance/{running['colleague']}", {"day": today, "present": "0"}, headers=HX)
    page = c.text(c.get(f"/training/sessions/{sid}/completion"))
    assert "2/2" in page and "1/2" in page

    r = c.post(f"/training/sessions/{sid}/completion/bulk", {"min_percent": "80"})
    assert r.status_code == 302
    assert _status(factory, t, running["staff"]) == "completed"
    assert _status(factory, t, running["colleague"]) == "approved"
    assert "1 peserta dinyatakan selesai" in c.text(c.get(r.headers["Location"]))
    r = c.post(f"/training/sessions/{sid}/completion/bulk", {"min_percent": "500"})
    assert r.status_code == 422 and "1–100" in c.text(r)
    c.post(f"/training/sessions/{sid}/completion/bulk", {"min_percent": "50"})
    assert _status(factory, t, running["colleague"]) == "completed"
    assert factory.scalar(t, "SELECT sum(jp) FROM jp_entries") == Decimal("48.00")


# --- certificates and verification ----------------------------------------------------------

def _complete(factory, t, eid, score=None):
    def go():
        from jenjang.extensions import db
        from jenjang.training.delivery import completion
        from jenjang.training.models import Enrolment

        e = db.session.scalar(sa.select(Enrolment).where(Enrolment.id == eid))
        completion.complete(e, score)
        return e.certificate_code

    return factory.run(t, go)


def _pdf_text(data: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the document info sits in an object stream)."""
    import zlib

    out = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            out.append(zlib.decompressobj().decompress(data[m.end():]))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_certificate_pdf_for_the_participant_and_hr(running, client_for, factory):
    t, eid = running["t"], running["staff"]
    staff = _login(client_for, t, "pegawai")
    assert staff.get(f"/training/enrolments/{eid}/certificate.pdf").status_code == 404  # not completed yet
    assert "Sertifikat tersedia setelah" in staff.text(staff.get(f"/training/enrolments/{eid}/certificate"))
    code = _complete(factory, t, eid, Decimal("90"))
    page = staff.get(f"/training/enrolments/{eid}/certificate")
    assert page.status_code == 200
    html = staff.text(page)
    assert "-".join(code[i:i + 4] for i in range(0, 16, 4)) in html
    assert f"/training/enrolments/{eid}/evaluation" in html
    r = staff.get(f"/training/enrolments/{eid}/certificate.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF")
    assert "-".join(code[i:i + 4] for i in range(0, 16, 4)).encode() in _pdf_text(r.data)  # in its metadata
    assert "no-store" in r.headers["Cache-Control"]
    hr = _login(client_for, t, "hr")
    assert hr.get(f"/training/enrolments/{eid}/certificate.pdf").status_code == 200
    colleague = _login(client_for, t, "rekan")
    assert colleague.get(f"/training/enrolments/{eid}/certificate.pdf").status_code == 403


def test_qr_code_points_to_the_tenants_verification_page(running, app, factory):
    from jenjang.training.delivery import certificates

    code = _complete(factory, running["t"], running["staff"])
    with app.test_request_context(base_url="http://pematangsiantar.localhost"):
        url = certificates.verification_url(code)
        assert url.startswith("http://pematangsiantar.localhost/verify/")
        assert certificates.normalise_code(url.rsplit("/", 1)[1]) == code
        assert certificates.qr_data_uri(url).startswith("data:image/svg+xml")


def test_public_verification_valid_forged_and_other_tenant(running, client_for, factory):
    t, eid = running["t"], running["staff"]
    code = _complete(factory, t, eid, Decimal("77"))
    anon = client_for(t)
    r = anon.get(f"/verify/{code}")
    assert r.status_code == 200
    html = anon.text(r)
    assert "Sertifikat sah" in html and "Dewi Lestari" in html and "Pelatihan Integritas dan Kerja Sama" in html
    assert "24 JP" in html
    nip = factory.scalar(t, f"SELECT nip FROM employees WHERE id = {running['tr'].staff_id}")
    assert nip not in html and "Nilai" not in html  # only name, programme, dates, JP, validity
    spaced = "-".join(code[i:i + 4] for i in range(0, 16, 4)).lower()
    assert anon.get(f"/verify/{spaced}").status_code == 200
    r = anon.get(f"/verify?code={spaced}")
    assert r.status_code == 302 and r.headers["Location"].endswith("/verify/" + spaced.upper())

    forged = "A" * 16 if code != "A" * 16 else "B" * 16
    assert anon.get("/verify/%2e%2e%2fetc").status_code == 404
    for bad in (forged, "x", "ZZZZ-ZZZZ-ZZZZ-ZZZ1", "A" * 200):
        r = anon.get(f"/verify/{bad}")
        assert r.status_code == 404, bad
        assert "Sertifikat tidak ditemukan" in anon.text(r)
    r = anon.get("/verify?code=bukan kode!")
    assert r.status_code == 404 and "Sertifikat tidak ditemukan" in anon.text(r)
    assert anon.get("/verify").status_code == 200

    # another tenant's certificate is not found on this tenant's host, and the reverse
    b = factory.tenant("palangkaraya", name="Pemerintah Kota Palangka Raya")
    trb = training_region(factory, b, seq=2)
    eb = approved_enrolment(factory, b, trb.session_id, trb.staff_id)
    _shift(factory, b, trb.session_id, starts_in_days=-1)
    code_b = _complete(factory, b, eb)
    assert anon.get(f"/verify/{code_b}").status_code == 404
    assert client_for(b).get(f"/verify/{code_b}").status_code == 200
    assert client_for(b).get(f"/verify/{code}").status_code == 404


def test_verification_is_rate_limited_per_address(running, client_for):
    anon = client_for(running["t"])
    codes = [anon.get(f"/verify/{'C' * 16}").status_code for _ in range(31)]
    assert codes[:30] == [404] * 30
    assert codes[30] == 429


# --- evaluation ------------------------------------------------------------------------------

REACTION = {"relevance": "5", "facilitator": "4", "materials": "3", "overall": "4", "comment": "Sangat membantu"}


def test_reaction_survey_once_per_enrolment(running, client_for, factory):
    t, eid = running["t"], running["staff"]
    staff = _login(client_for, t, "pegawai")
    assert "setelah Anda dinyatakan selesai" in staff.text(staff.get(f"/training/enrolments/{eid}/evaluation"))
    _complete(factory, t, eid)
    assert staff.get(f"/training/enrolments/{eid}/evaluation").status_code == 200
    r = staff.post(f"/training/enrolments/{eid}/evaluation", dict(REACTION, overall="6"))
    assert r.status_code == 422
    assert factory.scalar(t, "SELECT count(*) FROM training_reactions") == 0
    r = staff.post(f"/training/enrolments/{eid}/evaluation", REACTION)
    assert r.status_code == 302
    r = staff.post(f"/training/enrolments/{eid}/evaluation", dict(REACTION, overall="1"))
    assert r.status_code == 409
    assert factory.scalar(t, "SELECT count(*) FROM training_reactions") == 1
    assert factory.scalar(t, "SELECT overall FROM training_reactions") == 4
    colleague = _login(client_for, t, "rekan")
    assert colleague.get(f"/training/enrolments/{eid}/evaluation").status_code == 403


def test_followup_by_the_supervisor_and_results(running, client_for, factory):
    t, eid, sid = running["t"], running["staff"], running["tr"].session_id
    _complete(factory, t, eid)
    _complete(factory, t, running["colleague"])
    _login(client_for, t, "pegawai").post(f"/training/enrolments/{eid}/evaluation", REACTION)
    colleague = _login(client_for, t, "rekan")
    assert colleague.get(f"/training/enrolments/{eid}/followup").status_code == 403
    head = _login(client_for, t, "atasan")
    assert head.get(f"/training/enrolments/{eid}/followup").status_code == 200
    r = head.post(f"/training/enrolments/{eid}/followup", {"application": "4", "impact": "5", "comment": "Diterapkan"})
    assert r.status_code == 302
    assert head.post(f"/training/enrolments/{eid}/followup", {"application": "1", "impact": "1"}).status_code == 409
    assert factory.scalar(t, "SELECT count(*) FROM training_followups") == 1

    hr = _login(client_for, t, "hr")
    html = hr.text(hr.get(f"/training/evaluation?year={running['start'].year}"))
    assert "Pelatihan Integritas dan Kerja Sama" in html
    assert "50%" in html  # 1 reaction of 2 completed; 1 follow-up of 2
    assert "5,0" in html and "3,0" in html and "4,0" in html
    detail = hr.text(hr.get(f"/training/sessions/{sid}/evaluation"))
    assert "Sangat membantu" in detail and "Diterapkan" in detail
    pid = running["tr"].programme_id
    assert "Sangat membantu" in hr.text(hr.get(f"/training/programmes/{pid}/evaluation"))
    assert _login(client_for, t, "pegawai").get("/training/evaluation").status_code == 403


# --- budget ----------------------------------------------------------------------------------

def test_budget_committed_spent_per_programme_and_unit(running, client_for, factory):
    t = running["t"]
    year = running["start"].year
    c = _login(client_for, t, "hr")
    r = c.post("/training/budget", {"year": str(year), "amount": "10.000.000"})
    assert r.status_code == 302
    _complete(factory, t, running["staff"])

    def figures():
        from jenjang.training.delivery import budget

        f = budget.figures(year, "Asia/Jakarta")
        return (f.budget, f.committed, f.spent, f.remaining, [(x.label, x.committed, x.spent, x.seats) for x in f.by_programme],
                [(x.label, x.total) for x in f.by_unit])

    amount, committed, spent, remaining, by_programme, by_unit = factory.run(t, figures)
    assert amount == Decimal("10000000.00")
    assert committed == Decimal("1500000.00") and spent == Decimal("1500000.00")
    assert remaining == Decimal("7000000.00")
    assert by_programme == [("Pelatihan Integritas dan Kerja Sama", Decimal("1500000.00"), Decimal("1500000.00"), 2)]
    assert by_unit == [("Bidang Pembinaan Guru", Decimal("3000000.00"))]
    html = c.text(c.get(f"/training/budget?year={year}"))
    assert "Rp 10.000.000" in html and "Rp 7.000.000" in html and "Bidang Pembinaan Guru" in html
    # another year is empty; bad amounts are refused with nothing changed
    assert "Belum ditetapkan" in c.text(c.get(f"/training/budget?year={year + 1}"))
    for bad in ("-5", "sejuta", ""):
        r = c.post("/training/budget", {"year": str(year), "amount": bad})
        assert r.status_code == 422, bad
    assert factory.scalar(t, "SELECT amount FROM training_budgets") == Decimal("10000000.00")
    assert _login(client_for, t, "pegawai").get("/training/budget").status_code == 403


# --- demo data -------------------------------------------------------------------------------

def test_demo_delivery_is_idempotent(factory):
    t = factory.tenant("pematangsiantar")
    training_region(factory, t)

    def seed():
        from jenjang.extensions import db
        from jenjang.tenancy.models import Tenant
        from jenjang.training.demo import seed_demo_delivery, seed_demo_training

        tenant = db.session.get(Tenant, t.id)
        seed_demo_training(tenant)
        return seed_demo_delivery(tenant)

    first = factory.run(t, seed)
    assert "completed" in first
    assert factory.run(t, seed) == "demo delivery present"
    assert factory.scalar(t, "SELECT count(*) FROM training_budgets") == 1
    completed = factory.scalar(t, "SELECT count(*) FROM training_enrolments WHERE status = 'completed'")
    assert completed >= 1
    assert factory.scalar(t, "SELECT count(*) FROM jp_entries WHERE source = 'training'") == completed
    assert factory.scalar(t, "SELECT count(*) FROM training_reactions") >= 1
