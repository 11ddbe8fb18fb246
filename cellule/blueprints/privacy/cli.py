"""``flask purge``: apply the retention periods (run daily from a timer)."""
from __future__ import annotations

import click
from flask import Flask


def register(app: Flask) -> None:
    app.cli.add_command(purge_command)


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be removed, remove nothing.")
def purge_command(dry_run: bool) -> None:
    """Remove spent links, old audit events and mail, and orphaned uploads."""
    from ...database import commit
    from .retention import purge

    counts = purge(dry_run=dry_run)
    if not dry_run:
        commit()
    click.echo(("would remove " if dry_run else "removed ") + " ".join(f"{k}={v}" for k, v in counts.items()))
