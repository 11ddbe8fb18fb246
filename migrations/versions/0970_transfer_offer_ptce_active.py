"""transfer_offer: a PTCE's active offers in id order, for the other regions' offers

The coordinators' list of the other regions' offers read every active offer of the other regions
and sorted them by region and PTCE name to show 20 (0.25 ms of SQL at N=1, 1.03 ms at N=10). It now
walks ix_ptce_region_name in the list's order and each PTCE's offers through
ix_transfer_offer_ptce_active (ptce_id, active, id), up to the page's end. ix_transfer_offer_active
goes: nine offers in ten are active, and on a database without statistics SQLite took it to read
every active offer and sort them.

Revision ID: 0970_transfer_offer_ptce_active
Revises: 0960_ptce_directory_indexes
Create Date: 2026-12-06 12:45:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0970_transfer_offer_ptce_active'
down_revision = '0960_ptce_directory_indexes'
branch_labels = None
depends_on = None


# CREATE INDEX needs no table copy on SQLite either: no batch mode.
def upgrade():
    op.create_index('ix_transfer_offer_ptce_active', 'transfer_offer', ['ptce_id', 'active', 'id'])
    op.drop_index('ix_transfer_offer_active', table_name='transfer_offer')
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and sa.inspect(bind).has_table("sqlite_stat1"):
        op.execute("ANALYZE transfer_offer")  # as 0960: statistics without the new index would mislead SQLite


def downgrade():
    op.create_index('ix_transfer_offer_active', 'transfer_offer', ['active'])
    op.drop_index('ix_transfer_offer_ptce_active', table_name='transfer_offer')
