"""resource sheets: sheets, revisions, attachments, national proposals, full-text index
"""
from alembic import op
import sqlalchemy as sa


revision = '0401_resources'
down_revision = '0201_transfers'


def upgrade():
    # Reviewed by hand.
    op.create_table('resource_sheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('category', sa.Enum('legal', 'funding', 'setup', 'governance', 'communication', 'animation', 'evaluation', 'local_authorities', 'sector_guide', name='category', native_enum=False, length=30), nullable=False),
    sa.Column('scope', sa.Enum('regional', 'national', name='scope', native_enum=False, length=20), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'archived', name='sheetstatus', native_enum=False, length=20), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('author_ptce_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('review_by', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_ptce_id'], ['ptce.id'], name=op.f('fk_resource_sheet_author_ptce_id_ptce'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_resource_sheet_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_resource_sheet_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_sheet'))
    )
    op.create_index(op.f('ix_resource_sheet_category'), 'resource_sheet', ['category'], unique=False)
    op.create_index(op.f('ix_resource_sheet_region_id'), 'resource_sheet', ['region_id'], unique=False)
    op.create_index(op.f('ix_resource_sheet_review_by'), 'resource_sheet', ['review_by'], unique=False)
    op.create_index(op.f('ix_resource_sheet_scope'), 'resource_sheet', ['scope'], unique=False)
    op.create_index(op.f('ix_resource_sheet_status'), 'resource_sheet', ['status'], unique=False)
    op.create_index(op.f('ix_resource_sheet_updated_at'), 'resource_sheet', ['updated_at'], unique=False)

    op.create_table('resource_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['sheet_id'], ['resource_sheet.id'], name=op.f('fk_resource_attachment_sheet_id_resource_sheet')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_resource_attachment_uploaded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_attachment')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_resource_attachment_stored_name'))
    )
    op.create_index(op.f('ix_resource_attachment_sheet_id'), 'resource_attachment', ['sheet_id'], unique=False)

    op.create_table('resource_national_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'accepted', 'declined', name='proposalstatus', native_enum=False, length=20), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_resource_national_proposal_decided_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'], name=op.f('fk_resource_national_proposal_proposed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sheet_id'], ['resource_sheet.id'], name=op.f('fk_resource_national_proposal_sheet_id_resource_sheet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_national_proposal'))
    )
    op.create_index(op.f('ix_resource_national_proposal_sheet_id'), 'resource_national_proposal', ['sheet_id'], unique=False)
    op.create_index(op.f('ix_resource_national_proposal_status'), 'resource_national_proposal', ['status'], unique=False)

    op.create_table('resource_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('applied', 'proposed', 'accepted', 'declined', name='revisionstate', native_enum=False, length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('category', sa.Enum('legal', 'funding', 'setup', 'governance', 'communication', 'animation', 'evaluation', 'local_authorities', 'sector_guide', name='category', native_enum=False, length=30), nullable=False),
    sa.Column('review_by', sa.Date(), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('sectors', sa.JSON(), nullable=False),
    sa.Column('attachment_ids', sa.JSON(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_comment', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_resource_revision_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_resource_revision_reviewed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sheet_id'], ['resource_sheet.id'], name=op.f('fk_resource_revision_sheet_id_resource_sheet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_revision')),
    sa.UniqueConstraint('sheet_id', 'number', name='uq_resource_revision_number')
    )
    op.create_index(op.f('ix_resource_revision_sheet_id'), 'resource_revision', ['sheet_id'], unique=False)

    op.create_table('resource_sheet_sector',
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['sheet_id'], ['resource_sheet.id'], name=op.f('fk_resource_sheet_sector_sheet_id_resource_sheet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sheet_id', 'code', name=op.f('pk_resource_sheet_sector'))
    )
    op.create_index(op.f('ix_resource_sheet_sector_code'), 'resource_sheet_sector', ['code'], unique=False)

    op.create_table('resource_sheet_tag',
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['sheet_id'], ['resource_sheet.id'], name=op.f('fk_resource_sheet_tag_sheet_id_resource_sheet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sheet_id', 'tag', name=op.f('pk_resource_sheet_tag'))
    )
    op.create_index(op.f('ix_resource_sheet_tag_tag'), 'resource_sheet_tag', ['tag'], unique=False)

    op.create_table('resource_sheet_topic',
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['sheet_id'], ['resource_sheet.id'], name=op.f('fk_resource_sheet_topic_sheet_id_resource_sheet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sheet_id', 'code', name=op.f('pk_resource_sheet_topic'))
    )
    op.create_index(op.f('ix_resource_sheet_topic_code'), 'resource_sheet_topic', ['code'], unique=False)

    _create_search_index()


def _create_search_index():
    """The full-text index ``resources_fts`` (not a model: see database.UNMANAGED_TABLE_PREFIXES).

    SQLite: an FTS5 table of stemmed, unaccented words (stemmed in Python by
    cellule.blueprints.resources.search). PostgreSQL: the ``unaccent``
    extension, a ``french_unaccent`` text search configuration, and a table of
    weighted tsvectors with a GIN index. Services keep both in step.
    """
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE resources_fts USING fts5("
            "sheet_id UNINDEXED, plain UNINDEXED, title, summary, tags, body, "
            "tokenize=\"unicode61 remove_diacritics 2\")")
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = pg_catalog.french)")
        op.execute("ALTER TEXT SEARCH CONFIGURATION french_unaccent "
                   "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem")
        op.execute(
            "CREATE TABLE resources_fts ("
            "sheet_id INTEGER PRIMARY KEY REFERENCES resource_sheet (id) ON DELETE CASCADE, "
            "plain TEXT NOT NULL DEFAULT '', "
            "title_vector TSVECTOR NOT NULL, "
            "document TSVECTOR NOT NULL)")
        op.execute("CREATE INDEX ix_resources_fts_document ON resources_fts USING GIN (document)")


def downgrade():
    # Reviewed by hand.
    dialect = op.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        op.execute("DROP TABLE IF EXISTS resources_fts")
    if dialect == "postgresql":
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent")
    op.drop_table('resource_sheet_topic')
    op.drop_table('resource_sheet_tag')
    op.drop_table('resource_sheet_sector')
    op.drop_table('resource_revision')
    op.drop_table('resource_national_proposal')
    op.drop_table('resource_attachment')
    op.drop_table('resource_sheet')
