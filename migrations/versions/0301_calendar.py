"""calendar: personal feed tokens
"""
from alembic import op
import sqlalchemy as sa


revision = '0301_calendar'
down_revision = '0003_calendar_event'


def upgrade():
    # Reviewed by hand: one personal-feed secret per person (only its hash and nonce stored).
    op.create_table('calendar_feed_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_calendar_feed_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_token_hash')),
    sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feed_token_user_id'))
    )


def downgrade():
    # Reviewed by hand: one personal-feed secret per person (only its hash and nonce stored).
    op.drop_table('calendar_feed_token')
