"""The council's aggregates of the main indicators, with disclosure control, and SVG charts.

What is masked is decided by ``disclosure.suppress`` (threshold rule plus
complementary suppression); a masked cell holds ``None``. The dashboard, the
aggregates exports, the data package and the API all read :func:`compute`.
"""
from __future__ import annotations

import statistics
from collections import OrderedDict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from ... import l10n
from . import disclosure
from .disclosure import Status
from .indicators import INDICATORS
from .models import Campaign
from .snapshots import Snapshot, figures_of, latest_summaries

MIN_CELL = disclosure.THRESHOLD
NATIONAL = "FR"
CHARTED = ("jobs_created", "jobs_maintained", "current_members")
# Counts of people or jobs: one PTCE must not dominate a published total (dominance rule).
MAGNITUDES = {"jobs_created", "jobs_maintained", "current_members", "staff_fte", "volunteers"}
UNITS = {"budget_amount": "€", "share_public_subsidies": "%", "staff_fte": "ETP"}


@dataclass
class Cell:
    n: int
    value: float | int | None  # None: masked or empty
    status: Status = Status.PUBLISHED

    @property
    def masked(self) -> bool:
        return self.value is None


def _rounded(value: float) -> float | int:
    """One decimal; a whole number stays an int so that exports never write ``22.0``."""
    value = round(value, 1)
    return int(value) if float(value).is_integer() else value


def _statistic(values: list[float], statistic: str) -> float | int:
    compute = {"sum": sum, "mean": statistics.fmean, "median": statistics.median}[statistic]
    return _rounded(compute(values))


def protect(values: dict[object, list[float]], statistic: str, national: object = NATIONAL,
            magnitude: bool = False) -> dict[object, Cell]:
    """The cells of one indicator: ``values`` by region key, the national cell under ``national``;
    a ``magnitude`` also follows the dominance rule."""
    pooled = [v for vals in values.values() for v in vals]
    everything = {**values, national: pooled}
    if statistic == "median":  # not additive: the threshold rule is enough
        status = {key: disclosure.primary(len(vals)) for key, vals in everything.items()}
    else:  # a mean is published with its n, so mean × n is a sum: protected as one
        largest = {key: max(vals) for key, vals in everything.items() if vals} if magnitude else None
        status = disclosure.suppress({key: (len(vals), sum(vals)) for key, vals in everything.items()},
                                     [(national, list(values))], largest=largest)
    return {key: Cell(len(vals), _statistic(vals, statistic) if status[key] is Status.PUBLISHED else None,
                      status[key]) for key, vals in everything.items()}


@dataclass
class Aggregates:
    regions: list[tuple[object, int, dict[str, Cell]]]  # region, PTCE count, cells by variable
    national: dict[str, Cell]
    national_n: int
    # What pages render of these aggregates, by what else it depends on (its language): kept with
    # them in the memo below, so that it is rendered once per set of snapshots (see ``shown``).
    kept: dict = field(default_factory=dict, repr=False, compare=False)

    def shown(self, key: tuple, render) -> Markup:
        """``render()`` (the HTML of these aggregates as ``key`` asks: language, region names),
        rendered on the first call with that key and kept as long as the aggregates are."""
        found = self.kept.get(key)
        if found is None:
            found = self.kept[key] = Markup(render())
        return found


# Aggregates of a set of snapshots, by their ids and hashes: immutable rows give immutable results.
_MEMO: OrderedDict[tuple, tuple[list[int], dict, dict]] = OrderedDict()
MEMO_SIZE = 64


def compute(campaign: Campaign, snaps: list[Snapshot] | None = None) -> Aggregates:
    """National and per-region aggregates over the latest forwarded snapshot of each region.

    The result for a given set of snapshots is kept in-process, keyed by their ids, hashes and
    the disclosure parameters: only when it is not known are their stored figures read
    (``snapshots.figures_of``), so that a page's cost does not grow with the answers.
    """
    snaps = latest_summaries(campaign) if snaps is None else snaps
    key = (disclosure.THRESHOLD, disclosure.DOMINANCE, tuple((s.id, s.content_hash) for s in snaps))
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = (*_cells([s.ptce_count for s in snaps], figures_of(snaps)), {})
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    else:
        _MEMO.move_to_end(key)
    counts, by_index, kept = found
    regions = [(snap.region, counts[i], dict(by_index[i])) for i, snap in enumerate(snaps)]
    return Aggregates(regions, dict(by_index[NATIONAL]), sum(counts), kept)


def _cells(counts: list[int], figures: list[dict[str, list]]) -> tuple[list[int], dict]:
    by_index: dict = {i: {} for i in range(len(figures))} | {NATIONAL: {}}
    for var, stat, _label in INDICATORS:
        values = {i: numbers[var] for i, numbers in enumerate(figures)}
        for key, cell in protect(values, stat, magnitude=var in MAGNITUDES).items():
            by_index[key][var] = cell
    return counts, by_index


def number(value: float | None) -> str:
    """An aggregate as shown: grouped digits, at most one decimal, in the reader's language."""
    return l10n.number(value, max_digits=1)


def bar_chart(chart_id: str, title: str, items: list[tuple[str, float | None]], desc: str) -> Markup:
    """A horizontal bar chart as inline SVG with a title and a description; masked items are noted."""
    shown = [(label, v) for label, v in items if v is not None]
    width, label_w, bar_h, gap = 640, 220, 22, 8
    height = max(1, len(shown)) * (bar_h + gap) + gap
    top = max((v for _, v in shown), default=0) or 1
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>']
    for i, (label, value) in enumerate(shown):
        y = gap + i * (bar_h + gap)
        length = (width - label_w - 80) * value / top
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" '
                     f'class="chart-label">{escape(label[:32])}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{max(length, 1):.1f}" height="{bar_h}" class="chart-bar"/>'
                     f'<text x="{label_w + length + 6:.1f}" y="{y + bar_h * 0.7:.1f}" '
                     f'class="chart-value">{escape(number(value))}</text>')
    if not shown:
        empty = _l("Aucune donnée affichable")  # outside the f-string, where babel's extractor sees it
        parts.append(f'<text x="10" y="{bar_h}" class="chart-label">{escape(str(empty))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def charts(data: Aggregates) -> list[dict]:
    """One chart per main indicator: a bar per region whose cell is not masked."""
    out = []
    for var, _stat, label in INDICATORS:
        if var not in CHARTED:
            continue
        items = [(region.name, cells[var].value) for region, _n, cells in data.regions]
        masked = [region.name for region, _n, cells in data.regions if cells[var].status.masked]
        desc = str(_l("Valeur par région. Masquées (secret statistique) : %(names)s.",
                      names=", ".join(masked) or "—"))
        out.append({"var": var, "label": label, "svg": bar_chart(f"chart-{var}", str(label), items, desc),
                    "masked": masked})
    return out
