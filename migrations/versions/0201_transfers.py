"""peer know-how transfer: needs, offers, cycles, sessions, actions, assessments
"""
from alembic import op
import sqlalchemy as sa


revision = '0201_transfers'
down_revision = '0101_visits'


def upgrade():
    # Reviewed by hand: names follow the naming convention, timestamps are timezone-aware.
    op.create_table('transfer_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ptce_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=30), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'matched', 'closed', name='needstatus', native_enum=False, length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_transfer_need_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ptce_id'], ['ptce.id'], name=op.f('fk_transfer_need_ptce_id_ptce'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_need'))
    )
    op.create_index(op.f('ix_transfer_need_ptce_id'), 'transfer_need', ['ptce_id'], unique=False)
    op.create_index(op.f('ix_transfer_need_status'), 'transfer_need', ['status'], unique=False)

    op.create_table('transfer_offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ptce_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=30), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('capacity_per_year', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_transfer_offer_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ptce_id'], ['ptce.id'], name=op.f('fk_transfer_offer_ptce_id_ptce'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_offer'))
    )
    op.create_index(op.f('ix_transfer_offer_active'), 'transfer_offer', ['active'], unique=False)
    op.create_index(op.f('ix_transfer_offer_ptce_id'), 'transfer_offer', ['ptce_id'], unique=False)

    op.create_table('transfer_cycle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=True),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('planned_sessions', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'accepted', 'active', 'closed', 'abandoned', name='cyclestatus', native_enum=False, length=20), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('mentor_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mentor_accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('mentee_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mentee_accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('abandoned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('abandon_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['mentee_accepted_by_id'], ['user_account.id'], name=op.f('fk_transfer_cycle_mentee_accepted_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentor_accepted_by_id'], ['user_account.id'], name=op.f('fk_transfer_cycle_mentor_accepted_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentor_id'], ['ptce.id'], name=op.f('fk_transfer_cycle_mentor_id_ptce'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['transfer_need.id'], name=op.f('fk_transfer_cycle_need_id_transfer_need'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'], name=op.f('fk_transfer_cycle_proposed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_transfer_cycle_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_cycle'))
    )
    op.create_index(op.f('ix_transfer_cycle_mentor_id'), 'transfer_cycle', ['mentor_id'], unique=False)
    op.create_index(op.f('ix_transfer_cycle_region_id'), 'transfer_cycle', ['region_id'], unique=False)
    op.create_index(op.f('ix_transfer_cycle_status'), 'transfer_cycle', ['status'], unique=False)

    op.create_table('transfer_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('mentor', 'mentee', name='side', native_enum=False, length=20), nullable=False),
    sa.Column('goals_met', sa.Integer(), nullable=False),
    sa.Column('transferred', sa.Text(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('goals_met BETWEEN 0 AND 5', name=op.f('ck_transfer_assessment_goals_met_range')),
    sa.CheckConstraint('hours >= 0', name=op.f('ck_transfer_assessment_hours_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_transfer_assessment_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cycle_id'], ['transfer_cycle.id'], name=op.f('fk_transfer_assessment_cycle_id_transfer_cycle'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_assessment')),
    sa.UniqueConstraint('cycle_id', 'side', name='uq_transfer_assessment_side')
    )
    op.create_index(op.f('ix_transfer_assessment_cycle_id'), 'transfer_assessment', ['cycle_id'], unique=False)

    op.create_table('transfer_cycle_mentee',
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('ptce_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['transfer_cycle.id'], name=op.f('fk_transfer_cycle_mentee_cycle_id_transfer_cycle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ptce_id'], ['ptce.id'], name=op.f('fk_transfer_cycle_mentee_ptce_id_ptce'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cycle_id', 'ptce_id', name=op.f('pk_transfer_cycle_mentee'))
    )
    op.create_index(op.f('ix_transfer_cycle_mentee_ptce_id'), 'transfer_cycle_mentee', ['ptce_id'], unique=False)

    op.create_table('transfer_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('mode', sa.Enum('on_site', 'online', name='sessionmode', native_enum=False, length=20), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['transfer_cycle.id'], name=op.f('fk_transfer_session_cycle_id_transfer_cycle'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_session'))
    )
    op.create_index(op.f('ix_transfer_session_cycle_id'), 'transfer_session', ['cycle_id'], unique=False)
    op.create_index(op.f('ix_transfer_session_starts_at'), 'transfer_session', ['starts_at'], unique=False)

    op.create_table('transfer_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('todo', 'done', name='actionstatus', native_enum=False, length=20), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_transfer_action_owner_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['transfer_session.id'], name=op.f('fk_transfer_action_session_id_transfer_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_action'))
    )
    op.create_index(op.f('ix_transfer_action_session_id'), 'transfer_action', ['session_id'], unique=False)

    op.create_table('transfer_session_attendee',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['transfer_session.id'], name=op.f('fk_transfer_session_attendee_session_id_transfer_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_transfer_session_attendee_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_transfer_session_attendee'))
    )
    op.create_index(op.f('ix_transfer_session_attendee_user_id'), 'transfer_session_attendee', ['user_id'], unique=False)



def downgrade():
    # Reviewed by hand: names follow the naming convention, timestamps are timezone-aware.
    op.drop_table('transfer_session_attendee')
    op.drop_table('transfer_action')
    op.drop_table('transfer_session')
    op.drop_table('transfer_cycle_mentee')
    op.drop_table('transfer_assessment')
    op.drop_table('transfer_cycle')
    op.drop_table('transfer_offer')
    op.drop_table('transfer_need')
