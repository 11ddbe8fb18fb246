"""The month list's items, written in Python by ``calendar/listing.py``, are byte for byte what the
template's loop wrote (kept here as the reference): times in their own zone and in the viewer's,
all-day and multi-day events, cancelled, members-only and online events, national events, a
visit's own page, escaping; in French and English, in winter and in summer (issue 20)."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask import render_template_string

from cellule.blueprints.calendar import listing, month_queries, presenting, queries
from cellule.blueprints.calendar.models import EventKind, Visibility
from cellule.blueprints.directory.models import Region
from cellule.extensions import db
from cellule.i18n import LANG_COOKIE

UTC = timezone.utc
# _list.html's loop before calendar/listing.py (main at 534e142).
BEFORE = """<ol class="event-list">
{% for e in events %}
  {% set w = when(e, viewer_zone) %}
  <li class="card{{ ' cancelled' if e.cancelled }}">
    <h3 class="h3"><a href="{{ href(e) }}">{% if e.cancelled %}{{ _("Annulé :") }} {% endif %}{{ e.title }}</a></h3>
    <p><time datetime="{{ w.iso }}">{{ w.text|capfirst }}</time>{% if w.zone %}, <strong>{{ w.zone }}</strong>{% endif %}
      {% if w.elsewhere %}<br><span class="meta">({{ w.elsewhere }})</span>{% endif %}</p>
    <p class="meta">{{ e.kind.label }} · {{ e.region.name if e.region else _("National") }}
      {% if e.location %} · {{ e.location }}{% endif %}{% if e.online_url %} · {{ _("en ligne") }}{% endif %}
      {% if e.visibility.value == 'members' %} · <span class="badge">{{ _("réservé aux membres") }}</span>{% endif %}</p>
  </li>
{% endfor %}
</ol>"""
AFTER = """<ol class="event-list">
{{ listing.items(events) }}</ol>"""

# Winter and summer: 08:30 UTC is 09:30 in Paris, then 10:30; 12:30 in La Réunion all year.
SEASONS = {"winter": (date(2027, 1, 1), datetime(2027, 1, 12, 8, 30, tzinfo=UTC), "09:30", "12:30"),
           "summer": (date(2027, 7, 1), datetime(2027, 7, 13, 8, 30, tzinfo=UTC), "10:30", "12:30")}


@pytest.mark.parametrize("season", SEASONS)
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("viewer_zone", ["Europe/Paris", "Indian/Reunion"])
def test_items_are_what_the_template_wrote(app, clock, make_event, language, viewer_zone, season):
    first, start, paris, reunion = SEASONS[season]
    clock((start - timedelta(days=3)).isoformat())
    hour = timedelta(hours=1)
    midnight = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), UTC) - hour
    made = [make_event("bretagne", title='Atelier <« Tiers-lieux » & co>', starts_at=start, ends_at=start + hour,
                       location="Salle \"A\" & 'B' <1>", kind=EventKind.WEBINAR),
            make_event("la-reunion", starts_at=start, ends_at=start + 2 * hour, visibility=Visibility.MEMBERS,
                       online_url="https://visio.example.org/a?b=1&c=2", location=None),
            make_event(None, title="Journée nationale", starts_at=midnight, ends_at=midnight + 24 * hour,
                       all_day=True, kind=EventKind.NATIONAL_DAY),
            make_event(None, title="Deux jours", starts_at=midnight, ends_at=midnight + 48 * hour, all_day=True),
            make_event("guadeloupe", starts_at=start, ends_at=start + 30 * hour, cancelled_at=start,
                       url_path="/guadeloupe/visites/12?a=1&b=2", kind=EventKind.VISIT),
            make_event(None, starts_at=start + 3 * hour, ends_at=start + 4 * hour, cancelled_at=start,
                       visibility=Visibility.MEMBERS, online_url="https://visio.example.org/x", location="")]
    regions = list(db.session.scalars(sa.select(Region)))
    following = (first + timedelta(days=31)).replace(day=1)
    events = month_queries.month_page(queries.Scope(all_regions=True, all_members=True),
                                      presenting.zones(regions, national=True), first, following, limit=50)
    assert sorted(e.id for e in events) == sorted(e.id for e in made)
    with app.test_request_context("/agenda/?vue=liste", headers={"Cookie": f"{LANG_COOKIE}={language}"}):
        before = render_template_string(BEFORE, events=events, viewer_zone=viewer_zone, when=presenting.when,
                                        href=presenting.Links())
        after = render_template_string(AFTER, events=events,
                                       listing=listing.ListWriter(viewer_zone, presenting.Links()))
    assert after == before
    assert re.search(rf"(de|from) {paris} (à|to) ", after)  # Rennes' event, in Paris time
    assert re.search(rf"(de|from) {reunion} (à|to) ", after)  # La Réunion's, in its own time
    # a timed event of another zone also says when it is where the viewer lives: from Paris, La Réunion's
    # and Guadeloupe's; from La Réunion, Rennes', Guadeloupe's and the national one's
    assert after.count('<br><span class="meta">(') == (3 if viewer_zone == "Indian/Reunion" else 2)
    assert "&lt;« Tiers-lieux » &amp; co&gt;" in after and "Salle &#34;A&#34; &amp; &#39;B&#39; &lt;1&gt;" in after
    assert 'href="/guadeloupe/visites/12?a=1&amp;b=2"' in after
    assert after.count('class="badge"') == 2 and after.count('class="card cancelled"') == 2
    assert after.count("· " + ("online" if language == "en" else "en ligne")) == 2
    assert after.count("<li ") == 6
