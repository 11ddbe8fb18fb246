"""resource_sheet, resource_revision: indexes for a region's follow-up lists

The sheets review read every sheet of the region through ix_resource_sheet_region_id and sorted
them for a page of drafts, and read every revision of those sheets for the proposed changes.
ix_resource_sheet_region_scope_status (region_id, scope, status, updated_at, id) gives a page of a
region's drafts in order and its sheets from the index alone; ix_resource_revision_sheet_state
(sheet_id, state) a sheet's proposed revisions without the applied ones. Each replaces the
single-column index it starts with.

Revision ID: 0930_sheet_follow_up_indexes
Revises: 0920_calendar_days
Create Date: 2026-12-06 09:30:00

"""
from alembic import op


revision = '0930_sheet_follow_up_indexes'
down_revision = '0920_calendar_days'
branch_labels = None
depends_on = None


# CREATE INDEX and DROP INDEX need no table copy on SQLite either: no batch mode.
def upgrade():
    op.create_index('ix_resource_sheet_region_scope_status', 'resource_sheet',
                    ['region_id', 'scope', 'status', 'updated_at', 'id'])
    op.drop_index('ix_resource_sheet_region_id', table_name='resource_sheet')
    op.create_index('ix_resource_revision_sheet_state', 'resource_revision', ['sheet_id', 'state'])
    op.drop_index('ix_resource_revision_sheet_id', table_name='resource_revision')


def downgrade():
    op.create_index('ix_resource_revision_sheet_id', 'resource_revision', ['sheet_id'])
    op.drop_index('ix_resource_revision_sheet_state', table_name='resource_revision')
    op.create_index('ix_resource_sheet_region_id', 'resource_sheet', ['region_id'])
    op.drop_index('ix_resource_sheet_region_scope_status', table_name='resource_sheet')
