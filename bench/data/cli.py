"""``flask --app cellule bench-data --scale N`` (or ``python -m bench.data``): the benchmark dataset."""
from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from .context import BENCH_ACCOUNTS, BENCH_PASSWORD
from .runner import NotEmpty, generate


@click.command("bench-data")
@click.option("--scale", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
              help="1 ≈ France today (200 PTCE, 5,000 people, 2,000 events); 10 is the growth case.")
@click.option("--seed", type=int, default=2026, show_default=True, help="Same seed, same data.")
@click.option("--reset", "--force", "reset", is_flag=True,
              help="Empty every table but the reference data first (destroys existing data).")
@click.option("--site-url", default="http://localhost", show_default=True,
              help="Address the events' stored VEVENTs link to when SERVER_NAME is not set "
                   "(the default is the test client's, used by bench.ics_cold).")
@with_appcontext
def bench_data(scale: float, seed: int, reset: bool, site_url: str) -> None:
    """Generate the benchmark dataset (refuses a database that already holds data)."""
    started = time.perf_counter()
    try:
        ctx = generate(scale, seed=seed, reset=reset, report=lambda line: click.echo(f"  {line}"),
                       site_url=site_url)
    except NotEmpty as exc:
        raise click.ClickException(
            f"the database already holds data (tables: {exc}); use --reset to empty it first")
    for table, count in sorted(ctx.counts.items()):
        click.echo(f"{table}: {count}")
    click.echo(f"done in {time.perf_counter() - started:.1f} s; sign in as "
               f"{BENCH_ACCOUNTS['coordinator']} (password {BENCH_PASSWORD})")

