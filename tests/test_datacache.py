"""Cached tenant-wide aggregates (core/datacache.py): the heatmap, the 9-box and the organisation
index are kept between requests, and every committed write under them, through the ORM or a Core
statement, shows on the next page; a rolled-back write changes nothing; one tenant's cached
result never answers another tenant."""
from __future__ import annotations

import sqlalchemy as sa

from tests.competency_support import NATIONAL_CODES, assess, cast, set_skp, standard_region


def _without_tokens(page: str) -> str:
    """The page without its CSRF tokens (they carry the second they were signed in)."""
    import re

    return re.sub(r"[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}", "TOKEN", page)


def _token(factory, tenant, topic="competency"):
    def go():
        from jenjang.extensions import db

        return db.session.scalar(sa.text("SELECT gen FROM data_generations WHERE topic = :t"), {"t": topic})

    return factory.run(tenant, go)


def _counting(app):
    from jenjang.extensions import db

    statements: list[str] = []

    def before(conn, cursor, statement, params, context, many):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    return engine, before, statements


def test_heatmap_is_computed_once_then_served_until_an_assessment_changes_it(two_tenants, factory, client_for, app):
    a, _b = two_tenants
    org = standard_region(factory, a)
    factory.user(a, f"hr@{a.slug}.demo", roles=["hr"], nip=factory.nip(a, 40))
    c = client_for(a)
    c.login(f"hr@{a.slug}.demo")
    engine, before, statements = _counting(app)

    first = _without_tokens(c.get("/competency/?group=position").get_data(as_text=True))
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        again = _without_tokens(c.get("/competency/?group=position").get_data(as_text=True))
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert again == first
    assert not [s for s in statements if "competency_assessments" in s]  # the aggregate was not run again

    # The analyst meets the two remaining competencies: their gap cells empty on the next page.
    assert "Analis Kebijakan Ahli Pertama" in first
    before_token = _token(factory, a)
    assess(factory, a, org["analis"], {"M.08": 2, "SK.01": 2})
    assert _token(factory, a) != before_token
    after = _without_tokens(c.get("/competency/?group=position").get_data(as_text=True))
    assert after != first


def test_core_update_and_orm_change_renew_the_token_but_a_rollback_does_not(two_tenants, factory):
    a, _b = two_tenants
    org = standard_region(factory, a)
    set_skp(factory, a, org["analis"], "sangat_baik")

    def counts():
        from jenjang.competency import talent
        from jenjang.competency.settings import load_rules

        return talent.nine_box_counts(load_rules())

    placed = factory.run(a, counts)
    assert sum(n for box, n in placed.items() if box is not None) == 1
    token = _token(factory, a)

    def rolled_back():
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        db.session.execute(sa.update(Employee).where(Employee.id == org["analis"])
                           .values(status="archived", archive_reason="retired"))
        db.session.rollback()

    factory.run(a, rolled_back)
    assert _token(factory, a) == token
    assert factory.run(a, counts) == placed

    def retire_with_core_update():
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        db.session.execute(sa.update(Employee).where(Employee.id == org["analis"])
                           .values(status="archived", archive_reason="retired"))

    factory.run(a, retire_with_core_update)
    assert _token(factory, a) != token
    assert sum(n for box, n in factory.run(a, counts).items() if box is not None) == 0

    def back_through_the_orm():
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        analyst = db.session.scalar(sa.select(Employee).where(Employee.id == org["analis"]))
        analyst.status, analyst.archive_reason = "active", None

    factory.run(a, back_through_the_orm)  # changed on the object, flushed only by the commit
    assert factory.run(a, counts) == placed


def test_a_transaction_that_wrote_sees_its_own_writes(two_tenants, factory):
    a, _b = two_tenants
    org = standard_region(factory, a)
    set_skp(factory, a, org["analis"], "sangat_baik")

    def go():
        from jenjang.competency import talent
        from jenjang.competency.settings import load_rules
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        before = talent.nine_box_counts(load_rules())
        analyst = db.session.scalar(sa.select(Employee).where(Employee.id == org["analis"]))
        analyst.status, analyst.archive_reason = "archived", "retired"
        db.session.flush()
        during = talent.nine_box_counts(load_rules())
        db.session.rollback()
        return before, during, talent.nine_box_counts(load_rules())

    before, during, after = factory.run(a, go)
    assert sum(n for box, n in before.items() if box is not None) == 1
    assert sum(n for box, n in during.items() if box is not None) == 0
    assert after == before


