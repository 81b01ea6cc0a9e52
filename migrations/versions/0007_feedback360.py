"""feedback (360-degree evaluation): cycles, questionnaire items, rater assignments, draft
answers, anonymous ratings and comments, peer nominations, conversions to competency assessments.

Every table is a tenant table (composite keys, ENABLE + FORCE row level security).
`feedback_ratings` and `feedback_comments` hold submitted answers with no link to the rater:
no assignment, no rater, no timestamp, and a random id instead of an identity sequence.

Revision ID: 0007
Revises: 0004, 0005
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from jenjang.tenancy.migration_helpers import disable_tenant_rls, enable_tenant_rls

revision = '0007'
down_revision = ('0004', '0005')
branch_labels = None
depends_on = None

CYCLE_STATUSES = ("draft", "launching", "open", "closed")
RELATIONS = ("self", "supervisor", "peer", "subordinate")
ASSIGNMENT_SOURCES = ("auto", "hr", "nomination")
ITEM_KINDS = ("scale", "open")
NOMINATION_STATUSES = ("proposed", "approved", "rejected")
CONVERSION_STATUSES = ("proposed", "applied", "rejected")

TABLES = ("feedback_cycles", "feedback_items", "feedback_assignments", "feedback_draft_answers",
          "feedback_ratings", "feedback_comments", "feedback_nominations", "feedback_conversions")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _tenant_cols(identity=True):
    return [
        sa.Column('tenant_id', sa.BigInteger(), nullable=False),
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False) if identity
        else sa.Column('id', sa.BigInteger(), nullable=False),
    ]


def _fk(table, column, remote, ondelete=None):
    name = f'fk_{table}_tenant_id_{column}_{remote}'
    if len(name) > 63:
        name = f'fk_{table}_{column}'
    return sa.ForeignKeyConstraint(['tenant_id', column], [f'{remote}.tenant_id', f'{remote}.id'],
                                   name=name, ondelete=ondelete)


def _tenants_fk(table):
    return sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=f'fk_{table}_tenant_id_tenants',
                                   ondelete='CASCADE')


def _pk(table):
    return sa.PrimaryKeyConstraint('tenant_id', 'id', name=f'pk_{table}')


def _ck(table, name, expr):
    return sa.CheckConstraint(expr, name=f'ck_{table}_{name}')


def _ts(name, nullable=True):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade():
    t = 'feedback_cycles'
    op.create_table(t,
        *_tenant_cols(),
        sa.Column('name', sa.String(200), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('deadline', sa.Date(), nullable=False),
        sa.Column('status', sa.String(10), nullable=False),
        sa.Column('scope_unit_ids', postgresql.JSONB(), nullable=False),
        sa.Column('scope_position_kinds', postgresql.JSONB(), nullable=False),
        sa.Column('include_self', sa.Boolean(), nullable=False),
        sa.Column('include_supervisor', sa.Boolean(), nullable=False),
        sa.Column('peer_count', sa.SmallInteger(), nullable=False),
        sa.Column('include_subordinates', sa.Boolean(), nullable=False),
        sa.Column('subordinate_count', sa.SmallInteger(), nullable=True),
        sa.Column('anonymity_threshold', sa.SmallInteger(), nullable=False),
        sa.Column('allow_nominations', sa.Boolean(), nullable=False),
        sa.Column('report_to_employee', sa.Boolean(), nullable=False),
        sa.Column('report_to_supervisor', sa.Boolean(), nullable=False),
        sa.Column('reminder_days', sa.SmallInteger(), nullable=False),
        _ts('reminder_due_at'),
        _ts('assignments_prepared_at'),
        sa.Column('launch_error', sa.String(500), nullable=True),
        _ts('launched_at'),
        _ts('closed_at'),
        sa.Column('created_by', sa.String(254), nullable=True),
        _ts('created_at', nullable=False),
        _ck(t, 'status', _in('status', CYCLE_STATUSES)),
        _ck(t, 'threshold_range', 'anonymity_threshold BETWEEN 2 AND 20'),
        _ck(t, 'peer_count_range', 'peer_count BETWEEN 0 AND 20'),
        _ck(t, 'subordinate_count_range', 'subordinate_count IS NULL OR subordinate_count BETWEEN 1 AND 50'),
        _ck(t, 'reminder_days_range', 'reminder_days BETWEEN 0 AND 30'),
        _ck(t, 'period_order', 'period_start <= period_end'),
        _tenants_fk(t), _pk(t),
    )
    op.create_index('ix_feedback_cycles_status', t, ['tenant_id', 'status'])

    t = 'feedback_items'
    op.create_table(t,
        *_tenant_cols(),
        sa.Column('cycle_id', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(5), nullable=False),
        sa.Column('competency_id', sa.BigInteger(), nullable=True),
        sa.Column('level', sa.SmallInteger(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('text_en', sa.Text(), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        _ck(t, 'kind', _in('kind', ITEM_KINDS)),
        _ck(t, 'scale_has_competency', "kind = 'open' OR competency_id IS NOT NULL"),
        _ck(t, 'level_range', 'level IS NULL OR level BETWEEN 1 AND 5'),
        _fk(t, 'cycle_id', 'feedback_cycles', 'CASCADE'),
        _fk(t, 'competency_id', 'competencies'),
        _tenants_fk(t), _pk(t),
    )
    op.create_index('ix_feedback_items_cycle', t, ['tenant_id', 'cycle_id', 'position'])

    t = 'feedback_assignments'
    op.create_table(t,
        *_tenant_cols(),
        sa.Column('cycle_id', sa.BigInteger(), nullable=False),
        sa.Column('subject_employee_id', sa.BigInteger(), nullable=False),
        sa.Column('rater_employee_id', sa.BigInteger(), nullable=False),
        sa.Column('relation', sa.String(12), nullable=False),
        sa.Column('source', sa.String(10), nullable=False),
        _ts('started_at'),
        _ts('submitted_at'),
        _ck(t, 'relation', _in('relation', RELATIONS)),
        _ck(t, 'source', _in('source', ASSIGNMENT_SOURCES)),
        _ck(t, 'self_is_self', "(relation = 'self') = (subject_employee_id = rater_employee_id)"),
        _fk(t, 'cycle_id', 'feedback_cycles', 'CASCADE'),
        _fk(t, 'subject_employee_id', 'employees', 'CASCADE'),
        _fk(t, 'rater_employee_id', 'employees', 'CASCADE'),
        _tenants_fk(t), _pk(t),
        sa.UniqueConstraint('tenant_id', 'cycle_id', 'subject_employee_id', 'rater_employee_id',
                            name='uq_feedback_assignments_pair'),
    )
    op.create_index('ix_feedback_assignments_rater', t, ['tenant_id', 'rater_employee_id', 'cycle_id'])
    op.create_index('ix_feedback_assignments_cycle', t, ['tenant_id', 'cycle_id', 'relation'])

    t = 'feedback_draft_answers'
    op.create_table(t,
        *_tenant_cols(),
        sa.Column('assignment_id', sa.BigInteger(), nullable=False),
        sa.Column('item_id', sa.BigInteger(), nullable=False),
        sa.Column('score', sa.SmallInteger(), nullable=True),
        sa.Column('comment', sa.Text(), nullable=True),
        _ck(t, 'score_range', 'score IS NULL OR score BETWEEN 1 AND 5'),
        _fk(t, 'assignment_id', 'feedback_assignments', 'CASCADE'),
        _fk(t, 'item_id', 'feedback_items', 'CASCADE'),
        _tenants_fk(t), _pk(t),
        sa.UniqueConstraint('tenant_id', 'assignment_id', 'item_id',
                            name='uq_feedback_draft_answers_tenant_id_assignment_id_item_id'),
    )

    t = 'feedback_ratings'
    op.create_table(t,
        *_tenant_cols(identity=False),
        sa.Column('cycle_id', sa.BigInteger(), nullable=False),
        sa.Column('subject_employee_id', sa.BigInteger(), nullable=False),
        sa.Column('relation', sa.String(12), nullable=False),
        sa.Column('competency_id', sa.BigInteger(), nullable=False),
        sa.Column('score_sum', sa.SmallInteger(), nullable=False),
        sa.Column('score_count', sa.SmallInteger(), nullable=False),
        _ck(t, 'relation', _in('relation', RELATIONS)),
        _ck(t, 'scores_in_scale', 'score_count > 0 AND score_sum BETWEEN score_count AND 5 * score_count'),
        _fk(t, 'cycle_id', 'feedback_cycles', 'CASCADE'),
        _fk(t, 'subject_employee_id', 'employees', 'CASCADE'),
        _fk(t, 'competency_id', 'competencies'),
        _tenants_fk(t), _pk(t),
    )
    op.create_index('ix_feedback_ratings_subject', t, ['tenant_id', 'cycle_id', 'subject_employee_id'])

    t = 'feedback_comments'
    op.create_table(t,
        *_tenant_cols(identity=False),
        sa.Column('cycle_id', sa.BigInteger(), nullable=False),
        sa.Column('subject_employee_id', sa.BigInteger(), nullable=False),
        sa.Column('relation', sa.String(12), nullable=False),
        sa.Column('item_id', sa.BigInteger(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        _ck(t, 'relation', _in('relation', RELATIONS)),
        _fk(t, 'cycle_id', 'feedback_cycles', 'CASCADE'),
        _fk(t, 'subject_employee_id', 'employees', 'CASCADE'),
        _fk(t, 'item_id', 'feedback_items', 'CASCADE'),
        _tenants_fk(t), _pk(t),
    )
    op.create_index('ix_feedback_comments_subject', t, ['tenant_id', 'cycle_id', 'subject_employee_id'])

    t = 'feedback_nominations'
    op.create_table(t,
        *_tenant_cols(),
        sa.Column('cycle_id', sa.BigInteger(), nullable=False),
        sa.Column('subject_employee_id', sa.BigInteger(), nullable=False),
        sa.Column('peer_employee_id', sa.BigInteger(), nullable=False),
        sa.Column('status', sa.String(10), nullable=False),
        sa.Column('decided_by', sa.String(254), nullable=True),
        _ts('created_at', nullable=False),
        _ck(t, 'status', _in('status', NOMINATION_STATUSES)),
        _ck(t, 'not_self', 'subject_employee_id <> peer_employee_id'),
        _fk(t, 'cycle_id', 'feedback_cycles', 'CASCADE'),
        _fk(t, 'subject_employee_id', 'employees', 'CASCADE'),
        _fk(t, 'peer_employee_id', 'employees', 'CASCADE'),
        _tenants_fk(t), _pk(t),
        sa.UniqueConstraint('tenant_id', 'cycle_id', 'subject_employee_id', 'peer_employee_id',
                            name='uq_feedback_nominations_pair'),
    )

    t = 'feedback_conversions'
    op.create_table(t,
        *_tenant_cols(),
        sa.Column('cycle_id', sa.BigInteger(), nullable=False),
        sa.Column('employee_id', sa.BigInteger(), nullable=False),
        sa.Column('competency_id', sa.BigInteger(), nullable=False),
        sa.Column('others_mean', sa.Numeric(4, 2), nullable=False),
        sa.Column('others_count', sa.SmallInteger(), nullable=False),
        sa.Column('proposed_level', sa.SmallInteger(), nullable=False),
        sa.Column('status', sa.String(10), nullable=False),
        sa.Column('assessment_id', sa.BigInteger(), nullable=True),
        sa.Column('decided_by', sa.String(254), nullable=True),
        _ts('decided_at'),
        _ck(t, 'status', _in('status', CONVERSION_STATUSES)),
        _ck(t, 'level_range', 'proposed_level BETWEEN 1 AND 5'),
        _fk(t, 'cycle_id', 'feedback_cycles', 'CASCADE'),
        _fk(t, 'employee_id', 'employees', 'CASCADE'),
        _fk(t, 'competency_id', 'competencies'),
        _tenants_fk(t), _pk(t),
        sa.UniqueConstraint('tenant_id', 'cycle_id', 'employee_id', 'competency_id',
                            name='uq_feedback_conversions_target'),
    )
    op.create_index('ix_feedback_conversions_status', t, ['tenant_id', 'cycle_id', 'status'])

    for table in TABLES:
        enable_tenant_rls(op, table)


def downgrade():
    for table in reversed(TABLES):
        disable_tenant_rls(op, table)
        op.drop_table(table)
