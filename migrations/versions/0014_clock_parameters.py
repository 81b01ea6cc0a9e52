"""The sweeper's cutoff comes from the application's clock (core/clock.py) as a parameter, like every
business date in SQL: a process whose clock is set (tests replaying a date, JENJANG_TODAY in
development) sweeps the rows its own clock made due, whatever the database server's time.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

SWEEP_BODY = """
        (SELECT 'notification', n.tenant_id, n.id FROM notifications n
          WHERE n.status = 'pending' AND n.next_attempt_at < {at} - min_age
          ORDER BY n.tenant_id, n.id LIMIT 50000)
        UNION ALL
        (SELECT 'reminder', r.tenant_id, r.id FROM notification_reminders r
          WHERE r.status = 'scheduled' AND r.due_at < {at} - min_age
          ORDER BY r.tenant_id, r.id LIMIT 10000)
"""


def upgrade():
    op.execute("DROP FUNCTION IF EXISTS notifications_due_for_sweep(interval)")
    op.execute(f"""
        CREATE FUNCTION notifications_due_for_sweep(min_age interval, at timestamptz)
        RETURNS TABLE (what text, tenant_id bigint, id bigint)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        {SWEEP_BODY.format(at="at")}
        $$
    """)
    op.execute("REVOKE ALL ON FUNCTION notifications_due_for_sweep(interval, timestamptz) FROM PUBLIC")


def downgrade():
    op.execute("DROP FUNCTION IF EXISTS notifications_due_for_sweep(interval, timestamptz)")
    op.execute(f"""
        CREATE FUNCTION notifications_due_for_sweep(min_age interval)
        RETURNS TABLE (what text, tenant_id bigint, id bigint)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        {SWEEP_BODY.format(at="now()")}
        $$
    """)
    op.execute("REVOKE ALL ON FUNCTION notifications_due_for_sweep(interval) FROM PUBLIC")
