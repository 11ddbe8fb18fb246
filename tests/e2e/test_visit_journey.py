"""Learning visits in a real browser: register, land on the waitlist, free a seat, accept the offer."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cellule.blueprints.visits.models import RS, Registration, Visit, VisitStatus
from cellule.database import utcnow
from cellule.extensions import db
from tests.e2e.pages import Screen, sign_in

pytestmark = pytest.mark.e2e


def _one_seat_visit(host) -> Visit:
    start = utcnow() + timedelta(days=14)
    visit = Visit(region_id=host.region_id, host_ptce_id=host.id, title="Visite du tiers-lieu",
                  starts_at=start, ends_at=start + timedelta(hours=3), address="12 rue du Pont, Beauvais",
                  capacity=1, status=VisitStatus.PUBLISHED, sectors=[], topics=[], programme="")
    db.session.add(visit)
    db.session.commit()
    return visit


def test_waitlist_then_offer_accepted(browsing, make_user, make_ptce):
    visit = _one_seat_visit(make_ptce("hauts-de-france", name="Pôle hôte"))
    first = make_user("ptce_member", region="hauts-de-france")
    second = make_user("ptce_member", region="hauts-de-france")
    url = f"/hauts-de-france/visites/{visit.id}"

    one = browsing.new_page()
    sign_in(one, first.email)
    Screen(one).open(url).expect_heading("Visite du tiers-lieu")
    one.get_by_role("button", name="M'inscrire", exact=True).click()
    Screen(one).expect_flash("Inscription confirmée")
    expect(one.get_by_text("Vous êtes inscrit·e.")).to_be_visible()

    two = browsing.new_page()
    sign_in(two, second.email)
    Screen(two).open(url)
    two.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    expect(two.get_by_text("Vous êtes sur la liste d'attente, en position 1.")).to_be_visible()

    one.get_by_role("button", name="Annuler mon inscription").click()
    Screen(one).expect_flash("Votre inscription est annulée")

    Screen(two).open(url)
    expect(two.get_by_text("Une place vous est proposée")).to_be_visible()
    two.get_by_role("button", name="Accepter la place").click()
    expect(two.get_by_text("Vous êtes inscrit·e.")).to_be_visible()

    db.session.rollback()
    statuses = dict(db.session.execute(sa.select(Registration.user_id, Registration.status)
                                       .where(Registration.visit_id == visit.id)).all())
    assert statuses == {first.id: RS.CANCELLED, second.id: RS.CONFIRMED}
