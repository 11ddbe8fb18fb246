"""``PageWriter.day``: a timestamp's calendar day in a region's zone, formatted once per day, as ``localdate``."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from cellule.templating import PageWriter, localdate

UTC = timezone.utc


@pytest.mark.parametrize("moment", [
    datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # winter: already 1 January in Paris (UTC+1) and La Réunion
    datetime(2027, 6, 30, 22, 30, tzinfo=UTC),   # summer: 1 July in Paris (UTC+2), still 30 June in Guadeloupe
    datetime(2027, 3, 28, 0, 30, tzinfo=UTC),    # the night mainland France moves to summer time
    datetime(2027, 10, 31, 0, 30, tzinfo=UTC),   # and back to winter time
])
def test_a_timestamps_day_is_the_one_localdate_writes_in_every_zone(app, region, moment):
    with app.test_request_context():
        writer = PageWriter()
        for where in (None, *(region(slug) for slug in ("bretagne", "la-reunion", "guadeloupe", "mayotte"))):
            assert writer.day(moment, where) == localdate(moment, where), (moment, where)
        assert writer.day(moment.date()) == localdate(moment.date())
        assert writer.day(None) == ""


def test_a_day_is_formatted_once_for_all_its_timestamps(app, monkeypatch):
    calls = []
    monkeypatch.setattr("cellule.templating._date_text", lambda value, fmt, locale: calls.append(value) or "x")
    with app.test_request_context():
        writer = PageWriter()
        for hour in range(0, 22, 3):  # one day in Paris, from 01:00 to 23:00 local time
            writer.day(datetime(2027, 1, 15, hour, tzinfo=UTC))
        writer.day(datetime(2027, 1, 15, 23, 30, tzinfo=UTC))  # 16 January in Paris
    assert calls == [date(2027, 1, 15), date(2027, 1, 16)]


def test_labels_and_names_are_translated_and_escaped_once_per_page(app):
    """``label_of`` (a LabelledEnum member's label, in the page's language) and ``name`` (a name, escaped)."""
    from cellule.blueprints.transfers.models import CycleStatus
    from cellule.i18n import force_locale

    with app.test_request_context():
        with force_locale("en"):
            writer = PageWriter()
            assert str(writer.label_of(CycleStatus.ACTIVE)) == "In progress"
        writer = PageWriter()
        assert str(writer.label_of(CycleStatus.ACTIVE)) == "En cours"
        first = writer.name("Pôle <Rive> & Co")
        assert str(first) == "Pôle &lt;Rive&gt; &amp; Co" and writer.name("Pôle <Rive> & Co") is first
        assert writer.label_of(CycleStatus.ACTIVE) is writer.label_of(CycleStatus.ACTIVE)


def test_parts_kept_for_a_version_go_with_it_and_stay_bounded(app):
    """``kept_for_version``: one store per kind, context, language and mount point; another version of the
    data, or the limit reached, starts it empty (a kept month grid is tens of kB)."""
    from cellule.templating import kept_for_version

    with app.test_request_context("/"):
        kept = kept_for_version("test part", "v1", "Europe/Paris")
        kept["a"] = 1
        assert kept_for_version("test part", "v1", "Europe/Paris") == {"a": 1}
        assert kept_for_version("test part", "v1", "America/Cayenne") == {}
        assert kept_for_version("test part", "v2", "Europe/Paris") == {}  # a new version: the old parts dropped
        assert kept_for_version("test part", "v1", "Europe/Paris") == {}
        full = kept_for_version("test part", "v3", limit=3)
        full.update(a=1, b=2, c=3)
        kept = kept_for_version("test part", "v3", limit=3)
        assert kept == {}
        kept["a"] = 1
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": "/cellule"}):
        assert kept_for_version("test part", "v3", limit=3) == {}  # another mount point: its own links
