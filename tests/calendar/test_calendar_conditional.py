"""The WSGI layer answering conditional feed requests before Flask, from the scope versions."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import pytest

from cellule import create_app
from cellule.blueprints.auth import services as people
from cellule.blueprints.auth.models import Role
from cellule.blueprints.calendar import conditional, services, tokens
from cellule.blueprints.calendar.models import FeedToken
from cellule.extensions import db
from tests.conftest import _test_config

WINTER, SUMMER = "2026-12-15T10:00:00+00:00", "2027-06-15T10:00:00+00:00"


@pytest.fixture
def other_app(_migrated, tmp_path):
    """A second instance on the same database, as another worker or host would be (own engine, own pool)."""
    other = create_app(_test_config(_migrated, tmp_path))
    yield other
    with other.app_context():
        db.engine.dispose()


def _personal(user) -> str:
    token = tokens.regenerate(user)
    db.session.commit()
    return f"/agenda/perso/{token}.ics"


def test_a_change_through_one_instance_is_seen_through_another_at_once(client, other_app, make_event, viewed):
    event = make_event("bretagne", title="Avant")
    elsewhere = other_app.test_client()
    first = client.get("/bretagne/agenda.ics")
    etag = first.headers["ETag"]
    assert elsewhere.get("/bretagne/agenda.ics", headers={"If-None-Match": etag}).status_code == 304
    assert len(viewed) == 1  # the other instance answered in front of its view
    services.update_event(event, title="Après")  # through this instance's session
    db.session.commit()
    changed = elsewhere.get("/bretagne/agenda.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"SUMMARY:Apr\xc3\xa8s" in changed.data
    assert changed.headers["ETag"] != etag
    assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": changed.headers["ETag"]}).status_code == 304
    assert client.get("/agenda.ics", headers={"If-None-Match": etag}).status_code == 200  # another feed


@pytest.mark.parametrize("path", ["/agenda.ics", "/bretagne/agenda.ics", "/agenda.ics?type=webinar&type=training",
                                  "personal"])
def test_the_layers_304_is_the_views_to_the_byte(client, make_event, make_user, path):
    make_event("bretagne")
    if path == "personal":
        path = _personal(make_user("coordinator", region="bretagne"))
    etag = client.get(path).headers["ETag"]
    asked = {"If-None-Match": etag, "X-Request-ID": "poll-1"}
    early = client.get(path, headers=asked)
    client.set_cookie("cellule_extra", "1", domain="cellule.test")  # any other cookie: the view answers
    late = client.get(path, headers=asked)
    assert early.status_code == late.status_code == 304
    assert early.data == late.data == b""
    assert sorted(early.headers.items()) == sorted(late.headers.items())
    assert early.headers["ETag"] == f'"{etag.strip(chr(34))}"' and early.headers["X-Request-ID"] == "poll-1"


def test_language_cookie_is_part_of_the_etag(client, make_event):
    make_event("bretagne")
    french = client.get("/bretagne/agenda.ics").headers["ETag"]
    client.set_cookie("cellule_lang", "en", domain="cellule.test")
    english = client.get("/bretagne/agenda.ics", headers={"If-None-Match": french})
    assert english.status_code == 200 and b"CATEGORIES:Regional meeting,Bretagne" in english.data
    assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": english.headers["ETag"]}).status_code == 304


def test_revoked_unknown_and_foreign_tokens_answer_404_never_304(app, client, make_user, viewed):
    user = make_user("coordinator", region="bretagne")
    old = _personal(user)
    etag = client.get(old).headers["ETag"]
    assert client.get(old, headers={"If-None-Match": etag}).status_code == 304
    new = _personal(user)  # regenerated: the old address is revoked
    assert client.get(old, headers={"If-None-Match": etag}).status_code == 404
    assert client.get("/agenda/perso/" + "0" * 64 + ".ics", headers={"If-None-Match": etag}).status_code == 404
    assert client.get("/nulle-part/agenda.ics", headers={"If-None-Match": etag}).status_code == 404
    etag = client.get(new).headers["ETag"]
    user.active = False
    db.session.commit()
    assert client.get(new, headers={"If-None-Match": etag}).status_code == 404
    user.active = True
    db.session.commit()
    app.config["SECRET_KEY"] = "another-key"  # a new key revokes every address, in the layer too
    assert client.get(new, headers={"If-None-Match": etag}).status_code == 404


def test_an_address_made_before_this_change_keeps_working(app, client, make_user):
    """Tokens already in people's calendars: HMAC-SHA256(SECRET_KEY, "calendar-feed:<id>:<nonce>"), hex."""
    user = make_user("coordinator", region="bretagne")
    nonce = secrets.token_hex(32)
    token = hmac.new(app.config["SECRET_KEY"].encode(), f"calendar-feed:{user.id}:{nonce}".encode(),
                     hashlib.sha256).hexdigest()
    db.session.add(FeedToken(user_id=user.id, nonce=nonce, token_hash=hashlib.sha256(token.encode()).hexdigest()))
    db.session.commit()
    first = client.get(f"/agenda/perso/{token}.ics")
    assert first.status_code == 200 and b"BEGIN:VCALENDAR" in first.data
    assert client.get(f"/agenda/perso/{token}.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert tokens.current_token(user) == token


def test_membership_and_name_changes_renew_the_personal_etag(client, make_user, region):
    user = make_user("coordinator", region="bretagne")
    path = _personal(user)
    etag = client.get(path).headers["ETag"]
    user.name = "Nouveau Nom"
    db.session.commit()
    renamed = client.get(path, headers={"If-None-Match": etag})
    assert renamed.status_code == 200 and "Nouveau Nom".encode() in renamed.data
    people.grant(user, Role.COORDINATOR, region=region("normandie"))
    db.session.commit()
    assert client.get(path, headers={"If-None-Match": renamed.headers["ETag"]}).status_code == 200


@pytest.mark.parametrize("moment, local", [(WINTER, "T110000"), (SUMMER, "T120000")])
def test_same_day_304_next_day_renewed_in_winter_and_summer(client, make_event, clock, moment, local):
    now = clock(moment)
    start = now.replace(hour=10) + timedelta(days=3)
    event = make_event(None, starts_at=start, title="Journée nationale")
    first = client.get("/agenda.ics")
    assert f"DTSTART;TZID=Europe/Paris:{start:%Y%m%d}{local}".encode() in first.data
    clock((now + timedelta(hours=13)).isoformat())  # 23:00 UTC: still the same day
    assert client.get("/agenda.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    clock((now + timedelta(hours=14)).isoformat())  # midnight UTC: the window moved on
    renewed = client.get("/agenda.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert renewed.status_code == 200 and event.uid.encode() in renewed.data


@pytest.mark.config(SERVER_NAME=None, TRUSTED_HOSTS=["cellule.test", "agenda.cellule.test"])
def test_the_site_is_part_of_the_etag_and_an_untrusted_host_reaches_flask(client, make_event, viewed):
    """The layer keeps each Host's address: one host's 304 never answers another's poll.

    As behind gunicorn, the server's own name stays the same and only the Host header changes.
    """
    make_event("bretagne")

    def poll(host: str, scheme: str = "http", **headers):
        return client.get("/bretagne/agenda.ics", base_url=f"{scheme}://cellule.test",
                          headers={"Host": host, **headers})

    etag = poll("cellule.test").headers["ETag"]
    assert poll("cellule.test", **{"If-None-Match": etag}).status_code == 304
    for host, scheme in (("agenda.cellule.test", "http"), ("cellule.test", "https")):  # another address
        answer = poll(host, scheme, **{"If-None-Match": etag})
        assert answer.status_code == 200 and answer.headers["ETag"] != etag, (host, scheme)
    assert poll("ailleurs.test", **{"If-None-Match": etag}).status_code == 400
    assert poll("cellule.test", **{"If-None-Match": etag}).status_code == 304
    assert len(viewed) == 3


def test_a_poll_from_many_hosts_keeps_a_bounded_store(app, client, make_event):
    make_event("bretagne")
    layer = app.wsgi_app
    while not isinstance(layer, conditional.ConditionalFeeds):  # under ProxyFix when configured
        layer = layer.app
    hosts = [f"h{n}.cellule.test" for n in range(3 * conditional._SITES_MAX + 1)]
    for host in hosts:
        client.get("/agenda.ics", headers={"If-None-Match": '"x"', "Host": host})
    assert 0 < len(layer._sites) <= conditional._SITES_MAX
    assert hosts[-1] in {host for _scheme, host, *_server in layer._sites}  # the last one is kept
