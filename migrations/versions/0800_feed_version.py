"""calendar_feed_version: one row per feed scope, replaced by every change a feed shows; an index for type-filtered feeds

Revision ID: 0800_feed_version
Revises: 0772_home_indexes
Create Date: 2026-12-05 22:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0800_feed_version'
down_revision = '0772_home_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'calendar_feed_version',
        sa.Column('scope', sa.String(length=20), nullable=False),
        sa.Column('ref', sa.Integer(), nullable=False),
        sa.Column('version', sa.String(length=32), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('scope', 'ref', name=op.f('pk_calendar_feed_version')),
    )
    with op.batch_alter_table('calendar_event', schema=None) as batch_op:
        batch_op.create_index('ix_calendar_event_visibility_kind_ends', ['visibility', 'kind', 'ends_at'], unique=False)


def downgrade():
    with op.batch_alter_table('calendar_event', schema=None) as batch_op:
        batch_op.drop_index('ix_calendar_event_visibility_kind_ends')
    op.drop_table('calendar_feed_version')
