"""resource_sheet: a region's sheets by review date, for the sheets review's overdue list

The overdue list read every overdue sheet of every region through ix_resource_sheet_review_by (or
every sheet of the region) to keep the region's. ix_resource_sheet_region_review (region_id, scope,
review_by) gives the region's sheets past their date, soonest first, a page at a time.

Revision ID: 0950_sheet_region_review_index
Revises: 0940_snapshot_listed_copies
Create Date: 2026-12-06 10:35:00

"""
from alembic import op


revision = '0950_sheet_region_review_index'
down_revision = '0940_snapshot_listed_copies'
branch_labels = None
depends_on = None


# CREATE INDEX needs no table copy on SQLite either: no batch mode.
def upgrade():
    op.create_index('ix_resource_sheet_region_review', 'resource_sheet', ['region_id', 'scope', 'review_by'])


def downgrade():
    op.drop_index('ix_resource_sheet_region_review', table_name='resource_sheet')
