"""Per-request overhead stays small without weakening a wall: the tenant is known before the
first statement (host cache), the transaction sets app.tenant_id once, nothing reaches the
database after the request's commit (the request log), and an autosave is a handful of statements."""
from __future__ import annotations

import sqlalchemy as sa

from tests.feedback_support import launch, make_cycle
from tests.org import build_region


def _opened(factory):
    t = factory.tenant("pematangsiantar")
    region = build_region(factory, t)
    cid = make_cycle(factory, t, peer_count=2)
    launch(factory, t, cid)
    aid = factory.scalar(t, f"SELECT id FROM feedback_assignments WHERE cycle_id = {cid} "
                            f"AND subject_employee_id = {region.head_id} AND rater_employee_id = {region.staff_id}")
    item = factory.scalar(t, f"SELECT min(id) FROM feedback_items WHERE cycle_id = {cid} AND kind = 'scale'")
    return t, aid, item


def test_autosave_is_four_statements_and_nothing_after_the_commit(factory, client_for, query_counter):
    t, aid, item = _opened(factory)
    c = client_for(t)
    c.login(f"pegawai@{t.slug}.demo")
    c.get(f"/360/forms/{aid}")  # the host is cached from here on
    with query_counter(fresh_hosts=False) as counted:
        r = c.post(f"/360/forms/{aid}/save", {f"item-{item}": "4"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Tersimpan" in c.text(r)
    events = counted.events
    statements = [e for e in events if e != "COMMIT"]
    assert statements[0].startswith("SELECT set_config('app.tenant_id'")
    assert sum("set_config" in s for s in statements) == 1  # once per transaction
    assert not any("FROM tenants" in s for s in statements)  # the tenant came from the host cache
    assert len(statements) <= 4, statements
    assert events[-1] == "COMMIT", events  # the request log reads nothing back after the commit
    assert factory.scalar(t, f"SELECT score FROM feedback_draft_answers WHERE assignment_id = {aid}") == 4


def test_a_tenant_changed_elsewhere_is_seen_once_the_cache_entry_expires(app, factory, client_for, owner_engine):
    t = factory.tenant("pematangsiantar")
    factory.user(t, "pegawai@pematangsiantar.demo", nip=factory.nip(t, 2))
    c = client_for(t)
    assert c.get("/login").status_code == 200
    # Another process suspends the tenant (no ORM event reaches this one) ...
    with owner_engine.begin() as conn:
        conn.execute(sa.text("UPDATE tenants SET status = 'suspended' WHERE id = :i"), {"i": t.id})
    hosts = app.extensions["jenjang.hosts"]
    hosts.ttl, ttl = 0.0, hosts.ttl
    try:
        # ... and once this process's entry has expired (HOST_CACHE_TTL seconds), it shows.
        r = c.get("/login")
        assert r.status_code == 503 and "sedang ditangguhkan" in c.text(r)
    finally:
        hosts.ttl = ttl
        hosts.clear()


def test_a_removed_domain_stops_answering_at_once_in_this_process(app, factory, client_for):
    from jenjang.extensions import db
    from jenjang.tenancy import operations as ops
    from jenjang.tenancy.dbroles import console_role
    from jenjang.tenancy.models import Tenant

    t = factory.tenant("pematangsiantar")
    with app.app_context(), console_role():
        ops.set_domains(db.session.get(Tenant, t.id), ["simpeg.siantar.go.id"])
        db.session.commit()
    assert client_for("simpeg.siantar.go.id").get("/login").status_code == 200  # cached now
    with app.app_context(), console_role():
        ops.set_domains(db.session.get(Tenant, t.id), [])
        db.session.commit()
    assert client_for("simpeg.siantar.go.id").get("/login").status_code == 404
