"""calendar_event: each event's first and last local day; calendar_day_tally: events per local day

The national month grid read every event of its six weeks (and of the 31 days before) to count
each day's and keep its first four: a cost growing with the network. Events now keep their first
and last day in their own zone (local_day, last_day), the grid reads a day's first events by
equality on ix_calendar_event_day, the events running over several days through a small partial
index, and each day's count from calendar_day_tally (events per place, visibility, kind and
local start day, with every region's and every kind's sums), which the app keeps on write.
ix_calendar_event_grid, which the old read used, goes.

Revision ID: 0920_calendar_days
Revises: 0910_membership_region_role
Create Date: 2026-12-06 09:00:00

"""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


revision = '0920_calendar_days'
down_revision = '0910_membership_region_role'
branch_labels = None
depends_on = None

SPANNING = "last_day > local_day"


def _days(starts_at: datetime, ends_at: datetime, zone: str):
    """First and last local day (an end exactly at midnight belongs to the day before), as the app counts."""
    tz = ZoneInfo(zone)
    start = (starts_at if starts_at.tzinfo else starts_at.replace(tzinfo=timezone.utc)).astimezone(tz)
    end = (ends_at if ends_at.tzinfo else ends_at.replace(tzinfo=timezone.utc)).astimezone(tz)
    last = end.date()
    if end.time() == datetime.min.time() and last > start.date():
        last -= timedelta(days=1)
    return start.date(), max(last, start.date())


def upgrade():
    op.add_column('calendar_event', sa.Column('local_day', sa.Date(), nullable=True))
    op.add_column('calendar_event', sa.Column('last_day', sa.Date(), nullable=True))
    conn = op.get_bind()
    zones = dict(conn.execute(sa.text("SELECT id, timezone FROM region")).all())
    event = sa.table('calendar_event', sa.column('id', sa.Integer), sa.column('region_id', sa.Integer),
                     sa.column('starts_at', sa.DateTime(timezone=True)), sa.column('ends_at', sa.DateTime(timezone=True)),
                     sa.column('local_day', sa.Date), sa.column('last_day', sa.Date))
    rows = conn.execute(sa.select(event.c.id, event.c.region_id, event.c.starts_at, event.c.ends_at)).all()
    values = []
    for row in rows:
        first, last = _days(row.starts_at, row.ends_at, zones.get(row.region_id, "Europe/Paris"))
        values.append({"key": row.id, "first": first, "last": last})
    if values:
        conn.execute(event.update().where(event.c.id == sa.bindparam("key"))
                     .values(local_day=sa.bindparam("first"), last_day=sa.bindparam("last")), values)
    with op.batch_alter_table('calendar_event') as batch:
        batch.alter_column('local_day', existing_type=sa.Date(), nullable=False)
        batch.alter_column('last_day', existing_type=sa.Date(), nullable=False)
    op.create_index('ix_calendar_event_day', 'calendar_event',
                    ['local_day', 'starts_at', 'id', 'region_id', 'visibility', 'kind'])
    op.create_index('ix_calendar_event_spanning', 'calendar_event',
                    ['local_day', 'last_day', 'region_id', 'visibility', 'kind'],
                    sqlite_where=sa.text(SPANNING), postgresql_where=sa.text(SPANNING))
    op.drop_index('ix_calendar_event_grid', table_name='calendar_event')
    op.create_table(
        'calendar_day_tally',
        sa.Column('place', sa.Integer(), nullable=False),
        sa.Column('visibility', sa.String(length=20), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('events', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('place', 'visibility', 'kind', 'day', name=op.f('pk_calendar_day_tally')))
    for place, where in (("coalesce(region_id, 0)", ""), ("-1", "WHERE region_id IS NOT NULL")):
        for kind in ("kind", "'*'"):
            grouped = ", ".join(c for c in (place if place != "-1" else "", "visibility",
                                            kind if kind != "'*'" else "", "local_day") if c)
            op.execute(f"""
                INSERT INTO calendar_day_tally (place, visibility, kind, day, events)
                SELECT {place}, visibility, {kind}, local_day, count(*) FROM calendar_event {where}
                GROUP BY {grouped}""")


def downgrade():
    op.drop_table('calendar_day_tally')
    op.create_index('ix_calendar_event_grid', 'calendar_event',
                    ['starts_at', 'id', 'region_id', 'visibility', 'ends_at', 'kind'])
    op.drop_index('ix_calendar_event_spanning', table_name='calendar_event')
    op.drop_index('ix_calendar_event_day', table_name='calendar_event')
    with op.batch_alter_table('calendar_event') as batch:
        batch.drop_column('last_day')
        batch.drop_column('local_day')
