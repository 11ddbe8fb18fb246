"""collection_stored_workbook: a campaign's wide XLSX, kept with the key of the snapshots it was built from

Revision ID: 0880_stored_workbook
Revises: 0820_snapshot_lines
Create Date: 2026-12-05 23:45:00

Rows are written by the application at a campaign's first XLSX download after a change
(``collection.workbooks.wide``); none is needed here.
"""
import sqlalchemy as sa
from alembic import op


revision = '0880_stored_workbook'
down_revision = '0820_snapshot_lines'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'collection_stored_workbook',
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('part', sa.String(length=20), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('body', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['collection_campaign.id'],
                                name=op.f('fk_collection_stored_workbook_campaign_id_collection_campaign')),
        sa.PrimaryKeyConstraint('campaign_id', 'part', name=op.f('pk_collection_stored_workbook')),
    )


def downgrade():
    op.drop_table('collection_stored_workbook')
