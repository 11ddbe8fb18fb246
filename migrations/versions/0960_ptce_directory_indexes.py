"""ptce: the directory's lists and department choices read through indexes

The directory's list sorted every PTCE (of the nation, or of the region) by name to show 30, and
its department filter read the table whole for the distinct codes: at ten times France's PTCE the
list's query took 0.8 ms instead of 0.2. ix_ptce_name (name, id) and ix_ptce_region_name
(region_id, name, id) give a page in name order; ix_ptce_department and ix_ptce_region_department
give the codes from the index alone. ix_ptce_region_name replaces ix_ptce_region_id (its first
column serves the foreign key).

Revision ID: 0960_ptce_directory_indexes
Revises: 0950_sheet_region_review_index
Create Date: 2026-12-06 13:15:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0960_ptce_directory_indexes'
down_revision = '0950_sheet_region_review_index'
branch_labels = None
depends_on = None


# CREATE INDEX needs no table copy on SQLite either: no batch mode.
def upgrade():
    op.create_index('ix_ptce_name', 'ptce', ['name', 'id'])
    op.create_index('ix_ptce_region_name', 'ptce', ['region_id', 'name', 'id'])
    op.create_index('ix_ptce_department', 'ptce', ['department_code'])
    op.create_index('ix_ptce_region_department', 'ptce', ['region_id', 'department_code'])
    op.drop_index('ix_ptce_region_id', table_name='ptce')
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and sa.inspect(bind).has_table("sqlite_stat1"):
        # statistics taken before these indexes (2,000 PTCE, 18 regions, no name index) make SQLite
        # read the regions first and sort every PTCE: give it the new indexes' figures
        op.execute("ANALYZE ptce")


def downgrade():
    op.create_index('ix_ptce_region_id', 'ptce', ['region_id'])
    op.drop_index('ix_ptce_region_department', table_name='ptce')
    op.drop_index('ix_ptce_department', table_name='ptce')
    op.drop_index('ix_ptce_region_name', table_name='ptce')
    op.drop_index('ix_ptce_name', table_name='ptce')
