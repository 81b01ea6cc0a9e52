"""people import preview: an import is checked and shown before it is applied, so a run can
wait for the officer ("preview"), be applied after confirmation ("applying") or be cancelled.

Revision ID: 0015o
Revises: 0014
Create Date: 2026-12-03
"""
from alembic import op

revision = '0015o'
down_revision = '0014'
branch_labels = None
depends_on = None

BEFORE = ("mapping", "queued", "running", "invalid", "done", "failed")
AFTER = ("mapping", "queued", "running", "preview", "applying", "invalid", "done", "failed", "cancelled")


# 0002 named it ck_import_runs_status and the naming convention prefixed it once more; the new
# one gets the name the model's convention gives (ck_import_runs_status)
OLD_NAME = "ck_import_runs_ck_import_runs_status"
NEW_NAME = "ck_import_runs_status"


def _check(statuses, name):
    listed = ", ".join(f"'{s}'" for s in statuses)
    op.execute(f"ALTER TABLE import_runs DROP CONSTRAINT IF EXISTS {OLD_NAME}")
    op.execute(f"ALTER TABLE import_runs DROP CONSTRAINT IF EXISTS {NEW_NAME}")
    op.execute(f"ALTER TABLE import_runs ADD CONSTRAINT {name} CHECK (status IN ({listed}))")


def upgrade():
    _check(AFTER, NEW_NAME)


def downgrade():
    # runs waiting for confirmation or cancelled cannot be expressed before this revision
    op.execute("UPDATE import_runs SET status = 'invalid' WHERE status IN ('preview', 'cancelled')")
    op.execute("UPDATE import_runs SET status = 'running' WHERE status = 'applying'")
    _check(BEFORE, OLD_NAME)
