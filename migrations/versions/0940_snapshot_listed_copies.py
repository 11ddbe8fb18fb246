"""collection_snapshot_figures: each snapshot's hash and forwarding time, for the lists of snapshots

The API's snapshot list and the council dashboard read every snapshot's hash and forwarding time.
SQLite stores those after the content in the snapshot's row and reaches them through the content's
overflow pages: at ×10 data (130 kB a snapshot) the API's list page took 2.5 times as long as at ×1
with the same work. The summary row, written once with the snapshot, now holds them too; this
copies them for the snapshots forwarded before.

Revision ID: 0940_snapshot_listed_copies
Revises: 0930_sheet_follow_up_indexes
Create Date: 2026-12-06 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0940_snapshot_listed_copies'
down_revision = '0930_sheet_follow_up_indexes'
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN needs no table copy on SQLite either
    op.add_column('collection_snapshot_figures', sa.Column('content_hash', sa.String(length=64), nullable=True))
    op.add_column('collection_snapshot_figures', sa.Column('forwarded_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("""
        UPDATE collection_snapshot_figures SET
          content_hash = (SELECT s.content_hash FROM collection_snapshot s WHERE s.id = snapshot_id),
          forwarded_at = (SELECT s.forwarded_at FROM collection_snapshot s WHERE s.id = snapshot_id)""")


def downgrade():
    with op.batch_alter_table('collection_snapshot_figures') as batch:
        batch.drop_column('forwarded_at')
        batch.drop_column('content_hash')
