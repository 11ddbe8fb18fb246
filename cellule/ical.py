"""iCalendar (RFC 5545) output shared by feeds and email invitations, built with `icalendar`.

Every feature describes its dated things as :class:`IcsEvent`; this module
turns them into VEVENTs with local times (TZID + VTIMEZONE), stable UIDs,
SEQUENCE and DTSTAMP, and into iTIP invitations (METHOD:REQUEST / CANCEL).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from .database import utcnow
from .mail import Attachment

PRODID = "-//cellule//PTCE regional cells//FR"


@dataclass
class IcsEvent:
    """What a calendar needs to know about one dated thing."""

    uid: str
    summary: str
    start: datetime | date  # aware datetime, or a date when all_day
    end: datetime | date
    tzid: str
    sequence: int = 0
    cancelled: bool = False
    location: str | None = None
    online_url: str | None = None
    url: str | None = None
    description: str = ""
    last_modified: datetime | None = None
    categories: tuple[str, ...] = ()


def vevent(item: IcsEvent, stamp: datetime | None = None) -> icalendar.Event:
    """One VEVENT; datetimes carry the region's TZID so clients show the right local time."""
    tz = ZoneInfo(item.tzid)
    if isinstance(item.start, datetime):
        start, end = item.start.astimezone(tz), item.end.astimezone(tz)
    else:
        start, end = item.start, item.end
    description = item.description or ""
    if item.online_url:
        description = f"{description}\n\nEn ligne : {item.online_url}".strip()
    if item.url:
        description = f"{description}\n\n{item.url}".strip()
    event = icalendar.Event.new(
        uid=item.uid, summary=item.summary, start=start, end=end, sequence=item.sequence,
        stamp=stamp or utcnow(), description=description or None,
        status="CANCELLED" if item.cancelled else "CONFIRMED",
        location=item.location or item.online_url or None,
        url=item.url or None,
    )
    if item.categories:
        event.add("categories", list(item.categories))
    if item.last_modified:
        event.add("last-modified", item.last_modified)
    if item.online_url:
        # RFC 7986 CONFERENCE lets clients show a "join" button.
        event.add("conference", item.online_url, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    return event


def calendar(items: list[IcsEvent], *, name: str | None = None, method: str | None = None,
             refresh: timedelta | None = timedelta(hours=1), extra: list | None = None) -> icalendar.Calendar:
    """A VCALENDAR holding the events and one VTIMEZONE per zone they use."""
    cal = icalendar.Calendar.new(prodid=PRODID, method=method, name=name,
                                 refresh_interval=refresh if name else None)
    cal.pop("UID", None)  # Calendar.new invents a random one; feeds must be reproducible.
    if name and refresh:
        cal["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986
        # Older clients (Outlook) read this instead of REFRESH-INTERVAL.
        cal.add("x-published-ttl", icalendar.vDuration(refresh).to_ical().decode())
    stamp = utcnow()
    for item in items:
        # Without METHOD, RFC 5545 makes DTSTAMP the last revision of the stored event:
        # feeds then serialise to the same bytes until something really changes.
        cal.add_component(vevent(item, stamp if method else (item.last_modified or stamp)))
    for component in extra or []:
        cal.add_component(component)
    present = {str(c["TZID"]) for c in cal.walk("VTIMEZONE")}
    first, last = _zone_span(items)
    for tzid in sorted({i.tzid for i in items if isinstance(i.start, datetime)} - present):
        cal.add_component(vtimezone(tzid, first, last))
    return cal


def vtimezone(tzid: str, first: date, last: date) -> icalendar.Timezone:
    """The VTIMEZONE of ``tzid`` for the dates [first, last], one RDATE line per transition.

    icalendar writes a comma-separated RDATE list; vobject (through dateutil) then keeps
    only its first date, and reads a January 2028 event in summer time. One date a line
    is read the same by every parser.
    """
    component = icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)
    for sub in component.subcomponents:
        rdates = sub.pop("RDATE", None)
        for rdate in (rdates if isinstance(rdates, list) else [rdates] if rdates is not None else []):
            for value in rdate.dts:
                sub.add("rdate", value.dt)
    return component


def _zone_span(items: list[IcsEvent]) -> tuple[date, date]:
    """The dates VTIMEZONEs must cover: the events' span with a year's margin (keeps them short)."""
    days = [d.date() if isinstance(d, datetime) else d for item in items for d in (item.start, item.end)]
    if not days:
        return date(1970, 1, 1), date(2038, 1, 1)
    return min(days) - timedelta(days=366), max(days) + timedelta(days=366)


def to_bytes(cal: icalendar.Calendar) -> bytes:
    """Serialised with CRLF line endings and 75-octet folding (icalendar does both)."""
    return cal.to_ical()


def invitation(item: IcsEvent, *, organizer: str, attendee: str, cancel: bool = False) -> Attachment:
    """An iTIP invitation for one attendee: REQUEST, or CANCEL (STATUS:CANCELLED) when called off."""
    if cancel:
        item.cancelled = True
    cal = calendar([item], method="CANCEL" if cancel else "REQUEST", refresh=None)
    for event in cal.walk("VEVENT"):
        event.add("organizer", icalendar.vCalAddress(f"mailto:{organizer}"))
        event.add("attendee", icalendar.vCalAddress(f"mailto:{attendee}"),
                  parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    method = "CANCEL" if cancel else "REQUEST"
    return Attachment("invitation.ics", f"text/calendar; charset=utf-8; method={method}", to_bytes(cal))
