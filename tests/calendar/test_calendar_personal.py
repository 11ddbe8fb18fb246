"""The personal feed: what it holds, its secret token, regeneration and revocation."""
from __future__ import annotations

import re
import sys
import types
from datetime import timedelta

import pytest
import sqlalchemy as sa

from cellule.blueprints.calendar import services, tokens
from cellule.blueprints.calendar.models import EventKind, FeedToken, Visibility
from cellule.database import utcnow
from cellule.extensions import db

from .conftest import html_tree

PERSONAL = re.compile(r"http://cellule\.test(/agenda/perso/[0-9a-f]{64}\.ics)")


def _personal_path(client) -> str:
    """Create the address through the page, then read it back from the help page."""
    assert client.post("/agenda/perso/regenerer").status_code == 302
    response = client.get("/agenda/abonnement")
    assert response.headers["Cache-Control"] == "private, no-store"  # the page shows a secret
    match = PERSONAL.search(response.get_data(as_text=True))
    assert match, "personal address not shown"
    return match.group(1)


@pytest.fixture
def provider(monkeypatch):
    """A stand-in for the visits/transfers ``agenda`` providers: ``provider[user_id] = [(type, id)]``."""
    sources: dict[int, list] = {}
    module = types.ModuleType("cellule.blueprints.calendar.agenda")
    module.personal_sources = lambda user: sources.get(user.id, [])
    monkeypatch.setitem(sys.modules, "cellule.blueprints.calendar.agenda", module)
    return sources


def test_personal_feed_contents(client, login, make_event, make_ptce, region, provider, ics):
    ptce = make_ptce("hauts-de-france")
    user = login("ptce_member", ptce=ptce)
    own_public = make_event("hauts-de-france")
    own_members = make_event("hauts-de-france", visibility=Visibility.MEMBERS)
    national = make_event(None)
    national_members = make_event(None, visibility=Visibility.MEMBERS)
    foreign = make_event("bretagne")
    foreign_members = make_event("bretagne", visibility=Visibility.MEMBERS)
    # A visit elsewhere the person registered for (members-only there), and one they did not.
    start = utcnow().replace(microsecond=0) + timedelta(days=4)
    visit = services.sync_source("visit", 31, kind=EventKind.VISIT, region_id=region("bretagne").id,
                                 title="Visite en Bretagne", starts_at=start, ends_at=start + timedelta(hours=2),
                                 visibility=Visibility.MEMBERS, url_path="/bretagne/visites/31")
    services.sync_source("visit", 32, kind=EventKind.VISIT, region_id=region("bretagne").id,
                         title="Autre visite", starts_at=start, ends_at=start + timedelta(hours=2),
                         visibility=Visibility.MEMBERS)
    db.session.commit()
    provider[user.id] = [("visit", 31), ("transfer_session", 999)]
    path = _personal_path(client)
    client.post("/deconnexion")  # calendar clients are not signed in: the token is enough
    response = client.get(path)
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"]
    uids = set(ics.events(response.data))
    assert uids == {own_public.uid, own_members.uid, national.uid, national_members.uid, visit.uid}
    assert foreign.uid not in uids and foreign_members.uid not in uids


def test_registration_change_renews_the_personal_etag(client, login, make_event, region, provider):
    user = login("coordinator", region="hauts-de-france")
    start = utcnow().replace(microsecond=0) + timedelta(days=4)
    services.sync_source("visit", 41, kind=EventKind.VISIT, region_id=region("bretagne").id, title="Visite",
                         starts_at=start, ends_at=start + timedelta(hours=2))
    db.session.commit()
    path = _personal_path(client)
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    provider[user.id] = [("visit", 41)]  # the person registers: no event row changed,
    services.people_changed([user.id])  # but the registration service says so
    db.session.commit()
    renewed = client.get(path, headers={"If-None-Match": etag})
    assert renewed.status_code == 200 and b"visit-41@cellule" in renewed.data


