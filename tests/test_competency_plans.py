"""My development: the employee sees their gaps and JPM and writes a development plan that the
supervisor comments on and approves (or returns)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.competency_support import cast, comp_ids
from tests.helpers import local_today

NEXT = (local_today() + dt.timedelta(days=120)).isoformat()


def _login(client_for, tenant, who):
    c = client_for(tenant)
    c.login(f"{who}@{tenant.slug}.demo")
    return c


def test_employee_writes_a_plan_supervisor_returns_then_approves_it(two_tenants, factory, client_for):
    a, _ = two_tenants
    cast(factory, a)
    m08 = comp_ids(factory, a)["M.08"]
    me = _login(client_for, a, "analis")
    page = me.text(me.get("/development/"))
    assert "JPM 77.8%" in page and "Kurang Optimal" in page
    assert "Katalog pelatihan belum tersedia" in page and "M.08" in page  # the gaps stand in for training
    r = me.post("/development/plan/goals", {"competency_id": m08, "target_level": "2", "target_date": NEXT,
                                             "action": "Coaching pengambilan keputusan"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Coaching pengambilan keputusan" in me.text(r) and "<html" not in me.text(r)
    r = me.post("/development/plan/goals", {"competency_id": m08, "target_level": "9", "target_date": NEXT,
                                             "action": "x"}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and "Pilih level 1 sampai 5." in me.text(r)
    r = me.post("/development/plan/goals", {"competency_id": m08, "target_level": "2", "target_date": "2020-01-01",
                                             "action": "x"})
    assert r.status_code == 422 and "tidak boleh di masa lalu" in me.text(r)
    assert me.post("/development/plan/submit").status_code == 302

    from jenjang.competency.models import DevelopmentPlan
    from jenjang.notifications.models import Notification
    plan_id = factory.scalar(a, sa.select(DevelopmentPlan.id))
    assert factory.scalar(a, sa.select(DevelopmentPlan.status)) == "submitted"
    assert factory.scalar(a, sa.select(sa.func.count()).select_from(Notification).where(
        Notification.kind == "competency.plan_submitted")) >= 1
    r = me.post("/development/plan/goals", {"competency_id": m08, "target_level": "2", "target_date": NEXT,
                                             "action": "Lagi"})
    assert r.status_code == 422  # a submitted plan is frozen

    boss = _login(client_for, a, "kabid")
    assert "Ani Analis" in boss.text(boss.get("/development/reviews"))
    r = boss.post(f"/development/plans/{plan_id}", {"decision": "return", "comment": ""})
    assert r.status_code == 422 and "Tulis komentar" in boss.text(r)
    r = boss.post(f"/development/plans/{plan_id}", {"decision": "return", "comment": "Tambahkan target tanggal yang realistis"})
    assert r.status_code == 302
    assert "Tambahkan target tanggal yang realistis" in me.text(me.get("/development/plan"))
    assert me.post("/development/plan/submit").status_code == 302
    assert boss.post(f"/development/plans/{plan_id}", {"decision": "approve", "comment": "Setuju"}).status_code == 302
    assert factory.scalar(a, sa.select(DevelopmentPlan.status)) == "approved"
    assert "Disetujui" in me.text(me.get("/development/"))


def test_only_the_supervisor_reviews_and_colleagues_cannot_see_the_plan(two_tenants, factory, client_for):
    a, _ = two_tenants
    org = cast(factory, a)
    from tests.people_support import link_user
    link_user(factory, a, f"sari@{a.slug}.demo", org["staf_seksi"])
    m08 = comp_ids(factory, a)["M.08"]
    me = _login(client_for, a, "analis")
    me.post("/development/plan/goals", {"competency_id": m08, "target_level": "2", "target_date": NEXT,
                                         "action": "Magang"})
    me.post("/development/plan/submit")
    from jenjang.competency.models import DevelopmentPlan
    plan_id = factory.scalar(a, sa.select(DevelopmentPlan.id))
    colleague = _login(client_for, a, "sari")
    assert colleague.get(f"/development/plans/{plan_id}").status_code == 403
    assert me.post(f"/development/plans/{plan_id}", {"decision": "approve", "comment": "saya sendiri"}).status_code == 403
    hr = _login(client_for, a, "hr")
    assert hr.get(f"/development/plans/{plan_id}").status_code == 200
    assert hr.post(f"/development/plans/{plan_id}", {"decision": "approve"}).status_code == 403
