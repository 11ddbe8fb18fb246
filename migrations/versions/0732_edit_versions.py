"""Optimistic concurrency: a version on PTCE, responses, resource sheets and visits
"""
from alembic import op
import sqlalchemy as sa


revision = '0732_edit_versions'
down_revision = '0731_one_campaign_per_year'

TABLES = ('ptce', 'collection_response', 'resource_sheet', 'visit')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch rebuild of these tables would be
    # refused by the foreign keys pointing at them.
    for table in reversed(TABLES):
        op.drop_column(table, 'version')
