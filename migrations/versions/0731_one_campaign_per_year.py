"""Invariants a second request could break: one campaign per year, one pending national proposal per sheet

Existing duplicate campaigns: for each year, the campaign with the most responses
(then the oldest) is kept; the others are removed only when they hold nothing (no
response, snapshot or regional extension). A duplicate that holds data stops the
upgrade with the ids to reconcile by hand: silently merging or renumbering a year of
answers would falsify them. Duplicate pending proposals of the same sheet: the oldest
stays pending, the later ones are marked declined with a note.
"""
from alembic import op
import sqlalchemy as sa


revision = '0731_one_campaign_per_year'
down_revision = '0761_revision_action'


def _drop_empty_duplicate_campaigns(conn) -> None:
    rows = conn.execute(sa.text(
        "SELECT c.id, c.year, "
        "(SELECT COUNT(*) FROM collection_response r WHERE r.campaign_id = c.id) AS responses, "
        "(SELECT COUNT(*) FROM collection_snapshot s WHERE s.campaign_id = c.id) "
        "+ (SELECT COUNT(*) FROM collection_region_extension e WHERE e.campaign_id = c.id) AS other "
        "FROM collection_campaign c ORDER BY c.year, c.id")).all()
    by_year: dict[int, list] = {}
    for row in rows:
        by_year.setdefault(row.year, []).append(row)
    blocking = []
    for year, campaigns in by_year.items():
        if len(campaigns) < 2:
            continue
        keep = max(campaigns, key=lambda c: (c.responses + c.other, -c.id))
        for c in campaigns:
            if c.id == keep.id:
                continue
            if c.responses or c.other:
                blocking.append(f"{year}: campaigns {keep.id} and {c.id}")
            else:
                conn.execute(sa.text("DELETE FROM collection_campaign WHERE id = :id"), {"id": c.id})
    if blocking:
        raise RuntimeError("Several campaigns with answers cover the same year (" + "; ".join(blocking)
                           + "). Move or delete the answers of the extra campaign, then upgrade again.")


def upgrade():
    conn = op.get_bind()
    _drop_empty_duplicate_campaigns(conn)
    # A unique index, not a constraint: SQLite adds it without rebuilding the table (which its
    # foreign keys, enforced, would refuse while responses point at the campaigns).
    op.create_index('uq_collection_campaign_year', 'collection_campaign', ['year'], unique=True)

    conn.execute(sa.text(
        "UPDATE resource_national_proposal SET status = 'declined', "
        "decision_comment = 'Doublon d''une proposition antérieure.' "
        "WHERE status = 'pending' AND id NOT IN (SELECT MIN(id) FROM resource_national_proposal "
        "WHERE status = 'pending' GROUP BY sheet_id)"))
    with op.batch_alter_table('resource_national_proposal', schema=None) as batch_op:
        batch_op.create_index('uq_resource_national_proposal_pending', ['sheet_id'], unique=True,
                              sqlite_where=sa.text("status = 'pending'"),
                              postgresql_where=sa.text("status = 'pending'"))


def downgrade():
    with op.batch_alter_table('resource_national_proposal', schema=None) as batch_op:
        batch_op.drop_index('uq_resource_national_proposal_pending')
    op.drop_index('uq_collection_campaign_year', table_name='collection_campaign')
