"""people: ranks (global, seeded), units, positions, employee details and histories, SKP, imports.

Every new tenant table: primary key (tenant_id, id), composite foreign keys, UNIQUEs that include
tenant_id, ENABLE + FORCE row level security. Ranks are national reference data (PP 99/2000):
global, seeded here. Birth date, TMT CPNS and gender of an employee are generated from the NIP.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from jenjang.tenancy.migration_helpers import disable_tenant_rls, enable_tenant_rls

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

RANKS = (
    ("I/a", "Juru Muda"), ("I/b", "Juru Muda Tingkat I"), ("I/c", "Juru"), ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"), ("II/b", "Pengatur Muda Tingkat I"), ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"), ("III/b", "Penata Muda Tingkat I"), ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"), ("IV/b", "Pembina Tingkat I"), ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"), ("IV/e", "Pembina Utama"),
)
UNIT_KINDS = ("sekretariat_daerah", "sekretariat_dprd", "inspektorat", "dinas", "badan", "kecamatan",
              "sekretariat", "bidang", "bagian", "seksi", "subbagian", "lainnya")
POSITION_KINDS = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas", "fungsional",
                  "pelaksana")
EDUCATION_LEVELS = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
ARCHIVE_REASONS = ("retired", "moved", "died", "dismissed")
SKP_PREDICATES = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
IMPORT_KINDS = ("units", "positions", "employees", "skp")
IMPORT_STATUSES = ("mapping", "queued", "running", "invalid", "done", "failed")

NEW_TENANT_TABLES = ("units", "positions", "employee_rank_history", "employee_position_history",
                     "employee_skp", "import_runs")


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


def upgrade():
    # Trigram search on names (pg_trgm) with tenant_id leading the GIN index (btree_gin). Both are
    # trusted extensions: the database owner may create them.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")

    ranks = op.create_table('ranks',
        sa.Column('id', sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column('code', sa.String(length=6), nullable=False),
        sa.Column('pangkat', sa.String(length=40), nullable=False),
        sa.Column('golongan', sa.String(length=3), nullable=False),
        sa.Column('ruang', sa.String(length=1), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_ranks'),
        sa.UniqueConstraint('code', name='uq_ranks_code'),
    )
    op.bulk_insert(ranks, [
        {"id": i, "code": code, "pangkat": pangkat, "golongan": code.split("/")[0], "ruang": code.split("/")[1]}
        for i, (code, pangkat) in enumerate(RANKS, start=1)
    ])

    op.create_table('units',
        *_tenant_cols(),
        sa.Column('parent_id', sa.BigInteger(), nullable=True),
        sa.Column('code', sa.String(length=40), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_in('kind', UNIT_KINDS), name='ck_units_kind'),
        sa.CheckConstraint('parent_id IS NULL OR parent_id <> id', name='ck_units_not_own_parent'),
        _tenant_fk('units', 'parent_id', 'units'),
        _tenants_fk('units'),
        sa.PrimaryKeyConstraint('tenant_id', 'id', name='pk_units'),
        sa.UniqueConstraint('tenant_id', 'code', name='uq_units_tenant_id_code'),
    )
    op.create_index('ix_units_parent', 'units', ['tenant_id', 'parent_id'])

    op.create_table('positions',
        *_tenant_cols(),
        sa.Column('unit_id', sa.BigInteger(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('functional_level', sa.String(length=20), nullable=True),
        sa.Column('min_rank_id', sa.SmallInteger(), nullable=True),
        sa.Column('max_rank_id', sa.SmallInteger(), nullable=True),
        sa.Column('job_class', sa.SmallInteger(), nullable=True),
        sa.Column('is_head', sa.Boolean(), nullable=False),
        sa.Column('quota', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_in('kind', POSITION_KINDS), name='ck_positions_kind'),
        sa.CheckConstraint('job_class BETWEEN 1 AND 17', name='ck_positions_job_class_range'),
        sa.CheckConstraint('quota >= 1', name='ck_positions_quota_positive'),
        sa.CheckConstraint('min_rank_id IS NULL OR max_rank_id IS NULL OR min_rank_id <= max_rank_id',
                           name='ck_positions_rank_range_order'),
        sa.CheckConstraint("(kind = 'fungsional') = (functional_level IS NOT NULL)",
                           name='ck_positions_functional_level'),
        sa.CheckConstraint('min_rank_id BETWEEN 1 AND 17', name='ck_positions_min_rank_id_range'),
        sa.CheckConstraint('max_rank_id BETWEEN 1 AND 17', name='ck_positions_max_rank_id_range'),
        _tenant_fk('positions', 'unit_id', 'units'),
        _tenants_fk('positions'),
        sa.PrimaryKeyConstraint('tenant_id', 'id', name='pk_positions'),
        sa.UniqueConstraint('tenant_id', 'code', name='uq_positions_tenant_id_code'),
    )
    op.create_index('ix_positions_unit', 'positions', ['tenant_id', 'unit_id'])
    op.create_index('uq_positions_head_of_unit', 'positions', ['tenant_id', 'unit_id'], unique=True,
                    postgresql_where=sa.text('is_head'))

    # employees: the foundation's table grows the career record.
    gen = sa.Computed
    op.add_column('employees', sa.Column('birth_date', sa.Date(), gen(
        "make_date(substr(nip, 1, 4)::int, substr(nip, 5, 2)::int, substr(nip, 7, 2)::int)", persisted=True),
        nullable=False))
    op.add_column('employees', sa.Column('tmt_cpns', sa.Date(), gen(
        "make_date(substr(nip, 9, 4)::int, substr(nip, 13, 2)::int, 1)", persisted=True), nullable=False))
    op.add_column('employees', sa.Column('gender', sa.String(length=1), gen("substr(nip, 15, 1)", persisted=True),
                                         nullable=False))
    op.add_column('employees', sa.Column('phone', sa.String(length=30), nullable=True))
    op.add_column('employees', sa.Column('employment_type', sa.String(length=4), server_default='PNS',
                                         nullable=False))
    op.add_column('employees', sa.Column('rank_id', sa.SmallInteger(), nullable=True))
    op.add_column('employees', sa.Column('rank_tmt', sa.Date(), nullable=True))
    op.add_column('employees', sa.Column('position_id', sa.BigInteger(), nullable=True))
    op.add_column('employees', sa.Column('position_tmt', sa.Date(), nullable=True))
    op.add_column('employees', sa.Column('unit_id', sa.BigInteger(), nullable=True))
    op.add_column('employees', sa.Column('education_level', sa.String(length=3), nullable=True))
    op.add_column('employees', sa.Column('education_major', sa.String(length=150), nullable=True))
    op.add_column('employees', sa.Column('status', sa.String(length=10), server_default='active', nullable=False))
    op.add_column('employees', sa.Column('archive_reason', sa.String(length=20), nullable=True))
    op.add_column('employees', sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('employees', sa.Column('supervisor_override_id', sa.BigInteger(), nullable=True))
    op.add_column('employees', sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(),
                                         nullable=False))
    op.add_column('employees', sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(),
                                         nullable=False))
    op.create_foreign_key('fk_employees_tenant_id_position_id_positions', 'employees', 'positions',
                          ['tenant_id', 'position_id'], ['tenant_id', 'id'])
    op.create_foreign_key('fk_employees_tenant_id_unit_id_units', 'employees', 'units',
                          ['tenant_id', 'unit_id'], ['tenant_id', 'id'])
    op.create_foreign_key('fk_employees_tenant_id_supervisor_override_id_employees', 'employees', 'employees',
                          ['tenant_id', 'supervisor_override_id'], ['tenant_id', 'id'])
    for name, expr in (
        ('employment_type', "employment_type IN ('PNS', 'PPPK')"),
        ('education_level', _in('education_level', EDUCATION_LEVELS)),
        ('status', "status IN ('active', 'archived')"),
        ('archive_reason', "(status = 'archived') = (archive_reason IS NOT NULL)"),
        ('archive_reason_kind', _in('archive_reason', ARCHIVE_REASONS)),
        ('not_own_supervisor', 'supervisor_override_id IS NULL OR supervisor_override_id <> id'),
        ('rank_id_range', 'rank_id BETWEEN 1 AND 17'),
    ):
        op.create_check_constraint(op.f(f'ck_employees_{name}'), 'employees', expr)
    op.create_index('ix_employees_name', 'employees', ['tenant_id', 'full_name', 'id'])
    op.create_index('ix_employees_unit', 'employees', ['tenant_id', 'unit_id'])
    op.create_index('ix_employees_position', 'employees', ['tenant_id', 'position_id'])
    op.create_index('ix_employees_override', 'employees', ['tenant_id', 'supervisor_override_id'])
    op.create_index('ix_employees_name_trgm', 'employees', ['tenant_id', sa.text('lower(full_name) gin_trgm_ops')],
                    postgresql_using='gin')

    op.create_table('employee_rank_history',
        *_tenant_cols(),
        sa.Column('employee_id', sa.BigInteger(), nullable=False),
        sa.Column('rank_id', sa.SmallInteger(), nullable=False),
        sa.Column('tmt', sa.Date(), nullable=False),
        sa.Column('decree_number', sa.String(length=100), nullable=True),
        sa.Column('override_reason', sa.String(length=500), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('recorded_by', sa.String(length=254), nullable=True),
        sa.CheckConstraint('rank_id BETWEEN 1 AND 17', name='ck_employee_rank_history_rank_id_range'),
        _tenant_fk('employee_rank_history', 'employee_id', 'employees', ondelete='CASCADE'),
        _tenants_fk('employee_rank_history'),
        sa.PrimaryKeyConstraint('tenant_id', 'id', name='pk_employee_rank_history'),
    )
    op.create_index('ix_rank_history_employee', 'employee_rank_history', ['tenant_id', 'employee_id', 'tmt'])

    op.create_table('employee_position_history',
        *_tenant_cols(),
        sa.Column('employee_id', sa.BigInteger(), nullable=False),
        sa.Column('position_id', sa.BigInteger(), nullable=True),
        sa.Column('unit_id', sa.BigInteger(), nullable=True),
        sa.Column('position_name', sa.String(length=200), nullable=False),
        sa.Column('position_kind', sa.String(length=20), nullable=True),
        sa.Column('unit_name', sa.String(length=200), nullable=True),
        sa.Column('tmt', sa.Date(), nullable=False),
        sa.Column('decree_number', sa.String(length=100), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('recorded_by', sa.String(length=254), nullable=True),
        _tenant_fk('employee_position_history', 'employee_id', 'employees', ondelete='CASCADE'),
        # ON DELETE SET NULL on a composite key may only clear the id column, never tenant_id.
        sa.ForeignKeyConstraint(['tenant_id', 'position_id'], ['positions.tenant_id', 'positions.id'],
                                name='fk_employee_position_history_tenant_id_position_id_positions'),
        sa.ForeignKeyConstraint(['tenant_id', 'unit_id'], ['units.tenant_id', 'units.id'],
                                name='fk_employee_position_history_tenant_id_unit_id_units'),
        _tenants_fk('employee_position_history'),
        sa.PrimaryKeyConstraint('tenant_id', 'id', name='pk_employee_position_history'),
    )
    op.create_index('ix_position_history_employee', 'employee_position_history',
                    ['tenant_id', 'employee_id', 'tmt'])

    op.create_table('employee_skp',
        *_tenant_cols(),
        sa.Column('employee_id', sa.BigInteger(), nullable=False),
        sa.Column('year', sa.SmallInteger(), nullable=False),
        sa.Column('predicate', sa.String(length=20), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint(_in('predicate', SKP_PREDICATES), name='ck_employee_skp_predicate'),
        sa.CheckConstraint('year BETWEEN 1990 AND 2100', name='ck_employee_skp_year_range'),
        _tenant_fk('employee_skp', 'employee_id', 'employees', ondelete='CASCADE'),
        _tenants_fk('employee_skp'),
        sa.PrimaryKeyConstraint('tenant_id', 'id', name='pk_employee_skp'),
        sa.UniqueConstraint('tenant_id', 'employee_id', 'year', name='uq_employee_skp_tenant_id_employee_id_year'),
    )

    op.create_table('import_runs',
        *_tenant_cols(),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('original_name', sa.String(length=255), nullable=False),
        sa.Column('stored_name', sa.String(length=100), nullable=False),
        sa.Column('file_format', sa.String(length=10), nullable=False),
        sa.Column('headers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('mapping', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('total_rows', sa.Integer(), nullable=True),
        sa.Column('error_count', sa.Integer(), nullable=False),
        sa.Column('errors', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('summary', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('create_accounts', sa.Boolean(), nullable=False),
        sa.Column('created_by_user_id', sa.BigInteger(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_in('kind', IMPORT_KINDS), name='ck_import_runs_kind'),
        sa.CheckConstraint(_in('status', IMPORT_STATUSES), name='ck_import_runs_status'),
        _tenants_fk('import_runs'),
        sa.PrimaryKeyConstraint('tenant_id', 'id', name='pk_import_runs'),
    )
    op.create_index('ix_import_runs_created', 'import_runs', ['tenant_id', sa.literal_column('created_at DESC')])

    for table in NEW_TENANT_TABLES:
        enable_tenant_rls(op, table)


def downgrade():
    for table in reversed(NEW_TENANT_TABLES):
        disable_tenant_rls(op, table)
    op.drop_table('import_runs')
    op.drop_table('employee_skp')
    op.drop_table('employee_position_history')
    op.drop_table('employee_rank_history')
    for index in ('ix_employees_name_trgm', 'ix_employees_override', 'ix_employees_position',
                  'ix_employees_unit', 'ix_employees_name'):
        op.drop_index(index, table_name='employees')
    for fk in ('fk_employees_tenant_id_supervisor_override_id_employees', 'fk_employees_tenant_id_unit_id_units',
               'fk_employees_tenant_id_position_id_positions'):
        op.drop_constraint(fk, 'employees', type_='foreignkey')
    for column in ('updated_at', 'created_at', 'supervisor_override_id', 'archived_at', 'archive_reason', 'status',
                   'education_major', 'education_level', 'unit_id', 'position_tmt', 'position_id', 'rank_tmt',
                   'rank_id', 'employment_type', 'phone', 'gender', 'tmt_cpns', 'birth_date'):
        op.drop_column('employees', column)  # their CHECK constraints go with them
    op.drop_table('positions')
    op.drop_table('units')
    op.drop_table('ranks')
