"""ptce_tombstone: deleted PTCE kept for API clients that sync with updated_since

Revision ID: 0733_ptce_tombstone
Revises: 0732_edit_versions
Create Date: 2026-12-05 19:35:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0733_ptce_tombstone'
down_revision = '0732_edit_versions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'ptce_tombstone',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('slug', sa.String(length=160), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_ptce_tombstone_region_id_region')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ptce_tombstone')),
    )
    with op.batch_alter_table('ptce_tombstone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ptce_tombstone_deleted_at'), ['deleted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('ptce_tombstone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ptce_tombstone_deleted_at'))
    op.drop_table('ptce_tombstone')
