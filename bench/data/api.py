"""Benchmark data: the council's API token the load benchmark sends (``BENCH_API_TOKEN``)."""
from __future__ import annotations

from cellule.blueprints.api.models import ApiToken, token_hash

from .context import BENCH_API_TOKEN, Context

def generate(ctx: Context, rng) -> None:
    ctx.insert(ApiToken, [dict(name="Banc d'essai", token_hash=token_hash(BENCH_API_TOKEN),
                               prefix=BENCH_API_TOKEN[:10], created_by_id=ctx.council[0] if ctx.council else None,
                               created_at=ctx.now)])
