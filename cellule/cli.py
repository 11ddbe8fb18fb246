"""Command-line tools: ``flask --app cellule <command>``.

Features add their own commands through a ``cli.py`` exposing ``register(app)``,
demo data through ``demo.py`` exposing ``load()``, and due reminders through
``reminders.py`` exposing ``queue_due(now) -> int``.
"""
from __future__ import annotations

import getpass
import importlib
import secrets

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from . import mail
from .blueprints import feature_modules
from .blueprints.auth import services
from .blueprints.auth.demo import print_logins
from .blueprints.auth.models import PartnerKind, Role
from .blueprints.auth.passwords import problem
from .blueprints.directory.models import Ptce, Region
from .database import commit, utcnow
from .extensions import db


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(users)
    app.cli.add_command(outbox)
    app.cli.add_command(reminders)
    for module in feature_modules("cli"):
        module.register(app)
    _add_benchmark_commands(app)


# The benchmark's dataset command. Its code lives outside the application, in the repository's
# bench/ package (not part of an installed release); its name ``flask bench-data`` is public
# (README, docs/performance.md), so a checkout keeps offering it. Imported by name at app creation:
# bench/ imports the application, never the reverse, and a release without bench/ simply lacks it.
BENCH_COMMANDS = "bench.data.cli"


def _add_benchmark_commands(app: Flask) -> None:
    try:
        module = importlib.import_module(BENCH_COMMANDS)
    except ModuleNotFoundError as exc:
        if exc.name not in ("bench", "bench.data", BENCH_COMMANDS):
            raise
        return
    app.cli.add_command(module.bench_data)


@click.command("demo")
def demo_command() -> None:
    """Load the demo data (idempotent: running it twice changes nothing)."""
    for module in feature_modules("demo"):
        module.load()
        db.session.flush()
    commit()
    print_logins()


users = AppGroup("users", help="Manage people.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True,
              type=click.Choice(["council_admin", "council_observer", "coordinator", "ptce_member", "partner"]))
@click.option("--region", "region_code", help="Region INSEE code or slug (coordinator, partner).")
@click.option("--ptce", "ptce_slug", help="PTCE slug (ptce_member).")
@click.option("--referent", is_flag=True, help="With ptce_member: the PTCE's referent.")
@click.option("--partner-kind", type=click.Choice(["elected", "technician", "other"]), default="other")
@click.option("--password", help="Omit to be asked, or to print a generated one with --generate.")
@click.option("--generate", is_flag=True, help="Generate and print a password.")
def users_create(email, name, role, region_code, ptce_slug, referent, partner_kind, password, generate):
    """Create a person (or add a role to an existing one)."""
    region = ptce = None
    if region_code:
        region = db.session.scalar(sa.select(Region).where(
            sa.or_(Region.code == region_code, Region.slug == region_code)))
        if region is None:
            raise click.BadParameter(f"unknown region {region_code!r}", param_hint="--region")
    if ptce_slug:
        ptce = db.session.scalar(sa.select(Ptce).where(Ptce.slug == ptce_slug))
        if ptce is None:
            raise click.BadParameter(f"unknown PTCE {ptce_slug!r}", param_hint="--ptce")
    user = services.find_user(email)
    if user is None:
        if generate:
            password = secrets.token_urlsafe(15)
        elif not password:
            password = getpass.getpass("Password: ")
        if problem(password):
            raise click.BadParameter(problem(password), param_hint="--password")
        user = services.create_user(email, name, password)
    try:
        services.grant(user, Role(role), region=region, ptce=ptce, referent=referent,
                       partner_kind=PartnerKind(partner_kind) if role == "partner" else None)
    except services.RoleError as exc:
        raise click.UsageError(str(exc))
    commit()
    click.echo(f"{user.email}: {role}" + (f" (password: {password})" if generate else ""))


outbox = AppGroup("outbox", help="The mail outbox.")


@outbox.command("send")
@click.option("--limit", default=500, show_default=True)
def outbox_send(limit: int) -> None:
    """Deliver queued mail once (run from a timer)."""
    counts = mail.deliver_due(limit)
    click.echo(f"sent={counts['sent']} retry={counts['retry']} failed={counts['failed']}")


reminders = AppGroup("reminders", help="Reminders before visits and sessions.")


@reminders.command("send")
def reminders_send() -> None:
    """Queue every reminder that is due (each feature decides what is due)."""
    now = utcnow()
    total = 0
    for module in feature_modules("reminders"):
        total += module.queue_due(now)
    commit()
    click.echo(f"queued={total}")
