"""What agenda pages show: the month grid, event times in their own zone, the filters from the URL."""
from __future__ import annotations

import calendar as stdcal
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_name
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ...i18n import current_locale
from ...templating import capfirst
from ...urls import RowLinks
from .feeds import days_between
from .models import Event, EventKind, Shown

PARIS = "Europe/Paris"


@dataclass
class Day:
    day: date
    in_month: bool
    today: bool
    events: list[Event] = field(default_factory=list)
    hidden: int = 0  # events starting this day not shown (« et N autres »)
    list_page: int = 1  # the month list's page holding the first of them


@dataclass
class Month:
    """A month grid, Monday first, with each event placed on every local day it spans."""

    first: date
    weeks: list[list[Day]]

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=32)).replace(day=1)

    @property
    def start(self) -> date:
        return self.weeks[0][0].day

    @property
    def end(self) -> date:
        """The day after the grid's last day."""
        return self.weeks[-1][-1].day + timedelta(days=1)

    @property
    def days(self) -> list[date]:
        return [d.day for week in self.weeks for d in week]

    def days_with_events(self) -> list[Day]:
        return [d for week in self.weeks for d in week if d.in_month and d.events]


def month_grid(first: date, today: date) -> Month:
    weeks = stdcal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return Month(first, [[Day(d, d.month == first.month, d == today) for d in week] for week in weeks])


def place(month: Month, events: list[Event]) -> None:
    """Put each event on the grid's days it covers, by the event's own local dates (kept on the event)."""
    index = {d.day: d for week in month.weeks for d in week}
    start, end, one = month.start, month.end, timedelta(days=1)
    for event in events:
        last = min(event.last_day, end - one)
        day = max(event.local_day, start)
        while day <= last:
            index[day].events.append(event)
            day += one


# The month grid shows at most this many events starting on a day; the others are linked to the list.
PER_DAY = 4


def mark_hidden(month: Month, hidden: dict[int, tuple[int, int]]) -> None:
    """Record on each grid day how many of its events are not shown and the list page of the first."""
    days = [d for week in month.weeks for d in week]
    for index, (count, position) in hidden.items():
        if index < len(days):
            days[index].hidden = count
            days[index].list_page = position // PER_PAGE + 1 if days[index].in_month else 1


def parse_month(value: str | None, today: date) -> date:
    """``YYYY-MM`` from the URL; anything else means the current month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1) if 1900 < year < 2200 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


def parse_kinds(values: list[str]) -> tuple[EventKind, ...] | None:
    """Kinds from ``?type=…`` (repeatable); None if one is unknown."""
    known = {k.value: k for k in EventKind}
    if any(v not in known for v in values):
        return None
    return tuple(dict.fromkeys(known[v] for v in values))


_zone_labels: dict[tuple[str, str], str] = {}


def zone_label(tzid: str) -> str:
    """The zone's long name in the current language (Babel's lookup is slow: kept per process)."""
    key = (tzid, str(current_locale()))
    label = _zone_labels.get(key)
    if label is None:
        label = _zone_labels[key] = get_timezone_name(ZoneInfo(tzid), width="long", locale=current_locale())
    return label


# A month's list is cut in pages of this many events.
PER_PAGE = 50


def zones(regions, national: bool) -> dict[str, tuple[int | None, ...]]:
    """The time zones of an agenda's events: zone → its regions' ids (None: the national events)."""
    found: dict[str, list[int | None]] = {}
    for region in regions:
        found.setdefault(region.timezone, []).append(region.id)
    if national:
        found.setdefault(PARIS, []).append(None)
    return {tz: tuple(ids) for tz, ids in found.items()}


class Links:
    """Each event's link on an agenda page, built without a ``url_for`` per event.

    The month grid links hundreds of events; an event's agenda page differs from
    another's only by its id, so the path is built once per region (``urls.RowLinks``).
    """

    def __init__(self):
        self.links = RowLinks("event_id")
        self._by_region: dict[int | None, Callable[[int], str]] = {}

    def __call__(self, event: Event) -> str:
        if event.url_path:  # a visit's or session's own page
            return event.url_path
        region = event.region
        key = region.id if region is not None else None
        link = self._by_region.get(key)
        if link is None:
            link = self._by_region[key] = (self.links.of("calendar.event", region_slug=region.slug) if region
                                           else self.links.of("calendar.national_event"))
        return link(event.id)


class RegionKeys:
    """What an agenda item shows of its event's region (slug, name, zone): part of the key the item is
    kept under (``kept_fragments``), read from the region once per region and page."""

    def __init__(self):
        self._by_region: dict[int | None, tuple] = {}

    def __call__(self, event: Shown) -> tuple:
        found = self._by_region.get(event.region_id)
        if found is None:
            region = event.region
            found = self._by_region[event.region_id] = ((region.slug, region.name, region.timezone) if region
                                                        else (None, None, event.timezone))
        return found


@dataclass(frozen=True)
class When:
    """An event's date and time in its own zone, and how the viewer should read it."""

    text: str
    short: str  # the time alone, for the month grid
    zone: str | None  # named when it differs from the viewer's zone
    elsewhere: str | None  # the same moment in the viewer's zone, for timed events
    iso: str  # machine-readable start for <time datetime>

    @cached_property
    def listed(self) -> Markup:
        """The month list's time paragraph (its content): the time in the event's zone, that zone if it
        is not the viewer's, then the same moment in the viewer's zone. Written once per value: a
        ``When`` is kept by ``_when`` (the cached property writes the instance's ``__dict__``)."""
        parts = ['<time datetime="', escape(self.iso), '">', escape(capfirst(self.text)), "</time>"]
        if self.zone:
            parts += [", <strong>", escape(self.zone), "</strong>"]
        if self.elsewhere:
            parts += ['<br><span class="meta">(', escape(self.elsewhere), ")</span>"]
        return Markup("".join(parts))


