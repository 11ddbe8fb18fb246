"""A deadline's zone follows the date after a comma, in the reader's language, with no nested brackets.

« jusqu'au 17 décembre 2026 à 11:00, heure de Paris (UTC+01:00) » and « until 17 December
2026 at 11:00, Paris time (GMT+01:00) »: never « (Paris (UTC+01:00)) ». Each case runs
with the clock in winter and in summer; the offset is that of the deadline's own date.
"""
from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from cellule.blueprints.visits import seats
from cellule.blueprints.visits.models import Registration
from cellule.extensions import db
from tests.conftest import SUMMER, WINTER

CASES = [(WINTER, "fr", "heure de Paris (UTC+01:00)"), (SUMMER, "fr", "heure de Paris (UTC+02:00)"),
         (WINTER, "en", "Paris time (GMT+01:00)"), (SUMMER, "en", "Paris time (GMT+02:00)")]
IDS = ["winter-fr", "summer-fr", "winter-en", "summer-en"]


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


@pytest.mark.parametrize("now, lang, zone", CASES, ids=IDS)
def test_seat_offer_deadline_names_its_zone_after_a_comma(client, auth, clock, make_visit, member, register,
                                                          outbox, now, lang, zone):
    start = clock(now) + timedelta(days=10)
    visit = make_visit(capacity=1, starts_at=start, ends_at=start + timedelta(hours=3))
    holder, person = member(), member(locale=lang)
    register(visit, holder)
    register(visit, person)
    seats.cancel(db.session.scalar(sa.select(Registration).where(Registration.user_id == holder.id)))
    db.session.commit()
    auth.login(person)
    page = _text(client.get(f"/hauts-de-france/visites/{visit.id}/proposition"))
    assert f", {zone}." in page
    assert not re.search(r"\([^()]*\(", page)  # no bracket opened inside another
    mail, = [m for m in outbox(person.email) if "/proposition" in m.body_text]
    assert f", {zone}." in html.unescape(mail.body_html) and "((" not in mail.body_text


@pytest.mark.parametrize("now, lang, zone", CASES, ids=IDS)
def test_registration_opening_names_its_zone_after_a_comma(client, auth, clock, make_visit, member,
                                                           now, lang, zone):
    opens = clock(now) + timedelta(days=10)  # the same season as the clock
    visit = make_visit(registration_opens_at=opens, starts_at=opens + timedelta(days=10),
                       ends_at=opens + timedelta(days=10, hours=3))
    auth.login(member(locale=lang))
    page = _text(client.get(f"/hauts-de-france/visites/{visit.id}"))
    assert f", {zone}." in page
    assert f"{zone} time" not in page and not re.search(r"\([^()]*\(", page)
