"""The lines of a region's transfers overview (cycles, needs, offers), written in Python, each list's page
kept across requests (``OverviewWriter``, used by ``views.market.overview``)."""
from __future__ import annotations

from flask import current_app
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from ...templating import PageWriter
from ...urls import RowLinks
from ..directory.models import Region
from . import queries, rules
from .topics import topic_key, topic_label


class OverviewWriter(PageWriter):
    """The lines of the overview's three lists, each list written in Python as one string (``PageWriter``).
    Per page, not per line: one ``url_for`` per list (``urls.RowLinks``), the column labels, each status,
    topic, day and name once, the declare rule once per PTCE. Each list's page is kept across requests
    under its rows (``kept_lists``, per region: its links and days are the region's; the offers also per
    ``declares``, what the viewer may edit), so a page seen again writes nothing. The HTML is the one the
    template loops wrote (``tests/transfers/test_overview_rows.py``)."""

    def __init__(self, region: Region, user):
        super().__init__()
        self.region, self.user = region, user
        self.cycle_links, self.need_links = RowLinks("cycle_id"), RowLinks("need_id")
        self.offer_links = RowLinks("offer_id")
        self._declare: dict[int, bool] = {}
        self._region_wide: bool | None = None
        self._signed_in = False
        self.kept = dict(context=(region.slug, region.timezone))

    def _topic(self, topic: str, sector: str | None) -> Markup:
        return self.once("topic", topic_key(topic, sector), topic_label)

    def _day(self, value) -> Markup:
        return self.day(value, self.region)

    def declares(self) -> tuple:
        """What the offers' edit links are written from, as a key: the whole region, else the viewer's PTCE
        (none for a visitor)."""
        if self._declares_in_region():
            return ("region",)
        return tuple(sorted(set(self.user.ptce_ids))) if self._signed_in else ()

    def _declares_in_region(self) -> bool:
        """The first part of ``transfers_declare`` (``rules.declare``), asked once a page."""
        if self._region_wide is None:
            self._signed_in = bool(getattr(self.user, "is_authenticated", False))
            self._region_wide = self._signed_in and rules.declares_in_region(self.user, self.region.id)
        return self._region_wide

    def _may_declare(self, ptce_id: int) -> bool:
        """``transfers_declare`` for a PTCE of the region, in its two parts (``rules.declare``): whether the
        viewer declares for the whole region, else whether they belong to the PTCE (asked once per PTCE)."""
        if self._declares_in_region():
            return True
        if ptce_id not in self._declare:
            self._declare[ptce_id] = self._signed_in and self.user.member_of(ptce_id)
        return self._declare[ptce_id]

    def cycles(self, rows) -> Markup:
        """``queries.cycles_statement``'s rows."""
        return Markup("".join([self._cycle(c) for c in queries.listed_cycles(rows)]))

    def _cycle(self, c: queries.ListedCycle) -> str:
        badge = f' <span class="badge">{self.gettext("interrégional")}</span>' if c.cross_region else ""
        return (f'<tr>\n  <th scope="row"><a href="{escape(self.cycle_links("transfers.cycle", c.id))}">'
                f'{escape(c.title)}</a>{badge}</th>\n'
                f'  <td data-label="{self.gettext("Statut")}"><span class="badge status-{escape(c.status.value)}">'
                f'{self.label_of(c.status)}</span></td>\n'
                f'  <td data-label="{self.gettext("Mentor")}">{self.name(c.mentor_name)}</td>\n'
                f'  <td data-label="{self.gettext("Accompagné(s)")}">'
                f'{", ".join([self.name(name) for name, _region in c.mentees])}</td>\n'
                f'  <td data-label="{self.gettext("Sujets")}">{" · ".join([self._topic(k, None) for k in c.topics])}'
                f'</td>\n</tr>')

    def needs(self, needs) -> Markup:
        return Markup("\n    ".join([self._need(n) for n in needs]))

    def _need(self, n) -> str:
        return (f'<tr>\n      <th scope="row">{self.name(n.ptce_name)}</th>\n'
                f'      <td data-label="{self.gettext("Sujet")}">'
                f'<a href="{escape(self.need_links("transfers.need", n.id))}">'
                f'{self._topic(n.topic, n.sector)}</a></td>\n'
                f'      <td data-label="{self.gettext("Statut")}">{self.label_of(n.status)}</td>\n'
                f'      <td data-label="{self.gettext("Déclaré le")}">{self._day(n.created_at)}</td>\n    </tr>')

    def offers(self, offers) -> Markup:
        return Markup("\n    ".join([self._offer(o, self._may_declare(o.ptce_id)) for o in offers]))

    def _offer(self, o, declare: bool) -> str:
        label = self._topic(o.topic, o.sector)
        link = (f'<a href="{escape(self.offer_links("transfers.edit_offer", o.id))}">{self.gettext("Modifier")}'
                f'<span class="visually-hidden"> {label}</span></a>' if declare else "")
        inactive = "" if o.active else f' <span class="badge">{self.gettext("inactive")}</span>'
        description = escape(do_truncate(current_app.jinja_env, o.description, 200))
        return (f'<tr>\n      <th scope="row">{self.name(o.ptce_name)}{inactive}</th>\n'
                f'      <td data-label="{self.gettext("Sujet")}">{label}</td>\n'
                f'      <td data-label="{self.gettext("Ce qui peut être partagé")}">{description}</td>\n'
                f'      <td data-label="{self.gettext("Cycles par an")}">{int(o.capacity_per_year)}</td>\n'
                f'      <td>{link}</td>\n    </tr>')
