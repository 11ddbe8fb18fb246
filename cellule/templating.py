"""Jinja filters and globals shared by every template: local times, Markdown, the region list."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask import current_app, g, has_request_context, request
from flask_login import current_user
from flask_babel import gettext as _
from markupsafe import Markup, escape

from . import forms, submissions
from .database import utcnow
from .i18n import current_locale, current_translations
from .localtime import NATION, offset_label, zone_city
from .outcomes import field_errors
from .records import record_name
from .text import render_markdown
from .urls import kept_url, row_link


def _zone(where) -> ZoneInfo:
    """A ZoneInfo from a Region, anything with ``timezone``, or a zone name."""
    if where is None:
        return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if isinstance(where, ZoneInfo):
        return where
    return ZoneInfo(getattr(where, "timezone", where))


# Babel's formatting costs a few hundred Python calls a value, and a list page formats the same
# instants on every request. What it returns depends on nothing but its arguments (the locale
# included, and the catalogue of that locale for the texts that join hours), so the strings are
# kept by value: a page's cost then stays flat however many times its rows were shown before.
FORMATTED = 4096


@lru_cache(maxsize=FORMATTED)
def _datetime_text(value: datetime, zone: ZoneInfo, fmt: str, locale) -> str:
    return format_datetime(value.astimezone(zone), fmt, locale=locale)


@lru_cache(maxsize=FORMATTED)
def _date_text(value: date, fmt: str, locale) -> str:
    return format_date(value, fmt, locale=locale)


def localdatetime(value: datetime | None, where=None, fmt: str = "d MMMM y 'à' HH:mm") -> str:
    """A UTC timestamp shown in the time zone of ``where`` (a region), in the interface language."""
    if value is None:
        return ""
    locale = current_locale()
    if fmt == "d MMMM y 'à' HH:mm" and str(locale) == "en":
        fmt = "d MMMM y 'at' HH:mm"
    return _datetime_text(value, _zone(where), fmt, locale)


def localdate(value: datetime | date | None, where=None, fmt: str = "EEEE d MMMM y") -> str:
    """The calendar date of ``value`` in the zone of ``where``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(_zone(where)).date()
    return _date_text(value, fmt, current_locale())


class PageWriter:
    """What the Python writers of a page's repeated HTML share: the month grid (``calendar/grid.py``),
    the sheets review (``resources.views.display.ReviewWriter``), the transfers overview
    (``transfers.overview_lines.OverviewWriter``).

    A list written by a Jinja loop costs a block of calls per row; these write each row as one string
    instead. What they write is kept across requests: a list read by one statement, whole, under its rows
    (``kept_lists``: the review, the overview); items read with objects, each under the values it shows
    (``kept_fragments``: the month list, the directory's cards); a month grid whole, under the events'
    version (``kept_for_version``). Every value goes through markupsafe's ``escape``, as Jinja's
    autoescape would; texts are translated as the template's ``_()`` translates them (``gettext``); what
    a page repeats (a label, a day, a name) is worked out and escaped once per page (``once``). Each
    writer has a test holding the template loop it replaced and comparing the bytes. Prefer a template with rows prepared in Python
    (``resources.views.display.library_rows``, the visits cards) where that is light enough.
    """

    def __init__(self):
        self._translations = current_translations()
        self._kept: dict = {}

    def gettext(self, string: str, **variables) -> Markup:
        """What the template's ``_()`` writes: the translation, safe, ``%`` its escaped variables
        (a text without variables is translated once per page)."""
        if not variables:
            return self.once("text", string, self._translated)
        return Markup(self._translations.ugettext(string)) % variables

    def fill(self, string: str, **variables) -> Markup:
        """``gettext`` with variables, for a text a page writes many times: the translation is found
        once per page (safe, as the template's ``_()`` takes it), each variable escaped unless it is
        Markup already (from ``once``), then put in by ``str``'s ``%``."""
        variables = {key: value if isinstance(value, Markup) else escape(value) for key, value in variables.items()}
        template = self._kept.get(("fill", string))
        if template is None:
            template = self._kept[("fill", string)] = self._translations.ugettext(string)
        return Markup(template % variables)

    def _translated(self, string: str) -> Markup:
        text = Markup(self._translations.ugettext(string))
        return text % {} if "%" in text else text

    def day(self, value: datetime | date | None, where=None) -> Markup:
        """``value|localdate(where)``, formatted once per calendar day: a list's timestamps are all
        different, their days few."""
        if isinstance(value, datetime):
            zone = self._kept.get(("zone", where))
            if zone is None:
                zone = self._kept[("zone", where)] = _zone(where)
            value = value.astimezone(zone).date()
        return self.once("day", value, localdate)

    def label_of(self, member) -> Markup:
        """A ``LabelledEnum`` member's label (a status, a scope), translated and escaped once per page."""
        return self.once("label", member, lambda m: str(m.label))

    def name(self, name: str) -> Markup:
        """A person's, a PTCE's or a region's name, escaped once per page (a page names a few, many times)."""
        return self.once("name", name, str)

    def once(self, kind: str, key, make) -> Markup:
        """``make(key)`` escaped, worked out once per page for each ``kind`` and ``key``."""
        found = self._kept.get((kind, key))
        if found is None:
            found = self._kept[(kind, key)] = escape(make(key))
        return found


