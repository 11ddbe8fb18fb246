"""resource_pending_change, resource_national_proposal.region_id: the follow-up page's lists by index range

A region's follow-up page found its sheets' proposed changes by walking every regional sheet of the
region (about 150 at N=10) for the few with a proposed revision, and its latest national proposals by
reading every proposal of the country (92) to keep the region's. resource_pending_change holds one row
per proposed revision with its library (the region of a regional sheet; NULL for the national library)
and when it was proposed; the app keeps it as changes are proposed, decided, or their sheet joins the
national library (resources/pending.py). A proposal now keeps its sheet's region, which a sheet never
changes. This migration fills both.

Revision ID: 0990_resource_pending_change
Revises: 0980_transfer_cycle_region
Create Date: 2026-12-07 01:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0990_resource_pending_change'
down_revision = '0980_transfer_cycle_region'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'resource_pending_change',
        sa.Column('revision_id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['revision_id'], ['resource_revision.id'],
                                name=op.f('fk_resource_pending_change_revision_id_resource_revision'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'],
                                name=op.f('fk_resource_pending_change_region_id_region'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('revision_id', name=op.f('pk_resource_pending_change')))
    op.create_index('ix_resource_pending_change_library', 'resource_pending_change',
                    ['region_id', 'created_at', 'revision_id'])
    op.execute("""
        INSERT INTO resource_pending_change (revision_id, region_id, created_at)
        SELECT r.id, CASE WHEN s.scope = 'regional' THEN s.region_id END, r.created_at
        FROM resource_revision r JOIN resource_sheet s ON s.id = r.sheet_id
        WHERE r.state = 'proposed'""")

    with op.batch_alter_table('resource_national_proposal') as batch:
        batch.add_column(sa.Column('region_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_resource_national_proposal_region_id_region'), 'region',
                                 ['region_id'], ['id'])
    op.execute("""
        UPDATE resource_national_proposal SET region_id =
            (SELECT s.region_id FROM resource_sheet s WHERE s.id = resource_national_proposal.sheet_id)""")
    op.create_index('ix_resource_national_proposal_region', 'resource_national_proposal',
                    ['region_id', 'created_at', 'id'])


def downgrade():
    op.drop_index('ix_resource_national_proposal_region', table_name='resource_national_proposal')
    with op.batch_alter_table('resource_national_proposal') as batch:
        batch.drop_constraint(op.f('fk_resource_national_proposal_region_id_region'), type_='foreignkey')
        batch.drop_column('region_id')
    op.drop_index('ix_resource_pending_change_library', table_name='resource_pending_change')
    op.drop_table('resource_pending_change')
