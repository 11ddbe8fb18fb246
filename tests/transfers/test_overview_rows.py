"""The overview's lists (cycles, needs, offers) are read through Core and written from URLs, labels, days and
names worked out once per page (``overview_lines.OverviewWriter``): the HTML a person reads is byte for byte what the
template loops over ORM cycles, needs and offers wrote (kept here with the queries they read), in French and
in English, for a coordinator and for a PTCE member, with needs declared near midnight in winter and summer."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask import g, render_template_string
from flask_login import login_user
from sqlalchemy.orm import selectinload

from cellule import i18n, paging
from cellule.blueprints.directory.models import Ptce
from cellule.blueprints.transfers.models import (CycleStatus, NeedStatus, TransferCycle, TransferNeed,
                                                 TransferOffer)
from cellule.blueprints.transfers import overview_lines
from cellule.blueprints.transfers.views.market import OVERVIEW_PAGES
from cellule.extensions import db

# overview.html's lists before OverviewWriter (transfers/_cycle_row.html inlined), from the first list to the last.
OLD_LISTS = """{% from "_macros/pagination.html" import list_pager %}
{% macro list_section(key, title, caption, rows, none_text, pager_label) %}
<section aria-labelledby="{{ key }}-titre">
  <h2 id="{{ key }}-titre">{{ title }}</h2>
  {% if rows %}
  <table class="responsive">
    <caption>{{ caption }}</caption>
    {{ caller() }}
  </table>
  {% else %}<p>{{ _("Cette page de la liste est vide.") if pages[key].previous else none_text }}</p>{% endif %}
  {{ list_pager(pager_label, pages[key], key, page_url) }}
</section>
{% endmacro %}
{% call list_section("cycles", _("Cycles de transfert"), _("Cycles concernant la région"), cycles,
                     _("Aucun cycle de transfert pour l'instant."), _("Pages des cycles de transfert")) %}
    <thead><tr><th scope="col">{{ _("Cycle") }}</th><th scope="col">{{ _("Statut") }}</th><th scope="col">{{ _("Mentor") }}</th><th scope="col">{{ _("Accompagné(s)") }}</th><th scope="col">{{ _("Sujets") }}</th></tr></thead>
    <tbody>{% for c in cycles %}<tr>
  <th scope="row"><a href="{{ url_for('transfers.cycle', cycle_id=c.id) }}">{{ c.title }}</a>{% if c.cross_region %} <span class="badge">{{ _("interrégional") }}</span>{% endif %}</th>
  <td data-label="{{ _('Statut') }}"><span class="badge status-{{ c.status.value }}">{{ c.status.label }}</span></td>
  <td data-label="{{ _('Mentor') }}">{{ c.mentor.name }}</td>
  <td data-label="{{ _('Accompagné(s)') }}">{{ c.mentees|map(attribute='name')|join(', ') }}</td>
  <td data-label="{{ _('Sujets') }}">{{ c.topic_labels|join(' · ') }}</td>
</tr>{% endfor %}</tbody>
{% endcall %}

{% call list_section("besoins", _("Besoins"), _("Besoins déclarés que vous pouvez consulter"), needs,
                     _("Aucun besoin à afficher."), _("Pages des besoins")) %}
    <thead><tr><th scope="col">{{ _("PTCE") }}</th><th scope="col">{{ _("Sujet") }}</th><th scope="col">{{ _("Statut") }}</th><th scope="col">{{ _("Déclaré le") }}</th></tr></thead>
    <tbody>
    {% for n in needs %}
    <tr>
      <th scope="row">{{ n.ptce.name }}</th>
      <td data-label="{{ _('Sujet') }}"><a href="{{ url_for('transfers.need', need_id=n.id) }}">{{ n.label }}</a></td>
      <td data-label="{{ _('Statut') }}">{{ n.status.label }}</td>
      <td data-label="{{ _('Déclaré le') }}">{{ n.created_at|localdate(region) }}</td>
    </tr>
    {% endfor %}
    </tbody>
{% endcall %}

