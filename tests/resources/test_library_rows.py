"""A library page's rows are read through Core and written from URLs and labels worked out once per page:
the HTML a person reads is byte for byte what the template loop over ORM sheets wrote (kept here), in
French and in English, for the region and national libraries, a search and a signed-in coordinator."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import g, render_template_string
from markupsafe import Markup

from cellule.blueprints.resources import library
from cellule.blueprints.resources.models import Sheet
from cellule.extensions import db

# The loop index.html held before library_rows (its list, up to the pager).
OLD_LOOP = """<ul class="sheet-list">
{% for result in page.items %}
  {% set sheet = result.sheet %}
  <li class="card">
    <h2 class="h3"><a href="{{ sheet_url(sheet) }}">{{ sheet.title }}</a></h2>
    <p class="meta">{{ sheet.category.label }} · {{ sheet.scope.label }}{% if sheet.region %} · {{ sheet.region.name }}{% endif %}
      {% if sheet.status.value != 'published' %} · <strong class="badge">{{ sheet.status.label }}</strong>{% endif %}</p>
    {% if result.snippet %}<p class="snippet">{{ result.snippet }}</p>
    {% elif sheet.summary %}<p>{{ sheet.summary|truncate(220) }}</p>{% endif %}
    {% if sheet.tags %}<p class="tags">{% for tag in sheet.tags %}<a class="tag" href="{{ library_url('index', etiquette=tag) }}">{{ tag }}</a> {% endfor %}</p>{% endif %}
  </li>
{% else %}
  <li>{{ _("Aucune fiche ne correspond à ces critères. Essayez un mot plus court ou retirez un filtre.") }}</li>
{% endfor %}
</ul>"""


@dataclass
class OldResult:
    sheet: Sheet
    snippet: Markup | None


def _list(html: str) -> str:
    found = re.search(r'<ul class="sheet-list">.*?</ul>', html, re.S)
    assert found, html[:2000]
    return found.group(0)


@pytest.fixture
def sheets(make_sheet, make_user, make_ptce, region):
    coordinator = make_user("coordinator", region="bretagne")
    ptce = make_ptce("bretagne", name="Pôle <Coop> & Co")
    long = "Une coopérative « exemplaire » mutualise ses moyens entre structures : " * 8
    make_sheet("bretagne", title="Statuts d'une SCIC <bien> écrits", summary=long, tags=["scic", "circuits courts",
               "é&?/#", "a+b=c !$'()*,;:@~%"], topics=["legal"], author=coordinator, ptce=ptce)
    make_sheet("bretagne", title="Brouillon coopératif", summary="Court.", tags=["Brouillon"], publish=False,
               author=coordinator)
    make_sheet(None, title="Guide national des coopératives", summary="", national=True, tags=["gouvernance"])
    make_sheet("hauts-de-france", title="Fiche coopérative des Hauts-de-France", tags=[], summary="Résumé.")
    from cellule.blueprints.resources import services

    given = make_sheet("bretagne", title="Coopérative devenue nationale", tags=["SCIC"], author=coordinator)
    admin = make_user("council_admin")
    services.decide_national(services.propose_national(given, coordinator, ""), admin, True, "")
    db.session.commit()
    return coordinator


CASES = [("/bretagne/fiches/", None), ("/fiches/", None), ("/fiches/?portee=regional", None),
         ("/bretagne/fiches/?q=coop%C3%A9rative", None), ("/fiches/?region=bretagne&portee=", None),
         ("/bretagne/fiches/", "coordinator"), ("/bretagne/fiches/?statut=draft", "coordinator")]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("url, who", CASES)
def test_rows_are_the_bytes_the_template_loop_wrote(app, client, auth, sheets, region, language, url, who):
    from flask_login import AnonymousUserMixin

    from cellule.blueprints.resources.views import display

    client.get(f"/langue/{language}?next=/")
    user = AnonymousUserMixin()
    if who:
        sheets.locale = language
        db.session.commit()
        auth.login(sheets)
        user = sheets
    response = client.get(url)
    assert response.status_code == 200
    new = _list(response.get_data(as_text=True))
    assert new.count('<li class="card">') >= (1 if "statut" in url else 2), new
    assert f'<html lang="{language}">' in response.get_data(as_text=True)

    with app.test_request_context(url, headers={"Cookie": f"cellule_lang={language}"}):
        slug = url.split("/")[1]
        where = region(slug) if slug != "fiches" else None
        g.region = where
        page = library.browse(display._filters(), user, where, 1)
        by_id = {s.id: s for s in db.session.scalars(sa.select(Sheet).where(
            Sheet.id.in_([item.id for item in page.items])))}
        old_page = type("OldPage", (), {"items": [OldResult(by_id[item.id], item.snippet) for item in page.items]})
        from cellule import i18n

        with i18n.force_locale(language):
            old = render_template_string(OLD_LOOP, page=old_page)
    assert new == old
