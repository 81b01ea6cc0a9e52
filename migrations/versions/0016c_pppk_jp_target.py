"""PPPK in the JP ledger (issue 17): a JP target of their own, and the citation of each target.

- training_settings.pppk_target_jp: the yearly JP target of PPPK and PPPK paruh waktu (default
  24: PP 49/2018 Pasal 40 ayat (1)–(2) gives a PPPK competency development of at most 24 JP in
  one year of the work agreement, except in certain JPT posts), with its citation
  (pppk_target_citation); target_jp_citation holds the PNS target's (PP 11/2017 jo. PP 17/2020
  Pasal 203: at least 20 JP a year). Both citations are tenant-editable text.
- training_jp_campaigns.pppk_target_jp: the PPPK target a reminder campaign used (NULL for the
  campaigns launched before: they used one target for everyone).
- training_programmes.min_grade_id: a programme's minimum PPPK golongan for a PPPK participant,
  next to its minimum golongan/ruang (min_rank_id) for a PNS.
- mentoring_programmes.mentor_min_grade_id: the minimum PPPK golongan (I–XVII) of a PPPK mentor,
  next to the minimum golongan/ruang of a PNS mentor (a PPPK has no rank to compare).

Revision ID: 0016c
Revises: 0016b
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = '0016c'
down_revision = '0016b'
branch_labels = None
depends_on = None

PNS_CITATION = "PP 11/2017 jo. PP 17/2020 Pasal 203 ayat (4): paling sedikit 20 JP dalam 1 tahun"
PPPK_CITATION = ("PP 49/2018 Pasal 40 ayat (1)–(2): paling lama 24 JP dalam 1 tahun masa perjanjian kerja "
                 "(kecuali PPPK pada JPT tertentu)")


def upgrade():
    op.add_column('training_settings', sa.Column('pppk_target_jp', sa.SmallInteger(), nullable=False,
                                                 server_default='24'))
    op.add_column('training_settings', sa.Column('target_jp_citation', sa.String(length=300), nullable=False,
                                                 server_default=PNS_CITATION))
    op.add_column('training_settings', sa.Column('pppk_target_citation', sa.String(length=300), nullable=False,
                                                 server_default=PPPK_CITATION))
    op.create_check_constraint(op.f('ck_training_settings_pppk_target_jp'), 'training_settings',
                               'pppk_target_jp BETWEEN 0 AND 500')
    op.add_column('training_jp_campaigns', sa.Column('pppk_target_jp', sa.SmallInteger(), nullable=True))
    op.add_column('training_programmes', sa.Column('min_grade_id', sa.SmallInteger(), nullable=True))
    op.create_check_constraint(op.f('ck_training_programmes_min_grade'), 'training_programmes',
                               'min_grade_id IS NULL OR min_grade_id BETWEEN 1 AND 17')
    op.add_column('mentoring_programmes', sa.Column('mentor_min_grade_id', sa.SmallInteger(), nullable=True))
    op.create_check_constraint(op.f('ck_mentoring_programmes_mentor_min_grade_range'), 'mentoring_programmes',
                               'mentor_min_grade_id BETWEEN 1 AND 17')


def downgrade():
    op.drop_constraint(op.f('ck_training_programmes_min_grade'), 'training_programmes', type_='check')
    op.drop_column('training_programmes', 'min_grade_id')
    op.drop_constraint(op.f('ck_mentoring_programmes_mentor_min_grade_range'), 'mentoring_programmes',
                       type_='check')
    op.drop_column('mentoring_programmes', 'mentor_min_grade_id')
    op.drop_column('training_jp_campaigns', 'pppk_target_jp')
    op.drop_constraint(op.f('ck_training_settings_pppk_target_jp'), 'training_settings', type_='check')
    op.drop_column('training_settings', 'pppk_target_citation')
    op.drop_column('training_settings', 'target_jp_citation')
    op.drop_column('training_settings', 'pppk_target_jp')
