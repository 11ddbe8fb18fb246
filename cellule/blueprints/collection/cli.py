"""``flask --app cellule collection …``: the national questionnaire and campaigns from the shell."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from ...database import commit
from . import services

collection = AppGroup("collection", help="Data collection: questionnaire and campaigns.")


@collection.command("init-questionnaire")
def init_questionnaire() -> None:
    """Create the default national questionnaire (version 1, published) if it is missing."""
    q = services.ensure_national_questionnaire()
    commit()
    click.echo(f"{q.code} v{q.version} (id {q.id})")


@collection.command("create-campaign")
@click.option("--year", type=int, required=True)
@click.option("--title", required=True)
@click.option("--opens", "opens_on", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--closes", "closes_on", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--open", "open_now", is_flag=True, help="Open it at once.")
def create_campaign(year: int, title: str, opens_on, closes_on, open_now: bool) -> None:
    """Create a campaign on the latest published national questionnaire."""
    if closes_on < opens_on:
        raise click.BadParameter("must not be before --opens", param_hint="--closes")
    existing = services.campaign_for_year(year)
    if existing is not None:
        raise click.UsageError(f"campaign {existing.id} ({existing.title}) already covers {year}: one per year")
    services.ensure_national_questionnaire()
    published = services.latest_published()
    campaign = services.create_campaign(year, title, date.fromordinal(opens_on.toordinal()),
                                        date.fromordinal(closes_on.toordinal()), published)
    if open_now:
        campaign.open()
    commit()
    click.echo(f"campaign {campaign.id}: {campaign.title} ({campaign.status.value})")


def register(app) -> None:
    app.cli.add_command(collection)
