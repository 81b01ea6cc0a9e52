"""notifications: the outbox, preferences, tenant templates, reminders; the sweeper's function.

Every table is a tenant table: primary key (tenant_id, id), composite foreign keys, UNIQUEs that
lead with tenant_id, ENABLE + FORCE row level security with the tenant_isolation policy.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from jenjang.tenancy.migration_helpers import enable_tenant_rls

revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None

TENANT_TABLES = ("notifications", "notification_preferences", "notification_templates", "notification_reminders")


def _tenant_columns():
    return [
        sa.Column('tenant_id', sa.BigInteger(), nullable=False),
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    ]


def upgrade():
    op.create_table('notifications',
    *_tenant_columns(),
    sa.Column('recipient_user_id', sa.BigInteger(), nullable=True),
    sa.Column('recipient_email', sa.String(length=254), nullable=True),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('link', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('idempotency_key', sa.String(length=255), nullable=False),
    sa.Column('show_in_inbox', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.SmallInteger(), nullable=False),
    sa.Column('last_error', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("channel IN ('email', 'in_app')", name=op.f('ck_notifications_channel')),
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f('ck_notifications_status')),
    sa.CheckConstraint("channel = 'email' OR status = 'sent'", name=op.f('ck_notifications_in_app_is_delivered')),
    sa.ForeignKeyConstraint(['tenant_id', 'recipient_user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_notifications_tenant_id_recipient_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_notifications_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('tenant_id', 'idempotency_key', name=op.f('uq_notifications_tenant_id_idempotency_key'))
    )
    op.create_index('ix_notifications_inbox', 'notifications', ['tenant_id', 'recipient_user_id', sa.literal_column('created_at DESC')],
                    unique=False, postgresql_where=sa.text('show_in_inbox'))
    op.create_index('ix_notifications_unread', 'notifications', ['tenant_id', 'recipient_user_id'],
                    unique=False, postgresql_where=sa.text('read_at IS NULL AND show_in_inbox'))
    op.create_index('ix_notifications_undelivered', 'notifications', ['tenant_id', 'status', 'next_attempt_at'],
                    unique=False, postgresql_where=sa.text("status <> 'sent'"))

    op.create_table('notification_preferences',
    *_tenant_columns(),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('email_enabled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'user_id'], ['users.tenant_id', 'users.id'], name=op.f('fk_notification_preferences_tenant_id_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_notification_preferences_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_notification_preferences')),
    sa.UniqueConstraint('tenant_id', 'user_id', 'kind', name=op.f('uq_notification_preferences_tenant_id_user_id_kind'))
    )

    op.create_table('notification_templates',
    *_tenant_columns(),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_user_id', sa.BigInteger(), nullable=True),
    sa.CheckConstraint("locale IN ('id', 'en')", name=op.f('ck_notification_templates_locale')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_notification_templates_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_notification_templates')),
    sa.UniqueConstraint('tenant_id', 'kind', 'locale', name=op.f('uq_notification_templates_tenant_id_kind_locale'))
    )

    op.create_table('notification_reminders',
    *_tenant_columns(),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('recipient_user_ids', postgresql.ARRAY(sa.BigInteger()), nullable=False),
    sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('link', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('fired_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('scheduled', 'fired', 'cancelled')", name=op.f('ck_notification_reminders_status')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_notification_reminders_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_notification_reminders')),
    sa.UniqueConstraint('tenant_id', 'key', name=op.f('uq_notification_reminders_tenant_id_key'))
    )
    op.create_index('ix_notification_reminders_due', 'notification_reminders', ['tenant_id', 'due_at'],
                    unique=False, postgresql_where=sa.text("status = 'scheduled'"))

    for table in TENANT_TABLES:
        enable_tenant_rls(op, table)

    # The sweeper's one cross-tenant read: ids (never contents) of email rows left pending and
    # of reminders past due. SECURITY DEFINER runs as the owner, which bypasses RLS.
    op.execute("""
        CREATE FUNCTION notifications_due_for_sweep(min_age interval)
        RETURNS TABLE (what text, tenant_id bigint, id bigint)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            (SELECT 'notification', n.tenant_id, n.id FROM notifications n
              WHERE n.status = 'pending' AND n.next_attempt_at < now() - min_age
              ORDER BY n.tenant_id, n.id LIMIT 50000)
            UNION ALL
            (SELECT 'reminder', r.tenant_id, r.id FROM notification_reminders r
              WHERE r.status = 'scheduled' AND r.due_at < now() - min_age
              ORDER BY r.tenant_id, r.id LIMIT 10000)
        $$
    """)
    op.execute("REVOKE ALL ON FUNCTION notifications_due_for_sweep(interval) FROM PUBLIC")


def downgrade():
    op.execute("DROP FUNCTION IF EXISTS notifications_due_for_sweep(interval)")
    op.drop_index('ix_notification_reminders_due', table_name='notification_reminders')
    op.drop_table('notification_reminders')
    op.drop_table('notification_templates')
    op.drop_table('notification_preferences')
    op.drop_index('ix_notifications_undelivered', table_name='notifications')
    op.drop_index('ix_notifications_unread', table_name='notifications')
    op.drop_index('ix_notifications_inbox', table_name='notifications')
    op.drop_table('notifications')
