"""``flask --app cellule calendar refresh-ics``: recompute the VEVENT copies stored in event rows."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from . import feeds

calendar_cli = AppGroup("calendar", help="Calendar maintenance.")


@calendar_cli.command("refresh-ics")
@click.option("--base-url", help="The site's public address, e.g. https://cellule.example.org "
                                 "(default: SERVER_NAME and PREFERRED_URL_SCHEME).")
@click.option("--batch", type=click.IntRange(min=1), default=500, show_default=True,
              help="Events per transaction.")
def refresh_ics(base_url: str | None, batch: int) -> None:
    """Store every event's serialised VEVENT again and renew every feed's version.

    Needed after rows were written outside the calendar services (Core updates,
    imports) or a region's name or zone changed; after a change of format or
    site URL, feeds stay correct without it (they serialise events whose copy
    was made for another site or format), only slower.
    """
    written = refresh(base_url, batch, report=lambda done: click.echo(f"  {done} events"))
    site = base_url or f"{current_app.config['PREFERRED_URL_SCHEME']}://{current_app.config['SERVER_NAME']}"
    click.echo(f"{written} events refreshed for {site}")


def refresh(base_url: str | None, batch: int = 500, report=lambda done: None) -> int:
    """Refresh the stored copies as seen from ``base_url`` (or SERVER_NAME); the count written."""
    if base_url:
        with current_app.test_request_context(base_url=base_url):
            return feeds.refresh_stored(batch, report)
    if not current_app.config.get("SERVER_NAME"):
        raise click.UsageError("no SERVER_NAME configured: give the site's address with --base-url")
    return feeds.refresh_stored(batch, report)


def register(app: Flask) -> None:
    app.cli.add_command(calendar_cli)