def test_regenerating_revokes_the_old_address(client, login):
    login("coordinator", region="bretagne")
    old = _personal_path(client)
    assert client.get(old).status_code == 200
    new = _personal_path(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_only_a_hash_and_a_nonce_are_stored(client, login):
    user = login("coordinator", region="bretagne")
    path = _personal_path(client)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    row = db.session.scalar(sa.select(FeedToken).where(FeedToken.user_id == user.id))
    assert token not in (row.nonce, row.token_hash)
    assert tokens.current_token(user) == token


def test_new_secret_key_revokes_every_address(app, client, login):
    login("coordinator", region="bretagne")
    path = _personal_path(client)
    app.config["SECRET_KEY"] = "another-key"
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("token", ["0" * 64, "not-a-token", "A" * 64, "0" * 63])
def test_unknown_tokens_are_404(client, token):
    assert client.get(f"/agenda/perso/{token}.ics").status_code == 404


def test_deactivated_person_loses_the_feed(client, login):
    user = login("coordinator", region="bretagne")
    path = _personal_path(client)
    user.active = False
    db.session.commit()
    assert client.get(path).status_code == 404


def test_regenerating_needs_to_be_signed_in(client):
    response = client.post("/agenda/perso/regenerer")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count(FeedToken.id))) == 0


def test_help_page_offers_the_addresses(client, login):
    response = client.get("/hauts-de-france/agenda/abonnement")
    assert html_tree(response.data).find("h1").text == "S'abonner à l'agenda"
    page = response.get_data(as_text=True)
    for name in ("Thunderbird", "Outlook", "Google Agenda", "Apple"):
        assert name in page
    assert 'value="http://cellule.test/hauts-de-france/agenda.ics" readonly' in page
    assert 'value="http://cellule.test/agenda.ics" readonly' in page
    assert 'href="webcal://cellule.test/agenda.ics"' in page
    assert "Connectez-vous pour obtenir votre adresse personnelle" in page
    filtered = client.get("/agenda/abonnement?type=webinar&type=training").get_data(as_text=True)
    assert "http://cellule.test/agenda.ics?type=webinar&amp;type=training" in filtered
    login("partner", region="la-reunion")
    page = client.get("/agenda/abonnement").get_data(as_text=True)
    assert "Créer mon adresse d'abonnement personnelle" in page


def test_regenerating_returns_to_the_page_it_came_from(client, login):
    login("coordinator", region="bretagne")
    response = client.post("/agenda/perso/regenerer", data={"next": "/bretagne/agenda/abonnement"})
    assert response.headers["Location"].endswith("/bretagne/agenda/abonnement#perso")
    evil = client.post("/agenda/perso/regenerer", data={"next": "https://evil.example/"})
    assert evil.headers["Location"].endswith("/agenda/abonnement#perso")


def test_each_copy_button_and_calendar_link_names_its_address(client, login):
    """Three addresses on one page: a screen reader listing buttons or links must tell them apart."""
    login("ptce_member", region="bretagne")
    client.post("/agenda/perso/regenerer")
    tree = html_tree(client.get("/bretagne/agenda/abonnement").data)
    labels = {label.attrs["for"]: label.text for label in tree.find_all("label")}
    buttons = tree.find_all("button", data_copy_target=True)
    assert [b.attrs["data-copy-target"] for b in buttons] == ["flux-region", "flux-national", "flux-perso"]
    names = [b.text for b in buttons]
    assert names == [f"Copier : {labels[b.attrs['data-copy-target']]}" for b in buttons]
    assert names[2] == "Copier : Mon adresse personnelle (secrète)"
    links = [a.text for a in tree.find_all("a") if a.attrs.get("href", "").startswith("webcal://")]
    assert links == [f"Ouvrir dans mon application d'agenda : {labels[b.attrs['data-copy-target']]}"
                     for b in buttons]


def test_profile_links_to_the_personal_feed(client, login):
    """The profile page leads to the personal feed's address (shown on the no-store subscription page)."""
    login("ptce_member")
    page = client.get("/profil").get_data(as_text=True)
    tree = html_tree(page.encode())
    links = [a for a in tree.find_all("a") if a.attrs.get("href") == "/agenda/abonnement#perso"]
    assert links and "Mon agenda personnel" in links[0].text
    client.post("/agenda/perso/regenerer")
    assert PERSONAL.search(client.get("/agenda/abonnement").get_data(as_text=True))
