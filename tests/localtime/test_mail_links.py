"""Every link a mail carries (text, HTML, and the .ics URL) is absolute, on the configured site address.

The app runs here as under `make run` or in production: no SERVER_NAME, the site's address in
BASE_URL, requests arriving on whatever host (the test client says "localhost"), and
``flask reminders send`` run from the command line, without any request.
"""
from __future__ import annotations

import base64
import html
import re
import pytest

SITE = "https://cellule.example.org"
CONFIG = pytest.mark.config(SERVER_NAME=None, BASE_URL=SITE)
LINK = re.compile(r"""(?:href|src)=["']([^"']*)["']|(?<![\w/])(https?://[^\s<>"']+|/[a-z0-9-]+/[^\s<>"']*)""")


def links(message) -> list[str]:
    """Every link-like thing of a queued mail: href/src values, URLs and site paths in text, .ics URLs."""
    found = [a or b for a, b in LINK.findall(html.unescape(message.body_html))]
    found += [b for _a, b in LINK.findall(message.body_text) if b]
    for attachment in message.attachments or []:
        ics = base64.b64decode(attachment["data"]).decode("utf-8").replace("\r\n ", "")
        found += re.findall(r"^URL[^:]*:(.*)$", ics, flags=re.M)
        found += re.findall(r"(?<![\w/])(https?://\S+|/[a-z0-9-]+/\S*)", ics)
    return found


def assert_absolute(messages) -> None:
    assert messages
    for message in messages:
        found = links(message)
        bad = [link for link in found if not link.startswith(SITE + "/") and not link.startswith(
            ("https://visio.example.org", "mailto:"))]
        assert not bad, (message.template, bad)
        assert "localhost" not in message.body_text + message.body_html, message.template


@CONFIG
def test_visit_and_transfer_mails_link_to_the_site(client, world, as_user, make_cycle, outbox, auth):
    cycle = make_cycle("active")
    as_user(world.coordinator)
    response = client.post(f"/hauts-de-france/transferts/cycles/{cycle.id}/seances/nouvelle", data={
        "title": "Séance", "starts_at": "2030-03-12T14:00", "ends_at": "2030-03-12T16:00", "mode": "online",
        "online_url": "https://visio.example.org/x",
        "attendees": [world.mentor_referent.id, world.mentee_referent.id]})
    assert response.status_code == 302
    auth.logout()
    client.post("/mot-de-passe-oublie", data={"email": world.mentee_member.email})
    mails = outbox()
    assert {"transfers_cycle", "transfers_session", "password_reset"} <= {m.template for m in mails}
    assert any(SITE + "/hauts-de-france/transferts/cycles/" in m.body_text for m in mails)
    assert_absolute(mails)


@CONFIG
def test_mails_of_the_command_line_link_to_the_site(app, runner, make_visit, member, register, outbox):
    visit = make_visit(days=1)
    person = member()
    register(visit, person)
    before = len(outbox())
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0 and "queued=1" in result.output, result.output
    reminders = outbox()[before:]
    assert [m.template for m in reminders] == ["visits/notice"]
    assert f"{SITE}/hauts-de-france/visites/{visit.id}" in reminders[0].body_text
    assert_absolute(outbox())


@pytest.mark.config(SERVER_NAME=None, BASE_URL=None)
def test_command_line_without_a_site_address_refuses_instead_of_linking_to_localhost(
        app, runner, make_visit, member, register, outbox):
    visit = make_visit(days=1)
    with app.test_request_context():  # registering from a page: the request gives the host
        register(visit, member())
    before = len(outbox())
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code != 0 and "CELLULE_BASE_URL" in str(result.exception)
    assert len(outbox()) == before