def test_one_tenants_cached_aggregate_never_answers_another(two_tenants, factory):
    a, b = two_tenants
    cast(factory, a)
    org_b = standard_region(factory, b)
    assess(factory, b, org_b["analis"], {c: 1 for c in NATIONAL_CODES[:3]}, on=None)

    def heat():
        from jenjang.competency import queries
        from jenjang.competency.settings import load_rules

        return [tuple(r) for r in queries.heatmap(load_rules(), group="kind")]

    def uncached():
        from jenjang.competency import queries
        from jenjang.competency.settings import load_rules
        from jenjang.core import clock

        return [tuple(r) for r in queries._heatmap(load_rules(), group="kind", unit_id=None, kind=None,
                                                   as_of=clock.today())]

    in_a, in_b = factory.run(a, heat), factory.run(b, heat)
    assert in_a != in_b
    assert in_a == factory.run(a, uncached) and in_b == factory.run(b, uncached)

    from jenjang.core import datacache

    assert datacache.STORE.entries
    assert all(key[0] == entry[0] for key, entry in datacache.STORE.entries.items())
    assert {key[0] for key in datacache.STORE.entries} == {a.id, b.id}


def test_team_page_follows_a_new_head_of_unit_at_once(two_tenants, factory, client_for):
    """The organisation index is kept across requests: once a head is appointed to the vacant
    section, the section's staff leave the head of the field's team on the very next page."""
    from tests.people_support import link_user, make_org

    a, _b = two_tenants
    ids = make_org(factory, a)
    link_user(factory, a, f"kabid@{a.slug}.demo", ids["kabid"])
    c = client_for(a)
    c.login(f"kabid@{a.slug}.demo")
    team = c.text(c.get("/me/team"))
    assert "Sari Staf" in team and "Ani Analis" in team  # the section's head is vacant
    assert _without_tokens(c.text(c.get("/me/team"))) == _without_tokens(team)  # from the kept index

    def appoint():
        from jenjang.people import operations as ops

        ops.create_employee(nip=factory.nip(a, 77), full_name="Dedi Kasi", position_id=ids["kasi_position"],
                            unit_id=ids["seksi"])

    factory.run(a, appoint)
    team = c.text(c.get("/me/team"))
    assert "Dedi Kasi" in team and "Ani Analis" in team and "Sari Staf" not in team


def test_the_store_is_bounded_by_entries_and_by_rows_and_forgets_the_least_recent():
    from jenjang.core.datacache import _Store

    store = _Store(limit=3, max_weight=100)
    for n in range(3):
        store.put((1, "t", 0, "x", n), 1, (n,))
    assert store.get((1, "t", 0, "x", 0), 1) is not None  # now the most recent
    store.put((1, "t", 0, "x", 3), 1, (3,))
    assert store.get((1, "t", 0, "x", 1), 1) is None  # the least recent went
    assert store.get((1, "t", 0, "x", 0), 1) is not None
    assert store.get((1, "t", 0, "x", 0), 2) is None  # a key never answers another tenant
    store.put((1, "t", 0, "big", 0), 1, tuple(range(60)))
    assert store.get((1, "t", 0, "big", 0), 1) is None  # over a quarter of the bound: not kept
    for n in range(3):
        store.put((1, "t", 0, "rows", n), 1, tuple(range(20)))
    assert store.weight <= 100 and len(store.entries) <= 3


def _hr_client(factory, client_for, tenant):
    factory.user(tenant, f"hr@{tenant.slug}.demo", roles=["hr"], nip=factory.nip(tenant, 40))
    c = client_for(tenant)
    c.login(f"hr@{tenant.slug}.demo")
    return c


def _statements_during(app, fn):
    engine, before, statements = _counting(app)
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        result = fn()
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    return result, statements


