"""Jinja filters and globals shared by every template: local times, Markdown, the region list."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, get_timezone_gmt, get_timezone_location
from flask import current_app, has_request_context, request
from flask_babel import get_locale

from .outcomes import field_errors
from .text import render_markdown


def _zone(where) -> ZoneInfo:
    """A ZoneInfo from a Region, anything with ``timezone``, or a zone name."""
    if where is None:
        return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if isinstance(where, ZoneInfo):
        return where
    return ZoneInfo(getattr(where, "timezone", where))


def localdatetime(value: datetime | None, where=None, fmt: str = "d MMMM y 'à' HH:mm") -> str:
    """A UTC timestamp shown in the time zone of ``where`` (a region), in the interface language."""
    if value is None:
        return ""
    locale = get_locale()
    if fmt == "d MMMM y 'à' HH:mm" and str(locale) == "en":
        fmt = "d MMMM y 'at' HH:mm"
    return format_datetime(value.astimezone(_zone(where)), fmt, locale=locale)


def localdate(value: datetime | date | None, where=None, fmt: str = "EEEE d MMMM y") -> str:
    """The calendar date of ``value`` in the zone of ``where``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(_zone(where)).date()
    return format_date(value, fmt, locale=get_locale())


def zonename(where, when: datetime | None = None) -> str:
    """A zone as people read it: its reference city and offset at ``when`` (default now).

    E.g. "Paris (UTC+02:00)" in summer, "La Réunion (UTC+04:00)", "Cayenne (UTC−03:00)".
    """
    from .database import utcnow

    zone = _zone(where)
    moment = (when or utcnow()).astimezone(zone)
    city = get_timezone_location(zone, locale=get_locale(), return_city=True)
    return f"{city} ({get_timezone_gmt(moment, 'long', locale=get_locale())})"


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


def init_app(app) -> None:
    app.jinja_env.filters["localdatetime"] = localdatetime
    app.jinja_env.filters["localdate"] = localdate
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["zonename"] = zonename
    app.jinja_env.globals.update(announce=announce, page_alert=page_alert, field_errors=field_errors)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
