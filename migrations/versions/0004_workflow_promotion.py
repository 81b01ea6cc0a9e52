"""workflow engine and promotion: definitions, versions, cases, transitions, attachments;
promotion settings, disciplinary sanctions, promotion cases. Merges the people and notifications
branches (the engine notifies through the outbox and reads reporting lines).

Revision ID: 0004
Revises: 0002, 0003
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from jenjang.tenancy.migration_helpers import enable_tenant_rls

revision = '0004'
down_revision = ('0002', '0003')
branch_labels = None
depends_on = None

TENANT_TABLES = ("promotion_settings", "workflow_definitions", "workflow_versions", "disciplinary_sanctions",
                 "workflow_cases", "promotion_cases", "workflow_attachments", "workflow_transitions")


def upgrade():
    op.create_table('promotion_settings',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('period_mode', sa.String(length=20), nullable=False),
    sa.Column('custom_months', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('rules', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('education_ceiling', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('sk_signatory', sa.String(length=200), nullable=True),
    sa.Column('sk_number_prefix', sa.String(length=100), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("period_mode IN ('monthly', 'april_october', 'custom')", name=op.f('ck_promotion_settings_period_mode')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_promotion_settings_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_promotion_settings'))
    )
    with op.batch_alter_table('promotion_settings', schema=None) as batch_op:
        batch_op.create_index('uq_promotion_settings_tenant', ['tenant_id'], unique=True)

    op.create_table('workflow_definitions',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('module', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_workflow_definitions_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_workflow_definitions')),
    sa.UniqueConstraint('tenant_id', 'key', name=op.f('uq_workflow_definitions_tenant_id_key'))
    )
    op.create_table('workflow_versions',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('definition_id', sa.BigInteger(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('steps', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by', sa.String(length=254), nullable=True),
    sa.CheckConstraint("(status = 'draft') = (number IS NULL)", name=op.f('ck_workflow_versions_draft_has_no_number')),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_workflow_versions_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'definition_id'], ['workflow_definitions.tenant_id', 'workflow_definitions.id'], name=op.f('fk_workflow_versions_tenant_id_definition_id_workflow_definitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_workflow_versions_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_workflow_versions')),
    sa.UniqueConstraint('tenant_id', 'definition_id', 'number', name=op.f('uq_workflow_versions_tenant_id_definition_id_number'))
    )
    with op.batch_alter_table('workflow_versions', schema=None) as batch_op:
        batch_op.create_index('uq_workflow_versions_one_draft', ['tenant_id', 'definition_id'], unique=True, postgresql_where=sa.text("status = 'draft'"))

    op.create_table('disciplinary_sanctions',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('employee_id', sa.BigInteger(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('decree_number', sa.String(length=100), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("level IN ('ringan', 'sedang', 'berat')", name=op.f('ck_disciplinary_sanctions_level')),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_disciplinary_sanctions_period_order')),
    sa.ForeignKeyConstraint(['tenant_id', 'employee_id'], ['employees.tenant_id', 'employees.id'], name=op.f('fk_disciplinary_sanctions_tenant_id_employee_id_employees')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_disciplinary_sanctions_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_disciplinary_sanctions'))
    )
    with op.batch_alter_table('disciplinary_sanctions', schema=None) as batch_op:
        batch_op.create_index('ix_sanctions_employee', ['tenant_id', 'employee_id', 'starts_on'], unique=False)

    op.create_table('workflow_cases',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('definition_id', sa.BigInteger(), nullable=False),
    sa.Column('version_id', sa.BigInteger(), nullable=False),
    sa.Column('subject_type', sa.String(length=30), nullable=False),
    sa.Column('subject_id', sa.BigInteger(), nullable=False),
    sa.Column('subject_employee_id', sa.BigInteger(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('step_index', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('step_entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('step_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_checks', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('started_by_user_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('in_progress', 'approved', 'rejected', 'cancelled')", name=op.f('ck_workflow_cases_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'definition_id'], ['workflow_definitions.tenant_id', 'workflow_definitions.id'], name=op.f('fk_workflow_cases_tenant_id_definition_id_workflow_definitions')),
    sa.ForeignKeyConstraint(['tenant_id', 'subject_employee_id'], ['employees.tenant_id', 'employees.id'], name=op.f('fk_workflow_cases_tenant_id_subject_employee_id_employees')),
    sa.ForeignKeyConstraint(['tenant_id', 'version_id'], ['workflow_versions.tenant_id', 'workflow_versions.id'], name=op.f('fk_workflow_cases_tenant_id_version_id_workflow_versions')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_workflow_cases_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_workflow_cases')),
    sa.UniqueConstraint('tenant_id', 'subject_type', 'subject_id', name=op.f('uq_workflow_cases_tenant_id_subject_type_subject_id'))
    )
    with op.batch_alter_table('workflow_cases', schema=None) as batch_op:
        batch_op.create_index('ix_workflow_cases_employee', ['tenant_id', 'subject_employee_id'], unique=False)
        batch_op.create_index('ix_workflow_cases_open', ['tenant_id', 'status', 'step_due_at'], unique=False)

    op.create_table('promotion_cases',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('employee_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('period_date', sa.Date(), nullable=False),
    sa.Column('from_rank_id', sa.SmallInteger(), nullable=True),
    sa.Column('to_rank_id', sa.SmallInteger(), nullable=True),
    sa.Column('from_position_id', sa.BigInteger(), nullable=True),
    sa.Column('target_position_id', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('eligibility', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('eligibility_evaluated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('workflow_case_id', sa.BigInteger(), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=True),
    sa.Column('sk_number', sa.String(length=100), nullable=True),
    sa.Column('sk_date', sa.Date(), nullable=True),
    sa.Column('created_by_user_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('in_progress', 'approved', 'rejected', 'cancelled')", name=op.f('ck_promotion_cases_status')),
    sa.CheckConstraint('from_rank_id BETWEEN 1 AND 17', name=op.f('ck_promotion_cases_from_rank_range')),
    sa.CheckConstraint('to_rank_id BETWEEN 1 AND 17', name=op.f('ck_promotion_cases_to_rank_range')),
    sa.ForeignKeyConstraint(['tenant_id', 'employee_id'], ['employees.tenant_id', 'employees.id'], name=op.f('fk_promotion_cases_tenant_id_employee_id_employees')),
    sa.ForeignKeyConstraint(['tenant_id', 'from_position_id'], ['positions.tenant_id', 'positions.id'], name=op.f('fk_promotion_cases_tenant_id_from_position_id_positions')),
    sa.ForeignKeyConstraint(['tenant_id', 'target_position_id'], ['positions.tenant_id', 'positions.id'], name=op.f('fk_promotion_cases_tenant_id_target_position_id_positions')),
    sa.ForeignKeyConstraint(['tenant_id', 'workflow_case_id'], ['workflow_cases.tenant_id', 'workflow_cases.id'], name=op.f('fk_promotion_cases_tenant_id_workflow_case_id_workflow_cases')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_promotion_cases_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_promotion_cases')),
    sa.UniqueConstraint('tenant_id', 'workflow_case_id', name=op.f('uq_promotion_cases_tenant_id_workflow_case_id'))
    )
    with op.batch_alter_table('promotion_cases', schema=None) as batch_op:
        batch_op.create_index('ix_promotion_cases_period', ['tenant_id', 'period_date', 'kind'], unique=False)
        batch_op.create_index('uq_promotion_cases_open', ['tenant_id', 'employee_id', 'kind'], unique=True, postgresql_where=sa.text("status = 'in_progress'"))

    op.create_table('workflow_attachments',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('case_id', sa.BigInteger(), nullable=False),
    sa.Column('document_key', sa.String(length=60), nullable=True),
    sa.Column('step_index', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_name', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_user_id', sa.BigInteger(), nullable=True),
    sa.Column('uploaded_by_label', sa.String(length=254), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'case_id'], ['workflow_cases.tenant_id', 'workflow_cases.id'], name=op.f('fk_workflow_attachments_tenant_id_case_id_workflow_cases')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_workflow_attachments_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_workflow_attachments')),
    sa.UniqueConstraint('tenant_id', 'storage_name', name=op.f('uq_workflow_attachments_tenant_id_storage_name'))
    )
    with op.batch_alter_table('workflow_attachments', schema=None) as batch_op:
        batch_op.create_index('ix_workflow_attachments_case', ['tenant_id', 'case_id'], unique=False)

    op.create_table('workflow_transitions',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('case_id', sa.BigInteger(), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('from_step', sa.Integer(), nullable=True),
    sa.Column('to_step', sa.Integer(), nullable=True),
    sa.Column('from_step_name', sa.String(length=120), nullable=True),
    sa.Column('to_step_name', sa.String(length=120), nullable=True),
    sa.Column('actor_user_id', sa.BigInteger(), nullable=True),
    sa.Column('actor_label', sa.String(length=254), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('checks', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('start', 'approve', 'reject', 'return', 'cancel')", name=op.f('ck_workflow_transitions_action')),
    sa.ForeignKeyConstraint(['tenant_id', 'case_id'], ['workflow_cases.tenant_id', 'workflow_cases.id'], name=op.f('fk_workflow_transitions_tenant_id_case_id_workflow_cases')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_workflow_transitions_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_workflow_transitions'))
    )
    with op.batch_alter_table('workflow_transitions', schema=None) as batch_op:
        batch_op.create_index('ix_workflow_transitions_case', ['tenant_id', 'case_id', 'at'], unique=False)

    for table in TENANT_TABLES:
        enable_tenant_rls(op, table)


def downgrade():
    for table in reversed(TENANT_TABLES):
        op.drop_table(table)
