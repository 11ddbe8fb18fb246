"""calendar_event: a covering index for the month grid (time order, then what its days and scope read)

The grid reads its six weeks in time order and needs, of each event, only its id, region,
visibility, end and kind (calendar/month_queries.py): all in this index, so that read never
touches the table, and the national agenda list takes its page's ids from it too.

Revision ID: 0890_calendar_grid_index
Revises: 0880_stored_workbook
Create Date: 2026-12-06 02:30:00

"""
from alembic import op


revision = '0890_calendar_grid_index'
down_revision = '0880_stored_workbook'
branch_labels = None
depends_on = None


# CREATE INDEX needs no table copy on SQLite either: no batch mode.
def upgrade():
    op.create_index('ix_calendar_event_grid', 'calendar_event',
                    ['starts_at', 'id', 'region_id', 'visibility', 'ends_at', 'kind'])


def downgrade():
    op.drop_index('ix_calendar_event_grid', table_name='calendar_event')
