"""Calendar events keep their serialised VEVENT and its key (cold feeds without icalendar)

Revision ID: 0603_calendar_ics
Revises: 0602_totp_encrypted
Create Date: 2026-11-23 15:10:00

Existing rows get NULL: feeds render them as before until
``flask calendar refresh-ics`` (or the next edit) stores their copy.
"""
from alembic import op
import sqlalchemy as sa


revision = '0603_calendar_ics'
down_revision = '0602_totp_encrypted'


def upgrade():
    with op.batch_alter_table('calendar_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ics', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('ics_key', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('calendar_event', schema=None) as batch_op:
        batch_op.drop_column('ics_key')
        batch_op.drop_column('ics')
