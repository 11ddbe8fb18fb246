"""The directory list's cards are written by ``directory.views.CardWriter`` and kept across requests: the HTML
is byte for byte what the template loop wrote (kept here), nationally and in a region, in French and in
English (a name to escape, a territory cut at 180 characters, none, a charter signatory), and a card whose
PTCE changed is written anew."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import g, render_template_string

from cellule import i18n
from cellule.blueprints.directory import services
from cellule.blueprints.directory.models import Ptce
from cellule.blueprints.directory.reference import Stage
from cellule.extensions import db

# list.html's loop before CardWriter.
OLD_CARDS = """<ul class="ptce-list" id="resultats">
{% for ptce in items %}
  <li class="card">
    <h2 class="h3"><a href="{{ url_for('directory.detail', region_slug=ptce.region.slug, slug=ptce.slug) }}">{{ ptce.name }}</a></h2>
    <p class="meta">{{ ptce.stage.label }} · {{ _("département") }} {{ ptce.department_code }}{% if not region %} · {{ ptce.region.name }}{% endif %}{% if ptce.charter_signatory %} · {{ _("signataire de la charte") }}{% endif %}</p>
    {% if ptce.territory %}<p>{{ ptce.territory|truncate(180) }}</p>{% endif %}
  </li>
{% else %}
  <li>{{ _("Aucun PTCE ne correspond à ces critères.") }}</li>
{% endfor %}
</ul>"""


def _cards(html: str) -> str:
    return re.search(r'<ul class="ptce-list" id="resultats">.*?</ul>', html, re.S).group(0)


@pytest.fixture
def ptces(make_ptce):
    long = "Communauté d'agglomération « Cœur de Flandre » & ses quartiers <prioritaires>, " * 4
    make_ptce("hauts-de-france", name="Pôle <Nord> & \"Co\"", territory=long, charter_signatory=True)
    make_ptce("hauts-de-france", name="Pôle sans territoire", territory=None, stage=Stage.EMERGING)
    make_ptce("la-reunion", name="Pôle réunionnais", territory="Saint-Pierre", department_code="974")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("path, slug, query", [("/annuaire/", None, ""), ("/hauts-de-france/annuaire/",
                                                                          "hauts-de-france", ""),
                                               ("/annuaire/", None, "?q=zzzzqq")])
def test_cards_are_the_bytes_the_template_loop_wrote(app, client, region, ptces, language, path, slug, query):
    client.get(f"/langue/{language}?next=/")
    response = client.get(path + query)
    assert response.status_code == 200
    new = _cards(response.get_data(as_text=True))
    with app.test_request_context(path + query):
        where = g.region = region(slug) if slug else None
        with i18n.force_locale(language):
            filters = services.Filters(q=query.partition("=")[2])
            items = list(db.session.scalars(services.search_query(where, filters).limit(30)))
            old = render_template_string(OLD_CARDS, items=items, region=where)
    assert new == _cards(old)
    if not query:
        assert "Pôle &lt;Nord&gt; &amp; &#34;Co&#34;" in new and "...</p>" in new and "&lt;prioritaires&gt;" in new
        assert ("signataire de la charte" if language == "fr" else "charter signatory") in new
        assert ("· Hauts-de-France" in new) is (slug is None)


def test_a_changed_ptce_gets_its_card_written_anew(app, client, ptces):
    first = _cards(client.get("/annuaire/").get_data(as_text=True))
    assert _cards(client.get("/annuaire/").get_data(as_text=True)) == first
    db.session.execute(sa.update(Ptce).where(Ptce.name == "Pôle réunionnais").values(territory="Le Tampon"))
    db.session.commit()
    changed = _cards(client.get("/annuaire/").get_data(as_text=True))
    assert "Le Tampon" in changed and "Saint-Pierre" not in changed
