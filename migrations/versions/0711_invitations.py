"""visit_registration: per-person invitation SEQUENCE and the once-only feedback request; one-time form submissions
"""
from alembic import op
import sqlalchemy as sa


revision = '0711_invitations'
down_revision = '0604_calendar_feed_index'


def upgrade():
    with op.batch_alter_table('visit_registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ics_sequence', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('feedback_requested_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'form_submission',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('endpoint', sa.String(length=100), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token', name='uq_form_submission_token'),
    )


def downgrade():
    op.drop_table('form_submission')
    with op.batch_alter_table('visit_registration', schema=None) as batch_op:
        batch_op.drop_column('feedback_requested_at')
        batch_op.drop_column('ics_sequence')
