"""PPPK as first-class employees (issue 17, identity and grades).

- employees.employment_type: PNS, PPPK or PPPK_PW (PPPK paruh waktu, KepmenPANRB 16/2025).
- employees.tmt_cpns is generated for PNS only (NULL for PPPK: the NI PPPK holds a year of
  appointment, not a month of TMT CPNS); employees.appointment_year is generated for both
  (digits 9–12 of the NIP / NI PPPK). Birth date and gender keep their expressions: both numbers
  put them at the same digits.
- employees.grade_id: the PPPK golongan I–XVII (Perpres 98/2020), a plain smallint like rank_id;
  a PNS has no grade and a PPPK no golongan/ruang (CHECKs).
- pppk_grades: global reference data, seeded (no tenant_id, no RLS, like ranks).
- employee_rank_history rows hold either a rank (PNS) or a grade (PPPK).
- positions.holder_kinds: who may hold the position, ASN (both), PNS or PPPK. Managerial
  positions start as PNS, the others as ASN.
- people_settings: the grade a PPPK enters at per diploma (JSONB) with its citation.

Revision ID: 0016a
Revises: 0015p
Create Date: 2026-12-03
"""
import json

import sqlalchemy as sa
from alembic import op

revision = '0016a'
down_revision = '0015p'
branch_labels = None
depends_on = None

GRADES = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
          "XVII")
ENTRY_GRADES = {"SD": 1, "SMP": 4, "SMA": 5, "D1": 5, "D2": 6, "D3": 7, "D4": 9, "S1": 9, "S2": 10, "S3": 11}
ENTRY_GRADE_REGULATION = ("Perpres 98/2020 tentang Gaji dan Tunjangan PPPK (diubah Perpres 11/2024); golongan "
                          "awal menurut kualifikasi pendidikan: SD I, SLTP IV, SLTA/D-I V, D-II VI, D-III VII, "
                          "S1/D-IV IX, S2 X, S3 XI")
TMT_CPNS = "CASE WHEN employment_type = 'PNS' THEN make_date(substr(nip, 9, 4)::int, substr(nip, 13, 2)::int, 1) END"


def upgrade():
    grades = op.create_table(
        'pppk_grades',
        sa.Column('id', sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column('code', sa.String(length=5), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_pppk_grades'),
        sa.UniqueConstraint('code', name='uq_pppk_grades_code'),
    )
    op.bulk_insert(grades, [{"id": i, "code": code} for i, code in enumerate(GRADES, start=1)])

    op.execute("ALTER TABLE employees DROP CONSTRAINT ck_employees_employment_type")
    op.execute("ALTER TABLE employees ALTER COLUMN employment_type TYPE VARCHAR(7)")
    op.execute("""ALTER TABLE employees
        ADD CONSTRAINT ck_employees_employment_type CHECK (employment_type IN ('PNS', 'PPPK', 'PPPK_PW')),
        DROP COLUMN tmt_cpns""")
    op.execute(f"ALTER TABLE employees ADD COLUMN tmt_cpns DATE GENERATED ALWAYS AS ({TMT_CPNS}) STORED")
    op.execute("""ALTER TABLE employees
        ADD COLUMN appointment_year SMALLINT GENERATED ALWAYS AS (substr(nip, 9, 4)::smallint) STORED,
        ADD COLUMN grade_id SMALLINT,
        ADD CONSTRAINT ck_employees_grade_id_range CHECK (grade_id BETWEEN 1 AND 17),
        ADD CONSTRAINT ck_employees_rank_pns_only CHECK (employment_type = 'PNS' OR rank_id IS NULL),
        ADD CONSTRAINT ck_employees_grade_pppk_only CHECK (employment_type <> 'PNS' OR grade_id IS NULL)""")

    op.execute("""ALTER TABLE employee_rank_history
        ALTER COLUMN rank_id DROP NOT NULL,
        ADD COLUMN grade_id SMALLINT,
        ADD CONSTRAINT ck_employee_rank_history_grade_id_range CHECK (grade_id BETWEEN 1 AND 17),
        ADD CONSTRAINT ck_employee_rank_history_rank_or_grade CHECK (num_nonnulls(rank_id, grade_id) = 1)""")

    op.execute("""ALTER TABLE positions
        ADD COLUMN holder_kinds VARCHAR(4) NOT NULL DEFAULT 'ASN',
        ADD CONSTRAINT ck_positions_holder_kinds CHECK (holder_kinds IN ('ASN', 'PNS', 'PPPK'))""")
    op.execute("""UPDATE positions SET holder_kinds = 'PNS'
        WHERE kind IN ('jpt_utama', 'jpt_madya', 'jpt_pratama', 'administrator', 'pengawas')""")

    regulation = ENTRY_GRADE_REGULATION.replace("'", "''")
    op.execute(f"""ALTER TABLE people_settings
        ADD COLUMN pppk_entry_grades JSONB NOT NULL DEFAULT '{json.dumps(ENTRY_GRADES)}'::jsonb,
        ADD COLUMN pppk_grade_regulation VARCHAR(300) NOT NULL DEFAULT '{regulation}'""")


def downgrade():
    op.execute("ALTER TABLE people_settings DROP COLUMN pppk_entry_grades, DROP COLUMN pppk_grade_regulation")
    op.execute("ALTER TABLE positions DROP COLUMN holder_kinds")
    op.execute("DELETE FROM employee_rank_history WHERE rank_id IS NULL")
    op.execute("""ALTER TABLE employee_rank_history DROP COLUMN grade_id, ALTER COLUMN rank_id SET NOT NULL""")
    op.execute("DELETE FROM employees WHERE employment_type <> 'PNS'")
    op.execute("""ALTER TABLE employees DROP COLUMN grade_id, DROP COLUMN appointment_year, DROP COLUMN tmt_cpns,
        DROP CONSTRAINT ck_employees_employment_type""")
    op.execute("""ALTER TABLE employees ADD COLUMN tmt_cpns DATE NOT NULL GENERATED ALWAYS AS
        (make_date(substr(nip, 9, 4)::int, substr(nip, 13, 2)::int, 1)) STORED""")
    op.execute("""ALTER TABLE employees ALTER COLUMN employment_type TYPE VARCHAR(4),
        ADD CONSTRAINT ck_employees_employment_type CHECK (employment_type IN ('PNS', 'PPPK'))""")
    op.drop_table('pppk_grades')
