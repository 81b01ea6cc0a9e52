"""data generations: per tenant and topic, a token the same transaction renews whenever it
writes to a table the topic watches (core/datacache.py). Cached tenant-wide aggregates (the
competency heatmap, the 9-box, the organisation index) are keyed by it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-22
"""
from alembic import op

from jenjang.tenancy.migration_helpers import disable_tenant_rls, enable_tenant_rls

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""CREATE TABLE data_generations (
        tenant_id BIGINT NOT NULL,
        topic VARCHAR(40) NOT NULL,
        gen BIGINT NOT NULL,
        CONSTRAINT pk_data_generations PRIMARY KEY (tenant_id, topic),
        CONSTRAINT fk_data_generations_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id)
            ON DELETE CASCADE
    )""")
    enable_tenant_rls(op, 'data_generations')


def downgrade():
    disable_tenant_rls(op, 'data_generations')
    op.execute("DROP TABLE data_generations")
