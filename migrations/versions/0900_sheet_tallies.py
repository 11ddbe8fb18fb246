"""resource_sheet_tally, resource_tag_tally: the libraries' counts and tags in use, kept on write

A library page counted its visible sheets and listed the tags of every published sheet on each
request, a cost growing with the library. The resources services now keep, in the transaction of
each change, the number of sheets per (scope, region, status, category) and of published sheets
per (scope, region, tag) (region 0: none); this fills both from the existing sheets. Two indexes
give a person's own drafts (by writer, by PTCE) without reading every draft.

Revision ID: 0900_sheet_tallies
Revises: 0890_calendar_grid_index
Create Date: 2026-12-06 06:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0900_sheet_tallies'
down_revision = '0890_calendar_grid_index'
branch_labels = None
depends_on = None

SCOPE = sa.Enum('regional', 'national', name='scope', native_enum=False, length=20)
STATUS = sa.Enum('draft', 'published', 'archived', name='sheetstatus', native_enum=False, length=20)
CATEGORY = sa.Enum('legal', 'funding', 'setup', 'governance', 'communication', 'animation', 'evaluation',
                   'local_authorities', 'sector_guide', name='category', native_enum=False, length=30)


def upgrade():
    op.create_table(
        'resource_sheet_tally',
        sa.Column('scope', SCOPE, nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('status', STATUS, nullable=False),
        sa.Column('category', CATEGORY, nullable=False),
        sa.Column('sheets', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('scope', 'region_id', 'status', 'category', name=op.f('pk_resource_sheet_tally')))
    op.create_table(
        'resource_tag_tally',
        sa.Column('scope', SCOPE, nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('tag', sa.String(length=60), nullable=False),
        sa.Column('sheets', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('scope', 'region_id', 'tag', name=op.f('pk_resource_tag_tally')))
    op.execute("""
        INSERT INTO resource_sheet_tally (scope, region_id, status, category, sheets)
        SELECT scope, coalesce(region_id, 0), status, category, count(*) FROM resource_sheet
        GROUP BY scope, coalesce(region_id, 0), status, category""")
    op.execute("""
        INSERT INTO resource_tag_tally (scope, region_id, tag, sheets)
        SELECT s.scope, coalesce(s.region_id, 0), t.tag, count(*)
        FROM resource_sheet_tag t JOIN resource_sheet s ON s.id = t.sheet_id
        WHERE s.status = 'published'
        GROUP BY s.scope, coalesce(s.region_id, 0), t.tag""")
    op.create_index('ix_resource_sheet_writer_status', 'resource_sheet', ['created_by_id', 'status'])
    op.create_index('ix_resource_sheet_ptce_status', 'resource_sheet', ['author_ptce_id', 'status'])


def downgrade():
    op.drop_index('ix_resource_sheet_ptce_status', table_name='resource_sheet')
    op.drop_index('ix_resource_sheet_writer_status', table_name='resource_sheet')
    op.drop_table('resource_tag_tally')
    op.drop_table('resource_sheet_tally')