# HTML fragments kept across requests (``kept_fragments``), per application: its URL map, whose paths
# the fragments hold, weakly (a test's application goes with its fragments).
_FRAGMENTS: WeakKeyDictionary = WeakKeyDictionary()
FRAGMENTS_MAX = 8192


def _per_context(kind: str, context: tuple) -> tuple[dict, tuple]:
    """The application's store of kept fragments (per URL map) and the key of one kind and context in it:
    the mount point, the kind, the language and ``context``."""
    per_app = _FRAGMENTS.get(current_app.url_map)
    if per_app is None:
        per_app = _FRAGMENTS[current_app.url_map] = {}
    return per_app, (request.script_root if has_request_context() else None, kind, str(current_locale()), *context)


def kept_fragments(kind: str, *context, limit: int = FRAGMENTS_MAX) -> dict:
    """A dict where a writer keeps the HTML of rows across requests, for one ``kind`` of row and one context:
    the application and its mount point, the language, and ``context`` (the viewer's zone, the page's
    flavour). A fragment's key holds every other value it is written from (the row's shown columns), so
    an event changed is written again under its new key, never served stale. Emptied past ``limit``
    fragments (``FRAGMENTS_MAX`` lines; a smaller bound for larger parts, ``kept_lists``)."""
    per_app, key = _per_context(kind, context)
    kept = per_app.get(key)
    if kept is None or len(kept) > limit:
        kept = per_app[key] = {}
    return kept


def kept_for_version(kind: str, version, *context, limit: int = 64) -> dict:
    """A dict where a page keeps what it wrote from one version of its data (``version``: a value
    replaced by every change to that data), for one ``kind`` of part and one context, as
    ``kept_fragments``: the application and its mount point, the language, ``context``. A new version
    empties it, and so does reaching ``limit`` entries: a page's whole part (a month grid) is large, and
    the parts of older versions are never asked for again."""
    per_app, key = _per_context(kind, context)
    found = per_app.get(key)
    if found is None or found[0] != version or len(found[1]) >= limit:
        found = per_app[key] = (version, {})
    return found[1]


def zonename(where, when: datetime | None = None) -> str:
    """A zone as people read it: its reference city and offset at ``when`` (default now).

    Pass the instant being shown (an expiry, an event's start): the offset of today is
    wrong for a date on the other side of a clock change.

    E.g. "Paris (UTC+02:00)" in summer, "La Réunion (UTC+04:00)", "Cayenne (UTC−03:00)".
    """
    zone = _zone(where)
    return f"{zone_city(zone)} ({offset_label((when or utcnow()).astimezone(zone))})"


def zonetime(where, when: datetime) -> str:
    """The zone as the words that follow a date: « heure de Paris (UTC+01:00) », « Paris time
    (GMT+01:00) ». Written after a comma, never inside brackets, where the offset's own
    brackets would nest (« (Paris (UTC+01:00)) »)."""
    zone = _zone(where)
    return _("heure de %(city)s (%(offset)s)", city=zone_city(zone), offset=offset_label(when.astimezone(zone)))


