"""membership: the region's index also keyed by role (a region's team without its PTCE members)

A region's team page reads its coordinators and partners; ix_membership_region_id served it by
reading every membership of the region, PTCE members included (twenty times as many in the bench
data). ix_membership_region_role (region_id, role) reads only the team, and serves what read
region_id alone.

Revision ID: 0910_membership_region_role
Revises: 0900_sheet_tallies
Create Date: 2026-12-06 06:10:00

"""
from alembic import op


revision = '0910_membership_region_role'
down_revision = '0900_sheet_tallies'
branch_labels = None
depends_on = None


# CREATE INDEX and DROP INDEX need no table copy on SQLite either: no batch mode.
def upgrade():
    op.create_index('ix_membership_region_role', 'membership', ['region_id', 'role'])
    op.drop_index('ix_membership_region_id', table_name='membership')


def downgrade():
    op.create_index('ix_membership_region_id', 'membership', ['region_id'])
    op.drop_index('ix_membership_region_role', table_name='membership')
