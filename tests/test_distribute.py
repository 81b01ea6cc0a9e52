"""The path past one server: every tenant table is distributable on Citus by tenant_id, global
tables are reference tables, and `flask db distribute` explains itself without Citus.

Extends tests/test_isolation.py::test_catalog_every_key_of_a_tenant_table_includes_tenant_id (keys
lead with tenant_id) with what Citus itself requires of a co-located schema."""
from __future__ import annotations

import sqlalchemy as sa


def _plan(owner_engine):
    from jenjang.tenancy.distribute import plan

    with owner_engine.connect() as conn:
        return plan(conn)


def test_every_table_is_either_reference_or_distributed(app, owner_engine, all_tables):
    p = _plan(owner_engine)
    assert set(p.reference) | set(p.distributed) | {"alembic_version"} == set(all_tables) | {"alembic_version"}
    assert not set(p.reference) & set(p.distributed)
    assert {"tenants", "domains", "operators", "operator_sessions", "ranks"} <= set(p.reference)
    assert {"employees", "users", "audit_log", "workflow_transitions", "notifications"} <= set(p.distributed)


def test_every_tenant_table_is_distributable_by_tenant_id(owner_engine):
    p = _plan(owner_engine)
    distributed, reference = set(p.distributed), set(p.reference)
    with owner_engine.connect() as conn:
        constraints = conn.execute(sa.text("""
            SELECT cl.relname, con.conname, con.contype,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o)::text[],
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o)::text[],
                   (SELECT relname FROM pg_class WHERE oid = con.confrelid)
            FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid
            WHERE cl.relnamespace = 'public'::regnamespace AND con.contype IN ('p', 'u', 'f', 'x')
        """)).all()
        unique_indexes = conn.execute(sa.text("""
            SELECT t.relname, i.relname,
                   ARRAY(SELECT a.attname FROM unnest(x.indkey) k JOIN pg_attribute a
                         ON a.attrelid = t.oid AND a.attnum = k)::text[]
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relnamespace = 'public'::regnamespace AND x.indisunique
        """)).all()
        tenant_fk_cascades = dict(conn.execute(sa.text("""
            SELECT cl.relname, bool_or(con.confdeltype = 'c') FROM pg_constraint con
            JOIN pg_class cl ON cl.oid = con.conrelid
            WHERE con.contype = 'f' AND con.confrelid = 'tenants'::regclass
            GROUP BY cl.relname
        """)).all())
    for table, name, kind, cols, ref_cols, target in constraints:
        if table in distributed:
            if kind in ("p", "u", "x"):
                assert "tenant_id" in cols, f"{table}.{name}: a unique key without tenant_id cannot be distributed"
            if kind == "f":
                if target in distributed:
                    # co-located join: tenant_id must map onto tenant_id
                    assert "tenant_id" in cols and ref_cols[cols.index("tenant_id")] == "tenant_id", \
                        f"{table}.{name} → {target}{ref_cols}: must carry tenant_id to tenant_id"
                else:
                    assert target in reference, f"{table}.{name} points at {target}, neither kind"
        elif table in reference and kind == "f":
            assert target in reference, f"reference table {table} may not point into distributed {target}"
    for table, name, cols in unique_indexes:
        if table in distributed:
            assert "tenant_id" in cols, f"unique index {name} on {table} lacks tenant_id"
    for table in distributed:
        # deleting a tenant and Citus's tenant isolation both rely on the cascade from tenants
        assert tenant_fk_cascades.get(table), f"{table} has no ON DELETE CASCADE foreign key to tenants"


def test_distribution_plan_orders_and_colocates(owner_engine):
    p = _plan(owner_engine)
    statements = p.statements()
    assert statements[: len(p.reference)] == [f"SELECT create_reference_table('{t}')" for t in p.reference]
    anchor = p.distributed[0]
    assert statements[len(p.reference)] == f"SELECT create_distributed_table('{anchor}', 'tenant_id')"
    for stmt in statements[len(p.reference) + 1:]:
        assert stmt.endswith(f"'tenant_id', colocate_with => '{anchor}')")
    assert p.reference.index("tenants") < p.reference.index("domains")
    # already distributed tables are skipped (a second run does nothing)
    assert p.statements(set(p.reference) | set(p.distributed)) == []


def test_flask_db_distribute_explains_itself_without_citus(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "distribute"])
    assert result.exit_code == 1
    assert "citus extension is not installed" in result.output
    assert "create_distributed_table('employees', 'tenant_id'" in result.output
    dry = runner.invoke(args=["db", "distribute", "--dry-run"])
    assert dry.exit_code == 0 and "dry run: nothing changed" in dry.output
    assert "create_reference_table('tenants')" in dry.output