{% call list_section("offres", _("Offres"), _("Savoir-faire que les PTCE de la région proposent de transmettre"),
                     offers, _("Aucune offre déclarée dans la région."), _("Pages des offres")) %}
    <thead><tr><th scope="col">{{ _("PTCE") }}</th><th scope="col">{{ _("Sujet") }}</th><th scope="col">{{ _("Ce qui peut être partagé") }}</th><th scope="col">{{ _("Cycles par an") }}</th><th scope="col"><span class="visually-hidden">{{ _("Actions") }}</span></th></tr></thead>
    <tbody>
    {% for o in offers %}
    <tr>
      <th scope="row">{{ o.ptce.name }}{% if not o.active %} <span class="badge">{{ _("inactive") }}</span>{% endif %}</th>
      <td data-label="{{ _('Sujet') }}">{{ o.label }}</td>
      <td data-label="{{ _('Ce qui peut être partagé') }}">{{ o.description|truncate(200) }}</td>
      <td data-label="{{ _('Cycles par an') }}">{{ o.capacity_per_year }}</td>
      <td>{% if can('transfers_declare', o.ptce) %}<a href="{{ url_for('transfers.edit_offer', offer_id=o.id) }}">{{ _("Modifier") }}<span class="visually-hidden"> {{ o.label }}</span></a>{% endif %}</td>
    </tr>
    {% endfor %}
    </tbody>
{% endcall %}"""


# The ORM reads the old page made (services before the overview was read through Core).
def old_cycles(region, *, limit, offset):
    order = sa.case({s.value: i for i, s in enumerate(CycleStatus)}, value=TransferCycle.status)
    return list(db.session.scalars(
        sa.select(TransferCycle).where(TransferCycle.of_region(region.id))
        .order_by(order, TransferCycle.created_at.desc(), TransferCycle.id)
        .limit(limit).offset(offset).options(selectinload(TransferCycle.mentees))))


def old_needs(region, user, *, limit, offset):
    query = (sa.select(TransferNeed).join(TransferNeed.ptce).where(Ptce.region_id == region.id)
             .order_by(TransferNeed.status, TransferNeed.created_at.desc(), TransferNeed.id))
    if not (user.is_council or user.coordinates(region)):
        query = query.where(TransferNeed.ptce_id.in_(user.ptce_ids or [-1]))
    return list(db.session.scalars(query.limit(limit).offset(offset)))


def old_offers(region, user, *, limit, offset):
    query = (sa.select(TransferOffer).join(TransferOffer.ptce).where(Ptce.region_id == region.id)
             .order_by(TransferOffer.active.desc(), Ptce.name, Ptce.id, TransferOffer.id))  # two PTCE may share a name
    if not (user.is_council or user.coordinates(region)):
        query = query.where(sa.or_(TransferOffer.active.is_(True),
                                   TransferOffer.ptce_id.in_(user.ptce_ids or [-1])))
    return list(db.session.scalars(query.limit(limit).offset(offset)))


WINTER_LATE = datetime(2026, 1, 15, 23, 30, tzinfo=timezone.utc)   # the 16th in Paris (UTC+1)
WINTER_EARLY = datetime(2026, 1, 15, 22, 30, tzinfo=timezone.utc)  # the 15th in Paris
SUMMER_LATE = datetime(2026, 7, 15, 22, 30, tzinfo=timezone.utc)   # the 16th in Paris (UTC+2)
SUMMER_EARLY = datetime(2026, 7, 15, 21, 30, tzinfo=timezone.utc)  # the 15th in Paris


@pytest.fixture
def lists(world, make_ptce):
    """Cycles of one and two regions, several mentees, sector and plain topics; needs declared near midnight;
    active and inactive offers, of the member's PTCE and others; names and texts with characters to escape."""
    odd = make_ptce("hauts-de-france", name="Pôle <Coop> & \"Co\" l'ami")
    cycles = [
        TransferCycle(region_id=world.hdf.id, mentor_id=world.mentor.id, title="Cycle <un> & « deux »",
                      mentees=[world.mentee, odd], topics=["governance", "sector:energy"], status=CycleStatus.ACTIVE,
                      created_at=WINTER_LATE),
        TransferCycle(region_id=world.hdf.id, mentor_id=odd.id, title="Cycle interrégional",
                      mentees=[world.far_mentee], topics=[], status=CycleStatus.PROPOSED, created_at=SUMMER_LATE),
        TransferCycle(region_id=world.reunion.id, mentor_id=world.far_mentee.id, title="Cycle réunionnais",
                      mentees=[world.mentee], topics=["hr"], status=CycleStatus.CLOSED, created_at=SUMMER_EARLY),
    ]
    needs = [
        TransferNeed(ptce_id=world.mentee.id, topic="hr", description="d", status=NeedStatus.OPEN,
                     created_at=WINTER_LATE),
        TransferNeed(ptce_id=world.mentee.id, topic="sector", sector="energy", description="d",
                     status=NeedStatus.MATCHED, created_at=WINTER_EARLY),
        TransferNeed(ptce_id=odd.id, topic="governance", description="d", status=NeedStatus.OPEN,
                     created_at=SUMMER_LATE),
        TransferNeed(ptce_id=world.mentor.id, topic="funding", description="d", status=NeedStatus.CLOSED,
                     created_at=SUMMER_EARLY),
    ]
    long = "Une coopérative « exemplaire » & <solidaire> mutualise ses moyens entre structures : " * 5
    offers = [
        TransferOffer(ptce_id=world.mentor.id, topic="hr", description=long, capacity_per_year=3),
        TransferOffer(ptce_id=world.mentee.id, topic="sector", sector="solidarity", description="Court & net.",
                      active=False),
        TransferOffer(ptce_id=odd.id, topic="governance", description="", active=True, capacity_per_year=0),
        TransferOffer(ptce_id=world.mentor.id, topic="funding", description="Inactive", active=False),
    ]
    db.session.add_all(cycles + needs + offers)
    db.session.commit()


