"""transfer_cycle_region: the regions each cycle involves, in the overview's order, kept on write

The transfers overview listed a region's cycles from a union of three sources (lead region, the
mentor's region, a mentee's region), read and sorted every cycle involving the region to show 20:
0.04 ms of SQL at N=1, 0.24 ms at N=10. One row per (region, cycle) now holds the cycle's place in the
list's order (rank: the status's place, live ones first; created_at), and a page is a range of
ix_transfer_cycle_region_order read in order and cut at the page's end. The app keeps the rows on
every flush that changes a cycle or moves a PTCE (transfers/involvement.py); this migration fills them.

Revision ID: 0980_transfer_cycle_region
Revises: 0970_transfer_offer_ptce_active
Create Date: 2026-12-06 22:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0980_transfer_cycle_region'
down_revision = '0970_transfer_offer_ptce_active'
branch_labels = None
depends_on = None

# CycleStatus in its order (proposed, accepted, active, closed, abandoned): live cycles first.
STATUSES = ("proposed", "accepted", "active", "closed", "abandoned")


def upgrade():
    op.create_table(
        'transfer_cycle_region',
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('rank', sa.SmallInteger(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['cycle_id'], ['transfer_cycle.id'],
                                name=op.f('fk_transfer_cycle_region_cycle_id_transfer_cycle'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'],
                                name=op.f('fk_transfer_cycle_region_region_id_region'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('cycle_id', 'region_id', name=op.f('pk_transfer_cycle_region')))
    op.create_index('ix_transfer_cycle_region_order', 'transfer_cycle_region',
                    ['region_id', 'rank', sa.text('created_at DESC'), 'cycle_id'])
    rank = "CASE c.status " + " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(STATUSES)) + " END"
    op.execute(f"""
        INSERT INTO transfer_cycle_region (cycle_id, region_id, rank, created_at)
        SELECT pairs.cycle_id, pairs.region_id, {rank}, c.created_at
        FROM (SELECT id AS cycle_id, region_id FROM transfer_cycle
              UNION SELECT c.id, p.region_id FROM transfer_cycle c JOIN ptce p ON p.id = c.mentor_id
              UNION SELECT m.cycle_id, p.region_id FROM transfer_cycle_mentee m JOIN ptce p ON p.id = m.ptce_id)
             AS pairs
        JOIN transfer_cycle c ON c.id = pairs.cycle_id""")


def downgrade():
    op.drop_index('ix_transfer_cycle_region_order', table_name='transfer_cycle_region')
    op.drop_table('transfer_cycle_region')
