"""The visits lists read their cards through Core and write them from URLs and texts worked out once per
page: the HTML a person reads is byte for byte what the card template over ORM visits wrote (kept here),
in French and in English, with the clock in winter and in summer, for a visitor, a Paris member with
registrations and a coordinator who sees drafts, on a region's list and on the inter-regional list
(where a visit in La Réunion is read in both zones)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import g, render_template_string
from flask_login import login_user

from cellule.extensions import db
from tests.conftest import SUMMER, WINTER

# The card visits/_card.html held before display.visit_cards, in the loop of list.html and national.html.
OLD_LOOP = """{% for visit in visits %}<li class="card visit-card">
  <h3><a href="{{ url_for('visits.detail', region_slug=visit.region.slug, visit_id=visit.id) }}">{{ visit.title }}</a></h3>
  <p class="meta">{{ visit.starts_at|localdate(visit.region) }} · {{ timespan(visit.starts_at, visit.ends_at, visit.region) }}
    · {{ visit.host.name }}{% if visit.region_id != (region.id if region else None) %} · {{ visit.region.name }}{% endif %}</p>
  <p>
    {% if visit.status.value != 'published' %}<span class="badge">{{ visit.status.label }}</span>{% endif %}
    {% set c = counts.get(visit.id, {'confirmed': 0, 'waiting': 0}) %}
    <span class="badge">{{ ngettext("%(taken)s / %(num)s place", "%(taken)s / %(num)s places", visit.capacity, taken=c.confirmed|number) }}</span>
    {% if c.waiting %}<span class="badge">{{ _("%(n)s en attente", n=c.waiting) }}</span>{% endif %}
    {% if visit.open_to_other_regions %}<span class="badge">{{ _("Ouverte aux autres régions") }}</span>{% endif %}
    {% if mine and mine.get(visit.id) and mine[visit.id].active %}<span class="badge badge-mine">{{ mine[visit.id].status.label }}</span>{% endif %}
  </p>
</li>{% endfor %}"""


def _lists(html: str) -> list[str]:
    return re.findall(r'<ul class="card-grid">(.*?)</ul>', html, re.S)


@pytest.fixture(params=[WINTER, SUMMER], ids=["clock-in-winter", "clock-in-summer"])
def visits(app, clock, request, make_visit, make_ptce, member, register, make_user):
    """Visits of Hauts-de-France and La Réunion around the clock's date, in both seasons, with
    registrations (confirmed, waiting), drafts, a cancelled one and a title that needs escaping."""
    from cellule.database import utcnow

    clock(request.param)
    now = utcnow()
    far = make_ptce("la-reunion", name="Pôle de Saint-Denis")
    reader = member(name="Lectrice de Paris")
    other = member()
    winter, summer = datetime(2027, 12, 9, 13, 0, tzinfo=now.tzinfo), datetime(2027, 7, 8, 12, 0, tzinfo=now.tzinfo)
    made = [
        make_visit(starts_at=summer, ends_at=summer + timedelta(hours=3), title="Visite d'été <&> \"ouverte\"",
                   open_to_other_regions=True, capacity=1),
        make_visit(starts_at=winter, ends_at=winter + timedelta(hours=2), title="Visite d'hiver", capacity=1200),
        make_visit(days=3, title="Brouillon", status="draft"),
        make_visit(days=5, title="Annulée", status="cancelled"),
        make_visit(days=-40, title="Passée l'hiver dernier"),
        make_visit(days=-200, title="Passée il y a longtemps", status="held"),
        make_visit(ptce=far, starts_at=summer, ends_at=summer + timedelta(hours=2), title="À Saint-Denis",
                   open_to_other_regions=True),
        make_visit(ptce=far, starts_at=winter + timedelta(hours=9), ends_at=winter + timedelta(hours=11),
                   title="La nuit à Saint-Denis", open_to_other_regions=True),
    ]
    register(made[0], reader)
    register(made[0], other)  # in line: the visit has one seat
    register(made[6], reader)
    return {"reader": reader, "coordinator": make_user("coordinator", region="hauts-de-france"), "visits": made}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("url, who", [("/hauts-de-france/visites/", None), ("/hauts-de-france/visites/", "reader"),
                                      ("/hauts-de-france/visites/", "coordinator"), ("/visites/", None),
                                      ("/visites/", "reader"), ("/la-reunion/visites/", "reader")])
def test_cards_are_the_bytes_the_template_wrote(app, client, auth, visits, region, language, url, who):
    from cellule import i18n
    from cellule.blueprints.visits import queries as visit_queries
    from cellule.blueprints.visits.models import Registration, Visit

    made = visits
    client.get(f"/langue/{language}?next=/")
    user = made.get(who)
    if user is not None:
        user.locale = language
        db.session.commit()
        auth.login(user)
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in page
    new = _lists(page)
    assert new and all(new), page[:3000]

    titles = [re.findall(r'href="/[^/]+/visites/(\d+)"', part) for part in new]
    with app.test_request_context(url, headers={"Cookie": f"cellule_lang={language}"}):
        slug = url.split("/")[1]
        where = region(slug) if slug != "visites" else None
        g.region = where
        if user is not None:
            login_user(user)
        old = []
        for ids in titles:
            by_id = {v.id: v for v in db.session.scalars(sa.select(Visit).where(Visit.id.in_([int(i) for i in ids])))}
            orm = [by_id[int(i)] for i in ids]
            mine = ({r.visit_id: r for r in db.session.scalars(sa.select(Registration).where(
                Registration.user_id == user.id, Registration.visit_id.in_(by_id)))}
                    if user is not None and where is not None else {})  # national.html set mine = {}
            with i18n.force_locale(language):
                old.append(render_template_string(OLD_LOOP, visits=orm, region=where, mine=mine,
                                                  counts=visit_queries.counts(list(by_id))))
    assert new == old
    shown = "".join(new)
    if url == "/visites/":
        assert "La Réunion" in shown and "Pôle de Saint-Denis" in shown
    if who == "reader" and where is not None:
        assert "badge-mine" in shown
    if who == "coordinator":
        assert "Brouillon" in shown or "Draft" in shown
