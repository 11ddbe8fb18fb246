"""An intruder's attack on published aggregates: which masked cells can be recomputed exactly?

Written independently of ``cellule.blueprints.collection.disclosure``: it only reads
what is published (rows of the aggregates table) and solves the linear system an
analyst can write down, with exact rational arithmetic (``fractions``).

For each additive indicator (sums, and means published with their n: ``mean × n``
is a sum), the unknowns are the sums of every cell; the equations are

* a published cell: ``x_c = value`` (``value × n`` for a mean);
* a cell with n = 0: ``x_c = 0``;
* the national cell is the sum of the regions: ``x_FR − Σ x_r = 0``;
* optionally, what a single PTCE alone in a cell knows: its own cell (it then must not
  recompute a confidential cell: one over fewer than ``THRESHOLD`` PTCE, or one the rows
  mark as a primary secret).

A masked cell ``j`` is recoverable iff the unit vector ``e_j`` lies in the row space
of that system (its value does not matter, only which cells are shown).
"""
from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

NATIONAL = "FR"
THRESHOLD = 3


def rank(rows: list[list[Fraction]]) -> int:
    """Rank by Gaussian elimination over the rationals."""
    matrix = [list(r) for r in rows]
    rank_, cols = 0, len(matrix[0]) if matrix else 0
    for col in range(cols):
        pivot = next((i for i in range(rank_, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank_], matrix[pivot] = matrix[pivot], matrix[rank_]
        for i in range(len(matrix)):
            if i != rank_ and matrix[i][col] != 0:
                factor = matrix[i][col] / matrix[rank_][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[rank_])]
        rank_ += 1
    return rank_


def determined(equations: list[list[Fraction]], j: int, size: int) -> bool:
    unit = [Fraction(int(i == j)) for i in range(size)]
    return rank(equations + [unit]) == rank(equations) if equations else False


def _value(status) -> str | None:
    return getattr(status, "value", status)


def recoverable(rows: list[dict], singletons: bool = True) -> list[tuple[str, str]]:
    """(region, variable) of every masked cell an intruder can recompute from ``rows``.

    ``rows`` are dicts with region, variable, statistic, n, value, status; a masked cell
    has ``value`` None. With ``singletons``, the attack is also run by each PTCE alone
    in a masked cell, who knows that cell.
    """
    by_var: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row["statistic"] in ("sum", "mean"):
            by_var[row["variable"]].append(row)
    found = []
    for var, cells in by_var.items():
        keys = [c["region"] for c in cells]
        index = {k: i for i, k in enumerate(keys)}
        size = len(keys)

        def unit(k):
            return [Fraction(int(i == index[k])) for i in range(size)]

        base = [unit(c["region"]) for c in cells if c["value"] is not None or int(c["n"]) == 0]
        if NATIONAL in index:
            base.append([Fraction(1 if k == NATIONAL else -1) for k in keys])
        masked = [c for c in cells if c["value"] is None and int(c["n"]) > 0]
        insiders = [None] + ([c["region"] for c in masked if int(c["n"]) == 1 and c["region"] != NATIONAL]
                             if singletons else [])
        for insider in insiders:
            equations = base + ([unit(insider)] if insider else [])
            for c in masked:
                confidential = int(c["n"]) < THRESHOLD or _value(c.get("status")) == "secret_primaire"
                if insider and (not confidential or c["region"] == NATIONAL and int(c["n"]) == 1):
                    continue  # not confidential, or the insider's own value
                if c["region"] != insider and determined(equations, index[c["region"]], size):
                    found.append((c["region"], var) if insider is None else (c["region"], var, insider))
    return found
