"""The month grid's event items, written in Python by ``calendar/grid.py``, are byte for byte what the
template wrote before (its loop kept here as the reference): times and zones, cancelled and
members-only events, all-day and national events, a visit's own page, escaping (issue 20)."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import render_template_string, url_for

from cellule.blueprints.calendar import grid, grid_queries, presenting, queries
from cellule.blueprints.calendar.models import Visibility
from cellule.blueprints.directory.models import Region
from cellule.extensions import db
from cellule.i18n import LANG_COOKIE

UTC = timezone.utc
# _month.html's event loop before calendar/grid.py (main at d74cac7), with ``grid_time`` as it was.
BEFORE = """{% for day in days %}
        <ul class="day-events">
        {% for e in day %}
          {% set w = grid_time(e, viewer_zone) %}
          <li class="{{ 'cancelled' if e.cancelled }}"><a href="{{ href(e) }}">
            {%- if not e.all_day %}<time datetime="{{ w.iso }}">{{ w.short }}</time>{% if w.zone %} <span class="zone">({{ w.zone }})</span>{% endif %} {% endif -%}
            {%- if e.cancelled %}<strong>{{ _("Annulé :") }}</strong> {% endif %}{{ e.title }}
            {%- if not region and e.region %} <span class="visually-hidden">— {{ e.region.name }}</span>{% endif %}</a>
            {%- if e.visibility.value == 'members' %} <span class="badge">{{ _("membres") }}</span>{% endif %}</li>
        {% endfor %}
        </ul>
{% endfor %}"""
AFTER = """{% for day in days %}
        <ul class="day-events">
          {{ grid.items(day) }}
        </ul>
{% endfor %}"""


def grid_time(event, viewer_zone):
    start = event.starts_at.astimezone(ZoneInfo(event.timezone))
    zone = presenting.zone_label(event.timezone) if event.timezone != viewer_zone else None
    return type("GridTime", (), {"short": start.strftime("%H:%M"), "zone": zone, "iso": start.isoformat()})


# Winter and summer: the items write each event's time in its own zone (Paris is UTC+1, then UTC+2;
# La Réunion UTC+4 all year).
SEASONS = {"winter": (date(2027, 1, 1), datetime(2027, 1, 12, 8, 30, tzinfo=UTC), "09:30", "13:30"),
           "summer": (date(2027, 7, 1), datetime(2027, 7, 13, 8, 30, tzinfo=UTC), "10:30", "13:30")}


@pytest.mark.parametrize("season", SEASONS)
@pytest.mark.parametrize("national", [True, False])
@pytest.mark.parametrize("viewer_zone", ["Europe/Paris", "Indian/Reunion"])
def test_items_are_what_the_template_wrote(app, clock, make_event, national, viewer_zone, season):
    first, start, paris, reunion = SEASONS[season]
    clock((start - timedelta(days=3)).isoformat())
    hour = timedelta(hours=1)
    all_day = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), UTC) - hour
    made = [make_event("bretagne", title='Atelier <« Tiers-lieux » & co>', starts_at=start, ends_at=start + hour),
            make_event("la-reunion", starts_at=start + hour, ends_at=start + 2 * hour, visibility=Visibility.MEMBERS),
            make_event(None, title="Journée nationale", starts_at=all_day, ends_at=all_day + 48 * hour,
                       all_day=True),
            make_event("guadeloupe", starts_at=start, ends_at=start + 30 * hour, cancelled_at=start,
                       url_path="/guadeloupe/visites/12?a=1&b=2"),
            make_event(None, starts_at=start + 3 * hour, ends_at=start + 4 * hour, cancelled_at=start,
                       visibility=Visibility.MEMBERS)]
    month = presenting.month_grid(first, first)
    regions = list(db.session.scalars(sa.select(Region)))
    read = grid_queries.month_grid(queries.Scope(all_regions=True, all_members=True),
                                    presenting.zones(regions, national=True), month.days, month.first, month.next,
                                    per_day=4)
    shown = {e.id: e for e in read.events}
    assert sorted(shown) == sorted(e.id for e in made)
    days = [made, made[1:3], made[3:], [made[0]]]  # an event is written once, placed on several days
    region = None if national else regions[0]
    with app.test_request_context("/agenda/"):
        links = presenting.Links()
        before = render_template_string(BEFORE, days=days, region=region, viewer_zone=viewer_zone,
                                        grid_time=grid_time, href=links)
        writer = grid.GridWriter(viewer_zone, national, presenting.Links(), lambda month: "")
        after = render_template_string(AFTER, days=[[shown[e.id] for e in day] for day in days], grid=writer)
    assert after == before
    assert re.search(rf'>{paris}</time>( <span class="zone">[^<]+</span>)? Atelier', after)  # 08:30 UTC
    assert f'>{reunion}</time>' in after  # 09:30 UTC in La Réunion
    assert "&lt;« Tiers-lieux » &amp; co&gt;" in after and "?a=1&amp;b=2" in after
    assert after.count('class="badge"') == 4 and after.count('class="cancelled"') == 4


MORE_BEFORE = """{% for day in days %}
        {% if day.hidden %}
        <p class="day-more"><a href="{{ url_for(endpoint, **month_args(vue='liste', mois=day.day.strftime('%Y-%m'), page=day.list_page if day.list_page > 1 else None)) }}">
          {{- ngettext("et %(num)s autre", "et %(num)s autres", day.hidden) -}}
          <span class="visually-hidden"> {{ _("le %(day)s : voir la liste du mois", day=day.day|localdate(None)) }}</span></a></p>
        {% endif %}
{% endfor %}"""
MORE_AFTER = """{% for day in days %}
        {% if day.hidden %}
        {{ grid.more_link(day, day.day|localdate(None)) }}
        {% endif %}
{% endfor %}"""


@pytest.mark.parametrize("language", ["fr", "en"])
def test_more_links_are_what_the_template_wrote(app, client, language):
    days = [presenting.Day(date(2027, 1, 4), True, False, hidden=1),
            presenting.Day(date(2027, 1, 5), True, False, hidden=12, list_page=3),
            presenting.Day(date(2026, 12, 31), False, False, hidden=1234),
            presenting.Day(date(2027, 1, 6), True, False)]

    def month_args(**changes):
        return {"type": ["webinar", "training"], **{k: v for k, v in changes.items() if v not in (None, "", [])}}

    with app.test_request_context("/agenda/?type=webinar&type=training",
                                  headers={"Cookie": f"{LANG_COOKIE}={language}"}):
        before = render_template_string(MORE_BEFORE, days=days, endpoint="calendar.national", month_args=month_args)
        writer = grid.GridWriter("Europe/Paris", True, presenting.Links(), lambda month: url_for(
            "calendar.national", **month_args(vue="liste", mois=month)))
        after = render_template_string(MORE_AFTER, days=days, grid=writer)
    assert after == before
    assert after.count('class="day-more"') == 3 and "page=3" in after and "&amp;" in after
    assert ("and 12 more" if language == "en" else "et 12 autres") in after


# _month.html's day loop before ``GridWriter.cells`` (main at 3dc4389), kept as the reference.
CELLS_BEFORE = """{% for week in month.weeks %}
    <tr>
    {% for day in week %}
      <td class="{{ 'other-month' if not day.in_month }}{{ ' today' if day.today }}{{ ' has-events' if day.events else ' no-events' }}"{% if day.today %} aria-current="date"{% endif %}>
        <span class="day-number" aria-hidden="true">{{ day.day.day }}</span>
        {% set label = grid.label(day.day) %}
        <span class="visually-hidden day-label">{{ label }}{% if day.today %} ({{ _("aujourd'hui") }}){% endif %}</span>
        <span class="day-full" aria-hidden="true">{{ label|capitalize }}{% if day.today %} · {{ _("aujourd'hui") }}{% endif %}</span>
        {% if day.events %}
        <ul class="day-events">
          {{ grid.items(day.events) }}
        </ul>
        {% endif %}
        {% if day.hidden %}
        {{ grid.more_link(day, label) }}
        {% endif %}
      </td>
    {% endfor %}
    </tr>
{% endfor %}"""
CELLS_AFTER = """{% for week in month.weeks %}
    <tr>
      {{ grid.cells(week) }}
    </tr>
{% endfor %}"""


def _same_html(text: str) -> str:
    """The markup with the blank space between tags (which the template's own lines put there) taken out."""
    return re.sub(r">\s+<", "><", text).strip()


# January and July 2027 (Paris at UTC+1, then UTC+2): each grid has 35 days, 4 of the months around it.
CELL_SEASONS = {"winter": (1, "Tuesday 12 january 2027", "Tuesday 12 January 2027", "09:30"),
                "summer": (7, "Monday 12 july 2027", "Monday 12 July 2027", "10:30")}
MONTHS = ("january", "june", "july", "august", "december")


@pytest.mark.parametrize("season", CELL_SEASONS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_day_cells_are_what_the_template_wrote(app, clock, make_event, language, season):
    """Every kind of day: of the month or not, today, with events, with hidden ones, empty."""
    month_number, lowered, kept, paris = CELL_SEASONS[season]
    clock(f"2027-{month_number:02d}-12T09:00:00+00:00")
    start = datetime(2027, month_number, 12, 8, 30, tzinfo=UTC)
    made = [make_event("bretagne", title=f"Atelier {i} <&>", starts_at=start + timedelta(hours=i),
                       ends_at=start + timedelta(hours=i + 1)) for i in range(6)]
    before_month = date(2027, month_number, 1) - timedelta(days=3)  # a day of the previous month in the grid
    made.append(make_event(None, starts_at=datetime.combine(before_month, datetime.min.time(), UTC) + timedelta(hours=9),
                           ends_at=datetime.combine(before_month, datetime.min.time(), UTC) + timedelta(hours=10)))
    month = presenting.month_grid(date(2027, month_number, 1), date(2027, month_number, 12))
    regions = list(db.session.scalars(sa.select(Region)))
    read = grid_queries.month_grid(queries.Scope(all_regions=True, all_members=True),
                                    presenting.zones(regions, national=True), month.days, month.first, month.next,
                                    per_day=4)
    presenting.place(month, read.events)
    presenting.mark_hidden(month, read.hidden)
    with app.test_request_context("/agenda/", headers={"Cookie": f"{LANG_COOKIE}={language}"}):
        def writer():
            return grid.GridWriter("Europe/Paris", True, presenting.Links(), lambda mois: f"/agenda/?mois={mois}")

        before = render_template_string(CELLS_BEFORE, month=month, grid=writer())
        after = render_template_string(CELLS_AFTER, month=month, grid=writer())
    if language == "fr":  # French dates have no capital inside: Jinja's capitalize changed nothing
        assert after == before
    else:  # it lowered the month's name in English; capfirst keeps it
        assert lowered in before and kept in after
        fixed = before
        for name in MONTHS:
            fixed = fixed.replace(f" {name} ", f" {name.capitalize()} ")
        assert _same_html(after) == _same_html(fixed)
    assert f">{paris}</time>" in after  # 08:30 UTC in Rennes, in the season's offset
    assert after.count("<td ") == 35 and after.count('aria-current="date"') == 1
    assert after.count('class="day-more"') == 1 and after.count("other-month") == 4
    assert "Atelier 0 &lt;&amp;&gt;" in after
