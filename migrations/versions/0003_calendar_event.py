"""calendar events
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_calendar_event'
down_revision = '0002_regions'


def upgrade():
    # Reviewed by hand.
    op.create_table('calendar_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('visit', 'transfer_session', 'regional_meeting', 'webinar', 'training', 'national_day', 'other', name='eventkind', native_enum=False, length=30), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('all_day', sa.Boolean(), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('visibility', sa.Enum('public', 'members', name='visibility', native_enum=False, length=20), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('source_type', sa.String(length=40), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('url_path', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_calendar_event_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_event')),
    sa.UniqueConstraint('source_type', 'source_id', name='uq_calendar_event_source'),
    sa.UniqueConstraint('uid', name=op.f('uq_calendar_event_uid'))
    )
    op.create_index(op.f('ix_calendar_event_region_id'), 'calendar_event', ['region_id'], unique=False)
    op.create_index(op.f('ix_calendar_event_starts_at'), 'calendar_event', ['starts_at'], unique=False)
    op.create_index(op.f('ix_calendar_event_updated_at'), 'calendar_event', ['updated_at'], unique=False)



def downgrade():
    # Reviewed by hand.
    op.drop_table('calendar_event')
