"""The month list's items, written once per event in Python (issue 20: flat in data).

A page of the list shows up to 50 events. Written by a Jinja loop, each cost a block of calls
(its time, its type's lazy label, its region, its link, a dozen escapes): the region's list cost
twice as much at 50 events as at 6. Here each ``<li>`` is one string (every value escaped with
markupsafe, as Jinja's autoescape would); what a page repeats (a type's label, a region's name) is
worked out once per page, a time's paragraph once per value (``presenting.When.listed``). The HTML
is the one the template wrote (``tests/calendar/test_calendar_list_html.py``). A page's items are then
kept whole across requests under the events' version and all else they show (``written_items``), as
the grid's weeks are (``grid.written_weeks``).
"""
from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from markupsafe import Markup, escape

from ...extensions import db
from ...i18n import current_locale
from ...paging import Pages
from ...templating import PageWriter, kept_for_version, kept_fragments
from . import versions
from .models import Visibility
from .month_queries import ListEvent
from .presenting import Links, RegionKeys, when


_LABEL = attrgetter("label")  # a type's label in the active language (a lazy text)


class ListWriter(PageWriter):
    """Writes the month list's items for one page (``events`` in ``_list.html``), in the viewer's zone."""

    def __init__(self, viewer_zone: str, links: Links):
        super().__init__()
        self.viewer_zone = viewer_zone
        self.links = links
        self.locale = current_locale()
        self.region_key = RegionKeys()
        self._kept = kept_fragments("list item", viewer_zone)

    def items(self, events: list[ListEvent]) -> Markup:
        """The page's ``<li class="card">`` items, each followed by its end of line."""
        return Markup("".join([self._item(event) for event in events]))

    def _item(self, event: ListEvent) -> str:
        """The event's item: kept across requests (``kept_fragments``) under every value it shows."""
        key = (event.id, event.title, event.starts_at, event.ends_at, event.all_day, event.cancelled_at,
               event.visibility, event.url_path, event.kind, event.location, event.online_url,
               self.region_key(event))
        item = self._kept.get(key)
        if item is None:
            item = self._kept[key] = self._write(event)
        return item

    def _write(self, event: ListEvent) -> str:
        cancelled = event.cancelled_at is not None
        shown = when(event, self.viewer_zone, self.locale)
        parts = ['  <li class="card', " cancelled" if cancelled else "", '">\n    <h3 class="h3"><a href="',
                 escape(self.links(event)), '">']
        if cancelled:
            parts += [self.gettext("Annulé :"), " "]
        parts += [escape(event.title), "</a></h3>\n    <p>", shown.listed,
                  '</p>\n    <p class="meta">', self.once("kind", event.kind, _LABEL), " · ",
                  self.once("region", event.region.name, str) if event.region else self.gettext("National"), "\n"]
        if event.location:
            parts += [" · ", escape(event.location)]
        if event.online_url:
            parts += [" · ", self.gettext("en ligne")]
        if event.visibility is Visibility.MEMBERS:
            parts += [' · <span class="badge">', self.gettext("réservé aux membres"), "</span>"]
        parts.append("</p>\n  </li>\n")
        return "".join(parts)



def written_items(writer: ListWriter, read: Callable[[str | None], tuple[list[ListEvent], Pages]],
                  shown: tuple) -> tuple[Markup, Pages]:
    """A page of the month's list: its items and where the page stands, written once per version of the
    events (``versions.all_version``, replaced by every change to any event) and per value of everything
    else the items show, kept across requests (``kept_for_version``, per viewer's zone).

    ``read(version)``: the page's events and pages (``month_queries.month_page``, kept under the version
    read here). ``shown``: the rest of what the items are written from, besides the zone and the
    language: the month, the events' scope (which holds what the viewer may see) and zones, the page's
    path and query (its page and filters), the regions' slugs and names (links, names, which no event
    version follows). A full page of 50 events then costs one lookup."""
    version = versions.all_version(db.session.connection())
    kept = kept_for_version("list items", version, writer.viewer_zone) if version else {}
    found = kept.get(shown)
    if found is None:
        events, pages = read(version)
        found = kept[shown] = (writer.items(events), pages)
    return found
