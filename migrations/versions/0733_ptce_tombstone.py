"""ptce_tombstone: deleted PTCE kept for API clients that sync with updated_since
"""
from alembic import op
import sqlalchemy as sa


revision = '0733_ptce_tombstone'
down_revision = '0732_edit_versions'


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
    op.create_index(op.f('ix_ptce_tombstone_deleted_at'), 'ptce_tombstone', ['deleted_at'], unique=False)


def downgrade():
    op.drop_table('ptce_tombstone')
