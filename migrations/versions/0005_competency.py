"""competency: dictionary, levels, position standards, assessments, potential scores, settings,
succession positions, development plans and goals.

Every new table is a tenant table: primary key (tenant_id, id), composite foreign keys, UNIQUEs
leading with tenant_id, ENABLE + FORCE row level security. The nine national competencies of
PermenPANRB 38/2017 are seeded here for every existing tenant (new tenants get them from
tenancy.operations.create_tenant); their level texts live in jenjang/competency/national.py.

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from jenjang.tenancy.migration_helpers import disable_tenant_rls, enable_tenant_rls

revision = '0005'
down_revision = '0002'
branch_labels = None
depends_on = None

COMPETENCY_KINDS = ("manajerial", "sosial_kultural", "teknis")
SOURCES = ("assessment_center", "competency_test", "feedback_360", "supervisor")
SUCCESSION_KINDS = ("kritikal", "target")
PLAN_STATUSES = ("draft", "submitted", "returned", "approved")
POTENTIAL_SOURCES = ("jpm", "score", "score_or_jpm")
PRECEDENCE_MODES = ("date_first", "source_first")

# (code, name, English name, kind, sort order): the national entries, frozen as of this migration.
NATIONAL = (
    ("M.01", "Integritas", "Integrity", "manajerial", 1),
    ("M.02", "Kerjasama", "Teamwork", "manajerial", 2),
    ("M.03", "Komunikasi", "Communication", "manajerial", 3),
    ("M.04", "Orientasi pada Hasil", "Results Orientation", "manajerial", 4),
    ("M.05", "Pelayanan Publik", "Public Service", "manajerial", 5),
    ("M.06", "Pengembangan Diri dan Orang Lain", "Developing Self and Others", "manajerial", 6),
    ("M.07", "Mengelola Perubahan", "Managing Change", "manajerial", 7),
    ("M.08", "Pengambilan Keputusan", "Decision Making", "manajerial", 8),
    ("SK.01", "Perekat Bangsa", "Nation Binder", "sosial_kultural", 9),
)

TABLES = ("competencies", "competency_levels", "competency_standards", "competency_assessments",
          "potential_scores", "competency_settings", "succession_positions", "development_plans",
          "development_goals")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _tenant_cols():
    return [
        sa.Column('tenant_id', sa.BigInteger(), nullable=False),
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    ]


def _tenant_fk(table, column, remote, ondelete=None):
    return sa.ForeignKeyConstraint(['tenant_id', column], [f'{remote}.tenant_id', f'{remote}.id'],
                                   name=f'fk_{table}_tenant_id_{column}_{remote}', ondelete=ondelete)


def _tenants_fk(table):
    return sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=f'fk_{table}_tenant_id_tenants',
                                   ondelete='CASCADE')


def _pk(table):
    return sa.PrimaryKeyConstraint('tenant_id', 'id', name=f'pk_{table}')


def _level(table, column):
    return sa.CheckConstraint(f'{column} BETWEEN 1 AND 5', name=f'ck_{table}_{column}_range')


def _ts(name, nullable=False):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade():
    op.create_table('competencies',
        *_tenant_cols(),
        sa.Column('code', sa.String(20), nullable=False),
        sa.Column('name', sa.String(200), nullable=False),
        sa.Column('name_en', sa.String(200), nullable=True),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('field', sa.String(120), nullable=True),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('description_en', sa.Text(), nullable=True),
        sa.Column('is_national', sa.Boolean(), nullable=False),
        _ts('retired_at', nullable=True),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        _ts('created_at'),
        sa.CheckConstraint(_in('kind', COMPETENCY_KINDS), name='ck_competencies_kind'),
        sa.CheckConstraint("is_national OR kind = 'teknis'", name='ck_competencies_only_teknis_is_local'),
        _tenants_fk('competencies'),
        _pk('competencies'),
        sa.UniqueConstraint('tenant_id', 'code', name='uq_competencies_tenant_id_code'),
    )
    op.create_index('ix_competencies_kind', 'competencies', ['tenant_id', 'kind', 'field'])

    op.create_table('competency_levels',
        *_tenant_cols(),
        sa.Column('competency_id', sa.BigInteger(), nullable=False),
        sa.Column('level', sa.SmallInteger(), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('description_en', sa.Text(), nullable=True),
        sa.Column('indicators', sa.Text(), nullable=True),
        sa.Column('indicators_en', sa.Text(), nullable=True),
        _level('competency_levels', 'level'),
        _tenant_fk('competency_levels', 'competency_id', 'competencies', ondelete='CASCADE'),
        _tenants_fk('competency_levels'),
        _pk('competency_levels'),
        sa.UniqueConstraint('tenant_id', 'competency_id', 'level',
                            name='uq_competency_levels_tenant_id_competency_id_level'),
    )

    op.create_table('competency_standards',
        *_tenant_cols(),
        sa.Column('position_id', sa.BigInteger(), nullable=False),
        sa.Column('competency_id', sa.BigInteger(), nullable=False),
        sa.Column('required_level', sa.SmallInteger(), nullable=False),
        _ts('updated_at'),
        _level('competency_standards', 'required_level'),
        _tenant_fk('competency_standards', 'position_id', 'positions', ondelete='CASCADE'),
        _tenant_fk('competency_standards', 'competency_id', 'competencies'),
        _tenants_fk('competency_standards'),
        _pk('competency_standards'),
        sa.UniqueConstraint('tenant_id', 'position_id', 'competency_id',
                            name='uq_competency_standards_tenant_id_position_id_competency_id'),
    )
    op.create_index('ix_competency_standards_competency', 'competency_standards', ['tenant_id', 'competency_id'])

    op.create_table('competency_assessments',
        *_tenant_cols(),
        sa.Column('employee_id', sa.BigInteger(), nullable=False),
        sa.Column('competency_id', sa.BigInteger(), nullable=False),
        sa.Column('level', sa.SmallInteger(), nullable=False),
        sa.Column('source', sa.String(20), nullable=False),
        sa.Column('assessed_on', sa.Date(), nullable=False),
        sa.Column('assessor', sa.String(200), nullable=True),
        sa.Column('evidence', sa.Text(), nullable=True),
        sa.Column('batch', sa.String(40), nullable=True),
        _ts('recorded_at'),
        sa.Column('recorded_by', sa.String(254), nullable=True),
        _level('competency_assessments', 'level'),
        sa.CheckConstraint(_in('source', SOURCES), name='ck_competency_assessments_source'),
        _tenant_fk('competency_assessments', 'employee_id', 'employees', ondelete='CASCADE'),
        _tenant_fk('competency_assessments', 'competency_id', 'competencies'),
        _tenants_fk('competency_assessments'),
        _pk('competency_assessments'),
    )
    op.create_index('ix_competency_assessments_current', 'competency_assessments',
                    ['tenant_id', 'employee_id', 'competency_id', sa.text('assessed_on DESC')])
    op.create_index('ix_competency_assessments_competency', 'competency_assessments',
                    ['tenant_id', 'competency_id'])

    op.create_table('potential_scores',
        *_tenant_cols(),
        sa.Column('employee_id', sa.BigInteger(), nullable=False),
        sa.Column('score', sa.Numeric(5, 2), nullable=False),
        sa.Column('assessed_on', sa.Date(), nullable=False),
        sa.Column('assessor', sa.String(200), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        _ts('recorded_at'),
        sa.CheckConstraint('score BETWEEN 0 AND 100', name='ck_potential_scores_score_range'),
        _tenant_fk('potential_scores', 'employee_id', 'employees', ondelete='CASCADE'),
        _tenants_fk('potential_scores'),
        _pk('potential_scores'),
    )
    op.create_index('ix_potential_scores_employee', 'potential_scores',
                    ['tenant_id', 'employee_id', sa.text('assessed_on DESC')])

    op.create_table('competency_settings',
        *_tenant_cols(),
        sa.Column('jpm_optimal_min', sa.Numeric(5, 2), nullable=False),
        sa.Column('jpm_cukup_min', sa.Numeric(5, 2), nullable=False),
        sa.Column('jpm_regulation', sa.String(200), nullable=False),
        sa.Column('test_ms_min', sa.Numeric(5, 2), nullable=False),
        sa.Column('test_mms_min', sa.Numeric(5, 2), nullable=False),
        sa.Column('test_regulation', sa.String(200), nullable=False),
        sa.Column('potential_source', sa.String(20), nullable=False),
        sa.Column('potential_high_min', sa.Numeric(5, 2), nullable=False),
        sa.Column('potential_mid_min', sa.Numeric(5, 2), nullable=False),
        sa.Column('talent_regulation', sa.String(200), nullable=False),
        sa.Column('skp_mapping', postgresql.JSONB(), nullable=False),
        sa.Column('skp_regulation', sa.String(200), nullable=False),
        sa.Column('validity_months', postgresql.JSONB(), nullable=False),
        sa.Column('source_precedence', postgresql.JSONB(), nullable=False),
        sa.Column('precedence_mode', sa.String(20), nullable=False),
        _ts('updated_at'),
        sa.CheckConstraint(_in('potential_source', POTENTIAL_SOURCES), name='ck_competency_settings_potential_source'),
        sa.CheckConstraint(_in('precedence_mode', PRECEDENCE_MODES), name='ck_competency_settings_precedence_mode'),
        sa.CheckConstraint('jpm_cukup_min <= jpm_optimal_min', name='ck_competency_settings_jpm_order'),
        sa.CheckConstraint('test_mms_min <= test_ms_min', name='ck_competency_settings_test_order'),
        sa.CheckConstraint('potential_mid_min <= potential_high_min', name='ck_competency_settings_potential_order'),
        _tenants_fk('competency_settings'),
        _pk('competency_settings'),
        sa.UniqueConstraint('tenant_id', name='uq_competency_settings_tenant_id'),
    )

    op.create_table('succession_positions',
        *_tenant_cols(),
        sa.Column('position_id', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(10), nullable=False),
        sa.Column('note', sa.String(500), nullable=True),
        _ts('created_at'),
        sa.CheckConstraint(_in('kind', SUCCESSION_KINDS), name='ck_succession_positions_kind'),
        _tenant_fk('succession_positions', 'position_id', 'positions', ondelete='CASCADE'),
        _tenants_fk('succession_positions'),
        _pk('succession_positions'),
        sa.UniqueConstraint('tenant_id', 'position_id', name='uq_succession_positions_tenant_id_position_id'),
    )

    op.create_table('development_plans',
        *_tenant_cols(),
        sa.Column('employee_id', sa.BigInteger(), nullable=False),
        sa.Column('year', sa.SmallInteger(), nullable=False),
        sa.Column('status', sa.String(12), nullable=False),
        sa.Column('summary', sa.Text(), nullable=True),
        sa.Column('reviewer_employee_id', sa.BigInteger(), nullable=True),
        sa.Column('reviewer_comment', sa.Text(), nullable=True),
        _ts('submitted_at', nullable=True),
        _ts('reviewed_at', nullable=True),
        _ts('created_at'),
        _ts('updated_at'),
        sa.CheckConstraint(_in('status', PLAN_STATUSES), name='ck_development_plans_status'),
        sa.CheckConstraint('year BETWEEN 2000 AND 2100', name='ck_development_plans_year_range'),
        _tenant_fk('development_plans', 'employee_id', 'employees', ondelete='CASCADE'),
        _tenant_fk('development_plans', 'reviewer_employee_id', 'employees'),
        _tenants_fk('development_plans'),
        _pk('development_plans'),
        sa.UniqueConstraint('tenant_id', 'employee_id', 'year', name='uq_development_plans_tenant_id_employee_id_year'),
    )
    op.create_index('ix_development_plans_status', 'development_plans', ['tenant_id', 'status'])

    op.create_table('development_goals',
        *_tenant_cols(),
        sa.Column('plan_id', sa.BigInteger(), nullable=False),
        sa.Column('competency_id', sa.BigInteger(), nullable=False),
        sa.Column('target_level', sa.SmallInteger(), nullable=False),
        sa.Column('action', sa.Text(), nullable=False),
        sa.Column('target_date', sa.Date(), nullable=False),
        _ts('created_at'),
        _level('development_goals', 'target_level'),
        _tenant_fk('development_goals', 'plan_id', 'development_plans', ondelete='CASCADE'),
        _tenant_fk('development_goals', 'competency_id', 'competencies'),
        _tenants_fk('development_goals'),
        _pk('development_goals'),
    )
    op.create_index('ix_development_goals_plan', 'development_goals', ['tenant_id', 'plan_id'])

    for table in TABLES:
        enable_tenant_rls(op, table)

    # The national dictionary for every tenant that already exists. The migration runs as the
    # owner, which RLS does not restrict.
    values = ", ".join(f"('{code}', '{name}', '{name_en}', '{kind}', {order})"
                       for code, name, name_en, kind, order in NATIONAL)
    op.execute(f"""
        INSERT INTO competencies (tenant_id, code, name, name_en, kind, is_national, sort_order, created_at)
        SELECT t.id, n.code, n.name, n.name_en, n.kind, true, n.sort_order, now()
        FROM tenants t CROSS JOIN (VALUES {values}) AS n(code, name, name_en, kind, sort_order)
        ON CONFLICT (tenant_id, code) DO NOTHING
    """)


def downgrade():
    for table in reversed(TABLES):
        disable_tenant_rls(op, table)
        op.drop_table(table)
