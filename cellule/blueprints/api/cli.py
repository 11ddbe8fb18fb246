"""``flask --app cellule api-token create --name N``: print a new read-only council API token."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ...database import commit
from . import services

api_token = AppGroup("api-token", help="Council API tokens.")


@api_token.command("create")
@click.option("--name", required=True, help="What the token is for (shown to national admins).")
def create(name: str) -> None:
    """Create a token and print it once; only its hash is stored."""
    if not name.strip():
        raise click.BadParameter("must not be empty", param_hint="--name")
    token, secret = services.create_token(name)
    commit()
    click.echo(secret)


def register(app) -> None:
    app.cli.add_command(api_token)
