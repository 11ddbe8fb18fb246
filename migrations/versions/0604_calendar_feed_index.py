"""calendar_event: a covering index for the feed validator
"""
from alembic import op


revision = '0604_calendar_feed_index'
down_revision = '0603_calendar_ics'


def upgrade():
    with op.batch_alter_table('calendar_event', schema=None) as batch_op:
        batch_op.create_index('ix_calendar_event_feed_state',
                              ['region_id', 'visibility', 'ends_at', 'cancelled_at', 'updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('calendar_event', schema=None) as batch_op:
        batch_op.drop_index('ix_calendar_event_feed_state')
