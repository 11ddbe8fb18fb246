"""TOTP keys encrypted at rest: user_account.totp_secret widened and encrypted in place
"""
from alembic import op
import sqlalchemy as sa

from cellule.database import decrypt_secret, encrypt_secret


revision = '0602_totp_encrypted'
down_revision = '0601_privacy'

_ROWS = sa.text("SELECT id, totp_secret FROM user_account WHERE totp_secret IS NOT NULL")
_SET = sa.text("UPDATE user_account SET totp_secret = :value WHERE id = :id")


def _is_token(value: str) -> bool:
    # Fernet tokens start with version byte 0x80 ("gAAAAA" in base64); TOTP keys are base32.
    return value.startswith("gAAAAA")


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=64), type_=sa.String(length=255),
                              existing_nullable=True)
    conn = op.get_bind()
    for id_, value in conn.execute(_ROWS).all():
        if not _is_token(value):
            conn.execute(_SET, {"id": id_, "value": encrypt_secret(value)})


def downgrade():
    conn = op.get_bind()
    for id_, value in conn.execute(_ROWS).all():
        if _is_token(value):
            conn.execute(_SET, {"id": id_, "value": decrypt_secret(value)})
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=255), type_=sa.String(length=64),
                              existing_nullable=True)
