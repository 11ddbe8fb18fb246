"""``flask resources purge SHEET_ID``: erase an archived sheet, its revisions and its files for good."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from ...database import commit
from ...extensions import db
from ...lifecycle import IllegalTransition
from . import services, uploads
from .models import Sheet

group = AppGroup("resources", help="Resource sheets.")


@group.command("purge")
@click.argument("sheet_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def purge(sheet_id: int, yes: bool) -> None:
    """Delete an archived sheet with all its revisions and attachments (cannot be undone)."""
    sheet = db.session.get(Sheet, sheet_id)
    if sheet is None:
        raise click.ClickException(f"no sheet {sheet_id}")
    if not yes:
        click.confirm(f"Erase sheet {sheet_id} ({sheet.title!r}) and its whole history?", abort=True)
    try:
        files = services.purge_sheet(sheet)
    except IllegalTransition:
        raise click.ClickException("archive the sheet first: only archived sheets can be purged")
    commit()
    # Files go only once the rows are gone for sure.
    for stored_name in files:
        uploads.delete_file(stored_name)
    click.echo(f"sheet {sheet_id} purged ({len(files)} file(s) deleted)")


def register(app: Flask) -> None:
    app.cli.add_command(group)
