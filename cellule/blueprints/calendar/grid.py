"""The month grid's repeated parts, written once per event or per value (issue 20: flat in data).

A full national grid shows up to four events on each of its 42 days and an « et N autres »
link on most of them. Written by Jinja, each event cost a block of calls (its time, its
zone, its link, a dozen escapes) and each hidden count a wording, a date and a ``url_for``:
the page grew with how full the grid was. Here an event's list item is one string built in
Python (every value escaped with markupsafe, as Jinja's autoescape would), and each date
label, count wording and list link is computed once per distinct value. The HTML is the
one the template wrote (``tests/calendar/test_calendar_grid_html.py``). The weeks' cells are then kept
across requests under the events' version and all else they show (``written_weeks``).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from ...extensions import db
from ...l10n import ngettext
from ...templating import PageWriter, capfirst, kept_for_version, kept_fragments, localdate
from . import presenting, versions
from .models import Visibility
from .grid_queries import GridEvent, GridRead
from .presenting import Day, Links, Month, RegionKeys, zone_label

# Between two list items, two cells: the end of line and the next one's indentation in _month.html.
# (Joined as plain text: every part is Markup already, which Markup.join would escape once more.)
_BETWEEN = "\n          "
_BETWEEN_CELLS = "\n      "


class GridWriter(PageWriter):
    """Writes the grid's event items and day wordings for one page (``grid`` in ``_month.html``).

    ``national``: the national agenda, where each event also names its region (for screen
    readers); ``list_url(month)``: the month list's URL (``YYYY-MM``, its first page).
    """

    def __init__(self, viewer_zone: str, national: bool, links: Links,
                 list_url: Callable[[str], str]):
        super().__init__()
        self.viewer_zone = viewer_zone
        self.national = national
        self.links = links
        self.list_url = list_url
        self._items: dict[int, Markup] = {}
        self._urls: dict[str, str] = {}
        self.region_key = RegionKeys()
        self._kept = kept_fragments("grid item", viewer_zone, national)

    def items(self, events: list[GridEvent]) -> Markup:
        """A day's ``<li>`` items, each written once per page however many days it spans."""
        return Markup(_BETWEEN.join([self._items.get(e.id) or self._item(e) for e in events]))

    def _item(self, event: GridEvent) -> Markup:
        """The event's item: kept across requests (``kept_fragments``) under every value it shows."""
        key = (event.id, event.title, event.starts_at, event.all_day, event.cancelled_at, event.visibility,
               event.url_path, self.region_key(event))
        item = self._kept.get(key)
        if item is None:
            item = self._kept[key] = self._write(event)
        self._items[event.id] = item
        return item

    def _write(self, event: GridEvent) -> Markup:
        cancelled = event.cancelled_at is not None
        parts = ['<li class="', "cancelled" if cancelled else "", '"><a href="', escape(self.links(event)), '">']
        if not event.all_day:
            timezone = event.timezone
            parts.append(_clock(event.starts_at, timezone))
            if timezone != self.viewer_zone:
                parts += [' <span class="zone">(', self.once("zone", timezone, zone_label), ")</span>"]
            parts.append(" ")
        if cancelled:
            parts += ["<strong>", self.gettext("Annulé :"), "</strong> "]
        parts.append(escape(event.title))
        if self.national and event.region is not None:
            parts += [' <span class="visually-hidden">— ', self.once("region", event.region.name, str), "</span>"]
        parts.append("</a>")
        if event.visibility is Visibility.MEMBERS:
            parts += [' <span class="badge">', self.gettext("membres"), "</span>"]
        parts.append("</li>")
        return Markup("".join(parts))

    def cells(self, week: list[Day]) -> Markup:
        """A week's ``<td>`` cells: each day's number, its full date (for screen readers, and shown on
        phones), its events and its « et N autres » link."""
        return Markup(_BETWEEN_CELLS.join([self._cell(day) for day in week]))

    def _cell(self, day: Day) -> Markup:
        label = self.label(day.day)
        today = self.gettext("aujourd'hui") if day.today else None
        parts = ['<td class="', "" if day.in_month else "other-month", " today" if day.today else "",
                 " has-events" if day.events else " no-events", '"', ' aria-current="date"' if day.today else "",
                 '>\n        <span class="day-number" aria-hidden="true">', str(day.day.day),
                 '</span>\n        <span class="visually-hidden day-label">', label]
        if today:
            parts += [" (", today, ")"]
        parts += ['</span>\n        <span class="day-full" aria-hidden="true">', self.once("full", day.day, self._full)]
        if today:
            parts += [" · ", today]
        parts.append("</span>")
        if day.events:
            parts += ['\n        <ul class="day-events">\n          ', self.items(day.events), "\n        </ul>"]
        if day.hidden:
            parts += ["\n        ", self.more_link(day, label)]
        parts.append("\n      </td>")
        return Markup("".join(parts))

    def _full(self, day: date) -> Markup:
        return Markup(capfirst(str(self.label(day))))  # escaped already: an entity's « & » has no upper case

    def label(self, day: date) -> Markup:
        """The day's full date (« mardi 1 décembre 2026 »), formatted once per page."""
        return self.once("day", day, localdate)

    def more_link(self, day, label: str) -> Markup:
        """A day's « et N autres » paragraph, linking the month list's page that holds its first hidden event."""
        hint = self.fill("le %(day)s : voir la liste du mois", day=label)
        return Markup("".join(('<p class="day-more"><a href="', escape(self._more_url(day.day, day.list_page)), '">',
                               self._more(day.hidden), '<span class="visually-hidden"> ', hint, "</span></a></p>")))

    def _more(self, count: int) -> Markup:
        """« et N autres », worded once per count."""
        return self.once("more", count, lambda n: ngettext("et %(num)s autre", "et %(num)s autres", n))

    def _more_url(self, day: date, page: int) -> str:
        """The month list's URL at the page holding a day's first hidden event: built once per month,
        the page appended (``?page=`` comes last, as ``url_for`` writes the page's own arguments)."""
        month = day.strftime("%Y-%m")
        url = self._urls.get(month)
        if url is None:
            url = self._urls[month] = self.list_url(month)
        return f"{url}&page={page}" if page > 1 else url


