"""The benchmark's own registry: which generators make the dataset, in order.

Each entry is ``(name, generate)``; ``generate(ctx, rng)`` receives the shared
context and the seeded stream called ``name``, so adding a generator never
changes another's rows. The foundation (PTCE, people, calendar) comes first:
later generators read ``ctx.ptces``, ``ctx.members``, ``ctx.coordinators`` …
A feature whose pages need benchmark rows adds one module here and one line below.
"""
from __future__ import annotations

from collections.abc import Callable
from random import Random

from . import api, collection, foundation, resources, transfers, visits
from .context import Context

Generator = Callable[[Context, Random], None]

GENERATORS: list[tuple[str, Generator]] = [
    ("directory", foundation.directory),
    ("people", foundation.people),
    ("calendar", foundation.calendar),
    ("visits", visits.generate),
    ("transfers", transfers.generate),
    ("resources", resources.generate),
    ("collection", collection.generate),
    ("api", api.generate),
]
