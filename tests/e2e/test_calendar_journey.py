"""The personal calendar link in a real browser: find it, copy it, and subscribe with it.

The feed is fetched as a calendar application would, without the browser's
cookies: the secret address is the only credential.
"""
from __future__ import annotations

import base64
import re
import urllib.error
import urllib.request
from datetime import timedelta

import icalendar
import pytest

from cellule.blueprints.calendar import services as calendar
from cellule.blueprints.calendar.models import EventKind, Visibility
from cellule.blueprints.visits import seats
from cellule.blueprints.visits import services as visits
from cellule.blueprints.visits.models import Visit, VisitStatus
from cellule.database import utcnow
from cellule.extensions import db
from tests.e2e.pages import Screen, Subscribe, grant_clipboard, sign_in

pytestmark = pytest.mark.e2e


def _published_visit(host, title: str, days: int) -> Visit:
    start = utcnow().replace(microsecond=0) + timedelta(days=days)
    visit = Visit(region_id=host.region_id, host_ptce_id=host.id, title=title, starts_at=start,
                  ends_at=start + timedelta(hours=3), address="Quai de la Douane, Brest", capacity=10,
                  status=VisitStatus.PUBLISHED, open_to_other_regions=True, sectors=[], topics=[], programme="")
    db.session.add(visit)
    db.session.flush()
    visits.sync_calendar(visit)
    return visit


def _event(region, title: str, visibility: Visibility, days: int):
    start = utcnow().replace(microsecond=0) + timedelta(days=days)
    return calendar.create_event(region_id=region.id if region else None, kind=EventKind.REGIONAL_MEETING,
                                 title=title, starts_at=start, ends_at=start + timedelta(hours=2),
                                 visibility=visibility)


def _fetch(url: str) -> tuple[int, str | None, bytes]:
    """GET as a calendar application (no cookie, no session): status, content type, body.

    An error status is returned, not raised: urllib's HTTPError *is* the open response,
    and one kept by ``pytest.raises`` sits in a reference cycle (test frame → ExceptionInfo
    → traceback → test frame), so its socket stayed open until some later garbage
    collection, whose ResourceWarning then failed whichever test was running (issue 19).
    """
    try:
        response = urllib.request.urlopen(url, timeout=10)  # nosec B310 — loopback test server
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, response.headers.get("Content-Type"), response.read()


def _events(body: bytes) -> dict[str, str]:
    calendar_ = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): str(e["SUMMARY"]) for e in calendar_.walk("VEVENT")}


def test_member_copies_the_personal_link_and_subscribes(browsing, make_user, make_ptce, region, outbox):
    member = make_user("ptce_member", region="hauts-de-france")
    host = make_ptce("bretagne", name="Tiers-lieu du port")
    registered = _published_visit(host, "Visite du tiers-lieu du port", days=10)
    other_region = _published_visit(host, "Visite de la conserverie", days=12)
    ours = _event(region("hauts-de-france"), "Réunion des membres des Hauts-de-France", Visibility.MEMBERS, 5)
    theirs = _event(region("bretagne"), "Réunion des membres de Bretagne", Visibility.MEMBERS, 6)
    national = _event(None, "Journée nationale des PTCE", Visibility.PUBLIC, 30)
    db.session.commit()
    seats.register(registered.id, member)  # a member of another region, the visit being open to them
    db.session.commit()

    page = browsing.new_page()
    grant_clipboard(page, browsing.base_url)
    sign_in(page, member.email)
    Screen(page).open("/hauts-de-france/agenda/").follow("S'abonner à l'agenda", exact=True)
    subscribe = Subscribe(page).expect_heading("S'abonner à l'agenda")
    subscribe.create_personal_address().expect_flash("Votre adresse d'abonnement personnelle est prête.")
    subscribe.expect_no_sideways_scroll()
    address = subscribe.copy_personal_address()
    assert address == subscribe.personal_address()
    assert re.fullmatch(re.escape(browsing.base_url) + r"/agenda/perso/[0-9a-f]{64}\.ics", address), address

    status, content_type, body = _fetch(address)
    assert status == 200
    assert content_type == "text/calendar; charset=utf-8"
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    # The visit they registered for (in another region), their region's members-only meeting and
    # the national day; not the other region's visit they did not register for, nor its meeting.
    assert _events(body) == {
        f"visit-{registered.id}@cellule": "Visite du tiers-lieu du port",
        ours.uid: "Réunion des membres des Hauts-de-France",
        national.uid: "Journée nationale des PTCE",
    }
    assert theirs.uid not in body.decode() and f"visit-{other_region.id}@" not in body.decode()
    [vevent] = [e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
                if str(e["UID"]) == f"visit-{registered.id}@cellule"]
    assert vevent["DTSTART"].dt == registered.starts_at
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert str(vevent["URL"]).startswith(browsing.base_url + f"/bretagne/visites/{registered.id}")
    # The invitation mailed at registration is the same calendar entry (same UID), not a second one.
    [mail] = outbox(member.email)
    invitation = icalendar.Calendar.from_ical(base64.b64decode(mail.attachments[0]["data"]))
    assert [str(e["UID"]) for e in invitation.walk("VEVENT")] == [f"visit-{registered.id}@cellule"]

    # Shared by mistake: a new address replaces it, and the old one stops answering.
    subscribe.renew_personal_address().expect_flash("Nouvelle adresse créée : l'ancienne ne fonctionne plus.")
    renewed = subscribe.personal_address()
    assert renewed != address
    assert _fetch(address)[0] == 404
    assert _events(_fetch(renewed)[2]) == _events(body)
