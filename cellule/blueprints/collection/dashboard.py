"""The council's aggregates of the main indicators, with small-cell suppression, and SVG charts.

No aggregate computed over fewer than ``MIN_CELL`` PTCE is shown or exported:
such a cell holds ``None`` and is displayed as masked.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from .models import Campaign
from .forwarding import latest_snapshots

MIN_CELL = 3
# variable, statistic, label
INDICATORS = [
    ("jobs_created", "sum", _l("Emplois créés (total)")),
    ("jobs_maintained", "sum", _l("Emplois maintenus (total)")),
    ("current_members", "mean", _l("Membres par PTCE (moyenne)")),
    ("staff_fte", "sum", _l("ETP dédiés à l'animation (total)")),
    ("volunteers", "sum", _l("Bénévoles (total)")),
    ("budget_amount", "median", _l("Budget annuel (médiane, €)")),
    ("share_public_subsidies", "mean", _l("Part des subventions publiques (moyenne, %)")),
    ("decision_sharing", "mean", _l("Partage de la décision, 0 à 5 (moyenne)")),
]
CHARTED = ("jobs_created", "jobs_maintained", "current_members")


@dataclass
class Cell:
    n: int
    value: float | None  # None: masked, fewer than MIN_CELL PTCE

    @property
    def masked(self) -> bool:
        return self.value is None


def aggregate(values: list[float], statistic: str) -> Cell:
    if len(values) < MIN_CELL:
        return Cell(len(values), None)
    compute = {"sum": sum, "mean": statistics.fmean, "median": statistics.median}[statistic]
    return Cell(len(values), round(compute(values), 1))


@dataclass
class Aggregates:
    regions: list[tuple[object, int, dict[str, Cell]]]  # region, PTCE count, cells by variable
    national: dict[str, Cell]
    national_n: int


def compute(campaign: Campaign) -> Aggregates:
    """National and per-region aggregates over the latest forwarded snapshot of each region."""
    regions, pooled = [], {var: [] for var, _, _ in INDICATORS}
    total = 0
    for snap in latest_snapshots(campaign):
        entries = snap.content["responses"]
        total += len(entries)
        cells = {}
        for var, stat, _label in INDICATORS:
            values = [e["answers"][var] for e in entries
                      if isinstance(e["answers"].get(var), (int, float))]
            pooled[var] += values
            cells[var] = aggregate(values, stat)
        regions.append((snap.region, len(entries), cells))
    national = {var: aggregate(pooled[var], stat) for var, stat, _ in INDICATORS}
    return Aggregates(regions, national, total)


def number(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


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
        parts.append(f'<text x="10" y="{bar_h}" class="chart-label">{escape(str(_l("Aucune donnée affichable")))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def charts(data: Aggregates) -> list[dict]:
    """One chart per main indicator: a bar per region whose cell is not masked."""
    out = []
    for var, _stat, label in INDICATORS:
        if var not in CHARTED:
            continue
        items = [(region.name, cells[var].value) for region, _n, cells in data.regions]
        masked = [region.name for region, _n, cells in data.regions if cells[var].masked]
        desc = str(_l("Valeur par région. Masquées (moins de %(n)s PTCE) : %(names)s.", n=MIN_CELL,
                      names=", ".join(masked) or "—"))
        out.append({"var": var, "label": label, "svg": bar_chart(f"chart-{var}", str(label), items, desc),
                    "masked": masked})
    return out


def aggregate_rows(data: Aggregates):
    """Rows of the aggregates CSV; masked cells are empty and flagged."""
    yield ["region", "variable", "statistique", "n", "valeur", "masque"]
    stats = {var: stat for var, stat, _ in INDICATORS}
    for region, _n, cells in data.regions:
        for var, c in cells.items():
            yield [region.code, var, stats[var], c.n, "" if c.masked else c.value, "oui" if c.masked else "non"]
    for var, c in data.national.items():
        yield ["FR", var, stats[var], c.n, "" if c.masked else c.value, "oui" if c.masked else "non"]