def _lists_of_page(html: str) -> str:
    found = re.search(r'<section aria-labelledby="cycles-titre">.*</section>', html, re.S)
    assert found, html[:2000]
    return found.group(0)


URL = "/hauts-de-france/transferts/"


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("who, query", [("coordinator", ""), ("mentee_member", ""),
                                        ("coordinator", "?cycles=1&besoins=1&offres=1")])
def test_overview_lines_are_the_bytes_the_template_loops_wrote(app, client, auth, world, lists, region, language,
                                                              who, query):
    person = getattr(world, who)
    person.locale = language
    db.session.commit()
    client.get(f"/langue/{language}?next=/")
    auth.login(person)
    response = client.get(URL + query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    new = _lists_of_page(html)

    with app.test_request_context(URL + query, headers={"Cookie": f"cellule_lang={language}"}):
        where = g.region = region("hauts-de-france")
        login_user(person)
        with i18n.force_locale(language):
            cycles, cycle_pages = paging.read(lambda **kw: old_cycles(where, **kw), "cycles", 20)
            needs, need_pages = paging.read(lambda **kw: old_needs(where, person, **kw), "besoins", 20)
            offers, offer_pages = paging.read(lambda **kw: old_offers(where, person, **kw), "offres", 20)
            old = render_template_string(
                OLD_LISTS, region=where, cycles=cycles, needs=needs, offers=offers,
                pages=dict(cycles=cycle_pages, besoins=need_pages, offres=offer_pages),
                page_url=paging.links(OVERVIEW_PAGES))
    assert new == _lists_of_page(old)
    # what the lists hold: escaped names, both kinds of cycle, the days in Paris on either side of midnight UTC
    assert new.count('<span class="badge">') >= 2 and "Pôle &lt;Coop&gt; &amp; &#34;Co&#34; l&#39;ami" in new
    days = ["16 janvier 2026", "15 janvier 2026"] if language == "fr" else ["16 January 2026", "15 January 2026"]
    assert all(day in new for day in days), new
    if who == "coordinator":
        assert new.count("/modifier") == 4 and new.count("<tr>\n") == 3 + 4 + 4
    else:
        assert new.count("/modifier") == 1 and "Inactive" not in new


def test_overview_lines_are_kept_and_written_anew_when_what_they_show_changes(client, auth, world, lists,
                                                                              monkeypatch):
    """The overview seen again writes no line; a PTCE renamed gives the lists that name it written anew, whole
    (``kept_lists``); an offer changed, the offers' list alone."""

    written = []
    for name in ("_cycle", "_need", "_offer"):
        real = getattr(overview_lines.OverviewWriter, name)
        monkeypatch.setattr(overview_lines.OverviewWriter, name,
                            lambda self, *a, _real=real, _name=name: written.append(_name) or _real(self, *a))
    auth.login(world.coordinator)
    client.get("/")  # the sign-in message shown once
    first = client.get(URL).get_data(as_text=True)
    assert sorted(written) == ["_cycle"] * 3 + ["_need"] * 4 + ["_offer"] * 4
    written.clear()
    assert client.get(URL).get_data(as_text=True) == first and written == []

    world.mentor.name = "Pôle Expert"
    db.session.commit()
    renamed = client.get(URL).get_data(as_text=True)
    assert "Pôle Expert" in renamed and "Pôle Aguerri" not in renamed
    # its cycle as mentor, its need, its two offers: each list that names it
    assert sorted(written) == ["_cycle"] * 3 + ["_need"] * 4 + ["_offer"] * 4
    written.clear()

    offer = db.session.scalar(sa.select(TransferOffer).where(TransferOffer.description == "Court & net."))
    offer.description = "Plus court."
    db.session.commit()
    described = client.get(URL).get_data(as_text=True)
    assert "Plus court." in described and "Court &amp; net." not in described and written == ["_offer"] * 4


def test_the_kept_offers_are_each_viewers_own(client, auth, world, lists):
    """The same page of offers, kept once, shows each viewer the edit links of what they may declare for:
    the coordinator every offer's, a member their PTCE's, a visitor none; in turns, in one application."""
    def edit_links() -> int:
        return _lists_of_page(client.get(URL).get_data(as_text=True)).count("/modifier")

    for who, links in [("coordinator", 4), ("mentee_member", 1), ("coordinator", 4), ("mentee_member", 1)]:
        auth.login(getattr(world, who))
        assert edit_links() == links, who
        auth.logout()


@pytest.mark.parametrize("who", ["coordinator", "mentee_member", "mentee_referent", "bystander", "foreigner",
                                 "reunion_coordinator", "council_admin", "council_observer", None])
def test_the_writers_declare_answer_is_the_rules_for_every_ptce(app, world, make_user, who):
    """The overview asks ``transfers_declare`` in its two parts (the region, once; then membership): the
    same answer as the rule for each PTCE of the region, whoever looks (signed out too)."""
    from flask_login import AnonymousUserMixin

    from cellule.blueprints.directory.models import Ptce
    from cellule.blueprints.transfers.overview_lines import OverviewWriter
    from cellule.permissions import can

    person = (make_user(who) if who and who.startswith("council") else getattr(world, who) if who
              else AnonymousUserMixin())
    ptces = list(db.session.scalars(sa.select(Ptce).where(Ptce.region_id == world.hdf.id)))
    assert len(ptces) >= 3
    with app.test_request_context(URL):
        writer = OverviewWriter(world.hdf, person)
        answers = {p.id: writer._may_declare(p.id) for p in ptces}
        assert answers == {p.id: can("transfers_declare", p, person) for p in ptces}
    if who in ("coordinator", "council_admin"):
        assert all(answers.values())
    elif who in ("mentee_member", "mentee_referent"):
        assert answers[world.mentee.id] and not all(answers.values())
    elif who == "bystander":  # a member of another PTCE of the region: that one only
        assert not answers[world.mentee.id] and sum(answers.values()) == 1
    else:
        assert not any(answers.values())
