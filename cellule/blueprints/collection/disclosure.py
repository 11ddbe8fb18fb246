"""Statistical disclosure control of the council's aggregate tables.

The practice of official statistics (INSEE's « secret statistique », Eurostat's
handbook on SDC, what tau-argus and sdcTable implement) in two steps:

1. *primary suppression* — the threshold rule: a cell computed over fewer than
   ``THRESHOLD`` PTCE is not published; for magnitudes (jobs, members, volunteers …)
   the dominance rule too: nor is a cell where one PTCE holds more than
   ``DOMINANCE`` of the total (INSEE's « règle des 3 unités et des 85 % »), since the
   total would then be close to that PTCE's own figure;
2. *complementary (secondary) suppression* — in every additive relation of a
   table (a total and the cells it adds up), a suppressed cell must not be the
   only unknown, otherwise ``total - published parts`` gives it back. When one
   cell of a relation is suppressed, the cheapest other one (fewest PTCE, then
   smallest value, preferring a non-zero one) is suppressed too; if no part is
   left, the total is. A single PTCE alone in a suppressed cell knows its own
   value, so when two suppressed parts are confidential and one holds a single
   PTCE, a third is suppressed ("singleton" rule, as in tau-argus).

Sums and means are both additive here: a mean is published with its count, so
``mean × n`` is a sum and the two are protected identically. Medians are not
additive and only follow the threshold rule. A cell with no PTCE at all is
"empty": its sum is known to be zero, so it neither needs protection nor can
protect another cell.

This module is the only place that decides what is masked: the dashboard, the
aggregates CSV/XLSX, the data package and the API all read ``dashboard.compute``,
which calls :func:`suppress`.
"""
from __future__ import annotations

from enum import Enum
from typing import Hashable, Iterable, Mapping, Sequence

THRESHOLD = 3
DOMINANCE = 0.85


class Status(str, Enum):
    """What happened to a cell; the value is the code written in exports."""

    PUBLISHED = "diffuse"
    PRIMARY = "secret_primaire"
    SECONDARY = "secret_secondaire"
    EMPTY = "sans_objet"

    @property
    def masked(self) -> bool:
        return self in (Status.PRIMARY, Status.SECONDARY)


Key = Hashable
Relation = tuple[Key, Sequence[Key]]  # (total, parts that add up to it)


def primary(n: int, threshold: int = THRESHOLD) -> Status:
    """The threshold rule alone (for statistics that do not add up, such as medians)."""
    if n == 0:
        return Status.EMPTY
    return Status.PRIMARY if n < threshold else Status.PUBLISHED


def dominated(total: float, largest: float, share: float = DOMINANCE) -> bool:
    """Whether one contribution makes up more than ``share`` of a (non-negative) total."""
    return total > 0 and largest > share * total


def suppress(cells: Mapping[Key, tuple[int, float]], relations: Iterable[Relation],
             threshold: int = THRESHOLD, largest: Mapping[Key, float] | None = None) -> dict[Key, Status]:
    """The status of every cell of an additive table.

    ``cells`` maps a key to ``(n, total)``: how many units contribute and the sum of
    their values. ``relations`` say which cell is the sum of which others (a national
    total and its regions, a region and its départements, …); a cell may take part in
    several relations, and suppression is repeated until every relation is safe.
    ``largest`` (the biggest single contribution of each cell) turns the dominance rule on.
    """
    status = {key: primary(n, threshold) for key, (n, _total) in cells.items()}
    for key, top in (largest or {}).items():
        if status[key] is Status.PUBLISHED and dominated(cells[key][1], top):
            status[key] = Status.PRIMARY
    relations = [(total, list(parts)) for total, parts in relations]
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            pick = _complement(cells, status, total, parts)
            if pick is not None:
                status[pick] = Status.SECONDARY
                changed = True
    return status


def _complement(cells, status, total: Key, parts: list[Key]) -> Key | None:
    """The cell to suppress so that this relation stops revealing one, or None if it is safe."""
    hidden_parts = [k for k in parts if status[k].masked]
    hidden = hidden_parts + ([total] if status[total].masked else [])
    # A single PTCE alone in one of two hidden parts knows it, hence the other: a problem only
    # when that other part is itself confidential (primary).
    singleton = len(hidden_parts) == 2 and len(hidden) == 2 and any(
        cells[k][0] == 1 and status[other] is Status.PRIMARY
        for k, other in (hidden_parts, hidden_parts[::-1]))
    if len(hidden) != 1 and not singleton:
        return None
    candidates = [k for k in parts if status[k] is Status.PUBLISHED]
    if candidates:
        # Cheapest first: a non-zero value (a zero next to a masked zero would let bounds
        # reveal both), then the fewest contributors, then the smallest value.
        return min(candidates, key=lambda k: (cells[k][1] == 0, cells[k][0], abs(cells[k][1]), str(k)))
    if status[total] is Status.PUBLISHED:
        return total
    return None
