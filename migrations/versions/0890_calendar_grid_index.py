"""calendar_event: a covering index for the month grid (time order, then what its days and scope read)

Revision ID: 0890_calendar_grid_index
Revises: 0880_stored_workbook
Create Date: 2026-12-06 02:30:00

"""
from alembic import op


revision = '0890_calendar_grid_index'
down_revision = '0880_stored_workbook'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('calendar_event', schema=None) as batch_op:
        batch_op.create_index('ix_calendar_event_grid',
                              ['starts_at', 'id', 'region_id', 'visibility', 'ends_at', 'kind'], unique=False)


def downgrade():
    with op.batch_alter_table('calendar_event', schema=None) as batch_op:
        batch_op.drop_index('ix_calendar_event_grid')
