"""Snapshot summaries for the API list, each snapshot's stored long-CSV lines, and the index of the inter-regional visits list

Revision ID: 0820_snapshot_lines
Revises: 0800_feed_version
Create Date: 2026-12-05 22:50:00

``collection_snapshot_figures.region_figures`` holds the content's « figures » (the
region's visits and transfers of the year), filled here for existing snapshots, so the
API's snapshot list reads no snapshot content. ``collection_snapshot_lines`` holds a
snapshot's lines of the long CSV per dialect; rows missing here are written by the
application on a campaign's first export (``collection.lines.fill``).
"""
import sqlalchemy as sa
from alembic import op


revision = '0820_snapshot_lines'
down_revision = '0800_feed_version'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index('ix_visit_status_starts', ['status', 'starts_at'], unique=False)
    with op.batch_alter_table('collection_snapshot_figures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region_figures', sa.JSON(), nullable=True))
    op.create_table(
        'collection_snapshot_lines',
        sa.Column('snapshot_id', sa.Integer(), nullable=False),
        sa.Column('dialect', sa.String(length=20), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['snapshot_id'], ['collection_snapshot.id'],
                                name=op.f('fk_collection_snapshot_lines_snapshot_id_collection_snapshot')),
        sa.PrimaryKeyConstraint('snapshot_id', 'dialect', name=op.f('pk_collection_snapshot_lines')),
    )
    snapshot = sa.table('collection_snapshot', sa.column('id', sa.Integer), sa.column('content', sa.JSON))
    figures = sa.table('collection_snapshot_figures', sa.column('snapshot_id', sa.Integer),
                       sa.column('region_figures', sa.JSON))
    conn = op.get_bind()
    for snapshot_id, content in conn.execute(sa.select(snapshot.c.id, snapshot.c.content).order_by(snapshot.c.id)):
        conn.execute(figures.update().where(figures.c.snapshot_id == snapshot_id)
                     .values(region_figures=(content or {}).get("figures", {})))


def downgrade():
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_status_starts')
    op.drop_table('collection_snapshot_lines')
    with op.batch_alter_table('collection_snapshot_figures', schema=None) as batch_op:
        batch_op.drop_column('region_figures')
