"""Read iCalendar bytes with vobject, the parser independent of the icalendar package that wrote them.

vobject keeps the first VTIMEZONE it meets for a TZID for the rest of the process, so a feed read
later in the same run would be interpreted through an earlier file's block (which may cover other
years). Every reading starts by forgetting them, so each file is read through its own VTIMEZONEs.
"""
from __future__ import annotations

import vobject


def read(data: bytes | str):
    """The file's VCALENDAR component, parsed by vobject through the file's own VTIMEZONE blocks."""
    getattr(vobject.icalendar, "__tzidMap").clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    return vobject.readOne(data.decode("utf-8") if isinstance(data, bytes) else data)