def when(event: Event, viewer_zone: str, locale=None) -> When:
    """How to show an event's time: in its region's zone, naming the zone if it is not the viewer's
    (``locale``: the active one, when the caller has it already)."""
    return _when(event.starts_at, event.ends_at, event.all_day, event.timezone, viewer_zone,
                 locale or current_locale())


@lru_cache(maxsize=4096)
def _when(starts_at: datetime, ends_at: datetime, all_day: bool, tzid: str, viewer_zone: str, locale) -> When:
    """``when`` of an event's times, zone and kind, for a viewer's zone and language; kept by value
    (Babel's formatting is most of a list's cost, and the same events are shown again and again;
    ``locale`` is the active one, whose catalogue translates the texts below)."""
    tz = ZoneInfo(tzid)
    zone = zone_label(tzid) if tzid != viewer_zone else None
    if all_day:
        first, last = days_between(starts_at, ends_at, tzid)
        if first == last:
            text = _("%(day)s, toute la journée", day=format_date(first, "EEEE d MMMM y", locale=locale))
        else:
            text = _("du %(first)s au %(last)s", first=format_date(first, "EEEE d MMMM", locale=locale),
                     last=format_date(last, "EEEE d MMMM y", locale=locale))
        return When(text, _("journée"), None, None, first.isoformat())
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    hours = (format_time(start, "HH:mm", locale=locale), format_time(end, "HH:mm", locale=locale))
    if start.date() == end.date():
        text = _("%(day)s, de %(start)s à %(end)s", day=format_date(start, "EEEE d MMMM y", locale=locale),
                 start=hours[0], end=hours[1])
    else:
        text = _("du %(first)s à %(start)s au %(last)s à %(end)s",
                 first=format_date(start, "EEEE d MMMM y", locale=locale), start=hours[0],
                 last=format_date(end, "EEEE d MMMM y", locale=locale), end=hours[1])
    elsewhere = None
    if zone:
        there = starts_at.astimezone(ZoneInfo(viewer_zone))
        elsewhere = _("soit %(time)s le %(day)s, %(zone)s",
                      time=format_time(there, "HH:mm", locale=locale),
                      day=format_date(there, "d MMMM", locale=locale), zone=zone_label(viewer_zone))
    return When(text, hours[0], zone, elsewhere, start.isoformat())
