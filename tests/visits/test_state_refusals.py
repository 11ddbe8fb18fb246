"""Refusals that depend only on the state of things are announced like any error.

Registering once registration has closed, withdrawing a registration that is no
longer running, editing a cancelled visit: each answers with the page title starting
« Erreur : … » and the message in the focused alert, in the reader's language.
"""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from cellule.blueprints.visits import seats
from cellule.blueprints.visits.models import Registration, RegistrationStatus, VisitStatus
from cellule.database import utcnow
from cellule.extensions import db


def _announced(response) -> tuple[str, str]:
    """The page title and the text of the focused announcement box."""
    html = response.get_data(as_text=True)
    title = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
    box = re.search(r'<div class="flashes" id="annonce" role="alert" tabindex="-1"[^>]*autofocus>(.*?)</div>',
                    html, re.S)
    assert box is not None, "no focused alert"
    return title, " ".join(unescape(re.sub(r"<[^>]+>", " ", box.group(1))).split())


@pytest.mark.parametrize("lang, message", [
    ("fr", "Erreur : Les inscriptions à cette visite sont closes."),
    ("en", "Error: Registration for this visit is closed."),
])
def test_registering_after_the_closing_date(client, auth, make_visit, member, lang, message):
    visit = make_visit(registration_closes_at=utcnow() - timedelta(hours=1))
    auth.login(member(locale=lang))
    title, alert = _announced(client.post(f"/hauts-de-france/visites/{visit.id}/inscription",
                                          follow_redirects=True))
    assert title.startswith(message + " – ")
    assert alert.endswith(message.split(": ", 1)[1])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_withdrawing_someone_no_longer_registered(client, login, make_visit, member, register):
    visit = make_visit()
    reg = register(visit, member())
    seats.cancel(reg)
    db.session.commit()
    login("coordinator", region="hauts-de-france")
    response = client.post(f"/hauts-de-france/visites/{visit.id}/inscriptions/{reg.id}/annuler",
                           data={"confirm": "1"}, follow_redirects=True)
    title, alert = _announced(response)
    assert title.startswith("Erreur : Cette inscription n'est plus en cours : rien n'a été fait.")
    assert alert.endswith("Cette inscription n'est plus en cours : rien n'a été fait.")  # after the sign-in's
    db.session.refresh(reg)
    assert reg.status is RegistrationStatus.CANCELLED


def test_editing_a_cancelled_visit(client, login, make_visit):
    visit = make_visit(status="cancelled")
    login("coordinator", region="hauts-de-france")
    title, alert = _announced(client.get(f"/hauts-de-france/visites/{visit.id}/modifier", follow_redirects=True))
    assert title.startswith("Erreur : Une visite annulée ou tenue ne se modifie plus.")
    db.session.refresh(visit)
    assert visit.status is VisitStatus.CANCELLED