def written_weeks(writer: GridWriter, month: Month, read: Callable[[str | None], GridRead],
                  shown: tuple) -> tuple[list[Markup], int]:
    """The grid's rows (each week's ``<td>`` cells) and the month's event count, written once per version
    of the events (``versions.all_version``, replaced by every change to any event) and per value of
    everything else the cells show, kept across requests (``kept_for_version``).

    ``read(version)``: the grid's events (``grid_queries.month_grid``, kept under the version read here).
    ``shown``: the rest of what the cells are written from, besides the month, the viewer's zone, the
    page's flavour and the language: the day it is where the viewer is (« aujourd'hui »), the events'
    scope (which holds what the viewer may see) and zones, the page's path and query (the list links
    keep its filters), the regions' slugs and names (links, the national grid's names, which no event
    version follows). A full grid of six weeks then costs one lookup, however many events it shows.
    """
    version = versions.all_version(db.session.connection())
    kept = kept_for_version("grid weeks", version, writer.viewer_zone, writer.national) if version else {}
    key = (month.first, *shown)
    found = kept.get(key)
    if found is None:
        grid_read = read(version)
        presenting.place(month, grid_read.events)
        presenting.mark_hidden(month, grid_read.hidden)
        found = kept[key] = ([writer.cells(week) for week in month.weeks], grid_read.dated)
    return found


@lru_cache(maxsize=8192)
def _clock(starts_at: datetime, timezone: str) -> str:
    """An event's start in its zone as the grid writes it, by value: ``<time datetime="…">09:30</time>``
    (an ISO instant holds digits, « - », « : », « T » and « + » only: nothing to escape)."""
    start = starts_at.astimezone(ZoneInfo(timezone))
    return f'<time datetime="{start.isoformat()}">{start.strftime("%H:%M")}</time>'