def test_a_result_computed_by_one_process_serves_the_others_through_redis(two_tenants, factory, client_for, app):
    """Each process keeps its own copy, and Redis holds one for all: a process that has never
    computed the 9-box (its own copy emptied) reads it from Redis, rows and Decimals intact."""
    from jenjang.core import datacache

    a, _b = two_tenants
    org = standard_region(factory, a)
    set_skp(factory, a, org["analis"], "sangat_baik")
    c = _hr_client(factory, client_for, a)
    first = _without_tokens(c.text(c.get("/competency/talent?box=4")))
    assert "Ani Analis" in first
    datacache.STORE.clear()  # as if another gunicorn worker answered
    again, statements = _statements_during(app, lambda: _without_tokens(c.text(c.get("/competency/talent?box=4"))))
    assert again == first
    assert not [s for s in statements if "employee_skp" in s]  # no 9-box aggregate ran

    def members():
        from jenjang.competency import talent
        from jenjang.competency.settings import load_rules

        return talent.box_members(load_rules(), (4,))

    datacache.STORE.clear()
    (rows, has_next) = factory.run(a, members)
    assert has_next is False and [r.full_name for r in rows] == ["Ani Analis"]
    assert str(rows[0].jpm) == "77.78"  # a Decimal, as the database gave it


def test_the_shared_level_is_skipped_when_redis_is_away(two_tenants, factory, client_for, app):
    a, _b = two_tenants
    standard_region(factory, a)
    c = _hr_client(factory, client_for, a)
    url = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        r = c.get("/competency/")
    finally:
        app.config["REDIS_URL"] = url
    assert r.status_code == 200 and "Peta panas kesenjangan" in c.text(r)


def test_a_change_queues_the_warming_of_the_regions_views_and_the_warm_pages_run_no_aggregate(
        two_tenants, factory, client_for, app):
    from rq import Queue

    from jenjang.core import datacache
    from jenjang.jobs import redis_connection, run_tenant_job

    a, _b = two_tenants
    org = standard_region(factory, a)
    c = _hr_client(factory, client_for, a)
    set_skp(factory, a, org["analis"], "sangat_baik")
    token = _token(factory, a)
    with app.app_context():
        scheduled = Queue("default", connection=redis_connection()).scheduled_job_registry.get_job_ids()
    assert f"datacache-warm-{a.id}-competency-{token}" in scheduled

    with app.app_context():
        assert run_tenant_job(a.id, "jenjang.core.datacache:warm_job", "competency", token + 1) == 0  # stale
        assert run_tenant_job(a.id, "jenjang.core.datacache:warm_job", "competency", token) >= 1
    datacache.STORE.clear()  # the web process never computed anything: Redis has it all
    for path in ("/competency/", "/competency/talent", "/competency/talent?box=4", "/competency/talent/pool"):
        r, statements = _statements_during(app, lambda p=path: c.get(p))
        assert r.status_code == 200
        assert not [s for s in statements if "competency_assessments" in s or "employee_skp" in s], path


def test_cached_values_survive_the_json_codec():
    import datetime as dt
    from decimal import Decimal

    from jenjang.core import datacache
    from jenjang.people.reporting import OrgIndex

    index = OrgIndex(parent={1: None, 2: 1}, head_position={1: 10, 2: 20}, head_holder={1: 100})
    value = ({None: 3, 7: 1}, (Decimal("77.78"), dt.date(2026, 11, 22)), [index], "teks")
    assert datacache.decode(datacache.encode(value)) == value
    with __import__("pytest").raises(TypeError):
        datacache.encode(object())


def test_one_transaction_writing_for_two_tenants_renews_both_tokens_even_with_nothing_queried_first(
        two_tenants, factory, app):
    """The CLI provisions regions in turn; an object added and committed with no query before
    it still counts (the commit's own flush is seen)."""
    from jenjang.extensions import db
    from jenjang.people.models import Unit
    from jenjang.tenancy.context import tenant_context

    a, b = two_tenants
    before = (_token(factory, a, "org"), _token(factory, b, "org"))
    with app.app_context():
        with tenant_context(a.id):
            db.session.add(Unit(name="Dinas Baru A", kind="dinas"))
            db.session.flush()  # written while A is the tenant (new rows are stamped at flush)
        with tenant_context(b.id):
            db.session.add(Unit(name="Dinas Baru B", kind="dinas"))
            db.session.commit()
        db.session.remove()
    after = (_token(factory, a, "org"), _token(factory, b, "org"))
    assert after[0] != before[0] and after[1] != before[1] and None not in after
    assert factory.scalar(a, "SELECT count(*) FROM units WHERE name = 'Dinas Baru A'") == 1
    assert factory.scalar(b, "SELECT count(*) FROM units WHERE name = 'Dinas Baru B'") == 1
