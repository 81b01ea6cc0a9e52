"""Each wall proves itself alone. With both walls up, a hole in the ORM wall is masked by row-level
security and the other way round; these tests lift one wall (the `walls` fixture in conftest.py:
row-level security disabled by the owner on the test database, or the ORM wall's test-only switch
in tenancy/orm.py) and show that the other still keeps every tenant model's rows in their tenant.
The request-level suite (ids in URLs, forms, query strings, string keys) runs the same way:
test_isolation.py and test_isolation_forms.py."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from tests.helpers import Factory


def _tenant_models():
    from jenjang.extensions import db
    from jenjang.tenancy.models import TenantScoped

    return sorted((m.class_ for m in db.Model.registry.mappers if issubclass(m.class_, TenantScoped)),
                  key=lambda c: c.__tablename__)


@pytest.fixture
def b_everything(two_tenants, app):
    """Tenant B holds an object of every kind the isolation suite knows (and so rows in most
    tenant tables); A holds only its two users."""
    from tests.test_isolation import ID_FACTORIES

    a, b = two_tenants
    f = Factory(app)
    for make in ID_FACTORIES.values():
        make(f, b)
    return a, b


def _counts(owner_engine, tenant_id: int) -> dict[str, int]:
    from jenjang.tenancy.models import TenantScoped  # noqa: F401 - models imported through the app

    with owner_engine.connect() as conn:
        return {m.__tablename__: conn.execute(sa.text(
            f'SELECT count(*) FROM "{m.__tablename__}" WHERE tenant_id = :t'), {"t": tenant_id}).scalar()
            for m in _tenant_models()}


def test_the_switches_really_lift_the_walls(two_tenants, app, rls_lifted, orm_lifted):
    """With both walls lifted, tenant A's context sees B's users: so a test that lifts one wall
    and stays green is green because of the other wall, not because the switch did nothing."""
    from jenjang.auth.models import User
    from jenjang.extensions import db
    from jenjang.tenancy.context import tenant_context

    a, b = two_tenants
    with app.app_context(), tenant_context(a.id):
        tenants = {u.tenant_id for u in db.session.scalars(sa.select(User))}
        db.session.rollback()
    assert tenants == {a.id, b.id}


def test_the_switches_refuse_outside_tests(app):
    from jenjang.tenancy.orm import orm_wall_lifted

    app.testing = False
    try:
        with pytest.raises(RuntimeError), orm_wall_lifted(app):
            pass
    finally:
        app.testing = True


def _rows_touched(session, stmt, refused: int) -> int:
    """How many rows a bulk statement reaches, rolled back. A statement the database refuses (the
    app role may not update or delete the audit log; a foreign key of A's own rows) touched none
    of B's: it counts as `refused`, A's own count."""
    nested = session.begin_nested()
    try:
        return session.execute(stmt.execution_options(synchronize_session=False)).rowcount
    except DBAPIError:
        return refused
    finally:
        nested.rollback()


def test_each_wall_alone_keeps_reads_and_bulk_writes_of_every_tenant_model_in_the_tenant(
        b_everything, walls, app, owner_engine):
    from jenjang.extensions import db
    from jenjang.tenancy.context import tenant_context

    a, b = b_everything
    theirs = _counts(owner_engine, b.id)
    mine = _counts(owner_engine, a.id)
    assert sum(1 for n in theirs.values() if n) >= 40, "B should hold rows in most tenant tables"
    seen, updated, deleted = {}, {}, {}
    with app.app_context(), tenant_context(a.id):
        for model in _tenant_models():
            name = model.__tablename__
            seen[name] = sorted({t for t in db.session.scalars(sa.select(model.tenant_id))})
            updated[name] = _rows_touched(db.session, sa.update(model).values(tenant_id=model.tenant_id), mine[name])
            deleted[name] = _rows_touched(db.session, sa.delete(model), mine[name])
        db.session.rollback()
    assert {k: v for k, v in seen.items() if v not in ([], [a.id])} == {}
    assert {k: v for k, v in updated.items() if v != mine[k]} == {}
    assert {k: v for k, v in deleted.items() if v != mine[k]} == {}
    assert _counts(owner_engine, b.id) == theirs


def test_each_wall_alone_refuses_to_write_a_row_into_another_tenant(walls, two_tenants, app, owner_engine):
    """An object for B flushed under A: the ORM wall raises CrossTenantWrite, row-level security's
    WITH CHECK refuses the insert; either way nothing reaches B."""
    from jenjang.extensions import db
    from jenjang.people.models import Employee
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.orm import CrossTenantWrite

    a, b = two_tenants
    with app.app_context(), tenant_context(a.id):
        db.session.add(Employee(tenant_id=b.id, nip="198609262015051001", full_name="Penyusup"))
        with pytest.raises((CrossTenantWrite, DBAPIError)) as raised:
            db.session.flush()
        db.session.rollback()
    expected = {"both walls": CrossTenantWrite, "ORM wall alone": CrossTenantWrite, "RLS alone": DBAPIError}
    assert isinstance(raised.value, expected[walls])
    assert _counts(owner_engine, b.id)["employees"] == 2


def test_each_wall_alone_refuses_to_move_a_row_into_another_tenant(walls, two_tenants, app, owner_engine):
    """A's own row (one nothing refers to, so no foreign key stands in for the walls) changed to
    claim B as its tenant is refused by either wall on its own."""
    from jenjang.extensions import db
    from jenjang.people.models import Unit
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.orm import CrossTenantWrite

    a, b = two_tenants
    with app.app_context(), tenant_context(a.id):
        db.session.add(Unit(name="Dinas Milik A", kind="dinas"))
        db.session.commit()
        unit = db.session.scalars(sa.select(Unit)).one()
        unit.tenant_id = b.id
        with pytest.raises((CrossTenantWrite, DBAPIError)):
            db.session.flush()
        db.session.rollback()
    assert _counts(owner_engine, b.id)["units"] == 0
    assert _counts(owner_engine, a.id)["units"] == 1
