"""A talent-pool mentoring programme never tells an employee their 9-box placement: they apply
like anyone, see the same neutral "under review" whether or not they are in the programme's boxes,
and HR's review queue shows who does not meet the rule (with the box), so HR can refuse them."""
from __future__ import annotations

import re

import sqlalchemy as sa

from tests.competency_support import cast, set_skp
from tests.mentoring_support import make_programme

# What would tell the employee something about their placement.
LEAKS = ("9-box", "Kotak", "kotak", "talent pool pada", "Program ini untuk anggota talent pool",
         "potensi", "Potensi", "(4)", "(9)", "Penempatan")


def _talent_programmes(factory, tenant):
    """Ani (the analyst) is in box 4 (kinerja di atas, potensi rendah). One single-box programme
    takes box 4, the other box 9."""
    org = cast(factory, tenant)
    set_skp(factory, tenant, org["analis"], "sangat_baik")
    inside = make_programme(factory, tenant, name="Coaching Kotak Empat", kind="talent_coaching",
                            mentee_rule="talent_pool", mentee_boxes=[4])
    outside = make_programme(factory, tenant, name="Coaching Kotak Sembilan", kind="talent_coaching",
                             mentee_rule="talent_pool", mentee_boxes=[9])
    return org, inside, outside


def _join_section(page: str) -> str:
    m = re.search(r'id="join-h".*?</section>', page, re.S)
    assert m, "no participation section"
    return m.group(0)


def test_employee_outside_the_boxes_applies_and_sees_what_one_inside_sees(two_tenants, factory, client_for):
    a, _ = two_tenants
    org, inside, outside = _talent_programmes(factory, a)
    me = client_for(a)
    me.login(f"analis@{a.slug}.demo")
    seen = {}
    for pid in (inside, outside):
        before = me.text(me.get(f"/mentoring/programmes/{pid}"))
        r = me.post(f"/mentoring/programmes/{pid}/join", {"role": "mentee", "text": "Ingin belajar memimpin tim"})
        assert r.status_code == 302, me.text(r)
        after = me.text(me.get(r.headers["Location"]))
        assert "Pendaftaran Anda terkirim. Pengelola program akan meninjaunya." in after
        seen[pid] = (before, _join_section(after))
    assert seen[inside][1] == seen[outside][1]  # the same neutral "registered, under review"
    assert "mendaftar" in seen[outside][1]
    statuses = factory.scalar(a, "SELECT array_agg(status ORDER BY programme_id) FROM mentoring_participants")
    assert statuses == ["applied", "applied"]
    pages = {"/": me.text(me.get("/")), "/mentoring": me.text(me.get("/mentoring")),
             "/inbox": me.text(me.get("/inbox"))}
    for pid in (inside, outside):
        pages[f"before {pid}"] = seen[pid][0]
        pages[f"/mentoring/programmes/{pid}"] = me.text(me.get(f"/mentoring/programmes/{pid}"))
    for path, page in pages.items():
        for word in LEAKS:
            assert word not in page.replace("Coaching Kotak Empat", "").replace("Coaching Kotak Sembilan", ""), \
                (path, word)


def test_hr_review_shows_who_is_outside_the_boxes_and_refuses_their_acceptance(two_tenants, factory, client_for):
    a, _ = two_tenants
    org, inside, outside = _talent_programmes(factory, a)
    me = client_for(a)
    me.login(f"analis@{a.slug}.demo")
    for pid in (inside, outside):
        assert me.post(f"/mentoring/programmes/{pid}/join", {"role": "mentee", "text": "Belajar"}).status_code == 302
    hr = client_for(a)
    hr.login(f"hr@{a.slug}.demo")
    # HR applies to the box-9 programme too: HR never sees their own placement either.
    assert hr.post(f"/mentoring/programmes/{outside}/join", {"role": "mentee", "text": "Saya juga"}).status_code == 302
    page = hr.text(hr.get(f"/mentoring/programmes/{outside}"))
    rows = {m.group(1): m.group(0) for m in re.finditer(r"<tr>\s*<td>([^<]+)<br>.*?</tr>", page, re.S)}
    ani = rows["Ani Analis"]
    assert "Tidak memenuhi syarat talent pool" in ani and "kotak 4" in ani
    hr_row = [row for name, row in rows.items() if name != "Ani Analis"]
    assert hr_row and all("talent pool" not in row and "kotak" not in row for row in hr_row)
    ok_page = hr.text(hr.get(f"/mentoring/programmes/{inside}"))
    assert "Tidak memenuhi syarat talent pool" not in ok_page
    part = factory.scalar(a, f"SELECT id FROM mentoring_participants WHERE programme_id = {outside} "
                             f"AND employee_id = {org['analis']}")
    r = hr.post(f"/mentoring/participants/{part}/decide", {"decision": "accept"})
    assert r.status_code == 302
    refused = hr.text(hr.get(r.headers["Location"]))
    assert "Program ini untuk anggota talent pool pada kotak 9-box terpilih." in refused
    assert factory.scalar(a, f"SELECT status FROM mentoring_participants WHERE id = {part}") == "applied"
    hr.post(f"/mentoring/participants/{part}/decide", {"decision": "reject"})
    assert factory.scalar(a, f"SELECT status FROM mentoring_participants WHERE id = {part}") == "rejected"
    page = me.text(me.get(f"/mentoring/programmes/{outside}"))
    for word in LEAKS:
        assert word not in page.replace("Coaching Kotak Sembilan", ""), word


def test_hr_nomination_outside_the_boxes_is_still_refused_to_hr(two_tenants, factory):
    a, _ = two_tenants
    org, inside, outside = _talent_programmes(factory, a)

    def nominate():
        from jenjang.extensions import db
        from jenjang.mentoring import operations
        from jenjang.mentoring.models import MentoringProgramme

        p = db.session.scalar(sa.select(MentoringProgramme).where(MentoringProgramme.id == outside))
        try:
            operations.join(p, org["analis"], "mentee", by_hr=True)
        except operations.MentoringError as exc:
            return str(exc)

    assert factory.run(a, nominate) == "Program ini untuk anggota talent pool pada kotak 9-box terpilih."


def test_hr_cannot_decide_or_nominate_themselves(two_tenants, factory, client_for):
    """Deciding one's own application would apply the talent rule in front of its subject."""
    a, _ = two_tenants
    org, inside, outside = _talent_programmes(factory, a)
    hr = client_for(a)
    hr.login(f"hr@{a.slug}.demo")
    assert hr.post(f"/mentoring/programmes/{outside}/join", {"role": "mentee", "text": "Saya"}).status_code == 302
    own = factory.scalar(a, f"SELECT id FROM mentoring_participants WHERE programme_id = {outside}")
    assert hr.post(f"/mentoring/participants/{own}/decide", {"decision": "accept"}).status_code == 403
    assert factory.scalar(a, f"SELECT status FROM mentoring_participants WHERE id = {own}") == "applied"
    page = hr.text(hr.get(f"/mentoring/programmes/{outside}"))
    assert "Ani Analis" not in page and f'/mentoring/participants/{own}/decide' not in page
    hr_nip = factory.scalar(a, "SELECT e.nip FROM employees e JOIN users u ON u.employee_id = e.id "
                               f"WHERE u.email = 'hr@{a.slug}.demo'")
    r = hr.post(f"/mentoring/programmes/{inside}/nominate", {"nip": hr_nip, "role": "mentee"})
    assert r.status_code == 422 and "Anda tidak dapat menunjuk diri sendiri" in hr.text(r)
    assert "Program ini untuk anggota talent pool" not in hr.text(r)
