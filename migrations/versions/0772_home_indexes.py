"""Composite indexes for the region home's lists (next events, next visits, latest sheets) and the collection progress counts
"""
from alembic import op


revision = '0772_home_indexes'
down_revision = '0771_snapshot_figures'


def upgrade():
    with op.batch_alter_table('calendar_event', schema=None) as batch_op:
        batch_op.create_index('ix_calendar_event_region_visibility_starts',
                              ['region_id', 'visibility', 'starts_at'], unique=False)
    op.create_index('ix_visit_region_starts', 'visit', ['region_id', 'starts_at'], unique=False)
    op.create_index('ix_resource_sheet_status_published', 'resource_sheet', ['status', 'published_at'], unique=False)
    with op.batch_alter_table('collection_response', schema=None) as batch_op:
        batch_op.create_index('ix_collection_response_campaign_region_status',
                              ['campaign_id', 'region_id', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('collection_response', schema=None) as batch_op:
        batch_op.drop_index('ix_collection_response_campaign_region_status')
    with op.batch_alter_table('resource_sheet', schema=None) as batch_op:
        batch_op.drop_index('ix_resource_sheet_status_published')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_region_starts')
    with op.batch_alter_table('calendar_event', schema=None) as batch_op:
        batch_op.drop_index('ix_calendar_event_region_visibility_starts')
