"""Helpers for hand-written migrations: every tenant table gets row level security."""
from __future__ import annotations

POLICY_EXPR = "tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::bigint"


def enable_tenant_rls(op, table: str) -> None:
    op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    op.execute(f'CREATE POLICY tenant_isolation ON "{table}" USING ({POLICY_EXPR}) WITH CHECK ({POLICY_EXPR})')


def disable_tenant_rls(op, table: str) -> None:
    op.execute(f'DROP POLICY IF EXISTS tenant_isolation ON "{table}"')
    op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
