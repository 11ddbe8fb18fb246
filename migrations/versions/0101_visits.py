"""learning visits
"""
from alembic import op
import sqlalchemy as sa


revision = '0101_visits'
down_revision = '0301_calendar'


def upgrade():
    # Reviewed by hand.
    op.create_table('visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('host_ptce_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('sectors', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('programme', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('registration_opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('registration_closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('open_to_members', sa.Boolean(), nullable=False),
    sa.Column('open_to_partners', sa.Boolean(), nullable=False),
    sa.Column('open_to_other_regions', sa.Boolean(), nullable=False),
    sa.Column('per_ptce_cap', sa.Integer(), nullable=True),
    sa.Column('reserved_emerging_seats', sa.Integer(), nullable=False),
    sa.Column('reserved_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Enum('draft', 'published', 'cancelled', 'held', name='visitstatus', native_enum=False, length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_visit_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['host_ptce_id'], ['ptce.id'], name=op.f('fk_visit_host_ptce_id_ptce')),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_visit_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit'))
    )
    op.create_index(op.f('ix_visit_host_ptce_id'), 'visit', ['host_ptce_id'], unique=False)
    op.create_index(op.f('ix_visit_region_id'), 'visit', ['region_id'], unique=False)
    op.create_index(op.f('ix_visit_starts_at'), 'visit', ['starts_at'], unique=False)
    op.create_index(op.f('ix_visit_status'), 'visit', ['status'], unique=False)

    op.create_table('visit_registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('ptce_id', sa.Integer(), nullable=True),
    sa.Column('emerging', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('confirmed', 'waitlisted', 'offered', 'cancelled', 'declined', 'expired', name='registrationstatus', native_enum=False, length=20), nullable=False),
    sa.Column('waitlist_position', sa.Integer(), nullable=True),
    sa.Column('offer_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.Column('show_name', sa.Boolean(), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ptce_id'], ['ptce.id'], name=op.f('fk_visit_registration_ptce_id_ptce'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['user_account.id'], name=op.f('fk_visit_registration_registered_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_visit_registration_user_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_visit_registration_visit_id_visit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_registration')),
    sa.UniqueConstraint('visit_id', 'user_id', name='uq_visit_registration_person')
    )
    op.create_index(op.f('ix_visit_registration_status'), 'visit_registration', ['status'], unique=False)
    op.create_index(op.f('ix_visit_registration_user_id'), 'visit_registration', ['user_id'], unique=False)
    op.create_index(op.f('ix_visit_registration_visit_id'), 'visit_registration', ['visit_id'], unique=False)

    op.create_table('visit_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('learned', sa.Text(), nullable=False),
    sa.Column('will_reuse', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['visit_registration.id'], name=op.f('fk_visit_feedback_registration_id_visit_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_feedback')),
    sa.UniqueConstraint('registration_id', name=op.f('uq_visit_feedback_registration_id'))
    )


def downgrade():
    # Reviewed by hand.
    op.drop_table('visit_feedback')
    op.drop_table('visit_registration')
    op.drop_table('visit')
