"""Every page of the a11y registry, read in English by each role: no text of the French catalogue.

The pages and the demo world are those of the axe walk (``tests/e2e/a11y_pages.py``,
``a11y_world.py``), fetched here with the test client; an entry that presses a button is
replayed too (the button found by its English label), so pages showing errors and
confirmation steps are read as well. A catalogue text counts when
it is a whole text node of the page (a label, a button, a heading, an option):
user content that merely contains such words (an event called « Réunion régionale
de mars ») is not the interface, nor is a definition being edited or text marked
``lang="fr"`` on purpose (the codebook shows both languages).
"""
from __future__ import annotations

import sqlalchemy as sa

from cellule.blueprints.auth.models import User
from cellule.extensions import db
from tests.conftest import AuthActions
from tests.core.test_catalogue import _catalogue, _french_strings, interface_texts
from tests.e2e.a11y_pages import PAGES, ROLES
from tests.e2e.a11y_world import build_world
from tests.e2e.test_a11y_coverage import _submit


# Demo data worded like a catalogue text: a national event is titled like its kind.
USER_CONTENT = {"Journée nationale des PTCE"}


def test_english_pages_of_every_role_show_no_french_catalogue_text(app, region):
    world = build_world(region)
    db.session.execute(sa.update(User).values(locale="en"))
    db.session.commit()
    french = _french_strings() - USER_CONTENT
    english = {m.id: m.string for m in _catalogue() if isinstance(m.id, str) and m.string}  # button labels
    left: dict[str, list[str]] = {}
    seen = 0
    for role in ROLES:
        client = app.test_client()
        client.get("/langue/en?next=/")
        if role != "visitor":
            assert AuthActions(client).login(world.people[role].email, world.password).status_code == 302
        for entry in (p for p in PAGES if p.role == role):
            response = client.get(entry.path(world))
            if entry.submit:  # the page a button leads to (errors shown, a confirmation step…)
                response = _submit(client, entry.path(world), response.get_data(as_text=True),
                                   english.get(entry.submit, entry.submit), entry.fill(world) if entry.fill else {})
            if not response.content_type.startswith("text/html"):
                continue
            html = response.get_data(as_text=True)
            assert '<html lang="en">' in html, entry.name
            seen += 1
            shown = sorted(french & interface_texts(html))
            if shown:
                left[f"{role}: {entry.name}"] = shown
    print(f"{seen} English pages, French catalogue strings shown: {sum(map(len, left.values()))}")
    for where, strings in left.items():
        print(where, strings)
    assert seen > 140  # the registry's pages, the submitted ones included
    assert left == {}
