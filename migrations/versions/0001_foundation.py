"""foundation: regions, PTCE, people, tokens, outbox

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-23 11:13:27.640486

"""
from alembic import op
import sqlalchemy as sa


revision = '0001_foundation'
down_revision = None


def upgrade():
    # Reviewed by hand: constraint names follow extensions.NAMING_CONVENTION.
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=250), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('template', sa.String(length=80), nullable=False),
    sa.Column('status', sa.Enum('queued', 'sent', 'failed', name='mailstatus', native_enum=False, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    op.create_index(op.f('ix_outbox_message_recipient'), 'outbox_message', ['recipient'], unique=False)
    op.create_index(op.f('ix_outbox_message_status'), 'outbox_message', ['status'], unique=False)

    op.create_table('region',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('timezone', sa.String(length=40), nullable=False),
    sa.Column('overseas', sa.Boolean(), nullable=False),
    sa.Column('cress_name', sa.String(length=120), nullable=False),
    sa.Column('cress_url', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_region')),
    sa.UniqueConstraint('code', name=op.f('uq_region_code')),
    sa.UniqueConstraint('slug', name=op.f('uq_region_slug'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('ptce',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('slug', sa.String(length=160), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('department_code', sa.String(length=3), nullable=False),
    sa.Column('territory', sa.Text(), nullable=False),
    sa.Column('communes', sa.JSON(), nullable=False),
    sa.Column('siret', sa.String(length=14), nullable=False),
    sa.Column('rna', sa.String(length=10), nullable=True),
    sa.Column('stage', sa.Enum('emerging', 'developing', 'consolidated', 'inactive', name='stage', native_enum=False, length=20), nullable=False),
    sa.Column('charter_signatory', sa.Boolean(), nullable=False),
    sa.Column('charter_year', sa.Integer(), nullable=True),
    sa.Column('creation_year', sa.Integer(), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('contact_name', sa.String(length=160), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_phone', sa.String(length=30), nullable=True),
    sa.Column('latitude', sa.Double(), nullable=True),
    sa.Column('longitude', sa.Double(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_ptce_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ptce')),
    sa.UniqueConstraint('slug', name=op.f('uq_ptce_slug'))
    )
    op.create_index(op.f('ix_ptce_region_id'), 'ptce', ['region_id'], unique=False)

    op.create_table('auth_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('invitation', 'password_reset', name='tokenkind', native_enum=False, length=20), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.Enum('council_admin', 'council_observer', 'coordinator', 'ptce_member', 'partner', name='role', native_enum=False, length=20), nullable=True),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('ptce_id', sa.Integer(), nullable=True),
    sa.Column('referent', sa.Boolean(), nullable=False),
    sa.Column('partner_kind', sa.Enum('elected', 'technician', 'other', name='partnerkind', native_enum=False, length=20), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_auth_token_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ptce_id'], ['ptce.id'], name=op.f('fk_auth_token_ptce_id_ptce'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_auth_token_region_id_region')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_auth_token_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_token')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_auth_token_secret_hash'))
    )
    op.create_index(op.f('ix_auth_token_expires_at'), 'auth_token', ['expires_at'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('council_admin', 'council_observer', 'coordinator', 'ptce_member', 'partner', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('ptce_id', sa.Integer(), nullable=True),
    sa.Column('referent', sa.Boolean(), nullable=False),
    sa.Column('partner_kind', sa.Enum('elected', 'technician', 'other', name='partnerkind', native_enum=False, length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ptce_id'], ['ptce.id'], name=op.f('fk_membership_ptce_id_ptce'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_membership_region_id_region')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_membership_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('user_id', 'role', 'region_id', 'ptce_id', name='uq_membership_scope')
    )
    op.create_index(op.f('ix_membership_ptce_id'), 'membership', ['ptce_id'], unique=False)
    op.create_index(op.f('ix_membership_region_id'), 'membership', ['region_id'], unique=False)
    op.create_index(op.f('ix_membership_user_id'), 'membership', ['user_id'], unique=False)

    op.create_table('ptce_activity',
    sa.Column('ptce_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['ptce_id'], ['ptce.id'], name=op.f('fk_ptce_activity_ptce_id_ptce'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ptce_id', 'code', name=op.f('pk_ptce_activity'))
    )
    op.create_table('ptce_sector',
    sa.Column('ptce_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['ptce_id'], ['ptce.id'], name=op.f('fk_ptce_sector_ptce_id_ptce'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ptce_id', 'code', name=op.f('pk_ptce_sector'))
    )


def downgrade():
    # Reviewed by hand: constraint names follow extensions.NAMING_CONVENTION.
    op.drop_table('ptce_sector')
    op.drop_table('ptce_activity')
    op.drop_table('membership')
    op.drop_table('auth_token')
    op.drop_table('ptce')
    op.drop_table('user_account')
    op.drop_table('region')
    op.drop_table('outbox_message')
