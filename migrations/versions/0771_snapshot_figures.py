"""collection_snapshot_figures: each forwarded snapshot's indicator values, extracted once

Revision ID: 0771_snapshot_figures
Revises: 0761_revision_action
Create Date: 2026-12-05 20:10:00

Snapshots are immutable: the values the council's aggregates read are stored once,
beside the snapshot, instead of being decoded from its whole content on every page.
Existing snapshots are filled here; a variable missing from a row (an indicator added
later) is read from the content by the application, so a stale row is never wrong.
"""
import sqlalchemy as sa
from alembic import op


revision = '0771_snapshot_figures'
down_revision = '0733_ptce_tombstone'

# The dashboard's indicators when this migration was written (dashboard.INDICATORS).
VARIABLES = ("jobs_created", "jobs_maintained", "current_members", "staff_fte", "volunteers",
             "budget_amount", "share_public_subsidies", "decision_sharing")


def upgrade():
    figures = op.create_table(
        'collection_snapshot_figures',
        sa.Column('snapshot_id', sa.Integer(), nullable=False),
        sa.Column('ptce_count', sa.Integer(), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['snapshot_id'], ['collection_snapshot.id'],
                                name=op.f('fk_collection_snapshot_figures_snapshot_id_collection_snapshot')),
        sa.PrimaryKeyConstraint('snapshot_id', name=op.f('pk_collection_snapshot_figures')),
    )
    snapshot = sa.table('collection_snapshot', sa.column('id', sa.Integer), sa.column('content', sa.JSON))
    conn = op.get_bind()
    rows = []
    for snapshot_id, content in conn.execute(sa.select(snapshot.c.id, snapshot.c.content).order_by(snapshot.c.id)):
        responses = (content or {}).get("responses", [])
        rows.append({"snapshot_id": snapshot_id, "ptce_count": len(responses),
                     "figures": {var: [e["answers"][var] for e in responses
                                       if isinstance(e["answers"].get(var), (int, float))] for var in VARIABLES}})
        if len(rows) >= 500:
            conn.execute(figures.insert(), rows)
            rows = []
    if rows:
        conn.execute(figures.insert(), rows)


def downgrade():
    op.drop_table('collection_snapshot_figures')
