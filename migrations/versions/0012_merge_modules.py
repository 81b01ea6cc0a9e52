"""Merge the module branches (360 feedback 0007, mentoring 0008, tenant lifecycle 0010, training
ledger 0010b, training delivery 0011) into one head, so the next migration has one parent.

Revision ID: 0012
Revises: 0007, 0008, 0010, 0010b, 0011
Create Date: 2026-11-22
"""
revision = '0012'
down_revision = ('0007', '0008', '0010', '0010b', '0011')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
