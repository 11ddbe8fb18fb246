"""The one local-time rule: wall-clock times typed for a region (or the nation) become UTC here.

Every form that takes a local date-time calls :func:`to_utc`. A time skipped by the
spring change does not exist and is refused, naming the first valid time after the
gap; a time repeated by the autumn change is ambiguous and is refused too, saying
which times to write instead, so nothing is ever silently moved or guessed.
Displays go through :func:`zone_of` / :func:`zone_city` so that the offset named is
the one of the instant shown, never today's.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_gmt, get_timezone_location
from flask_babel import gettext as _

from .database import utcnow
from .i18n import current_locale

NATION = "Europe/Paris"


class LocalTimeError(ValueError):
    """A local time that cannot be turned into one instant; ``str()`` is the French message."""


def zone_of(where) -> ZoneInfo:
    """A ZoneInfo from a Region (or anything with ``timezone``), a zone name, a ZoneInfo; None is the nation."""
    if where is None:
        return ZoneInfo(NATION)
    if isinstance(where, ZoneInfo):
        return where
    return ZoneInfo(getattr(where, "timezone", where))


def today(where=None) -> date:
    """The day it is now in a region's (or the nation's) zone: what « overdue » and « today » are
    measured against. A server's own date is UTC's, a day off in La Réunion every evening."""
    return utcnow().astimezone(zone_of(where)).date()


def zone_city(where) -> str:
    """The zone's reference place as people name it: « Paris », « La Réunion », « Cayenne »."""
    return _city(zone_of(where), current_locale())


@lru_cache(maxsize=256)
def _city(zone: ZoneInfo, locale) -> str:
    """Babel's name of a zone's place in a language (six zones × two languages are ever asked)."""
    return get_timezone_location(zone, locale=locale, return_city=True)


def offset_label(moment: datetime) -> str:
    """The UTC offset of an aware ``moment`` as the language writes it: « UTC+01:00 », « GMT+01:00 »."""
    return _offset(moment.utcoffset(), current_locale())


@lru_cache(maxsize=256)
def _offset(offset: timedelta, locale) -> str:
    # Babel reads nothing of the moment but its offset.
    return get_timezone_gmt(datetime(2000, 1, 1, tzinfo=timezone(offset)), "long", locale=locale)


def _transition(zone: ZoneInfo, low: datetime, high: datetime) -> datetime:
    """The instant in [low, high] (UTC) where the zone's offset changes, to the second."""
    before = low.astimezone(zone).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high


def _hhmm(moment: datetime) -> str:
    return format_time(moment, "HH:mm", locale=current_locale())


def to_utc(local: datetime, where) -> datetime:
    """The UTC instant of a naive wall-clock time in the zone of ``where``.

    Raises :class:`LocalTimeError` when the time falls in a spring-forward gap (it never
    happens) or in an autumn overlap (it happens twice).
    """
    zone = zone_of(where)
    first = datetime(local.year, local.month, local.day, local.hour, local.minute, local.second,
                     tzinfo=zone, fold=0)
    second = datetime(local.year, local.month, local.day, local.hour, local.minute, local.second,
                      tzinfo=zone, fold=1)
    early, late = first.astimezone(timezone.utc), second.astimezone(timezone.utc)
    if early == late:
        return early
    change = _transition(zone, min(early, late), max(early, late))
    old = (change - timedelta(seconds=1)).astimezone(zone).utcoffset()
    new = change.astimezone(zone).utcoffset()
    naive_change = change.replace(tzinfo=None)
    day = format_date(local.date(), "dd/MM/y", locale=current_locale())
    if new > old:  # a gap: clocks jump from change+old to change+new
        after = (naive_change + new).time()
        raise LocalTimeError(_(
            "%(time)s n'existe pas le %(day)s en heure de %(city)s (passage à l'heure d'été) : "
            "choisissez %(next)s ou plus tard.",
            time=_hhmm(local), day=day, city=zone_city(zone), next=_hhmm(datetime.combine(local.date(), after))))
    start, stop = (naive_change + new), (naive_change + old)  # the hour lived twice
    raise LocalTimeError(_(
        "%(time)s existe deux fois le %(day)s en heure de %(city)s (retour à l'heure d'hiver) : "
        "choisissez une heure avant %(start)s ou à partir de %(stop)s.",
        time=_hhmm(local), day=day, city=zone_city(zone), start=_hhmm(start), stop=_hhmm(stop)))


def day_and_time_to_utc(day: date, hour: time, where) -> datetime:
    """:func:`to_utc` for a date and a time typed in separate fields."""
    return to_utc(datetime.combine(day, hour), where)


def start_of_day(day: date, where) -> datetime:
    """The first instant of a local day, in UTC (midnight, or the end of a gap at midnight)."""
    try:
        return to_utc(datetime.combine(day, time()), where)
    except LocalTimeError:
        zone = zone_of(where)
        one, two = (datetime(day.year, day.month, day.day, tzinfo=zone, fold=f).astimezone(timezone.utc)
                    for f in (0, 1))
        low, high = min(one, two), max(one, two)
        change = _transition(zone, low, high)
        gap = change.astimezone(zone).utcoffset() > low.astimezone(zone).utcoffset()
        return change if gap else low


def to_local(value: datetime | None, where) -> datetime | None:
    """A stored UTC instant as the naive wall-clock time a form field shows."""
    if value is None:
        return None
    return value.astimezone(zone_of(where)).replace(tzinfo=None)


def field_to_utc(field, where) -> datetime | None:
    """Convert a WTForms date-time field in place of validation: None (and an error) when refused."""
    if field.data is None:
        return None
    try:
        return to_utc(field.data, where)
    except LocalTimeError as exc:
        field.errors = [*field.errors, str(exc)]
        return None
