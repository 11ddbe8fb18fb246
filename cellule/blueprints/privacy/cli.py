"""``flask purge``: apply the retention periods (run daily from a timer)."""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask

from ...database import commit, data_cipher
from ...extensions import db
from .backup import BackupError, backup, restore
from .retention import purge


def register(app: Flask) -> None:
    app.cli.add_command(purge_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(rotate_data_key_command)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False))
def backup_command(target: str) -> None:
    """Write a full backup of the database to TARGET (SQLite copy or pg_dump custom format)."""
    try:
        path = backup(target)
    except BackupError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"backup written to {path} ({path.stat().st_size} bytes)")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Confirm that the current content will be replaced.")
def restore_command(source: str, yes: bool) -> None:
    """Replace the database's content with the backup in SOURCE."""
    if not yes:
        click.confirm("Every current row will be replaced by the backup's. Continue?", abort=True)
    try:
        restore(source)
    except BackupError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"restored from {source}")


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be removed, remove nothing.")
def purge_command(dry_run: bool) -> None:
    """Remove spent links, old audit events and mail, and orphaned uploads."""
    counts = purge(dry_run=dry_run)
    if not dry_run:
        commit()
    click.echo(("would remove " if dry_run else "removed ") + " ".join(f"{k}={v}" for k, v in counts.items()))


@click.command("rotate-data-key")
def rotate_data_key_command() -> None:
    """Re-encrypt the secrets kept in the database with the current DATA_KEY.

    Set the new key in DATA_KEY and the previous one(s) in OLD_DATA_KEYS, run this,
    then OLD_DATA_KEYS can be emptied.
    """
    cipher = data_cipher()
    rows = db.session.execute(sa.text("SELECT id, totp_secret FROM user_account WHERE totp_secret IS NOT NULL")).all()
    for id_, token in rows:
        db.session.execute(sa.text("UPDATE user_account SET totp_secret = :value WHERE id = :id"),
                           {"id": id_, "value": cipher.rotate(token.encode("ascii")).decode("ascii")})
    db.session.commit()
    click.echo(f"re-encrypted {len(rows)} secret(s)")
