"""Cached tenant-wide aggregates (core/datacache.py): the heatmap, the 9-box and the organisation
index are kept between requests, and every committed write under them, through the ORM or a Core
statement, shows on the next page; a rolled-back write changes nothing; one tenant's cached
result never answers another tenant."""
from __future__ import annotations

import sqlalchemy as sa

from tests.competency_support import NATIONAL_CODES, assess, cast, set_skp, standard_region


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

    first = c.get("/competency/?group=position").get_data(as_text=True)
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        again = c.get("/competency/?group=position").get_data(as_text=True)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert again == first
    assert not [s for s in statements if "competency_assessments" in s]  # the aggregate was not run again

    # The analyst meets the two remaining competencies: their gap cells empty on the next page.
    assert "Analis Kebijakan Ahli Pertama" in first
    before_token = _token(factory, a)
    assess(factory, a, org["analis"], {"M.08": 2, "SK.01": 2})
    assert _token(factory, a) != before_token
    after = c.get("/competency/?group=position").get_data(as_text=True)
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

        return [tuple(r) for r in queries._heatmap(load_rules(), group="kind", unit_id=None, kind=None,
                                                   as_of=queries.dt.date.today())]

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
    assert c.text(c.get("/me/team")) == team  # served again from the kept index

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