def reader_zone(where=None, user=None) -> str:
    """The zone the reader lives in: one of their regions' (the event's own when it is one of them),
    else the page's region for a visitor, else the nation's (Paris)."""
    event_zone = _zone(where).key
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    zones = [m.region.timezone for m in user.memberships if m.region] if user is not None else []
    if zones:
        return event_zone if event_zone in zones else zones[0]
    if user is None and has_request_context() and g.get("region") is not None:
        return g.region.timezone
    return NATION


def timespan(start: datetime, end: datetime | None, where, reader=None) -> str:
    """Hours of an event in its own zone, with the offset of its own date, then in the reader's zone
    when it differs: « de 14:00 à 17:00, heure de La Réunion (UTC+04:00) (de 12:00 à 15:00 heure de
    Paris) ». ``reader`` is a person (mails), a zone name, or None for whoever reads the page."""
    zone = _zone(where)
    there = reader if isinstance(reader, str) else reader_zone(where, reader)
    return _timespan(start, end, zone, there, current_locale())


@lru_cache(maxsize=FORMATTED)
def _timespan(start: datetime, end: datetime | None, zone: ZoneInfo, there: str, locale) -> str:
    """``timespan`` once its zones and language are known (``locale`` is the active one: the
    texts below are translated with its catalogue)."""
    text = _hours(start, end, zone, locale)
    text = _("%(hours)s, heure de %(city)s (%(offset)s)", hours=text, city=zone_city(zone),
             offset=offset_label(start.astimezone(zone)))
    if there == zone.key:
        return text
    other = ZoneInfo(there)
    hours = _hours(start, end, other, locale)
    if start.astimezone(other).date() != start.astimezone(zone).date():
        hours = _("le %(day)s, %(hours)s", day=_date_text(start.astimezone(other).date(), "EEEE d MMMM", locale),
                  hours=hours)
    return _("%(here)s (%(there)s heure de %(city)s)", here=text, there=hours, city=zone_city(other))


def _hours(start: datetime, end: datetime | None, zone: ZoneInfo, locale) -> str:
    first = _datetime_text(start, zone, "HH:mm", locale)
    if end is None:
        return first
    return _("de %(start)s à %(end)s", start=first, end=_datetime_text(end, zone, "HH:mm", locale))


def announce(message: str) -> str:
    """Called by the error summary while the page renders: the page title will start with ``message``.

    base.html renders the content block before the ``<title>``, so a form's
    errors reach the title as surely as a flashed message does.
    """
    # Kept on the request, not on g: an application context may outlive one request.
    if has_request_context() and not hasattr(request, "_page_alert"):
        request._page_alert = str(message)
    return ""


def page_alert() -> str | None:
    return getattr(request, "_page_alert", None) if has_request_context() else None


def code(value) -> Markup:
    """A code meant for analysts (a variable, a CSV column), in the muted code style."""
    return Markup('<code class="code">%s</code>') % value


def capfirst(value) -> str:
    """The first letter upper case, the rest as written (Jinja's ``capitalize`` lowers the rest: « Tuesday,
    december 1 » in English)."""
    text = value if isinstance(value, str) else str(value)
    return text[:1].upper() + text[1:]  # a Markup stays one (its slices are)


def init_app(app) -> None:
    app.jinja_env.filters["capfirst"] = capfirst
    app.jinja_env.filters["localdatetime"] = localdatetime
    app.jinja_env.filters["localdate"] = localdate
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["record_name"] = record_name
    app.jinja_env.filters["code"] = code
    app.jinja_env.globals["zonename"] = zonename
    app.jinja_env.globals["row_link"] = row_link  # a list's links to its rows, one url_for per list
    app.jinja_env.globals["kept_url"] = kept_url  # a page's pager links, built once per application
    app.jinja_env.globals["zonetime"] = zonetime
    app.jinja_env.globals["timespan"] = timespan
    app.jinja_env.globals["zonecity"] = zone_city
    app.jinja_env.globals.update(announce=announce, page_alert=page_alert, field_errors=field_errors)
    app.jinja_env.globals["get_locale"] = current_locale
    app.jinja_env.globals["submission_field"] = submissions.hidden_input  # create forms: one object per key
    app.jinja_env.globals.update(render_field=forms.render_field, hidden_fields=forms.hidden_fields)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
