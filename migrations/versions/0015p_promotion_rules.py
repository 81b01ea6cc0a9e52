"""promotion rules corrected (issue 15): the day a year's SKP becomes final, admin notices, and
the diploma ceilings of PP 99/2000 Pasal 8 jo. PP 12/2002 for tenants that still hold the old
defaults. A tenant that had edited its ceilings keeps its table and its admins get a notice with the
difference from the corrected defaults.

Revision ID: 0015p
Revises: 0015w
Create Date: 2026-12-03
"""
import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from jenjang.tenancy.migration_helpers import enable_tenant_rls

revision = '0015p'
down_revision = '0015w'
branch_labels = None
depends_on = None

# Frozen copies: a migration must not change when the code's defaults change later.
OLD = {"SD": "I/d", "SMP": "II/b", "SMA": "II/d", "D1": "II/d", "D2": "III/a", "D3": "III/b",
       "D4": "III/d", "S1": "III/d", "S2": "IV/a", "S3": "IV/b"}
NEW = {"SD": "II/a", "SMP": "II/c", "SMA": "III/b", "D1": "III/b", "D2": "III/b", "D3": "III/c",
       "D4": "III/d", "S1": "III/d", "S2": "IV/a", "S3": "IV/b"}
NOTICE_KEY = "education_ceiling_0015p"


def upgrade():
    op.add_column('promotion_settings', sa.Column('skp_final_month', sa.SmallInteger(), nullable=False,
                                                  server_default='1'))
    op.add_column('promotion_settings', sa.Column('skp_final_day', sa.SmallInteger(), nullable=False,
                                                  server_default='31'))
    op.add_column('promotion_settings', sa.Column('notices', postgresql.JSONB(astext_type=sa.Text()),
                                                  nullable=False, server_default='[]'))
    op.execute("ALTER TABLE promotion_settings ADD CONSTRAINT ck_promotion_settings_skp_final "
               "CHECK (skp_final_month BETWEEN 1 AND 12 AND skp_final_day BETWEEN 1 AND 31)")
    # A passed diploma adjustment exam (ujian kenaikan pangkat penyesuaian ijazah), read by the
    # penyesuaian ijazah rule.
    op.create_table('adjustment_exams',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('employee_id', sa.BigInteger(), nullable=False),
    sa.Column('education_level', sa.String(length=3), nullable=False),
    sa.Column('passed_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'employee_id'], ['employees.tenant_id', 'employees.id'],
                            name=op.f('fk_adjustment_exams_tenant_id_employee_id_employees')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_adjustment_exams_tenant_id_tenants'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_adjustment_exams'))
    )
    op.create_index('ix_adjustment_exams_employee', 'adjustment_exams', ['tenant_id', 'employee_id', 'passed_on'])
    enable_tenant_rls(op, 'adjustment_exams')
    correct_ceilings(op.get_bind())


def correct_ceilings(conn) -> None:
    """Per tenant (tests call it on rows they wrote with the old defaults)."""
    # promotion_settings is under FORCE ROW LEVEL SECURITY: each tenant's row is read with that
    # tenant set for this transaction, as the application would.
    for (tenant_id,) in conn.execute(sa.text("SELECT id FROM tenants ORDER BY id")).all():
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id)})
        row = conn.execute(sa.text("SELECT id, education_ceiling FROM promotion_settings")).first()
        if row is None:
            continue
        stored = row.education_ceiling or {}
        edited = {level: code for level, code in stored.items() if OLD.get(level) != code}
        if not edited:  # nothing but the old defaults (or nothing): the corrected defaults apply
            conn.execute(sa.text("UPDATE promotion_settings SET education_ceiling = '{}'::jsonb WHERE id = :id"),
                         {"id": row.id})
            continue
        # Edited: the tenant's table stays as it is (it chose its reading); the admins are told
        # where it differs from the corrected defaults, until they dismiss the notice.
        full = {**OLD, **stored}
        differ = {level: {"yours": full[level], "default": code} for level, code in NEW.items()
                  if full.get(level) != code}
        if differ:
            notice = [{"key": NOTICE_KEY, "kind": "education_ceiling_corrected", "data": differ}]
            conn.execute(sa.text("UPDATE promotion_settings SET notices = notices || CAST(:n AS jsonb) WHERE id = :id"),
                         {"n": json.dumps(notice), "id": row.id})
    conn.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))


def downgrade():
    op.drop_table('adjustment_exams')
    op.execute("ALTER TABLE promotion_settings DROP CONSTRAINT IF EXISTS ck_promotion_settings_skp_final")
    op.drop_column('promotion_settings', 'notices')
    op.drop_column('promotion_settings', 'skp_final_day')
    op.drop_column('promotion_settings', 'skp_final_month')
