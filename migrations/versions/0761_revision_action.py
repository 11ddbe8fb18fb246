"""resource_revision: what the app did is stored as a code (worded when shown), not as text

Revision ID: 0761_revision_action
Revises: 0604_calendar_feed_index
Create Date: 2026-12-05 19:30:00

Existing history entries written by the app ("Création de la fiche", "Restauration
de la version 2", … in French or English, whichever their author read) become a
code and its arguments; an editor's own note is left as written.
"""
import re

import sqlalchemy as sa
from alembic import op


revision = '0761_revision_action'
down_revision = '0711_invitations'

# (code, pattern of the French text, pattern of the English text, argument name)
_KNOWN = [
    ("created", r"Création de la fiche", r"Resource sheet created", None),
    ("restored", r"Restauration de la version (\d+)", r"Version (\d+) restored", "n"),
    ("attachment_added", r"Ajout de la pièce jointe (.+)", r"Attachment (.+) added", "name"),
    ("attachment_removed", r"Retrait de la pièce jointe (.+)", r"Attachment (.+) removed", "name"),
    ("proposal_accepted", r"Proposition n° (\d+) de .+ acceptée", r"Proposal no\. (\d+) from .+ accepted", "n"),
]
_FRENCH = {"created": "Création de la fiche", "restored": "Restauration de la version {n}",
           "attachment_added": "Ajout de la pièce jointe {name}",
           "attachment_removed": "Retrait de la pièce jointe {name}",
           "proposal_accepted": "Proposition n° {n} acceptée"}

revisions = sa.table("resource_revision", sa.column("id", sa.Integer), sa.column("note", sa.String),
                     sa.column("action", sa.String), sa.column("action_args", sa.JSON))


def _parse(note: str):
    for code, french, english, arg in _KNOWN:
        for pattern in (french, english):
            match = re.fullmatch(pattern, note or "")
            if match:
                value = match.group(1) if arg else None
                return code, ({arg: int(value) if arg == "n" else value} if arg else {})
    return None


def upgrade():
    with op.batch_alter_table('resource_revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('action', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('action_args', sa.JSON(), nullable=True))
    bind = op.get_bind()
    for row in bind.execute(sa.select(revisions.c.id, revisions.c.note)).all():
        found = _parse(row.note)
        if found:
            bind.execute(revisions.update().where(revisions.c.id == row.id)
                         .values(action=found[0], action_args=found[1], note=""))


def downgrade():
    bind = op.get_bind()
    for row in bind.execute(sa.select(revisions.c.id, revisions.c.note, revisions.c.action,
                                      revisions.c.action_args)
                            .where(revisions.c.action.is_not(None))).all():
        if not row.note and row.action in _FRENCH:
            bind.execute(revisions.update().where(revisions.c.id == row.id)
                         .values(note=_FRENCH[row.action].format(**(row.action_args or {}))[:200]))
    with op.batch_alter_table('resource_revision', schema=None) as batch_op:
        batch_op.drop_column('action_args')
        batch_op.drop_column('action')
